// Text blocks a line opens: a triple-quoted string (`"""`, `'''`: Python docstrings, Kotlin, Scala, Java
// text blocks) and a YAML block scalar (`run: |`, `description: >-`). Their lines are text, not code: they
// end where the closing delimiter stands, or at the first line back at the key's column, never by brackets
// or indentation rules meant for code (a shell `}` inside `run: |` closes nothing).

import { openTextBlock } from './shapingFilters';
import { indentWidth } from './syntax';

/** A YAML key whose value is a block scalar: `key: |`, `- run: >-`, `script: |2`. */
const BLOCK_SCALAR = /^([ \t]*)(- +)?[\w"'.$/-][^:#]*:[ \t]*[|>][-+]?\d?[ \t]*(?:#.*)?$/;

export type OpenText = { delim: string } | { keyCol: number };

/** The column of the key when `line` ends by opening a YAML block scalar. */
export function blockScalarKey(line: string, tabSize = 4): number | undefined {
  const m = BLOCK_SCALAR.exec(line);
  return m ? indentWidth(m[1], tabSize) + (m[2]?.length ?? 0) : undefined;
}

/** The text block the cursor line leaves open once `firstLine` (the answer's first line) is typed on it. */
export function openedTextBlock(linePrefix: string, firstLine: string, tabSize = 4): OpenText | undefined {
  const line = linePrefix + firstLine;
  // Cheap first: most lines hold neither a triple quote nor a `|` / `>`.
  if (line.includes('"""') || line.includes("'''")) {
    const delim = openTextBlock(line);
    if (delim) return { delim };
  }
  if (!/[|>]/.test(line)) return undefined;
  const keyCol = blockScalarKey(line.trimEnd(), tabSize);
  return keyCol === undefined ? undefined : { keyCol };
}

/**
 * The answer's lines through the end of the text block: the line holding the closing delimiter, or the
 * last line deeper than the key (blank lines inside stay). `closed`: that end has arrived.
 */
export function cutTextBlock(lines: string[], open: OpenText, tabSize: number, maxLines: number): { lines: string[]; closed: boolean } {
  for (let i = 1; i < lines.length; i++) {
    if (i >= maxLines) return { lines: lines.slice(0, i), closed: true };
    const l = lines[i];
    if ('delim' in open) {
      if (l.includes(open.delim)) return { lines: lines.slice(0, i + 1), closed: true };
    } else if (l.trim() && indentWidth(l, tabSize) <= open.keyCol) {
      return { lines: lines.slice(0, i), closed: true };
    }
  }
  return { lines, closed: false };
}
