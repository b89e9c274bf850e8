// What the model wrote again of the text before the cursor: the cursor line restated, the word or the
// expression being typed started over, the lines right above written again; and a line break before the
// code where the cursor line still needs its operand. Linear in the answer and the cursor line.

import type { DocumentContext } from './context';
import { isCloserLine } from './blockCut';
import { indentWidth, linesBackFrom, scanCode } from './syntax';

export function removeLinePrefixEcho(text: string, linePrefix: string): string {
  if (!linePrefix.trim()) return text;
  if (text.startsWith(linePrefix)) return text.slice(linePrefix.length);
  const lp = linePrefix.trimStart();
  if (text.trimStart().startsWith(lp) && lp.length >= 4) return text.trimStart().slice(lp.length);
  // The model restarted the word being typed: "  const res" + "result = 1" → "ult = 1".
  const partial = trailingIdentifier(linePrefix);
  if (partial && partial.length >= 2 && text.startsWith(partial) && /^[\w$]/.test(text.slice(partial.length))) {
    return text.slice(partial.length);
  }
  // The model restarted the expression being typed: "total = items." + "items.reduce(…)" → "reduce(…)".
  const last = linePrefix.charCodeAt(linePrefix.length - 1);
  for (let k = Math.min(text.length, linePrefix.length, 120); k >= 4; k--) {
    if (text.charCodeAt(k - 1) !== last) continue;
    const head = text.slice(0, k);
    if (/[\w$]/.test(linePrefix.charAt(linePrefix.length - k - 1)) || !/[\w$]/.test(head.charAt(0)) || !/[^\w$\s]/.test(head)) continue;
    if (linePrefix.endsWith(head)) return text.slice(k);
  }
  return text;
}

/**
 * The identifier the line ends with, found by walking back: an end-anchored regex retries from every start
 * and is quadratic on a long run of letters that ends in something else (a base64 blob ending in `=`).
 */
export function trailingIdentifier(line: string): string | undefined {
  let i = line.length;
  while (i > 0 && /[\w$]/.test(line[i - 1])) i--;
  while (i < line.length && !/[A-Za-z_$]/.test(line[i])) i++;
  return i < line.length ? line.slice(i) : undefined;
}

/**
 * How many leading lines of the answer restate, in order, the non-empty lines right above the cursor (up to
 * 40: a model may write the whole function again), blank lines aside; something new must follow. Closers and
 * short lines say too little to start an echo.
 */
export function echoOfLinesAbove(lines: string[], ctx: DocumentContext): number {
  const at: number[] = [];
  lines.forEach((l, i) => l.trim() && at.push(i));
  if (at.length < 2) return 0;
  const first = lines[at[0]].trim();
  // Mostly the first line is new code: one native search of the context says so without reading lines.
  if (first.length <= 3 || isCloserLine(first) || !ctx.prefix.includes(first)) return 0;
  const above: string[] = [];
  for (const l of linesBackFrom(ctx.prefix)) {
    if (l.trim()) above.unshift(l.trim());
    if (above.length >= 40) break;
  }
  // Longest echo first: the earliest line above that the answer's first line repeats.
  for (let p = 0; p < above.length; p++) {
    const k = above.length - p;
    if (above[p] !== first || k >= at.length) continue;
    if (above.slice(p).every((l, j) => l === lines[at[j]].trim())) return at[k - 1] + 1;
  }
  return 0;
}

/** The cursor line ends in an operator or keyword that still needs its operand (`x = `, `a && `, `return `). */
export function awaitsOperand(linePrefix: string): boolean {
  const t = linePrefix.trimEnd();
  if (!/(?:[^=!<>]=|[+\-*/%&|^?]|\b(?:return|await|yield|throw|in|of|and|or|not))$/.test(t) || /(?:\+\+|--)$/.test(t)) return false;
  // A YAML block scalar (`key: |`) takes its text on the next lines.
  if (/:\s*[|>][-+]?\d?$/.test(t)) return false;
  // A block comment's continuation line (` * … a handful of`) is prose: its last word is no operator.
  if (/^\s*\*(?:\s|$)/.test(t)) return false;
  const scan = scanCode(t);
  return scan.openQuote === undefined && !scan.inComment;
}

/** The answer's lines with the leading line break and the next line's indentation joined to the cursor line. */
export function joinLeadingBreak(lines: string[]): string[] {
  const first = lines.findIndex((l) => l.trim());
  if (first < 0) return lines;
  const base = indentWidth(lines[first]);
  // The lines after it keep their place relative to the code's first line.
  return [lines[first].trimStart(), ...lines.slice(first + 1).map((l) => (l.trim() ? ' '.repeat(Math.max(0, indentWidth(l) - base)) + l.trimStart() : l))];
}
