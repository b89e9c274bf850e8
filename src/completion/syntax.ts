// Decisions made from the text around the cursor alone: whether to ask at all, and whether to ask for one
// line or a block. Cheap string checks on the cursor line and its neighbours.

import type { DocumentContext } from './context';
import type { SkipReason } from './types';

/** Characters right of the cursor that do not stop a completion: closers, quotes and separators. */
export const CLOSERS_ONLY = /^[\s)\]}>'"`;,:]*$/;
const WORD_CHAR = /[\p{L}\p{N}_$]/u;

export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Indentation in columns, a tab counting `tabSize`. */
export function indentWidth(line: string, tabSize = 4): number {
  let w = 0;
  for (const ch of line) {
    if (ch === ' ') w++;
    else if (ch === '\t') w += tabSize - (w % tabSize);
    else break;
  }
  return w;
}

export function lastNonEmptyLineBefore(ctx: DocumentContext): string | undefined {
  // The prefix ends with the cursor line; look above it, walking back line by line (no split of the prefix).
  for (const l of linesBackFrom(ctx.prefix)) if (l.trim()) return l;
  return undefined;
}

export function firstNonEmptyLineAfter(ctx: DocumentContext): string | undefined {
  const s = ctx.suffix;
  let start = s.indexOf('\n');
  while (start >= 0) {
    const end = s.indexOf('\n', start + 1);
    const line = s.slice(start + 1, end < 0 ? s.length : end);
    if (line.trim()) return line;
    start = end;
  }
  return undefined;
}

/** The lines above the cursor line, nearest first, read lazily from the end of `prefix`. */
export function* linesBackFrom(prefix: string): Generator<string> {
  let end = prefix.lastIndexOf('\n');
  while (end >= 0) {
    // lastIndexOf with a negative start would search from 0 again: the first line has no break before it.
    const start = end > 0 ? prefix.lastIndexOf('\n', end - 1) : -1;
    yield prefix.slice(start + 1, end);
    end = start;
  }
}

/** Why not to ask for a completion here; undefined: ask. Explicit requests skip the mid-word and right-text rules. */
export function skipReason(ctx: DocumentContext, opts: { explicit: boolean; hasSelection?: boolean }): SkipReason | undefined {
  if (opts.hasSelection) return 'selection';
  if (opts.explicit) return undefined;
  const next = ctx.lineSuffix.charAt(0);
  if (next && WORD_CHAR.test(next)) return 'midWord';
  if (!CLOSERS_ONLY.test(ctx.lineSuffix)) return 'textAfterCursor';
  // Right after a statement's semicolon the line is done; the next line is asked for once Enter is pressed.
  if (/;\s*$/.test(ctx.linePrefix) && !ctx.lineSuffix.trim()) return 'endOfStatement';
  return undefined;
}

/** Line endings that open a block whose body the user is about to write (a YAML block scalar `key: |` too). */
const OPENS_BLOCK = /(?:[{([]|=>|->|(?<!:):|:[ \t]*[|>][-+]?\d?|\b(?:then|do|begin|else)|\bis|\bdo\s*\|[^|]*\|)\s*(?:\/\/.*|#.*)?$/;
/** Keyword-led headers whose body follows without a bracket (Lua, Ruby, Elixir, shell). */
const HEADER_LINE = /^\s*(?:local\s+)?(?:function|def|defp|fn|sub|proc|module|class|while|until|for|if|unless|elsif|case)\b[^;{}]*[^;{},]$/;

export function opensBlock(line: string): boolean {
  const t = line.trimEnd();
  // A header closed on its own line (`if x then return end`) opens nothing.
  return OPENS_BLOCK.test(t) || (HEADER_LINE.test(t) && !/\bend\s*$/.test(t) && !clauseWithBody(t));
}

/** Clause keywords whose body may follow on the same line, after an arrow or a colon. */
const CLAUSE = /^\s*(?:case|if|elif|elsif|unless|while|until|for)\b/;

/**
 * A clause that carries its body on its own line opens nothing: `case Card(n) => label(n)`, `case .a: return 1`,
 * `if done: return x`, `if x, do: y`; nor does a Scala `case class` / `case object` declaration. The arrow or
 * colon counts outside brackets and strings only (`for (T x : xs)` and `if (a ? b : c)` are headers still).
 */
function clauseWithBody(line: string): boolean {
  if (!CLAUSE.test(line)) return false;
  if (/^\s*case\s+(?:class|object)\b/.test(line)) return true;
  let depth = 0;
  let at = -1;
  scanCode(line, (ch, i) => {
    if (at >= 0) return;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (depth === 0 && ((ch === '>' && (line[i - 1] === '=' || line[i - 1] === '-')) || (ch === ':' && line[i - 1] !== ':' && line[i + 1] !== ':' && line[i + 1] !== '='))) at = i + 1;
  });
  return at > 0 && line.slice(at).trim() !== '';
}

/**
 * Multi-line when the user stands in an empty, just-opened block (an empty line under an opener, with
 * nothing indented deeper below it), or right after an opener with only closers to the right. Everything
 * else gets one line: short, fast and usually what is wanted mid-statement.
 */
export function wantsMultiline(ctx: DocumentContext): boolean {
  const prefixTrim = ctx.linePrefix.trimEnd();
  if (ctx.linePrefix.trim() === '') {
    if (ctx.lineSuffix.trim() !== '') return false;
    const above = lastNonEmptyLineBefore(ctx);
    if (!above || !opensBlock(above)) return false;
    const below = firstNonEmptyLineAfter(ctx);
    // A body already below (indented deeper than the opener) means the block is not empty.
    return below === undefined || indentWidth(below) <= indentWidth(above);
  }
  // `Vec::`, `std::` are paths, not a block's colon.
  if (/(?:\{|(?<!:):|\bdo|\bthen)$/.test(prefixTrim) && CLOSERS_ONLY.test(ctx.lineSuffix)) {
    const below = firstNonEmptyLineAfter(ctx);
    return below === undefined || indentWidth(below) <= indentWidth(ctx.linePrefix);
  }
  return false;
}

/** Python, C++ and C# string prefixes: `f'…'`, `rb'…'`, `L'x'` open a string although a letter precedes the quote. */
const STRING_PREFIX = /(?:^|[^\w$])(?:[rRbBuUfF]{1,2}|L|u8)$/;

export interface CodeScan {
  /** The quote of a string still open at the end of the line. */
  openQuote?: string;
  /** The line ends inside a comment (`//`, `#`, or an unclosed `/*`). */
  inComment: boolean;
}

/**
 * One pass over a line, skipping strings and comments: `visit` sees every character of code with its index.
 * Shared by the bracket count of the block cut and the "is the cursor in a comment or a string" check.
 * An apostrophe inside a word (`don't`) is not a quote; one after a string prefix (`f'`) is.
 */
export function scanCode(line: string, visit?: (ch: string, i: number) => void): CodeScan {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === '`' || ch === "'") {
      if (ch === "'" && /[\w$]/.test(line[i - 1] ?? '') && /\w/.test(line[i + 1] ?? '') && !STRING_PREFIX.test(line.slice(Math.max(0, i - 3), i))) continue;
      quote = ch;
      continue;
    }
    if (ch === '/' && line[i + 1] === '*') {
      const end = line.indexOf('*/', i + 2);
      if (end < 0) return { inComment: true };
      i = end + 1;
      continue;
    }
    if ((ch === '/' && line[i + 1] === '/') || (ch === '#' && (i === 0 || /\s/.test(line[i - 1])))) return { inComment: true };
    visit?.(ch, i);
  }
  return { openQuote: quote, inComment: false };
}
