// Turns the model's raw text into what is inserted: the code only, without what is already before or
// after the cursor, in the file's indentation, ending where the block ends; or nothing when it would not help.

import type { DocumentContext } from './context';
import { extractInsertion } from './extract';
import { cutAtBlockEnd, isCloserLine } from './blockCut';
import { firstNonEmptyLineAfter, indentOf, indentWidth, lastNonEmptyLineBefore, opensBlock } from './syntax';

export const MAX_MULTILINE_LINES = 25;

export interface PostProcessInput {
  raw: string;
  ctx: DocumentContext;
  multiline: boolean;
  /** The assistant prefill sent with the request, if any. */
  prefilled?: string;
  tabSize?: number;
  /** The document's VS Code language id, when known. */
  languageId?: string;
}

export interface Processed {
  insertText: string;
  /** Characters right of the cursor the insertion replaces (closers it contains again). */
  replaceSuffixChars: number;
}

interface IndentStyle {
  tabs: boolean;
  unit: number;
}

/** The file's indentation: tabs or spaces, and the step, read from the code around the cursor. */
export function detectIndent(ctx: Pick<DocumentContext, 'prefix' | 'suffix' | 'linePrefix'>, tabSize = 4): IndentStyle {
  let tabLines = 0;
  let spaceLines = 0;
  // The cursor line's own indentation is the best evidence, even when it is all the line has yet.
  if (ctx.linePrefix.startsWith('\t')) tabLines += 2;
  else if (ctx.linePrefix.startsWith(' ')) spaceLines += 2;
  const prefix = ctx.prefix + '\n' + ctx.suffix;
  const steps = new Map<number, number>();
  let prev = 0;
  for (const line of prefix.split('\n')) {
    if (!line.trim()) continue;
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

/** Re-expresses each line's indentation in the file's style (tabs vs spaces), keeping its width. */
function convertIndent(lines: string[], style: IndentStyle, modelUnit: number, tabSize: number): string[] {
  return lines.map((line, i) => {
    if (i === 0) return line;
    const ws = indentOf(line);
    if (!ws) return line;
    const hasTab = ws.includes('\t');
    const hasSpace = ws.includes(' ');
    if (style.tabs && hasSpace) {
      const levels = Math.round(indentWidth(line, tabSize) / (modelUnit || tabSize));
      return '\t'.repeat(levels) + line.slice(ws.length);
    }
    if (!style.tabs && hasTab) {
      const levels = [...ws].reduce((n, ch) => n + (ch === '\t' ? 1 : 1 / style.unit), 0);
      return ' '.repeat(Math.round(levels * style.unit)) + line.slice(ws.length);
    }
    return line;
  });
}

function indentString(width: number, style: IndentStyle, tabSize: number): string {
  if (width <= 0) return '';
  return style.tabs ? '\t'.repeat(Math.floor(width / tabSize)) + ' '.repeat(width % tabSize) : ' '.repeat(width);
}

function shiftIndent(line: string, by: number, style: IndentStyle, tabSize: number): string {
  if (!line.trim() || by === 0) return line;
  const width = Math.max(0, indentWidth(line, tabSize) + by);
  return indentString(width, style, tabSize) + line.slice(indentOf(line).length);
}

/**
 * With the first line written bare, are the next lines indented relative to it (column 0) rather than
 * as in the file? The second code line tells: in file terms it sits at the first line's column, or deeper
 * when the first line opens a block.
 */
function relativeToFirst(lines: string[], firstCol: number, tabSize: number): boolean {
  if (firstCol === 0) return false;
  const second = lines.slice(1).find((l) => l.trim());
  if (!second || isCloserLine(second)) return false;
  const expected = opensBlock(lines[0]) ? firstCol + 1 : firstCol;
  return indentWidth(second, tabSize) < expected;
}

/** The model's indentation step: the common divisor of its space indents (8 alone reads as two steps of 4). */
function modelIndentStep(lines: string[], tabSize: number): number {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  let g = 0;
  for (const l of lines.slice(1)) {
    const ws = indentOf(l);
    if (l.trim() && ws && !ws.includes('\t')) g = gcd(g, ws.length);
  }
  return g >= 2 ? Math.min(g, tabSize) : tabSize;
}


function removeLinePrefixEcho(text: string, linePrefix: string): string {
  if (!linePrefix.trim()) return text;
  if (text.startsWith(linePrefix)) return text.slice(linePrefix.length);
  const lp = linePrefix.trimStart();
  if (text.trimStart().startsWith(lp) && lp.length >= 4) return text.trimStart().slice(lp.length);
  // The model restarted the word being typed: "  const res" + "result = 1" → "ult = 1".
  const partial = trailingIdentifier(linePrefix);
  if (partial && partial.length >= 2 && text.startsWith(partial) && /^[\w$]/.test(text.slice(partial.length))) {
    return text.slice(partial.length);
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

/** The longest tail of `text` that is also the start of `suffix` (an echo of what follows the cursor). */
function overlapWithSuffix(text: string, suffix: string): number {
  const max = Math.min(text.length, suffix.length);
  for (let k = max; k > 0; k--) if (text.endsWith(suffix.slice(0, k))) return k;
  return 0;
}

function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}

/** Cuts at the first line that repeats the line before it (a model stuck in a loop). */
function cutRepetition(lines: string[]): string[] {
  for (let i = 1; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t.length > 3 && !isCloserLine(t) && t === lines[i - 1].trim()) return lines.slice(0, i);
  }
  return lines;
}

function linesAbove(ctx: DocumentContext, n: number): string[] {
  const lines = ctx.prefix.split('\n');
  lines.pop();
  return lines.filter((l) => l.trim()).slice(-n).map((l) => l.trim());
}

interface Shaped {
  lines: string[];
  /** Lines indented less than this leave the block the cursor is in. */
  floor: number;
}

/** Echo removal and indentation: the answer's lines as they would sit in the file (before any cut). */
function shapeLines(text: string, input: Omit<PostProcessInput, 'raw'>): Shaped | undefined {
  const { ctx, multiline } = input;
  const tabSize = input.tabSize ?? 4;
  text = removeLinePrefixEcho(text, ctx.linePrefix);
  const lineIsBlank = ctx.linePrefix.trim() === '';
  const cursorCol = indentWidth(ctx.linePrefix, tabSize);

  let lines = text.split('\n');
  if (lineIsBlank) {
    // On a blank line, leading blank lines of the answer only push the code down.
    while (lines.length > 1 && !lines[0].trim()) lines.shift();
    // The block's header repeated from the line above ("def f():" again): drop it.
    const above = lastNonEmptyLineBefore(ctx);
    if (multiline && lines.length > 1 && above && lines[0].trim() === above.trim() && opensBlock(above)) {
      lines.shift();
      while (lines.length > 1 && !lines[0].trim()) lines.shift();
    }
  }
  if (!multiline) {
    if (!lines[0].trim() && lines.length > 1) return undefined; // the answer starts on the next line
    lines = [lines[0]];
  }

  const style = detectIndent(ctx, tabSize);
  lines = convertIndent(lines, style, modelIndentStep(lines, tabSize), tabSize);

  if (lineIsBlank) {
    const m = indentWidth(lines[0], tabSize);
    // Where the first line belongs: at the cursor; under a block opener with the cursor still at
    // column 0 (the user has not indented yet), where the model put it or one step in.
    const above = lastNonEmptyLineBefore(ctx);
    let target = cursorCol;
    if (cursorCol === 0 && above && opensBlock(above)) target = m > 0 ? m : indentWidth(above, tabSize) + style.unit;
    if (m > 0 || target > cursorCol) {
      lines[0] = indentString(target - cursorCol, style, tabSize) + lines[0].trimStart();
      if (m > 0) lines = lines.map((l, i) => (i === 0 ? l : shiftIndent(l, target - m, style, tabSize)));
      else if (relativeToFirst(lines, target, tabSize)) lines = lines.map((l, i) => (i === 0 ? l : shiftIndent(l, target, style, tabSize)));
    } else if (multiline && relativeToFirst(lines, cursorCol, tabSize)) {
      lines = lines.map((l, i) => (i === 0 ? l : shiftIndent(l, cursorCol, style, tabSize)));
    }
    return { lines, floor: target };
  }
  if (multiline && lines.length > 1 && !lines[0].trim()) {
    // After an opener ("{|"): the body must be indented deeper than the opener's line.
    const first = lines.slice(1).find((l) => l.trim() && !isCloserLine(l));
    if (first && indentWidth(first, tabSize) <= cursorColOfLine(ctx, tabSize)) {
      const shift = cursorColOfLine(ctx, tabSize) + style.unit - indentWidth(first, tabSize);
      lines = lines.map((l, i) => (i === 0 ? l : shiftIndent(l, shift, style, tabSize)));
    }
  }
  return { lines, floor: cursorColOfLine(ctx, tabSize) + 1 };
}

/** Indentation of the cursor line (not the cursor's column, which is further right mid-line). */
function cursorColOfLine(ctx: DocumentContext, tabSize: number): number {
  return indentWidth(ctx.linePrefix, tabSize);
}

function blockCut(shaped: Shaped, input: Omit<PostProcessInput, 'raw'>) {
  return cutAtBlockEnd({
    lines: shaped.lines,
    floor: shaped.floor,
    nextLine: firstNonEmptyLineAfter(input.ctx),
    lineSuffix: input.ctx.lineSuffix,
    topLevel: shaped.floor === 0,
    maxLines: MAX_MULTILINE_LINES,
    tabSize: input.tabSize ?? 4,
  });
}

export function postProcess(input: PostProcessInput): Processed | undefined {
  const { ctx, multiline } = input;
  const text = extractInsertion(input.raw, input.prefilled);
  if (text.includes('<redacted:')) return undefined;
  const lineIsBlank = ctx.linePrefix.trim() === '';
  const shaped = shapeLines(text, input);
  if (!shaped) return undefined;
  let lines: string[] = shaped.lines;

  if (multiline) {
    lines = blockCut(shaped, input).lines;
    lines = cutRepetition(lines);
    // Lines the file already has right after the cursor are not inserted twice (same indentation too,
    // so a nested closer is not mistaken for the enclosing one).
    const after = ctx.suffix.split('\n').slice(1).filter((l) => l.trim()).map((l) => l.trimEnd());
    for (let k = Math.min(5, lines.length - 1, after.length); k > 0; k--) {
      const tail = lines.slice(-k).map((l) => l.trimEnd());
      if (tail.every((t, j) => t === after[j])) {
        lines = lines.slice(0, -k);
        break;
      }
    }
    while (lines.length > 1 && !lines[lines.length - 1].trim()) lines.pop();
  }
  const last = lines.length - 1;
  lines = lines.map((l, i) => (i === last ? l.trimEnd() : l.replace(/[ \t]+$/, '')));

  let insertText = lines.join('\n');
  let replaceSuffixChars = 0;
  const suffixOnLine = ctx.lineSuffix.trimEnd();
  if (suffixOnLine) {
    if (!multiline || lines.length === 1) {
      const overlap = overlapWithSuffix(insertText, suffixOnLine);
      if (overlap === suffixOnLine.length) insertText = insertText.slice(0, -overlap);
      else if (isSubsequence(suffixOnLine.replace(/\s+/g, ''), insertText.slice(Math.max(0, insertText.length - 2 * suffixOnLine.length - 8)))) {
        replaceSuffixChars = suffixOnLine.length;
      } else if (overlap > 0 && /^[)\]}'"`;,]+$/.test(suffixOnLine.slice(0, overlap))) {
        insertText = insertText.slice(0, -overlap);
      }
    } else {
      // A block typed between brackets: the closers right of the cursor go to their own line.
      insertText += '\n' + indentOf(ctx.linePrefix);
    }
  }

  if (!insertText.trim()) return undefined;
  const firstTrim = lines[0].trim();
  const nextLine = firstNonEmptyLineAfter(ctx)?.trim();
  // Only what the file already says, right above or right below: useless.
  if (lineIsBlank && lines.length === 1 && (firstTrim === nextLine || linesAbove(ctx, 1)[0] === firstTrim)) return undefined;
  const above = linesAbove(ctx, lines.length);
  if (lineIsBlank && above.length === lines.length && lines.every((l, i) => l.trim() === above[i])) return undefined;
  return { insertText, replaceSuffixChars };
}

/**
 * For the stream: true once enough has arrived. Single-line: a line break after some code. Multi-line:
 * the block's last line is complete (its closer, or the end of a top-level construct; with
 * `atBlockClose: false`, only once a line after the block has arrived), or the line budget is reached.
 */
export function isCompleteEnough(textSoFar: string, input: Omit<PostProcessInput, 'raw'>, opts: { atBlockClose?: boolean } = {}): boolean {
  const text = extractInsertion(textSoFar, input.prefilled);
  const closed = (input.prefilled ?? '') + textSoFar;
  if (closed.includes('</insert>')) return true;
  if (!input.multiline) {
    const blank = input.ctx.linePrefix.trim() === '';
    const lead = blank ? text.replace(/^\s*\n/, '') : text;
    const nl = lead.indexOf('\n');
    // Mid-line, an answer that starts on the next line will be dropped anyway: stop paying for it.
    return nl >= 0 && (lead.slice(0, nl).trim().length > 0 || !blank);
  }
  const nl = text.lastIndexOf('\n');
  if (nl < 0) return false;
  const shaped = shapeLines(text.slice(0, nl), input);
  if (!shaped) return true;
  if (shaped.lines.length > MAX_MULTILINE_LINES + 2) return true;
  const cut = blockCut(shaped, input);
  return cut.cut || (opts.atBlockClose !== false && cut.closed);
}
