// Syntax errors an insertion adds to the code around the cursor. Both texts, without and with the insertion,
// are parsed in the same window (whole lines, a few thousand characters each side, from a line at column 0
// when there is one), so the cost does not grow with the file. An error of the text with the insertion is
// the file's own when it lies where an error of the text without it lies (the user's half-typed line, a
// window cut through a block); it is the insertion's otherwise.

import type { TsNode, TsParser, TsTree } from './treeSitter';

const WINDOW_CHARS = 6000;
const MAX_SPANS = 200;

export interface ErrorSpan {
  start: number;
  end: number;
  /** A token tree-sitter assumed (a closer not yet typed), not text it could not read. */
  missing: boolean;
}

/** The text on either side of the cursor that is parsed: the prefix's last lines and the suffix's first. */
export interface ParseWindow {
  head: string;
  tail: string;
}

export function windowAround(prefix: string, suffix: string): ParseWindow {
  let head = prefix;
  if (prefix.length > WINDOW_CHARS) {
    const from = prefix.length - WINDOW_CHARS;
    const start = prefix.indexOf('\n', from) + 1;
    // Start at a line at column 0 when the window holds one (a top-level construct, fewer errors at the edge).
    const top = /\n(?=[^\s)\]}])/g;
    top.lastIndex = start > 0 ? start - 1 : from;
    const m = top.exec(prefix);
    head = prefix.slice(m && m.index < prefix.lastIndexOf('\n') ? m.index + 1 : start);
  }
  let tail = suffix;
  if (suffix.length > WINDOW_CHARS) {
    const end = suffix.lastIndexOf('\n', WINDOW_CHARS);
    tail = suffix.slice(0, end > 0 ? end : WINDOW_CHARS);
  }
  return { head, tail };
}

export function errorSpans(root: TsNode): ErrorSpan[] {
  const out: ErrorSpan[] = [];
  const stack: TsNode[] = [root];
  while (stack.length && out.length < MAX_SPANS) {
    const n = stack.pop()!;
    if (n.isMissing || n.isError) {
      out.push({ start: n.startIndex, end: n.endIndex, missing: n.isMissing });
      continue;
    }
    if (!n.hasError) continue;
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
  return out;
}

/** Parses `text` and hands the tree to `read` (undefined when the parser gives up); the tree is freed after. */
export function withParse<T>(parser: TsParser, text: string, read: (tree: TsTree) => T): T | undefined {
  const tree = parser.parse(text);
  if (!tree) return undefined;
  try {
    return read(tree);
  } finally {
    tree.delete();
  }
}

export interface Insertion {
  /** Offset of the cursor in the window's text. */
  at: number;
  text: string;
  /** Characters after the cursor the insertion replaces. */
  replaced: number;
}

/**
 * Errors of the text with the insertion that the text without it does not have. A closer assumed at or
 * after the insertion's end is not counted: the insertion leaves a block or call open for what follows
 * (an answer cut at its line budget), which is not wrong, only unfinished.
 */
export function addedErrors(after: ErrorSpan[], before: ErrorSpan[], ins: Insertion): ErrorSpan[] {
  const end = ins.at + ins.text.length;
  const codeEnd = ins.at + ins.text.trimEnd().length;
  const toBefore = (x: number) => (x < ins.at ? x : x >= end ? x - ins.text.length + ins.replaced : ins.at);
  return after.filter((e) => {
    if (e.missing && e.start >= codeEnd) return false;
    const s = toBefore(e.start);
    const t = toBefore(e.end);
    return !before.some((b) => b.start <= t + 1 && b.end >= s - 1);
  });
}
