// Syntax errors an insertion adds to the code around the cursor. Both texts, without and with the insertion,
// are parsed in the same window (whole lines, a few thousand characters each side, from a line at column 0
// when there is one), so the cost does not grow with the file. An error of the text with the insertion is
// the file's own when it lies where an error of the text without it lies (the user's half-typed line, a
// window cut through a block); it is the insertion's otherwise.

import type { TsNode, TsParseOptions, TsParser, TsPoint, TsTree } from './treeSitter';

/** Characters of the prefix and of the suffix parsed: a full parse of clean code costs about 0.1 ms per KB. */
const HEAD_CHARS = 2000;
const TAIL_CHARS = 1000;
const MAX_SPANS = 200;
const READ_CHARS = 1024;
/** Tokens that close a block, a call or a literal (`end`, `fi`, `done`: Ruby's and shell's). */
const CLOSER_TOKEN = /^(?:[)\]}>]|end|fi|done|esac|"|'|`)$/;

export interface ErrorSpan {
  start: number;
  end: number;
  /** A token tree-sitter assumed (a closer not yet typed), not text it could not read. */
  missing: boolean;
  /** The node's type: for an assumed token, the token (`}`, `identifier`, `;`). */
  type: string;
}

/** The text on either side of the cursor that is parsed: the prefix's last lines and the suffix's first. */
export interface ParseWindow {
  head: string;
  tail: string;
}

export function windowAround(prefix: string, suffix: string): ParseWindow {
  let head = prefix;
  if (prefix.length > HEAD_CHARS) {
    const from = prefix.length - HEAD_CHARS;
    const nl = prefix.indexOf('\n', from);
    // Whole lines; on one very long line (minified code) the window's characters alone.
    let start = nl >= 0 ? nl + 1 : from;
    // Start at a line at column 0 when the window holds one above the cursor line (a top-level construct,
    // fewer errors at the edge).
    const top = /\n(?=[^\s)\]}])/g;
    top.lastIndex = nl >= 0 ? nl : from;
    const m = top.exec(prefix);
    if (m && m.index < prefix.lastIndexOf('\n')) start = m.index + 1;
    head = prefix.slice(start);
  }
  let tail = suffix;
  if (suffix.length > TAIL_CHARS) {
    const end = suffix.lastIndexOf('\n', TAIL_CHARS);
    tail = suffix.slice(0, end > 0 ? end : TAIL_CHARS);
  }
  return { head, tail };
}

export function errorSpans(root: TsNode): ErrorSpan[] {
  const out: ErrorSpan[] = [];
  const stack: TsNode[] = [root];
  while (stack.length && out.length < MAX_SPANS) {
    const n = stack.pop()!;
    if (n.isMissing || n.isError) {
      out.push({ start: n.startIndex, end: n.endIndex, missing: n.isMissing, type: n.type });
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

function endPoint(start: TsPoint, text: string): TsPoint {
  const nl = text.lastIndexOf('\n');
  if (nl < 0) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: text.length - nl - 1 };
}

/**
 * The window parsed once without the insertion; each text to insert at the cursor is then parsed
 * incrementally from that tree (only the edited region is read again), and the trees are freed after.
 * Every parse stops at `deadline` (tree-sitter's error recovery in badly broken code can take tens of
 * milliseconds): past it, the answers are undefined and the caller leaves the rules' answer alone.
 */
export class WindowParse {
  readonly text: string;
  readonly at: number;
  private readonly tree: TsTree | null;
  private readonly atPoint: TsPoint;
  private readonly options: TsParseOptions;
  private readonly over: () => boolean;

  constructor(private readonly parser: TsParser, win: ParseWindow, deadline: number, now: () => number = () => performance.now()) {
    this.text = win.head + win.tail;
    this.at = win.head.length;
    this.atPoint = endPoint({ row: 0, column: 0 }, win.head);
    this.over = () => now() > deadline;
    this.options = { progressCallback: this.over };
    this.tree = this.parse(this.text);
  }

  private parse(text: string, old?: TsTree): TsTree | null {
    // Tree-sitter looks at the callback only every so many steps: a short parse is not stopped inside.
    if (this.over()) return null;
    // Given a string, web-tree-sitter copies up to 10 KB from the offset on at every read, and error
    // recovery reads often: small slices keep a broken window's parse from costing tens of milliseconds.
    const tree = this.parser.parse((i) => text.slice(i, i + READ_CHARS), old, this.options);
    if (!tree) this.parser.reset();
    return tree;
  }

  /** The window's own errors, undefined when the parser gave up. */
  errors(): ErrorSpan[] | undefined {
    return this.tree ? errorSpans(this.tree.rootNode) : undefined;
  }

  /** Parses the window with `insert` at the cursor and hands the tree to `read`. */
  withInsertion<T>(insert: string, read: (tree: TsTree) => T): T | undefined {
    if (!this.tree) return undefined;
    const old = this.tree.copy();
    try {
      old.edit({ startIndex: this.at, oldEndIndex: this.at, newEndIndex: this.at + insert.length, startPosition: this.atPoint, oldEndPosition: this.atPoint, newEndPosition: endPoint(this.atPoint, insert) });
      const tree = this.parse(this.text.slice(0, this.at) + insert + this.text.slice(this.at), old);
      if (!tree) return undefined;
      try {
        return read(tree);
      } finally {
        tree.delete();
      }
    } finally {
      old.delete();
    }
  }

  dispose(): void {
    this.tree?.delete();
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
 * Where (offset in the insertion; past its end when after it) the first error the insertion adds ends, or
 * undefined when it adds none (an ERROR node may start before the text that causes it, never end before). It adds one only when the text with it has more errors than the text without it, and
 * one of them lies where the text without it had none: an insertion that closes a block the file left open
 * moves the file's error (to the closer the file had for it) without adding one. A closer assumed at or
 * after the insertion's end is not counted: the insertion leaves a block or call open for what follows (an
 * answer cut at its line budget), which is not wrong, only unfinished. Any other token assumed there (an
 * operand, a `;`) is half a statement, and counts.
 */
export function addedError(after: ErrorSpan[], before: ErrorSpan[], ins: Insertion): number | undefined {
  const end = ins.at + ins.text.length;
  const codeEnd = ins.at + ins.text.trimEnd().length;
  const toBefore = (x: number) => (x < ins.at ? x : x >= end ? x - ins.text.length + ins.replaced : ins.at);
  const counted = after.filter((e) => !(e.missing && CLOSER_TOKEN.test(e.type) && e.start >= codeEnd));
  if (counted.length <= before.length) return undefined;
  let first: number | undefined;
  for (const e of counted) {
    const s = toBefore(e.start);
    const t = toBefore(e.end);
    if (!before.some((b) => b.start <= t + 1 && b.end >= s - 1) && (first === undefined || e.end < first)) first = e.end;
  }
  return first === undefined ? undefined : first - ins.at;
}
