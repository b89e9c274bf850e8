// The indentation model. The prompt asks for continuation lines in absolute columns, as they sit in the
// file; most answers do that. Some are written relative to column 0 (as if the first line started the
// file), in the model's own step (2 spaces in a 4-space file) or in tabs in a space file. The shaper reads
// every answer as absolute unless that reading is impossible for the block the first line opens, then
// converts it to the file's style. Linear in the answer and the context.

import { CHAIN_LINE, isCloserLine, bracketBalance } from './blockCut';
import type { DocumentContext } from './context';
import { firstNonEmptyLineAfter, indentOf, indentWidth, lastNonEmptyLineBefore, linesBackFrom, opensBlock } from './syntax';

export interface IndentStyle {
  tabs: boolean;
  /** Columns per level (the tab size in a tab file). */
  unit: number;
}

type IndentContext = { prefix: string; suffix: string; linePrefix: string };

/** The last context read: a stream asks again with the same context on every chunk. */
let lastRead: { ctx: IndentContext; tabSize: number; style: IndentStyle } | undefined;

/** The file's indentation: tabs or spaces, and the step, read from the code around the cursor. */
export function detectIndent(ctx: IndentContext, tabSize = 4): IndentStyle {
  const m = lastRead;
  if (m && m.tabSize === tabSize && m.ctx.prefix === ctx.prefix && m.ctx.suffix === ctx.suffix && m.ctx.linePrefix === ctx.linePrefix) return { ...m.style };
  const style = readIndent(ctx, tabSize);
  lastRead = { ctx: { prefix: ctx.prefix, suffix: ctx.suffix, linePrefix: ctx.linePrefix }, tabSize, style };
  return { ...style };
}

function readIndent(ctx: IndentContext, tabSize: number): IndentStyle {
  let tabLines = 0;
  let spaceLines = 0;
  // The cursor line's own indentation is the best evidence, even when it is all the line has yet.
  if (ctx.linePrefix.startsWith('\t')) tabLines += 2;
  else if (ctx.linePrefix.startsWith(' ')) spaceLines += 2;
  const steps = new Map<number, number>();
  let prev = 0;
  const lines = (ctx.prefix + ctx.suffix).split('\n');
  const cursorLine = ctx.prefix.split('\n').length - 1;
  for (let i = 0; i < lines.length; i++) {
    // The cursor line counts with its indentation alone (the editor's auto-indent is a step too).
    const line = i === cursorLine ? ctx.linePrefix : lines[i];
    if (!line.trim() && !(i === cursorLine && line)) continue;
    if (line.startsWith('\t')) tabLines++;
    else if (line.startsWith(' ')) spaceLines++;
    const w = indentWidth(line, tabSize);
    const step = Math.abs(w - prev);
    if (step > 0 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    prev = w;
  }
  let unit = tabSize;
  let best = 0;
  for (const [step, n] of steps) if (n > best || (n === best && step < unit)) [unit, best] = [step, n];
  return { tabs: tabLines > spaceLines, unit: tabLines > spaceLines ? tabSize : unit };
}

export function indentString(width: number, style: IndentStyle, tabSize: number): string {
  if (width <= 0) return '';
  return style.tabs ? '\t'.repeat(Math.floor(width / tabSize)) + ' '.repeat(width % tabSize) : ' '.repeat(width);
}

/** The line with its indentation replaced by `width` columns in the file's style (blank lines untouched). */
export function withIndent(line: string, width: number, style: IndentStyle, tabSize: number): string {
  if (!line.trim()) return line;
  return indentString(Math.max(0, width), style, tabSize) + line.slice(indentOf(line).length);
}

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

/**
 * The columns the answer's lines stand at, in file columns: a tab in the answer is one level of the file;
 * in a tab file, spaces count in the answer's own step. `step` is that step (the common divisor of its
 * space indents), 0 when it has none.
 */
export function answerColumns(lines: string[], style: IndentStyle, tabSize: number): { cols: number[]; step: number } {
  let step = 0;
  // The first line's own indentation says nothing about the step (mid-line it follows the cursor).
  for (const line of lines.slice(1)) {
    const ws = indentOf(line);
    if (line.trim() && ws && !ws.includes('\t')) step = gcd(step, ws.length);
  }
  const spaceLevel = step >= 2 ? Math.min(step, tabSize) : tabSize;
  const cols = lines.map((line) => {
    let tabs = 0;
    let spaces = 0;
    for (const ch of indentOf(line)) {
      if (ch === '\t') tabs++;
      else spaces++;
    }
    if (style.tabs) return (tabs + Math.round(spaces / spaceLevel)) * tabSize;
    return tabs * style.unit + spaces;
  });
  return { cols, step };
}

/**
 * Is the answer written relative to column 0 rather than in file columns? Only when the absolute reading
 * is impossible: the first line opens a block at column `at` (> 0), and its body is not deeper than `at`,
 * or its closer stands left of `at`. With the file's `unit` and the answer's `step`, a body deeper than `at`
 * is read relative too when the block's closer or chain line comes back to column 0 and the body, read
 * relative, lands one level in (`try {` / 4 / `} finally {` at 0, in a 2-space file at column 2).
 */
export function isRelative(lines: string[], cols: number[], at: number, firstOpens: boolean, steps?: { unit: number; step: number }): boolean {
  if (at <= 0 || !firstOpens) return false;
  let depth = bracketBalance(lines[0]).delta;
  for (let i = 1; i < lines.length; i++) {
    const t = lines[i].trim();
    // An Allman brace on its own line belongs at the header's column: it says nothing either way.
    if (!t || t === '{') continue;
    const closer = isCloserLine(t) || CHAIN_LINE.test(t);
    if (!closer) return cols[i] <= at || (!!steps && closesAtZero(lines, cols, at, i) && at + cols[i] * stepScale(steps.step, steps.unit, lines, cols) === at + steps.unit);
    // The block closes before any body: its closer belongs at `at`; at column 0 it was written relative.
    depth += bracketBalance(t).delta;
    if (depth <= 0 || /^end\b/.test(t)) return cols[i] === 0;
  }
  return false;
}

/** After the body line `body`, the first closer or chain line left of the body stands at column 0 (not at `at`). */
function closesAtZero(lines: string[], cols: number[], at: number, body: number): boolean {
  for (let i = body + 1; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!t || cols[i] > at) continue;
    if (!(isCloserLine(t) || CHAIN_LINE.test(t))) return false;
    return cols[i] === 0;
  }
  return false;
}

/**
 * Factor from the answer's step to the file's: 2 for a 2-space answer in a 4-space file; 1/2 the other way,
 * only when the answer's `lines` nest in that step (a continuation `.map(…)` 8 columns in, or a YAML key
 * under `- ` 4 columns in, is not a level of twice the file's step).
 */
function stepScale(step: number, unit: number, lines?: string[], cols?: number[]): number {
  if (step > 0 && step < unit && unit % step === 0) return unit / step;
  return step === 2 * unit && lines && cols && nestsInStep(lines, cols, step) ? 0.5 : 1;
}

/** Every line deeper than the code line above it stands one `step` in from it, and that line opens a block. */
function nestsInStep(lines: string[], cols: number[], step: number): boolean {
  let prev = 0;
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    // A list item's content starts after its dash: `- key:` nests from the key.
    const from = cols[prev] + (/^\s*- /.test(lines[prev]) ? 2 : 0);
    if (cols[i] > cols[prev] && (cols[i] - from !== step || !opensBlock(lines[prev]))) return false;
    prev = i;
  }
  return true;
}

/**
 * File columns for an answer written relative to the cursor's line, placed so that its first line's column
 * is `at`; in the answer's own step converted to the file's (a 2-space answer in a 4-space file, a 4-space
 * one nesting in a 2-space file). The first line's column in the answer is 0, or the column its later lines
 * come back to (a closer, a chain line, a sibling after the body): `if (x) {` then `        y();` and `    }`
 * was written from column 4.
 */
export function relativeToFile(cols: number[], step: number, at: number, style: IndentStyle, lines?: string[]): number[] {
  const scale = stepScale(step, style.unit, lines, cols);
  const base = lines ? headerLevel(lines, cols) : 0;
  return cols.map((c) => at + Math.round(Math.max(0, c - base) * scale));
}

/** The lowest column the answer's later lines come back to after a deeper line; 0 when they never do. */
function headerLevel(lines: string[], cols: number[]): number {
  let deeper = -1;
  let base = 0;
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    if (deeper >= 0 && cols[i] < deeper) base = base === 0 ? cols[i] : Math.min(base, cols[i]);
    if (deeper < 0 || cols[i] > deeper) deeper = Math.max(deeper, cols[i]);
    if (cols[i] === 0) return 0;
  }
  return base;
}

/** The answer's first code line after its first line stands left of `at` (and is not a closer). */
function startsLeftOf(lines: string[], cols: number[], at: number): boolean {
  const i = lines.findIndex((l, k) => k > 0 && l.trim());
  return i > 0 && !isCloserLine(lines[i]) && cols[i] < at;
}

/** A name an answer line sets: `sum = 0`, `int sum = 0;`, `sum := 0`, `let mut sum: i32 = 0`. */
const IDENT = /[A-Za-z_$][\w$]*/g;
const ASSIGNED = /([A-Za-z_$][\w$]*)\s*(?::\s*[\w$<>[\], ]+)?\s*(?::=|\+=|-=|=(?![=>]))/g;

/**
 * An answer whose first line opens nothing and whose next code line stands left of `at` (`int sum = 0;`
 * then `for …` at column 0). Read as absolute, that line leaves the block the cursor is in (and is cut); it
 * was written from the cursor's column instead when the file's block goes on below the cursor (leaving
 * would split it), or when the line uses a name the answer set inside the block (it belongs to that scope).
 * Not when the line is the file's next line again, nor when a line would then close the cursor's block.
 */
export function writtenFromCursor(lines: string[], cols: number[], at: number, next: string | undefined, tabSize: number): boolean {
  const x = lines.findIndex((l, i) => i > 0 && l.trim());
  if (at <= 0 || x < 0 || cols[x] >= at || isCloserLine(lines[x]) || CHAIN_LINE.test(lines[x].trim())) return false;
  if (next !== undefined && next.trim() === lines[x].trim()) return false;
  let depth = 0;
  for (const l of lines) {
    const { delta, min } = bracketBalance(l);
    if (depth + min < 0) return false;
    depth += delta;
  }
  if (next !== undefined && indentWidth(next, tabSize) >= at && !isCloserLine(next)) return true;
  const names = new Set<string>();
  for (const l of lines.slice(0, x)) for (const m of l.matchAll(ASSIGNED)) names.add(m[1]);
  const run = lines.slice(x);
  const blank = run.findIndex((l) => !l.trim());
  return run.slice(0, blank < 0 ? run.length : blank).some((l) => (l.match(IDENT) ?? []).some((w) => names.has(w)));
}

/** A line that continues the statement above it: `.map(…)`, `?.x`, `->y`, `&& ok`, `|| other`. */
const CONTINUES = /^(?:\??\.[A-Za-z_$]|->|&&|\|\||\?\?)/;
/** The shape of a line that has siblings of the same shape: a list item, a `key: value` / `key:` entry. */
function entryShape(line: string): string | undefined {
  const t = line.trim();
  if (/^- /.test(t)) return 'item';
  return /^[A-Za-z_][\w.-]*:(?:\s|$)/.test(t) ? 'key' : undefined;
}

/**
 * Read from the cursor's column although its first line opens nothing, when the absolute reading is
 * impossible: a continuation of the first line's statement (`.map(…)`) not deeper than the statement, or a
 * sibling entry of the same shape as the first (`- name:` after `- uses:`, `cache:` after `node-version:`)
 * at column 0 where the cursor stands deeper (it would land in another block, or at the top level).
 */
export function siblingsFromCursor(lines: string[], cols: number[], at: number): boolean {
  const x = lines.findIndex((l, i) => i > 0 && l.trim());
  if (at <= 0 || x < 0 || cols[x] > at) return false;
  // A line starting with `.` / `&&` starts no statement: it continues the one above.
  if (CONTINUES.test(lines[x].trim())) return true;
  const shape = entryShape(lines[0]);
  // Before any blank line (after one, a column-0 key is a new section: `volumes:` after a service).
  const blank = lines.findIndex((l) => !l.trim());
  const run = blank < 0 ? lines.length : blank;
  return x < run && cols[x] < at && shape !== undefined && lines.slice(1, run).some((l, i) => cols[i + 1] === 0 && entryShape(l) === shape);
}

/**
 * Written relative to the header of the block holding the cursor: the first line (the body) at column 0, and
 * the block's closer or chain line (`}`, `else`) at column 0 too, where the file's header stands deeper.
 */
export function closerFromHeader(lines: string[], cols: number[], headerCol: number | undefined): boolean {
  const x = lines.findIndex((l, i) => i > 0 && l.trim());
  if (!headerCol || x < 0 || cols[x] !== 0) return false;
  return isCloserLine(lines[x]) || CHAIN_LINE.test(lines[x].trim());
}

/**
 * File columns for an answer in absolute columns but its own step (2 spaces in a 4-space file, 4 in a
 * 2-space one); undefined when its step is the file's or it has none. Either the whole answer counts levels
 * from column 0 (`  let k = …` as the body of a 4-space function: level 1), or it nests from the cursor's
 * column, each deeper line right under a line that opens a block.
 */
export function inOwnStep(lines: string[], cols: number[], at: number, unit: number): number[] | undefined {
  const code = lines.map((l, i) => i).filter((i) => i > 0 && lines[i].trim());
  if (!code.length || at <= 0) return undefined;
  // Only twice or half the file's step (2 and 4, 4 and 8): another ratio is alignment, not a level.
  const scaled = (step: number) => (step === 2 * unit || 2 * step === unit ? unit / step : 0);
  const x = code[0];
  // Levels from column 0: scaled, the next line stands where it must (the first line's body, or a sibling).
  // The columns' common divisor may be several levels (8 in a 2-space file: level 2 of 4-space steps): when
  // it is a multiple of twice the file's step, that step is tried too, after a complete first line.
  const g = code.reduce((d, i) => gcd(d, cols[i]), 0);
  const want = at + (opensBlock(lines[0]) ? unit : 0);
  const complete = opensBlock(lines[0]) || (bracketBalance(lines[0]).delta === 0 && !/[,+\-*/=&|?:.]\s*$/.test(lines[0]));
  for (const step of complete && g % (2 * unit) === 0 ? [g, 2 * unit] : [g]) {
    const f = scaled(step);
    if (f && cols[x] * f === want) return cols.map((c) => c * f);
  }
  // Nesting from the cursor: every line at or right of it, deeper only under an opener.
  if (code.some((i) => cols[i] < at)) return undefined;
  let prev = 0;
  for (const i of code) {
    if (cols[i] > at + prev && !opensBlock(lines[i === x ? 0 : code[code.indexOf(i) - 1]])) return undefined;
    prev = cols[i] - at;
  }
  const fromCursor = scaled(code.reduce((g, i) => gcd(g, cols[i] - at), 0));
  return fromCursor ? cols.map((c, i) => (i === 0 ? c : at + (c - at) * fromCursor)) : undefined;
}

/** Headers whose block can go on with a chain line after it closes. */
export const CHAINABLE = /(?:^|[;{}])\s*(?:[)\]}]\s*)?(?:if|else|elif|elsif|elseif|unless|try|catch|except|finally|for|while|begin|do)\b/;

/** The answer's lines placed in the file, and where its block ends. */
export interface Placed {
  lines: string[];
  /** Lines indented less than this leave the block the cursor is in. */
  floor: number;
  /** Column of the header of the block holding the cursor. */
  headerCol?: number;
  /** The same, when a chain line (`} else {`, `elif`) may continue that header. */
  chainCol?: number;
}

export interface PlaceContext {
  ctx: DocumentContext;
  tabSize: number;
}

/**
 * The first line's own indentation is a stray: the next code line already stands where the file wants it
 * read as absolute (the first line's sibling at the cursor's column, its body one step in, or its closer at
 * the cursor), so moving the answer with its first line would misplace it.
 */
function strayFirstIndent(lines: string[], cols: number[], at: number, unit: number): boolean {
  const x = lines.findIndex((l, i) => i > 0 && l.trim());
  if (x < 0 || cols[0] === at) return false;
  const opens = opensBlock(lines[0]);
  if (!opens && (bracketBalance(lines[0]).delta !== 0 || CONTINUES.test(lines[x].trim()))) return false;
  return cols[x] === (opens && !isCloserLine(lines[x]) ? at + unit : at);
}

/** On a blank line: the first line goes to the cursor (or, at column 0, where it belongs); the rest follows. */
export function placeOnBlankLine(lines: string[], { ctx, tabSize }: PlaceContext): Placed {
  const style = detectIndent(ctx, tabSize);
  const cursorCol = indentWidth(ctx.linePrefix, tabSize);
  const { cols, step } = answerColumns(lines, style, tabSize);
  const written = cols[0];
  const above = lastNonEmptyLineBefore(ctx);
  let at = cursorCol;
  // Column 0 (the editor did not indent): the answer's own indentation is absolute; else one step under an opener.
  if (cursorCol === 0) at = written > 0 ? written : above && opensBlock(above) ? indentWidth(above, tabSize) + style.unit : 0;
  let widths = cols;
  const header = blockHeader(ctx, at, tabSize);
  const scale = style.tabs || step <= 0 || step >= style.unit || style.unit % step ? 1 : style.unit / step;
  const ownStep = style.tabs ? undefined : inOwnStep(lines, cols, at, style.unit);
  if (written > 0 && !strayFirstIndent(lines, cols, at, style.unit)) widths = cols.map((w) => w + at - written);
  else if (ownStep) widths = ownStep;
  else if (!opensBlock(lines[0]) && closerFromHeader(lines, cols, header.headerCol)) widths = cols.map((c) => header.headerCol! + c * scale);
  else if (!opensBlock(lines[0]) && siblingsFromCursor(lines, cols, at)) widths = relativeToFile(cols, style.tabs ? 0 : step, at, style, lines);
  else if (
    isRelative(lines, cols, at, opensBlock(lines[0]), style.tabs ? undefined : { unit: style.unit, step }) ||
    (cursorCol === 0 && startsLeftOf(lines, cols, at)) ||
    (!opensBlock(lines[0]) && writtenFromCursor(lines, cols, at, firstNonEmptyLineAfter(ctx), tabSize))
  ) {
    // At column 0 an answer whose first line sits at 0 was written from there: the rest moves with it.
    widths = relativeToFile(cols, style.tabs ? 0 : step, at, style, lines);
  }
  const placed = lines.map((l, i) => (i === 0 ? indentString(at - cursorCol, style, tabSize) + l.trimStart() : withIndent(l, widths[i], style, tabSize)));
  return { lines: placed, floor: at, ...header };
}

/** Mid-line: the first line continues the cursor line; the others are read as absolute unless impossible. */
export function placeMidLine(lines: string[], { ctx, tabSize }: PlaceContext): Placed {
  const lineCol = indentWidth(ctx.linePrefix, tabSize);
  if (lines.length === 1) return { lines, floor: lineCol + 1 };
  const style = detectIndent(ctx, tabSize);
  const { cols, step } = answerColumns(lines, style, tabSize);
  let widths = cols;
  let opens: boolean;
  if (!lines[0].trim()) {
    // After an opener ("{|"), the body must be deeper than the opener's line.
    opens = opensBlock(ctx.linePrefix);
    const body = lines.findIndex((l, i) => i > 0 && l.trim() && !isCloserLine(l));
    if (opens && body > 0 && cols[body] <= lineCol) widths = cols.map((w) => w + lineCol + style.unit - cols[body]);
    // The statement goes on below (`return users` then `.filter …`): written from the cursor line's column.
    else if (!opens && body > 0 && cols[body] <= lineCol && CONTINUES.test(lines[body].trim())) widths = relativeToFile(cols, style.tabs ? 0 : step, lineCol, style);
  } else {
    opens = opensBlock(ctx.linePrefix + lines[0]);
    const fromCursor = !opens && (siblingsFromCursor(lines, cols, lineCol) || writtenFromCursor(lines, cols, lineCol, firstNonEmptyLineAfter(ctx), tabSize));
    if (isRelative(lines, cols, lineCol, opens, style.tabs ? undefined : { unit: style.unit, step }) || fromCursor) {
      widths = relativeToFile(cols, style.tabs ? 0 : step, lineCol, style, lines);
    }
  }
  const placed = lines.map((l, i) => (i === 0 ? l : withIndent(l, widths[i], style, tabSize)));
  // A line that opens a block ends where the block closes; otherwise its siblings belong to the same block.
  if (opens) return { lines: placed, floor: lineCol + 1, headerCol: lineCol, chainCol: CHAINABLE.test(ctx.linePrefix) ? lineCol : undefined };
  return { lines: placed, floor: lineCol, ...blockHeader(ctx, lineCol, tabSize) };
}

/**
 * The header of the block holding the cursor: the nearest line above standing left of `at`. In Allman style
 * that line is a `{` alone; whether a chain line may follow is read from the header above it.
 */
function blockHeader(ctx: DocumentContext, at: number, tabSize: number): { headerCol?: number; chainCol?: number } {
  let seen = 0;
  let found: { col: number; allman: boolean } | undefined;
  for (const l of linesBackFrom(ctx.prefix)) {
    if (++seen > 200) break;
    if (!l.trim()) continue;
    const w = indentWidth(l, tabSize);
    if (found) return { headerCol: found.col, chainCol: w === found.col && CHAINABLE.test(l) ? w : undefined };
    if (w >= at) continue;
    if (l.trim() !== '{') return { headerCol: w, chainCol: CHAINABLE.test(l) ? w : undefined };
    found = { col: w, allman: true };
  }
  return found ? { headerCol: found.col } : {};
}
