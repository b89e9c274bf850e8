// Where a multi-line completion should end: at the end of the block the cursor is in.
//
// We use an indentation-and-bracket rule rather than tree-sitter. Tree-sitter would need a wasm grammar
// per language in the package (megabytes, and only for the languages we ship), an async load before the
// first completion, and a parse of code that is incomplete by definition (the user is mid-edit, the
// completion is a fragment), where error recovery often yields a tree that does not say where the block
// ends. Indentation and bracket balance are what editors and humans read, work for every language, and
// cost one pass over the completion's few lines. The rules are tested case by case in blockCut.test.ts.
// Measured on the peers' own suites (`npm run bench:peer`, test/bench/RESULTS-completions.md): 93 % exact
// without a parser, and none of the remaining misses is one a parse would fix.

import type { DocumentContext } from './context';
import { indentWidth, linesBackFrom, opensBlock, scanCode } from './syntax';

const OPENERS = '([{';
const CLOSERS = ')]}';

/** Net bracket change of a line, ignoring brackets in strings and line comments. Also the lowest point. */
export function bracketBalance(line: string): { delta: number; min: number } {
  let delta = 0;
  let min = 0;
  scanCode(line, (ch) => {
    if (OPENERS.includes(ch)) delta++;
    else if (CLOSERS.includes(ch)) {
      delta--;
      if (delta < min) min = delta;
    }
  });
  return { delta, min };
}

/** Words that close a block in languages without braces (Ruby, Lua, Elixir, shell, VB). */
const CLOSER_WORD = /^(?:end|fi|done|esac|endif|endfor|endforeach|endwhile|endfunction|endmodule|wend|until)\b/;

/** A keyword closer alone on its line: `end`, `end)`, `fi;`, `end if`, `End Function` (not `end ++`, `end: 3`). */
const CLOSER_WORD_LINE = /^(?:end|fi|done|esac|endif|endfor|endforeach|endwhile|endfunction|endmodule|wend|until)(?:\s+(?:if|do|function|sub|select|while|loop|module|class|case|type|program|subroutine|interface|struct|for|property|enum|namespace))?[\s;,.)\]}]*$/i;

/** A line that only closes something: `}`, `});`, `]`, `end`, `fi`. */
export function isCloserLine(line: string): boolean {
  const t = line.trim();
  return /^[)\]}]+[;,)]*$/.test(t) || CLOSER_WORD_LINE.test(t);
}

/** Chain lines that continue a statement after its block closes: `} else {`, `elif x:`, `catch (e)`. */
export const CHAIN_LINE = /^(?:[)\]}]\s*)?(?:else\b|elif\b|elsif\b|elseif\b|except\b|catch\b|finally\b|rescue\b|ensure\b)/;

/** The token a closer line starts with, to compare with the file's own closer. */
export function closerToken(line: string): string {
  const t = line.trim();
  return CLOSER_WORD.exec(t)?.[0] ?? t.charAt(0);
}

export interface BlockCutInput {
  /** Completion lines; the first is placed at the cursor, the others at their own indentation. */
  lines: string[];
  /** Lines with less indentation than this end the block (they belong to an enclosing one). */
  floor: number;
  /** The first non-empty line after the cursor line, and the text right of the cursor. */
  nextLine?: string;
  lineSuffix: string;
  /** At the top level a completion is one construct: stop after it closes. */
  topLevel: boolean;
  maxLines: number;
  tabSize?: number;
  /**
   * Column of the header of the block the cursor is in when that header can be continued (`if`, `try`):
   * a chain line there (`} else {`, `elif`, `catch`) continues the block instead of leaving it.
   */
  chainCol?: number;
  /** Column of the header of the block holding the cursor, when known. */
  headerCol?: number;
  /** The first line continues text on the cursor line (rather than starting on a blank line). */
  midLine?: boolean;
  /** Only the block the first line opens is wanted: it is complete once its brackets close again. */
  oneBlock?: boolean;
  /** The file puts braces on lines of their own: a chain line may come on the line after a closer. */
  allman?: boolean;
  /** At the end of the file: the header lines of the blocks the file leaves open above the cursor, innermost first. */
  openAtEof?: string[];
}

export interface BlockCutResult {
  lines: string[];
  /** True when a line was dropped because it belonged outside the block (the block ended). */
  cut: boolean;
  /**
   * True when no line after these could be kept: the block's closer is the last line, or the top-level
   * construct is complete. A stream can stop here without waiting for the next line.
   */
  closed: boolean;
  /** The last line is an Allman closer whose chain line (`else`, `catch`) may come next: a stream waits for it. */
  pending?: boolean;
}

function closesEnclosing(line: string, input: BlockCutInput, tabSize: number): boolean {
  // The enclosing block's closer is already in the file (right of the cursor, or on the next line at the
  // same indentation): repeating it would duplicate it.
  const closer = closerToken(line);
  if (input.lineSuffix.trim().startsWith(closer)) return true;
  const next = input.nextLine;
  if (!next || !next.trim().startsWith(closer)) return false;
  // The file's next line stands where this one would, or under the header of the block holding the cursor.
  const at = indentWidth(next, tabSize);
  return at === indentWidth(line, tabSize) || at === input.headerCol;
}

/** A block that holds declarations rather than statements: a type, a module, an impl. */
const CONTAINER = /\b(?:class|struct|impl|mod|module|namespace|interface|trait|object|enum|record|extension|protocol|describe|context|suite)\b/;

/**
 * After the closer of the cursor's block (line `i`): at the end of the file, the answer's closers of the
 * enclosing declaration blocks the file leaves open (the class, the module) are kept too, each left of the
 * one before; code it invents in between (another method, another test) is not. A function or statement
 * block stays open (the user's next lines go there; Tabby closes one level only for the same reason).
 */
function closersAtEof(lines: string[], i: number, out: string[], input: BlockCutInput, tabSize: number): BlockCutResult {
  const open = input.openAtEof ?? [];
  let wanted = 0;
  while (wanted + 1 < open.length && CONTAINER.test(open[wanted + 1])) wanted++;
  // The answer's own last lines are those closers (a namespace's `}` may stand at the column of the last).
  const tail: string[] = [];
  for (let k = lines.length - 1; k > i && tail.length < wanted; k--) {
    const t = lines[k].trim();
    if (!t) continue;
    if (!isCloserLine(t)) break;
    tail.unshift(lines[k]);
  }
  let col = indentWidth(lines[i], tabSize);
  for (const l of tail) {
    if (indentWidth(l, tabSize) > col) break;
    out.push(l);
    col = indentWidth(l, tabSize);
  }
  // Until they have arrived, a stream goes on (the model writes them after what it invents, if at all).
  const done = tail.length >= wanted;
  return { lines: out, cut: done && out.length < lines.length, closed: done };
}

/** The answer's next non-empty line after line `i`. */
function nextCode(lines: string[], i: number): string | undefined {
  return lines.slice(i + 1).find((l) => l.trim());
}

export function cutAtBlockEnd(input: BlockCutInput): BlockCutResult {
  const tabSize = input.tabSize ?? 4;
  const { lines } = input;
  const out: string[] = [];
  let depth = 0;
  let constructOpened = false;
  let complete = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (out.length >= input.maxLines) return { lines: out, cut: true, closed: true };
    const trimmed = line.trim();
    if (i > 0 && !trimmed) {
      // At the top level, a blank line after a closed construct ends the completion.
      if (input.topLevel && depth <= 0 && constructOpened) return { lines: out, cut: true, closed: true };
      out.push(line);
      continue;
    }
    const { delta, min } = bracketBalance(line);
    const width = i === 0 ? Number.POSITIVE_INFINITY : indentWidth(line, tabSize);
    const startsWithCloser = CLOSERS.includes(trimmed.charAt(0));
    const closesOuter = (startsWithCloser && depth + min < 0) || (width < input.floor && CLOSER_WORD.test(trimmed) && isCloserLine(line));
    // Allman: the closer of a chainable block, last so far; its `else` / `catch` may be the next line.
    if (i > 0 && input.allman && i === lines.length - 1 && width === input.chainCol && isCloserLine(line) && delta === -1) {
      return { lines: [...out, line], cut: false, closed: false, pending: true };
    }
    if (i > 0 && (width < input.floor || depth + min < 0)) {
      const chained = CHAIN_LINE.test(trimmed) || (trimmed === '{' && CHAIN_LINE.test(out[out.length - 1]?.trim() ?? ''));
      // Allman style: the block's `}` alone, then the chain line (`else`, `catch (…)`) and its `{` alone.
      const closesBeforeChain = isCloserLine(line) && delta === -1 && CHAIN_LINE.test(nextCode(lines, i)?.trim() ?? '') && indentWidth(nextCode(lines, i)!, tabSize) === width;
      if (width === input.chainCol && (chained || closesBeforeChain) && depth + min >= -1) {
        out.push(line);
        // The chain's `{` alone reopens the block the cursor is in (as `} else {` does on one line).
        if (trimmed !== '{') depth = Math.max(0, depth + delta);
        continue;
      }
      // The line leaves the block. If it is the block's own closer and the file lacks it, keep it.
      if (closesOuter && !closesEnclosing(line, input, tabSize)) {
        out.push(line);
        return closersAtEof(lines, i, out, input, tabSize);
      }
      if (startsWithCloser && depth > 0) {
        // Closes something opened inside the completion, just indented oddly: still ours.
      } else {
        return { lines: out, cut: true, closed: true };
      }
    }
    out.push(line);
    if (delta > 0 || (i > 0 && width > input.floor)) constructOpened = true;
    // Mid-line, the first line may close what the cursor line opened ("age) {"): only what it opens after counts.
    depth += i === 0 && input.midLine ? delta - min : delta;
    // Top level, or the one block asked for: once what we opened is closed again, the construct is complete.
    const closesOwn = input.oneBlock ? startsWithCloser && depth - delta > 0 : startsWithCloser || /[)\]}];?\s*$/.test(trimmed);
    if ((input.topLevel || input.oneBlock) && constructOpened && depth <= 0 && i > 0 && closesOwn) {
      const rest = lines.slice(i + 1).some((l) => l.trim());
      if (rest) return { lines: out, cut: true, closed: true };
      complete = true;
    }
  }
  return { lines: out, cut: false, closed: complete || out.length >= input.maxLines };
}

/**
 * At the end of the file (nothing but blank lines below the cursor): the headers of the blocks left open
 * above it, innermost first (for an Allman `{` alone, the line above it), one per line that opens brackets.
 */
export function openAtEof(ctx: DocumentContext): string[] | undefined {
  if (ctx.lineSuffix.trim() || /\S/.test(ctx.suffix)) return undefined;
  const open: string[] = [];
  let prev = '';
  for (const l of ctx.prefix.split('\n')) {
    const { delta } = bracketBalance(l);
    // One block per line: `describe('x', () => {` opens one, and `});` closes it.
    if (delta > 0) open.push(l.trim() === '{' ? prev : l);
    else if (delta < 0) open.pop();
    if (l.trim()) prev = l;
  }
  return open.length ? open.reverse() : keywordBlocksAbove(ctx);
}

/** Without brackets (Ruby, Lua, Elixir): the headers above the cursor each left of the one below, that open a block. */
function keywordBlocksAbove(ctx: DocumentContext): string[] {
  const open: string[] = [];
  let min = indentWidth(ctx.linePrefix, 4) + 1;
  let seen = 0;
  for (const l of linesBackFrom(ctx.prefix)) {
    if (++seen > 2000 || min === 0) break;
    if (!l.trim()) continue;
    const w = indentWidth(l, 4);
    if (w >= min) continue;
    min = w;
    if (opensBlock(l)) open.push(l);
  }
  return open;
}
