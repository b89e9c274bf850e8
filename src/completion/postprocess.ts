// Turns the model's raw text into what is inserted: the code only, without what is already before or
// after the cursor, in the file's indentation, ending where the block ends; or nothing when it would not help.

import type { DocumentContext } from './context';
import { extractInsertion, type ExtractOptions } from './extract';
import { bracketBalance, closerToken, cutAtBlockEnd, isCloserLine, openAtEof } from './blockCut';
import { CLOSERS_ONLY, firstNonEmptyLineAfter, indentOf, indentWidth, lastNonEmptyLineBefore, linesBackFrom, opensBlock, scanCode } from './syntax';
import { CHAINABLE, placeMidLine, placeOnBlankLine, type Placed } from './shapingIndent';
import { endTokenAt, endsInRepetition, isProseLanguage, openTextBlock, stripLeadingJunk } from './shapingFilters';
import { fitTrailingComma, joinWithSuffix, minimalReplace } from './shapingSuffix';
import { cutTextBlock, openedTextBlock } from './textBlock';
import { awaitsOperand, echoOfLinesAbove, joinLeadingBreak, removeLinePrefixEcho } from './shapingEcho';
import type { SyntaxCheck } from './parse/syntaxCheck';
import { ellipsisBodies } from './ellipsisBodies';

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
  /** The document's path relative to the workspace (a `.pyi` stub keeps `...` bodies). */
  relativePath?: string;
  /** The parse gate (parse/), applied last; absent, the rules alone decide. */
  syntax?: SyntaxCheck;
}

export interface Processed {
  insertText: string;
  /** Characters right of the cursor the insertion replaces (closers it contains again). */
  replaceSuffixChars: number;
}

export { detectIndent } from './shapingIndent';

const LINE_WINDOW = 1000;

/**
 * On a very long line (minified code) the shaper reads the line's indentation and a window on either side
 * of the cursor, never the whole line: its cost stays independent of the line's length.
 */
function bounded<T extends { ctx: DocumentContext }>(input: T): T {
  const { ctx } = input;
  if (ctx.linePrefix.length <= 2 * LINE_WINDOW && ctx.lineSuffix.length <= 2 * LINE_WINDOW) return input;
  const linePrefix = ctx.linePrefix.length > 2 * LINE_WINDOW ? indentOf(ctx.linePrefix.slice(0, 200)) + ctx.linePrefix.slice(-LINE_WINDOW) : ctx.linePrefix;
  const lineSuffix = ctx.lineSuffix.slice(0, 2 * LINE_WINDOW);
  return { ...input, ctx: { ...ctx, linePrefix, lineSuffix } };
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

interface Shaped extends Placed {
  /** Text inside a string literal: kept as written up to where the literal closes, never cut by indentation. */
  verbatim?: boolean;
  /** The literal's closing line has arrived (the stream can stop). */
  literalClosed?: boolean;
  /** A one-line request whose answer opens a block on its first line: the block is kept, and only it. */
  dynamic?: boolean;
}

/** Lines of a text block opened on the cursor line (`"""`), up to the line that closes it. */
function textBlockLines(lines: string[], delim: string): Shaped {
  const end = lines.findIndex((l) => l.includes(delim));
  return { lines: end < 0 ? lines : lines.slice(0, end + 1), floor: 0, verbatim: true, literalClosed: end >= 0 };
}

/** Mid-line: the lines above restated before the cursor line itself (the model wrote the function again). */
function dropRestatedAbove(text: string, ctx: DocumentContext): string {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  const echoed = echoOfLinesAbove(lines, ctx);
  if (!echoed) return text;
  const rest = lines.slice(echoed);
  const next = rest.find((l) => l.trim());
  return next !== undefined && next.trim().startsWith(ctx.linePrefix.trim()) ? rest.join('\n').replace(/^\s*\n/, '') : text;
}

/** Echo removal, junk at the join, and placement: the answer's lines as they would sit in the file (before any cut). */
function shapeLines(text: string, input: Omit<PostProcessInput, 'raw'>): Shaped | undefined {
  const { ctx, multiline } = input;
  const tabSize = input.tabSize ?? 4;
  const lineIsBlank = ctx.linePrefix.trim() === '';
  if (!lineIsBlank) text = dropRestatedAbove(text, ctx);
  text = removeLinePrefixEcho(text, ctx.linePrefix);
  // Whitespace the line already ends with is not typed twice (padding that aligns a trailing comment is meant).
  if (!lineIsBlank && /\s/.test(ctx.linePrefix.charAt(ctx.linePrefix.length - 1)) && !/^[ \t]+(?:\/\/|\/\*|#|--)/.test(text)) text = text.replace(/^[ \t]+/, '');
  text = stripLeadingJunk(text, lineIsBlank, input.languageId, lastNonEmptyLineBefore(ctx));

  let lines = text.split('\n');
  const delim = lineIsBlank ? undefined : openTextBlock(ctx.linePrefix);
  if (delim && multiline) return textBlockLines(lines, delim);
  if (lineIsBlank) {
    // On a blank line, leading blank lines of the answer only push the code down.
    while (lines.length > 1 && !lines[0].trim()) lines.shift();
    // The lines right above the cursor written again ("def f():", "const a = 1;"), then new code: only the new code.
    const echoed = echoOfLinesAbove(lines, ctx);
    if (echoed) {
      lines = lines.slice(echoed);
      while (lines.length > 1 && !lines[0].trim()) lines.shift();
    }
  } else if (!lines[0].trim() && lines.length > 1 && awaitsOperand(ctx.linePrefix)) {
    // Mid-line after `=` or `(`: a line break before the code is the model's formatting, not a new line.
    lines = joinLeadingBreak(lines);
  }
  if (!multiline) {
    if (!lines[0].trim() && lines.length > 1) return undefined; // the answer starts on the next line
    lines = [lines[0]];
  }
  return lineIsBlank ? placeOnBlankLine(lines, { ctx, tabSize }) : placeMidLine(lines, { ctx, tabSize });
}

/** The file puts an opening brace on a line of its own (Allman): a header's `{` may come on the next line. */
function allmanFile(ctx: DocumentContext): boolean {
  return /\n[ \t]*\{[ \t]*(?:\/\/.*)?\n/.test(ctx.prefix.slice(-4000));
}

/** The cursor line completed with `first` ends by opening a block (or, in an Allman file, by a header's `)`). */
function mayOpenBlock(first: string, ctx: DocumentContext): boolean {
  const head = ctx.linePrefix + first;
  if (!first.trim() || /^\s*(?:\/\/|#|--|\/\*|\*|;)/.test(head) || !(opensBlock(head) || (/\)\s*$/.test(first) && allmanFile(ctx)))) return false;
  return scanCode(head).openQuote === undefined;
}

/**
 * Dynamic multi-line (as Cody's): a one-line request, nothing but closers right of the cursor, and an answer
 * whose first line opens a block: the block's body and closer are kept (with else / catch chains), cut
 * right after it. Undefined when the answer is not such a block (yet).
 */
function dynamicBlock(text: string, input: Omit<PostProcessInput, 'raw'>): Shaped | undefined {
  const { ctx } = input;
  if (input.multiline || !CLOSERS_ONLY.test(ctx.lineSuffix)) return undefined;
  // Cheap first: the answer's first code line must end like an opener (shaping only changes its start).
  const firstCode = /[^\n]*\S[^\n]*/.exec(text)?.[0];
  if (!firstCode || !mayOpenBlock(firstCode.trim(), ctx)) return undefined;
  const shaped = shapeLines(text, { ...input, multiline: true });
  if (!shaped || shaped.verbatim || shaped.lines.length < 2 || !mayOpenBlock(shaped.lines[0], ctx)) return undefined;
  const body = shaped.lines.findIndex((l, i) => i > 0 && l.trim());
  if (body < 0) return undefined;
  const head = ctx.linePrefix + shaped.lines[0];
  if (!opensBlock(head) && shaped.lines[body].trim() !== '{') return undefined;
  if (ctx.linePrefix.trim()) return { ...shaped, dynamic: true };
  // On a blank line the first line is the header: lines back at its column end the block.
  const at = indentWidth(head, input.tabSize ?? 4);
  return { ...shaped, dynamic: true, floor: at + 1, headerCol: at, chainCol: CHAINABLE.test(head) ? at : undefined };
}

/**
 * Dynamic multi-line for text: a one-line request whose cursor line, with the answer's first line, opens a
 * text block (`"""`, YAML `key: |`) keeps the block through its end, as written.
 */
function dynamicText(text: string, input: Omit<PostProcessInput, 'raw'>): Shaped | undefined {
  const { ctx } = input;
  const tabSize = input.tabSize ?? 4;
  if (input.multiline || !CLOSERS_ONLY.test(ctx.lineSuffix) || !openedTextBlock(ctx.linePrefix, /^[^\n]*/.exec(text)![0].trim(), tabSize)) return undefined;
  const shaped = shapeLines(text, { ...input, multiline: true });
  const open = shaped && openedTextBlock(ctx.linePrefix, shaped.lines[0], tabSize);
  if (!shaped || !open) return undefined;
  const cut = cutTextBlock(shaped.lines, open, tabSize, MAX_MULTILINE_LINES);
  return { ...shaped, lines: cut.lines, verbatim: true, literalClosed: cut.closed, dynamic: true };
}

function blockCut(shaped: Shaped, input: Omit<PostProcessInput, 'raw'>) {
  if (shaped.verbatim) return { lines: shaped.lines, cut: false, closed: !!shaped.literalClosed };
  return cutAtBlockEnd({
    lines: shaped.lines,
    floor: shaped.floor,
    nextLine: firstNonEmptyLineAfter(input.ctx),
    lineSuffix: input.ctx.lineSuffix,
    topLevel: shaped.floor === 0,
    maxLines: MAX_MULTILINE_LINES,
    tabSize: input.tabSize ?? 4,
    chainCol: shaped.chainCol,
    headerCol: shaped.headerCol,
    midLine: input.ctx.linePrefix.trim() !== '',
    oneBlock: shaped.dynamic,
    openAtEof: openAtEof(input.ctx),
    allman: shaped.chainCol !== undefined && allmanFile(input.ctx),
  });
}

/** The first `n` non-empty lines after the cursor line, without their trailing spaces (read lazily). */
function nonEmptyLinesBelow(ctx: DocumentContext, n: number): string[] {
  const out: string[] = [];
  const s = ctx.suffix;
  for (let start = s.indexOf('\n'); start >= 0 && out.length < n; ) {
    const end = s.indexOf('\n', start + 1);
    const line = s.slice(start + 1, end < 0 ? s.length : end).trimEnd();
    if (line.trim()) out.push(line);
    start = end;
  }
  return out;
}

/** Where the answer runs on into the code below the cursor (two of its lines in a row, as in the file), or -1. */
function runsIntoBelow(lines: string[], after: string[]): number {
  if (after.length < 2) return -1;
  return lines.findIndex((l, i) => i > 0 && l.trimEnd() === after[0] && lines[i + 1]?.trimEnd() === after[1]);
}

/** Multi-line cuts: the block's end, a paragraph's end in prose, loops, and lines the file has right below. */
function cutLines(shaped: Shaped, input: Omit<PostProcessInput, 'raw'>): string[] {
  let lines = blockCut(shaped, input).lines;
  if (isProseLanguage(input.languageId)) {
    const blank = lines.findIndex((l, i) => i > 0 && !l.trim() && lines.slice(0, i).some((x) => x.trim()));
    if (blank > 0) lines = lines.slice(0, blank);
  }
  lines = cutRepetition(lines);
  // Lines the file already has right after the cursor are not inserted twice (same indentation too,
  // so a nested closer is not mistaken for the enclosing one).
  while (lines.length > 1 && !lines[lines.length - 1].trim()) lines.pop();
  const after = nonEmptyLinesBelow(input.ctx, 5);
  for (let k = Math.min(5, lines.length - 1, after.length); k > 0; k--) {
    const tail = lines.slice(-k).map((l) => l.trimEnd());
    if (tail.every((t, j) => t === after[j])) {
      lines = lines.slice(0, -k);
      break;
    }
  }
  const into = runsIntoBelow(lines, after);
  if (into > 0) lines = lines.slice(0, into);
  while (lines.length > 1 && !lines[lines.length - 1].trim()) lines.pop();
  return lines;
}

/**
 * Is a block opened above at column `col` still open? Walking up: lines left of `col` end the search,
 * closers at `col` hide the opener that goes with them. Nothing left of `col` up to the top: nothing says it is not.
 */
function closesOpenBlock(ctx: DocumentContext, col: number, tabSize: number): boolean {
  let pending = 0;
  let seen = 0;
  for (const l of linesBackFrom(ctx.prefix)) {
    if (!l.trim()) continue;
    if (++seen > 400) return true;
    const w = indentWidth(l, tabSize);
    if (w < col) return false;
    if (w > col) continue;
    if (isCloserLine(l)) pending++;
    else if (opensBlock(l) && pending-- === 0) return true;
  }
  // The top of what the shaper sees (of the file, or of the context window) without a line left of `col`.
  return true;
}

/** Every line of the answer is, in order, the next non-empty line of the file below the cursor. */
function repeatsBelow(lines: string[], ctx: DocumentContext): boolean {
  const code = lines.map((l) => l.trim()).filter(Boolean);
  const below = ctx.suffix.split('\n', code.length * 3 + 2).slice(1).map((l) => l.trim()).filter(Boolean);
  return code.every((l, i) => l === below[i]);
}

/** True when the insertion would add nothing: what the file already says right above or below, or a closer it does not need. */
function useless(lines: string[], ctx: DocumentContext, tabSize: number): boolean {
  const lineIsBlank = ctx.linePrefix.trim() === '';
  const firstTrim = lines[0].trim();
  const nextLine = firstNonEmptyLineAfter(ctx)?.trim();
  if (lines.every((l) => !l.trim() || isCloserLine(l))) {
    // A lone closer: useless right under its opener (the body is what is wanted), or when it closes no block
    // open at its column while the file goes on with a closer of its own (`};` on the next line).
    const above = lastNonEmptyLineBefore(ctx);
    if (lineIsBlank && above && opensBlock(above)) return true;
    const at = lines.findIndex((l) => l.trim());
    const col = at > 0 ? indentWidth(lines[at], tabSize) : indentWidth(ctx.linePrefix, tabSize) + (lineIsBlank ? indentWidth(lines[0], tabSize) : 0);
    const next = firstNonEmptyLineAfter(ctx);
    const fileCloses = !!next && (isCloserLine(next) || /^[)\]}]/.test(next.trim()));
    if (fileCloses && !closesOpenBlock(ctx, col, tabSize)) return true;
    return !!next && closerToken(next) === closerToken(lines[at]) && indentWidth(next, tabSize) === col;
  }
  // The answer only repeats the lines the file has right below the cursor.
  if (firstTrim === nextLine && repeatsBelow(lines, ctx)) return true;
  if (lineIsBlank && lines.length === 1 && linesAbove(ctx, 1)[0] === firstTrim) return true;
  const above = linesAbove(ctx, lines.length);
  return lineIsBlank && above.length === lines.length && lines.every((l, i) => l.trim() === above[i]);
}

/**
 * The insertion's join with the closers right of the cursor. One line: `joinWithSuffix`. A dynamic block: by
 * bracket count, the closers right of the cursor that the block already closed itself (`a, b) {` … `}` over
 * `)`, or `})` over `);`) are replaced; those still needed stay after its last line.
 */
function joinDynamic(lines: string[], suffixOnLine: string, linePrefix: string): { insertText: string; replaceSuffixChars: number } {
  if (lines.length === 1) return joinWithSuffix(lines[0], suffixOnLine);
  // The last line written with the rest of the cursor line (`});` over `);`): that part is the file's.
  const last = joinWithSuffix(lines[lines.length - 1], suffixOnLine);
  if (last.replaceSuffixChars === 0 && last.insertText.length < lines[lines.length - 1].length) {
    return { insertText: [...lines.slice(0, -1), last.insertText].join('\n'), replaceSuffixChars: 0 };
  }
  const insertText = lines.join('\n');
  const open = Math.max(0, bracketBalance(linePrefix).delta);
  const net = lines.reduce((d, l) => d + bracketBalance(l).delta, 0);
  const closers = /^[)\]}]*/.exec(suffixOnLine)![0].length;
  return { insertText, replaceSuffixChars: Math.max(0, closers - Math.max(0, open + net)) };
}

function extractOptions(input: Omit<PostProcessInput, 'raw'>): ExtractOptions {
  const { ctx, languageId } = input;
  return { languageId, linePrefix: ctx.linePrefix, ellipsisIsCode: ellipsisBodies(languageId, ctx.prefix, input.relativePath) };
}

export function postProcess(whole: PostProcessInput): Processed | undefined {
  const input = bounded(whole);
  const { ctx, multiline } = input;
  const text = extractInsertion(input.raw, input.prefilled, extractOptions(input));
  if (!text.trim() || text.includes('<redacted:')) return undefined;
  const dynamic = dynamicText(text, input) ?? dynamicBlock(text, input);
  const shaped = dynamic ?? shapeLines(text, input);
  if (!shaped) return undefined;
  let lines = multiline || dynamic ? cutLines(shaped, input) : shaped.lines;
  // A line ending in the same chunk again and again is a model loop.
  if (endsInRepetition(lines[lines.length - 1])) lines = lines.slice(0, -1);
  if (!lines.length) return undefined;

  const suffixOnLine = ctx.lineSuffix.trimEnd();
  // Trailing spaces go, except on a one-line answer filling in before text on the same line ("bar, " before "baz)").
  const keepTrailing = lines.length === 1 && /^\S/.test(ctx.lineSuffix);
  const last = lines.length - 1;
  lines = lines.map((l, i) => (i === last ? (keepTrailing ? l : l.trimEnd()) : l.replace(/[ \t]+$/, '')));

  let insertText = lines.join('\n');
  let replaceSuffixChars = 0;
  if (suffixOnLine) {
    if (!multiline || lines.length === 1) ({ insertText, replaceSuffixChars } = joinDynamic(lines, suffixOnLine, ctx.linePrefix));
    // A block typed between brackets: the closers right of the cursor go to their own line.
    else insertText += '\n' + indentOf(ctx.linePrefix);
  }
  if (!insertText.trim() || useless(lines, ctx, input.tabSize ?? 4)) return undefined;
  const commaCtx = { ...ctx, next: firstNonEmptyLineAfter(ctx), above: lastNonEmptyLineBefore(ctx), languageId: input.languageId };
  const out = minimalReplace(fitTrailingComma({ insertText, replaceSuffixChars }, lines.length === 1, commaCtx), ctx.lineSuffix);
  return input.syntax ? input.syntax.check(out, ctx, input.languageId) : out;
}

/**
 * For the stream: true once enough has arrived. Single-line: a line break after some code. Multi-line:
 * the block's last line is complete (its closer, or the end of a top-level construct; with
 * `atBlockClose: false`, only once a line after the block has arrived), or the line budget is reached.
 */
export function isCompleteEnough(textSoFar: string, whole: Omit<PostProcessInput, 'raw'>, opts: { atBlockClose?: boolean } = {}): boolean {
  const input = bounded(whole);
  const text = extractInsertion(textSoFar, input.prefilled, extractOptions(input));
  const closed = (input.prefilled ?? '') + textSoFar;
  // Another model's end-of-text token ends the answer as our closing tag does.
  if (closed.includes('</insert>') || endTokenAt(closed) >= 0) return true;
  if (!input.multiline) {
    const blank = input.ctx.linePrefix.trim() === '';
    // A line break before the code is dropped on a blank line, and mid-line after `=` or an operator.
    const joins = blank || (/^[ \t]*\n/.test(text) && awaitsOperand(input.ctx.linePrefix));
    const lead = joins ? text.replace(/^\s*\n/, '') : text;
    const nl = lead.indexOf('\n');
    // Mid-line, an answer that starts on the next line will be dropped anyway: stop paying for it.
    if (nl < 0 || (!lead.slice(0, nl).trim() && joins)) return false;
    // A text block the line opens (`"""`, `key: |`): complete once its end has arrived.
    const textBlock = dynamicText(text.slice(0, text.lastIndexOf('\n')), input);
    if (textBlock) return enoughOf(textBlock, input, opts);
    if (!CLOSERS_ONLY.test(input.ctx.lineSuffix) || !mayOpenBlock(removeLinePrefixEcho(lead.slice(0, nl), input.ctx.linePrefix), input.ctx)) return true;
    // The first line opens a block: the block rules decide, once its lines arrive.
    const dynamic = dynamicBlock(text.slice(0, text.lastIndexOf('\n')), input);
    if (!dynamic) return lead.indexOf('\n', nl + 1) >= 0;
    return enoughOf(dynamic, input, opts);
  }
  const nl = text.lastIndexOf('\n');
  if (nl < 0) return false;
  const shaped = shapeLines(text.slice(0, nl), input);
  return !shaped || enoughOf(shaped, input, opts);
}

/** The complete lines so far end the answer: past the line budget, past the block, or at the code below. */
function enoughOf(shaped: Shaped, input: Omit<PostProcessInput, 'raw'>, opts: { atBlockClose?: boolean }): boolean {
  if (shaped.lines.length > MAX_MULTILINE_LINES + 2) return true;
  const cut = blockCut(shaped, input);
  if (cut.pending) return false;
  if (cut.cut || (opts.atBlockClose !== false && cut.closed)) return true;
  // A line the file has right below the cursor: the answer has reached the code that is already there (the
  // final shaping drops it, and what follows it).
  const below = nonEmptyLinesBelow(input.ctx, 1)[0];
  return !shaped.verbatim && below !== undefined && shaped.lines.some((l, i) => i > 0 && l.trimEnd() === below);
}
