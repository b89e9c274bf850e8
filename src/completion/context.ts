// The code around the cursor, cut on line boundaries within a character budget. It reads only the lines
// it keeps (plus one), so the cost depends on the budget, never on the size of the file.

import { redactedHead, redactedTail } from '../privacy/redact';
import type { LineSource, Position } from './types';

export interface DocumentContext {
  /** Whole lines above the cursor within the budget, then the cursor line up to the cursor. */
  prefix: string;
  /** The cursor line from the cursor, then whole lines below within the budget. */
  suffix: string;
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
  const linePrefix = line.slice(0, position.character);
  const lineSuffix = line.slice(position.character);

  // A cursor line longer than the budget (minified code) is the only place we cut inside a line.
  // A cut through a long line could leave a secret too short to recognise: redact across the cut.
  const prefixParts: string[] = [linePrefix.length > budget.prefixChars ? redactedTail(linePrefix, budget.prefixChars) : linePrefix];
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

  const suffixParts: string[] = [lineSuffix.length > budget.suffixChars ? redactedHead(lineSuffix, budget.suffixChars) : lineSuffix];
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
