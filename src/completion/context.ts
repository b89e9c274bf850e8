// The code around the cursor, cut on line boundaries within a character budget. It reads only the lines
// it keeps (plus one), so the cost depends on the budget, never on the size of the file.

import { redactedHead, redactedTail } from '../privacy/redact';
import type { LineSource, Position } from './types';

export interface DocumentContext {
  /** Whole lines above the cursor within the budget, then the cursor line up to the cursor. */
  prefix: string;
  /** The cursor line from the cursor, then whole lines below within the budget. */
  suffix: string;
  /**
   * The cursor line left and right of the cursor, as far as the budget reaches: on a line longer than the
   * budget these are cut (and redacted) like the prompt, so nothing downstream reads the whole line.
   */
  linePrefix: string;
  lineSuffix: string;
  /** First line included in `prefix`, last line included in `suffix`. */
  prefixStartLine: number;
  suffixEndLine: number;
  position: Position;
}

export interface ContextBudget {
  prefixChars: number;
  suffixChars: number;
}

/** Lines are joined with `\n` whatever the document uses; the adapter converts the insertion back. */
export function buildDocumentContext(doc: LineSource, position: Position, budget: ContextBudget): DocumentContext {
  const line = doc.lineAt(position.line);
  // A cursor line longer than the budget (minified code, a data blob) is the only place we cut inside a
  // line. A cut through a long line could leave a secret too short to recognise: redact across the cut.
  const linePrefix = position.character > budget.prefixChars ? tailOf(line, position.character, budget.prefixChars) : line.slice(0, position.character);
  const lineSuffix = line.length - position.character > budget.suffixChars ? headOf(line, position.character, budget.suffixChars) : line.slice(position.character);

  const prefixParts: string[] = [linePrefix];
  let used = prefixParts[0].length;
  let start = position.line;
  while (start > 0) {
    const text = doc.lineAt(start - 1);
    if (used + text.length + 1 > budget.prefixChars) break;
    prefixParts.push(text);
    used += text.length + 1;
    start--;
  }
  prefixParts.reverse();

  const suffixParts: string[] = [lineSuffix];
  used = suffixParts[0].length;
  let end = position.line;
  while (end < doc.lineCount - 1) {
    const text = doc.lineAt(end + 1);
    if (used + text.length + 1 > budget.suffixChars) break;
    suffixParts.push(text);
    used += text.length + 1;
    end++;
  }

  return {
    prefix: prefixParts.join('\n'),
    suffix: suffixParts.join('\n'),
    linePrefix,
    lineSuffix,
    prefixStartLine: start,
    suffixEndLine: end,
    position,
  };
}

/** Margin read past a cut so a secret across it is still recognised (the redaction rules' longest match). */
const CUT_MARGIN = 4096;

/** The last `chars` characters of `line` before `end`, redacted, never starting with half a surrogate pair. */
function tailOf(line: string, end: number, chars: number): string {
  const tail = redactedTail(line.slice(Math.max(0, end - chars - CUT_MARGIN), end), chars);
  return isLowSurrogate(tail.charCodeAt(0)) ? tail.slice(1) : tail;
}

/** The first `chars` characters of `line` from `start`, redacted, never ending with half a surrogate pair. */
function headOf(line: string, start: number, chars: number): string {
  const head = redactedHead(line.slice(start, start + chars + CUT_MARGIN), chars);
  return isHighSurrogate(head.charCodeAt(head.length - 1)) ? head.slice(0, -1) : head;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The last `n` lines of the prefix and first `m` of the suffix: the code the snippet search matches against. */
export function nearbyText(ctx: DocumentContext, linesBefore = 15, linesAfter = 5): string {
  const before = lastLines(ctx.prefix, linesBefore);
  const after = firstLines(ctx.suffix, linesAfter);
  return before + after;
}

export function lastLines(text: string, n: number): string {
  let i = text.length;
  for (let k = 0; k < n && i > 0; k++) {
    const j = text.lastIndexOf('\n', i - 1);
    if (j < 0) return text;
    i = j;
  }
  return i <= 0 ? text : text.slice(i + 1);
}

export function firstLines(text: string, n: number): string {
  let i = -1;
  for (let k = 0; k < n; k++) {
    const j = text.indexOf('\n', i + 1);
    if (j < 0) return text;
    i = j;
  }
  return text.slice(0, i);
}

/** A `LineSource` over a string, for tests, the benchmark and short texts. */
export function linesOf(text: string): LineSource & { lines: string[] } {
  const lines = text.split(/\r?\n/);
  return { lines, lineCount: lines.length, lineAt: (i: number) => lines[i] ?? '' };
}
