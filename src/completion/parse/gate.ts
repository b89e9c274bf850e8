// The parse gate, applied after the rules have shaped an answer. A multi-line insertion that adds a syntax
// error the file did not have is cut at the last line end where it adds none (when what is left still holds
// a line of code), or dropped; one that closes the block holding the cursor and goes on is cut at that
// block's end. Only where the parse is unambiguous: insertions that replace text right of the cursor are left
// alone, and so are one-line answers (often the start of something the user goes on typing) unless they close
// a bracket they did not open: then closers the file already has are taken off their end.

import type { DocumentContext } from '../context';
import type { TsParser } from './treeSitter';
import { addedError, errorSpans, WindowParse, windowAround } from './syntaxErrors';
import { cutAtParsedBlockEnd } from './blockEnd';
import { bracketBalance } from '../blockCut';

export interface GateResult {
  insertText: string;
  replaceSuffixChars: number;
}

/**
 * `blockEnd`: cut at the end of the cursor's block; `cut`: cut before the lines that add an error;
 * `overBudget`: the parses took longer than the gate may, the rules' answer stands.
 */
export type GateAction = 'kept' | 'blockEnd' | 'cut' | 'dropped' | 'skipped' | 'overBudget';

export interface GateOutcome {
  result: GateResult | undefined;
  action: GateAction;
}

const MAX_CUTS = 8;
/**
 * What all the parses of one answer may take together: a guard against a pathological parse, not the
 * expected cost (a warm parser reads a clean window in about 1 ms, a broken one in 3); past it the rules'
 * answer stands.
 */
export const GATE_BUDGET_MS = 20;

class OverBudget extends Error {}

/** A line that is more than closers, punctuation or a comment. */
function isCode(line: string): boolean {
  const t = line.trim();
  return !!t && !/^[)\]}>;,]*$/.test(t) && !/^(?:\/\/|#|--|\/\*|\*)/.test(t);
}

interface Reading {
  adds: boolean;
  /** Offset in the inserted text where the first error it adds ends (past its end when the error lies after it). */
  errorAt?: number;
  /** The insertion cut at the end of the cursor's block, when it runs past it. */
  blockEnd?: string;
}

/** A one-line insertion that closes more than it opens and adds an error: as few of its trailing closers taken off as make it add none. */
function gateOneLine(p: GateResult, adds: (text: string) => boolean): GateOutcome {
  if (!adds(p.insertText)) return { result: p, action: 'kept' };
  const code = p.insertText.trimEnd();
  const tail = /[\s)\]};,]*$/.exec(code)![0].length;
  for (let end = code.length - 1; end >= code.length - tail; end--) {
    const text = code.slice(0, end).trimEnd();
    if (text.length < end || !isCode(text)) continue;
    if (!adds(text)) return { result: { insertText: text, replaceSuffixChars: 0 }, action: 'cut' };
  }
  return { result: undefined, action: 'dropped' };
}

export interface GateClock {
  /** Milliseconds all the parses of one answer may take together (default GATE_BUDGET_MS). */
  budgetMs?: number;
  now?: () => number;
}

export function gateInsertion(parser: TsParser, p: GateResult, ctx: DocumentContext, clock: GateClock = {}): GateOutcome {
  const now = clock.now ?? (() => performance.now());
  const oneLine = !p.insertText.includes('\n');
  if (p.replaceSuffixChars > 0 || (oneLine && bracketBalance(p.insertText).min >= 0)) return { result: p, action: 'skipped' };
  const win = new WindowParse(parser, windowAround(ctx.prefix, ctx.suffix), now() + (clock.budgetMs ?? GATE_BUDGET_MS), now);
  try {
    const before = win.errors();
    if (!before) return { result: p, action: 'overBudget' };
    const read = (text: string): Reading => {
      const r = win.withInsertion(text, (t) => {
        const errorAt = addedError(errorSpans(t.rootNode), before, { at: win.at, text, replaced: 0 });
        return { adds: errorAt !== undefined, errorAt, blockEnd: cutAtParsedBlockEnd(t, win.at, text) };
      });
      if (!r) throw new OverBudget();
      return r;
    };
    return oneLine ? gateOneLine(p, (text) => read(text).adds) : gateLines(p, ctx, read);
  } catch (e) {
    if (e instanceof OverBudget) return { result: p, action: 'overBudget' };
    throw e;
  } finally {
    win.dispose();
  }
}

function gateLines(p: GateResult, ctx: DocumentContext, read: (text: string) => Reading): GateOutcome {
  // Between brackets the rules end the insertion with a line break and the cursor line's indentation, so
  // the closers right of the cursor go to a line of their own: a cut keeps that ending.
  const lines = p.insertText.split('\n');
  const ending = ctx.lineSuffix.trim() && !lines[lines.length - 1].trim() ? '\n' + lines.pop()! : '';
  const whole = read(p.insertText);
  if (!whole.adds) {
    const cut = whole.blockEnd !== undefined && !whole.blockEnd.endsWith(ending) ? whole.blockEnd + ending : whole.blockEnd;
    if (cut === undefined || !cut.split('\n').some(isCode) || read(cut).adds) return { result: p, action: 'kept' };
    return { result: { insertText: cut, replaceSuffixChars: 0 }, action: 'blockEnd' };
  }
  // An error ends at or after the text that causes it: a cut that keeps the line where the first added error
  // ends keeps its cause.
  const errorLine = whole.errorAt === undefined ? lines.length : p.insertText.slice(0, whole.errorAt).split('\n').length - 1;
  for (let k = Math.min(lines.length - 1, errorLine), tries = 0; k >= 1 && tries < MAX_CUTS; k--) {
    const kept = lines.slice(0, k);
    if (!kept[k - 1].trim() || !kept.some(isCode)) continue;
    tries++;
    const text = kept.join('\n') + ending;
    if (!read(text).adds) return { result: { insertText: text, replaceSuffixChars: 0 }, action: 'cut' };
  }
  return { result: undefined, action: 'dropped' };
}
