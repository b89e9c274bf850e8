// Turns the model's raw text into what is inserted: the code only, without what is already before or
// after the cursor, in the file's indentation, ending where the block ends; or nothing when it would not help.

import type { DocumentContext } from './context';
import { extractInsertion } from './extract';
import { cutAtBlockEnd } from './blockCut';
import { firstNonEmptyLineAfter, indentOf, indentWidth } from './syntax';

export const MAX_MULTILINE_LINES = 25;

export interface PostProcessInput {
  raw: string;
  ctx: DocumentContext;
  multiline: boolean;
  /** The assistant prefill sent with the request, if any. */
  prefilled?: string;
  tabSize?: number;
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

/** The file's indentation: tabs or spaces, and the step, read from the prefix. */
export function detectIndent(prefix: string, tabSize = 4): IndentStyle {
  let tabLines = 0;
  let spaceLines = 0;
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

function shiftIndent(line: string, by: number, style: IndentStyle, tabSize: number): string {
  if (!line.trim() || by === 0) return line;
  const width = Math.max(0, indentWidth(line, tabSize) + by);
  const ws = style.tabs ? '\t'.repeat(Math.floor(width / tabSize)) + ' '.repeat(width % tabSize) : ' '.repeat(width);
  return ws + line.slice(indentOf(line).length);
}

function smallestIndentStep(lines: string[], tabSize: number): number {
  let unit = 0;
  for (const l of lines.slice(1)) {
    const w = indentWidth(l, tabSize);
    if (l.trim() && w > 0 && (unit === 0 || w < unit)) unit = w;
  }
  return unit || tabSize;
}

const CLOSER_LINE = /^[)\]}]+[;,)]*$/;

function removeLinePrefixEcho(text: string, linePrefix: string): string {
  if (!linePrefix.trim()) return text;
  if (text.startsWith(linePrefix)) return text.slice(linePrefix.length);
  const lp = linePrefix.trimStart();
  if (text.trimStart().startsWith(lp) && lp.length >= 4) return text.trimStart().slice(lp.length);
  // The model restarted the word being typed: "  const res" + "result = 1" → "ult = 1".
  const partial = /[A-Za-z_$][\w$]*$/.exec(linePrefix)?.[0];
  if (partial && partial.length >= 2 && text.startsWith(partial) && /^[\w$]/.test(text.slice(partial.length))) {
    return text.slice(partial.length);
  }
  return text;
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
    if (t.length > 3 && !CLOSER_LINE.test(t) && t === lines[i - 1].trim()) return lines.slice(0, i);
  }
  return lines;
}

function linesAbove(ctx: DocumentContext, n: number): string[] {
  const lines = ctx.prefix.split('\n');
  lines.pop();
  return lines.filter((l) => l.trim()).slice(-n).map((l) => l.trim());
}

export function postProcess(input: PostProcessInput): Processed | undefined {
  const { ctx, multiline } = input;
  const tabSize = input.tabSize ?? 4;
  let text = extractInsertion(input.raw, input.prefilled);
  if (text.includes('<redacted:')) return undefined;
  text = removeLinePrefixEcho(text, ctx.linePrefix);
  const lineIsBlank = ctx.linePrefix.trim() === '';

  let lines = text.split('\n');
  if (lineIsBlank) {
    // On a blank line, leading blank lines of the answer only push the code down.
    while (lines.length > 1 && !lines[0].trim()) lines.shift();
  }
  if (!multiline) {
    if (!lines[0].trim() && lines.length > 1) return undefined; // the answer starts on the next line
    lines = [lines[0]];
  }

  const style = detectIndent(ctx.prefix, tabSize);
  const modelUnit = smallestIndentStep(lines, tabSize);
  lines = convertIndent(lines, style, modelUnit, tabSize);

  const cursorCol = indentWidth(ctx.linePrefix, tabSize);
  if (lineIsBlank) {
    const m = indentWidth(lines[0], tabSize);
    if (m > 0) {
      // The model wrote the first line with its own indentation: the cursor already supplies it.
      lines[0] = lines[0].trimStart();
      const shift = cursorCol - m;
      lines = lines.map((l, i) => (i === 0 ? l : shiftIndent(l, shift, style, tabSize)));
    } else if (multiline && lines.length > 1) {
      // First line bare: the others are relative to it if they sit left of the cursor (closers aside).
      const body = lines.slice(1).filter((l) => l.trim() && !CLOSER_LINE.test(l.trim()));
      if (body.length && Math.min(...body.map((l) => indentWidth(l, tabSize))) < cursorCol) {
        lines = lines.map((l, i) => (i === 0 ? l : shiftIndent(l, cursorCol, style, tabSize)));
      }
    }
  } else if (multiline && lines.length > 1 && !lines[0].trim()) {
    // After an opener ("{|"): the body must be indented deeper than the opener's line.
    const openerWidth = indentWidth(ctx.linePrefix, tabSize);
    const first = lines.slice(1).find((l) => l.trim() && !CLOSER_LINE.test(l.trim()));
    if (first && indentWidth(first, tabSize) <= openerWidth) {
      const shift = openerWidth + style.unit - indentWidth(first, tabSize);
      lines = lines.map((l, i) => (i === 0 ? l : shiftIndent(l, shift, style, tabSize)));
    }
  }

  if (multiline) {
    const floor = lineIsBlank ? cursorCol : indentWidth(ctx.linePrefix, tabSize) + 1;
    lines = cutAtBlockEnd({
      lines,
      floor,
      nextLine: firstNonEmptyLineAfter(ctx),
      lineSuffix: ctx.lineSuffix,
      topLevel: floor === 0,
      maxLines: MAX_MULTILINE_LINES,
      tabSize,
    }).lines;
    lines = cutRepetition(lines);
    // Lines the file already has right after the cursor are not inserted twice.
    const after = ctx.suffix.split('\n').slice(1).filter((l) => l.trim()).map((l) => l.trim());
    for (let k = Math.min(5, lines.length - 1, after.length); k > 0; k--) {
      const tail = lines.slice(-k).map((l) => l.trim());
      if (tail.every((t, j) => t === after[j])) {
        lines = lines.slice(0, -k);
        break;
      }
    }
    while (lines.length > 1 && !lines[lines.length - 1].trim()) lines.pop();
  }
  lines = lines.map((l, i) => (i === lines.length - 1 ? l.trimEnd() : l.replace(/[ \t]+$/, '')));

  let insertText = lines.join('\n');
  let replaceSuffixChars = 0;
  const suffixOnLine = ctx.lineSuffix.trimEnd();
  if (suffixOnLine) {
    if (!multiline || lines.length === 1) {
      const overlap = overlapWithSuffix(insertText, suffixOnLine);
      if (overlap === suffixOnLine.length) insertText = insertText.slice(0, -overlap);
      else if (isSubsequence(suffixOnLine.replace(/\s+/g, ''), insertText.slice(insertText.length - 2 * suffixOnLine.length - 8))) {
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
 * the block cut already dropped a complete line (the block ended), or the line budget is reached.
 */
export function isCompleteEnough(textSoFar: string, input: Omit<PostProcessInput, 'raw'>): boolean {
  const text = extractInsertion(textSoFar, input.prefilled);
  const closed = (input.prefilled ?? '') + textSoFar;
  if (closed.includes('</insert>')) return true;
  if (!input.multiline) {
    const lead = input.ctx.linePrefix.trim() === '' ? text.replace(/^\s*\n/, '') : text;
    const nl = lead.indexOf('\n');
    return nl >= 0 && lead.slice(0, nl).trim().length > 0;
  }
  const nl = text.lastIndexOf('\n');
  if (nl < 0) return false;
  const complete = text.slice(0, nl).split('\n');
  if (complete.length > MAX_MULTILINE_LINES + 2) return true;
  const processed = cutAtBlockEnd({
    lines: complete,
    floor: input.ctx.linePrefix.trim() === '' ? indentWidth(input.ctx.linePrefix, input.tabSize ?? 4) : indentWidth(input.ctx.linePrefix, input.tabSize ?? 4) + 1,
    nextLine: firstNonEmptyLineAfter(input.ctx),
    lineSuffix: input.ctx.lineSuffix,
    topLevel: indentWidth(input.ctx.linePrefix, input.tabSize ?? 4) === 0 && input.ctx.linePrefix.trim() === '',
    maxLines: MAX_MULTILINE_LINES,
    tabSize: input.tabSize,
  });
  return processed.cut;
}
