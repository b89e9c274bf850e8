// Picks the code to send around an error: its enclosing function when that fits the budget, else a window
// around the error that keeps the function's signature. No parser: braces (skipping strings and comments)
// or indentation, which is wrong only in ways that cost a few lines of context, never correctness.

import { estimateTokens, clip } from './tokens';

/** Lines longer than this are cut: minified or generated code tells the model little per token. */
export const MAX_LINE_CHARS = 400;

/** Languages whose blocks are indentation, not braces. */
const INDENT_LANGUAGES = new Set(['python', 'coffeescript', 'nim', 'yaml', 'pug', 'haml', 'sass', 'stylus', 'fsharp', 'elm', 'haskell']);
/** Languages whose line comments start with `#` (braces still count there, e.g. shell functions). */
const HASH_COMMENT_LANGUAGES = new Set(['shellscript', 'perl', 'ruby', 'r', 'powershell', 'makefile', 'dockerfile', 'toml', 'elixir']);
const TEMPLATE_LANGUAGES = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'svelte', 'astro']);

export interface LineRange {
  /** First line, 0-based. */
  start: number;
  /** Last line, inclusive. */
  end: number;
}

export interface Block {
  /** First line of the signature (decorators and multi-line parameter lists included). */
  headerStart: number;
  /** The line holding the opening brace or the `def`/`class` line. */
  headerEnd: number;
  /** Last line of the block, inclusive. */
  end: number;
  header: string;
  kind: 'function' | 'class' | 'other';
}

export interface CodeSegment {
  startLine: number;
  lines: string[];
}

export interface CodeExcerpt {
  /** In file order, not overlapping; a gap between two segments is shown as an elision. */
  segments: CodeSegment[];
  /** The innermost function around the error, when one was found. */
  enclosing?: { startLine: number; endLine: number; header: string; whole: boolean };
  /** Lines the error covers (what the formatter marks). */
  marked: LineRange;
  tokens: number;
}

export function indentOf(line: string): number {
  let n = 0;
  for (const ch of line) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += 4;
    else break;
  }
  return n;
}

const isBlank = (line: string | undefined) => line === undefined || line.trim() === '';

// ---------------------------------------------------------------------------------------------------------
// Brace languages

interface BracePair {
  openLine: number;
  openCol: number;
  closeLine: number;
}

/** Matches braces over the whole text, skipping strings, template literals and comments. */
export function scanBracePairs(lines: string[], languageId: string): BracePair[] {
  const hashComments = HASH_COMMENT_LANGUAGES.has(languageId);
  const templates = TEMPLATE_LANGUAGES.has(languageId);
  const pairs: BracePair[] = [];
  const stack: { line: number; col: number }[] = [];
  let inBlockComment = false;
  let inTemplate = false;
  for (let ln = 0; ln < lines.length; ln++) {
    const s = lines[ln];
    let i = 0;
    while (i < s.length) {
      if (inBlockComment) {
        const end = s.indexOf('*/', i);
        if (end < 0) break;
        inBlockComment = false;
        i = end + 2;
        continue;
      }
      if (inTemplate) {
        let j = i;
        while (j < s.length && s[j] !== '`') j += s[j] === '\\' ? 2 : 1;
        if (j >= s.length) break;
        inTemplate = false;
        i = j + 1;
        continue;
      }
      const c = s[i];
      const next = s[i + 1];
      if (c === '/' && next === '/' && !hashComments) break;
      if (c === '#' && hashComments) break;
      if (c === '/' && next === '*' && !hashComments) {
        inBlockComment = true;
        i += 2;
        continue;
      }
      if (c === '`' && templates) {
        inTemplate = true;
        i++;
        continue;
      }
      if (c === '"' || c === "'") {
        // A quote without a partner on the line is a lifetime (`'a`) or an apostrophe in prose: skip it alone.
        let j = i + 1;
        while (j < s.length && s[j] !== c) j += s[j] === '\\' ? 2 : 1;
        i = j < s.length ? j + 1 : i + 1;
        continue;
      }
      if (c === '{') stack.push({ line: ln, col: i });
      else if (c === '}') {
        const open = stack.pop();
        if (open) pairs.push({ openLine: open.line, openCol: open.col, closeLine: ln });
      }
      i++;
    }
  }
  return pairs;
}

const CONTROL_RE =
  /^\s*(?:\}\s*)?(?:else\b|if\b|for\b|foreach\b|while\b|switch\b|catch\b|try\b|do\b|finally\b|with\b|lock\b|synchronized\b|unsafe\b|case\b|default\b|loop\b|match\b|select\b|defer\b|go\b|return\b|namespace\b|module\b|impl\b|extern\b|package\b)/;
const CLASS_RE = /(?:^|\s)(?:class|interface|struct|enum|trait|object|record|protocol|extension|union)\s+[A-Za-z_$]/;
const FUNCTION_KEYWORD_RE = /(?:^|[^\w$])(?:function\*?|func|fn|def|sub|fun|proc|method|constructor|init)(?:\s|\(|<|$)/;
const ARROW_RE = /=>\s*\{?\s*$/;
// `name(args)` optionally followed by a return type, throws clause or qualifiers: a method or a C function.
const SIGNATURE_RE = /[A-Za-z_$~][\w$]*\s*(?:<[^<>]*(?:<[^<>]*>[^<>]*)*>)?\s*\([^]*\)\s*(?:[:\-]>?\s*[^{};=]+|throws\s+[\w.,\s]+|const|override|noexcept|mutating|async|where\s+[^{]+)*\s*\{?\s*$/;

function classifyHeader(header: string): Block['kind'] {
  const flat = header.replace(/\s+/g, ' ').trim();
  if (CLASS_RE.test(flat) && !FUNCTION_KEYWORD_RE.test(flat.split(/[({]/)[0] ?? '')) return 'class';
  if (FUNCTION_KEYWORD_RE.test(flat) || ARROW_RE.test(flat)) return 'function';
  if (CONTROL_RE.test(flat)) return 'other';
  // Object literals and initializers (`x = {`, `key: {`) are data, not functions.
  const beforeBrace = flat.replace(/\{\s*$/, '').trim();
  if (/[=:,(]\s*$/.test(beforeBrace) || beforeBrace === '') return 'other';
  return SIGNATURE_RE.test(flat) ? 'function' : 'other';
}

function parenBalance(text: string): number {
  let n = 0;
  for (const ch of text) {
    if (ch === '(') n++;
    else if (ch === ')') n--;
  }
  return n;
}

/** The lines that introduce the block opened at (openLine, openCol): signature, possibly across lines. */
function headerFor(lines: string[], openLine: number, openCol: number): { start: number; text: string } {
  let start = openLine;
  let text = lines[openLine].slice(0, openCol + 1);
  // Allman style: the brace alone on its line belongs to the line above.
  if (text.slice(0, openCol).trim() === '' && openLine > 0) {
    let prev = openLine - 1;
    while (prev > 0 && isBlank(lines[prev])) prev--;
    if (openLine - prev <= 2 && !isBlank(lines[prev])) {
      start = prev;
      text = lines[prev] + '\n' + text;
    }
  }
  // A parameter list spread over lines: walk up until the parentheses balance.
  let balance = parenBalance(text);
  while (balance < 0 && start > 0 && openLine - start < 12) {
    start--;
    text = lines[start] + '\n' + text;
    balance = parenBalance(text);
  }
  // Decorators / annotations directly above belong to the function.
  while (start > 0 && /^\s*@[\w.]+/.test(lines[start - 1]) && openLine - start < 16) {
    start--;
    text = lines[start] + '\n' + text;
  }
  return { start, text };
}

function braceBlocks(lines: string[], line: number, languageId: string): Block[] {
  const blocks: Block[] = [];
  for (const p of scanBracePairs(lines, languageId)) {
    // An error on a multi-line signature sits above its block's brace.
    if (p.closeLine < line || p.openLine > line + 12) continue;
    const h = headerFor(lines, p.openLine, p.openCol);
    if (h.start > line) continue;
    blocks.push({ headerStart: h.start, headerEnd: p.openLine, end: p.closeLine, header: h.text, kind: classifyHeader(h.text) });
  }
  // Innermost first: the latest opening brace.
  return blocks.sort((a, b) => b.headerEnd - a.headerEnd || a.end - b.end);
}

// ---------------------------------------------------------------------------------------------------------
// Indentation languages

const INDENT_HEADER_RE = /^\s*(?:async\s+def|def|class|cdef|cpdef|proc|func|fun|let\s+\w+.*=\s*$|\w+\s*::)/;

function indentBlocks(lines: string[], line: number): Block[] {
  const blocks: Block[] = [];
  // The error line's own indentation; a blank line takes the next non-blank one's.
  let probe = line;
  while (probe < lines.length - 1 && isBlank(lines[probe])) probe++;
  let limit = isBlank(lines[probe]) ? 0 : indentOf(lines[probe]) + 1;
  for (let ln = line; ln >= 0 && limit > 0; ln--) {
    const s = lines[ln];
    if (isBlank(s)) continue;
    const ind = indentOf(s);
    if (ind >= limit) continue;
    limit = ind;
    if (!INDENT_HEADER_RE.test(s)) continue;
    let end = ln;
    for (let k = ln + 1; k < lines.length; k++) {
      if (isBlank(lines[k])) continue;
      if (indentOf(lines[k]) <= ind) break;
      end = k;
    }
    if (end < line && ln !== line) continue;
    let start = ln;
    while (start > 0 && /^\s*@[\w.]+/.test(lines[start - 1])) start--;
    const kind = /^\s*class\b/.test(s) ? 'class' : 'function';
    blocks.push({ headerStart: start, headerEnd: ln, end: Math.max(end, ln), header: lines.slice(start, ln + 1).join('\n'), kind });
  }
  return blocks;
}

/** Blocks containing `line`, innermost first. */
export function enclosingBlocks(lines: string[], line: number, languageId: string): Block[] {
  if (line < 0 || line >= lines.length) return [];
  return INDENT_LANGUAGES.has(languageId) ? indentBlocks(lines, line) : braceBlocks(lines, line, languageId);
}

// ---------------------------------------------------------------------------------------------------------
// The excerpt

const lineCost = (line: string) => estimateTokens(line) + 2; // + the line number gutter

function sliceLines(lines: string[], start: number, end: number): string[] {
  return lines.slice(start, end + 1).map((l) => clip(l, MAX_LINE_CHARS));
}

function costOf(lines: string[], start: number, end: number): number {
  let t = 0;
  for (let i = start; i <= end; i++) t += lineCost(clip(lines[i], MAX_LINE_CHARS));
  return t;
}

/**
 * Code to send for an error on `range`: the largest enclosing function that fits `budgetTokens` (growing
 * from the innermost), else a window around the error plus the innermost function's signature.
 */
export function excerptAround(lines: string[], range: LineRange, languageId: string, budgetTokens: number): CodeExcerpt {
  const last = Math.max(0, lines.length - 1);
  const start = Math.min(Math.max(0, range.start), last);
  const end = Math.min(Math.max(start, range.end), last);
  const marked = { start, end };
  if (lines.length === 0) return { segments: [], marked, tokens: 0 };

  const blocks = enclosingBlocks(lines, start, languageId);
  const functions = blocks.filter((b) => b.kind === 'function');
  const innermost = functions[0];

  let chosen: Block | undefined;
  for (const fn of functions) {
    const s = Math.min(fn.headerStart, start);
    const e = Math.max(fn.end, end);
    if (costOf(lines, s, e) > budgetTokens) break;
    chosen = fn;
  }
  if (chosen) {
    const s = Math.min(chosen.headerStart, start);
    const e = Math.max(chosen.end, end);
    return {
      segments: [{ startLine: s, lines: sliceLines(lines, s, e) }],
      enclosing: innermost && { startLine: innermost.headerStart, endLine: innermost.end, header: innermost.header, whole: true },
      marked,
      tokens: costOf(lines, s, e),
    };
  }

  // Reserve the signature first: it says what the code is for.
  let budget = budgetTokens;
  let header: LineRange | undefined;
  if (innermost && innermost.headerStart < start) {
    const hEnd = Math.min(innermost.headerEnd, start - 1);
    const cost = costOf(lines, innermost.headerStart, hEnd);
    if (cost <= budget / 3) {
      header = { start: innermost.headerStart, end: hEnd };
      budget -= cost;
    }
  }

  // The error lines themselves (a huge range is cut to what fits), then context, two lines above per one below.
  let lo = start;
  let hi = start;
  budget -= lineCost(clip(lines[start], MAX_LINE_CHARS));
  while (hi < end && lineCost(clip(lines[hi + 1], MAX_LINE_CHARS)) <= budget) {
    hi++;
    budget -= lineCost(clip(lines[hi], MAX_LINE_CHARS));
  }
  const floor = header ? header.end + 1 : 0;
  const ceiling = innermost ? Math.min(innermost.end, last) : last;
  let turn = 0;
  for (;;) {
    const wantUp = turn % 3 !== 2;
    const canUp = lo > floor && lineCost(clip(lines[lo - 1], MAX_LINE_CHARS)) <= budget;
    const canDown = hi < ceiling && lineCost(clip(lines[hi + 1], MAX_LINE_CHARS)) <= budget;
    if (!canUp && !canDown) break;
    if ((wantUp && canUp) || !canDown) {
      lo--;
      budget -= lineCost(clip(lines[lo], MAX_LINE_CHARS));
    } else {
      hi++;
      budget -= lineCost(clip(lines[hi], MAX_LINE_CHARS));
    }
    turn++;
  }

  const segments: CodeSegment[] = [];
  if (header && header.end + 1 < lo) segments.push({ startLine: header.start, lines: sliceLines(lines, header.start, header.end) });
  else if (header) lo = header.start;
  segments.push({ startLine: lo, lines: sliceLines(lines, lo, hi) });
  return {
    segments,
    enclosing: innermost && { startLine: innermost.headerStart, endLine: innermost.end, header: innermost.header, whole: false },
    marked: { start, end: Math.min(end, hi) },
    tokens: budgetTokens - budget,
  };
}

/** Numbered lines, error lines marked with `>`, gaps shown as `…`. */
export function formatExcerpt(excerpt: CodeExcerpt): string {
  const lastLine = excerpt.segments.reduce((m, s) => Math.max(m, s.startLine + s.lines.length), 0);
  const width = String(lastLine).length;
  const out: string[] = [];
  let prevEnd = -1;
  for (const seg of excerpt.segments) {
    if (prevEnd >= 0 && seg.startLine > prevEnd + 1) out.push(`${' '.repeat(width + 2)}…`);
    seg.lines.forEach((text, i) => {
      const n = seg.startLine + i;
      const mark = n >= excerpt.marked.start && n <= excerpt.marked.end ? '>' : ' ';
      out.push(`${mark} ${String(n + 1).padStart(width)} | ${text}`);
    });
    prevEnd = seg.startLine + seg.lines.length - 1;
  }
  return out.join('\n');
}
