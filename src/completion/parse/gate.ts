// The parse gate, applied after the rules have shaped an answer: a multi-line insertion that adds a syntax
// error the file did not have is cut at the last line end where it adds none (when what is left still holds
// a line of code), or dropped. Only where the parse is unambiguous: one-line answers (often the start of
// something the user goes on typing) and insertions that replace text right of the cursor are left alone.

import type { DocumentContext } from '../context';
import type { TsParser } from './treeSitter';
import { addedErrors, parseErrors, windowAround, type ErrorSpan } from './syntaxErrors';

export interface GateResult {
  insertText: string;
  replaceSuffixChars: number;
}

export type GateAction = 'kept' | 'cut' | 'dropped' | 'skipped';

export interface GateOutcome {
  result: GateResult | undefined;
  action: GateAction;
}

const MAX_CUTS = 24;

/** A line that is more than closers, punctuation or a comment. */
function isCode(line: string): boolean {
  const t = line.trim();
  return !!t && !/^[)\]}>;,]*$/.test(t) && !/^(?:\/\/|#|--|\/\*|\*)/.test(t);
}

export function gateInsertion(parser: TsParser, p: GateResult, ctx: DocumentContext): GateOutcome {
  if (!p.insertText.includes('\n') || p.replaceSuffixChars > 0) return { result: p, action: 'skipped' };
  const win = windowAround(ctx.prefix, ctx.suffix);
  const before = parseErrors(parser, win.head + win.tail);
  if (!before) return { result: p, action: 'skipped' };
  const adds = (text: string): boolean => {
    const after = parseErrors(parser, win.head + text + win.tail);
    return !after || addedErrors(after, before, { at: win.head.length, text, replaced: 0 }).length > 0;
  };
  if (!adds(p.insertText)) return { result: p, action: 'kept' };

  // Between brackets the rules end the insertion with a line break and the cursor line's indentation, so
  // the closers right of the cursor go to a line of their own: a cut keeps that ending.
  const lines = p.insertText.split('\n');
  const tailEnding = ctx.lineSuffix.trim() && !lines[lines.length - 1].trim() ? '\n' + lines.pop()! : '';
  for (let k = lines.length - 1, tries = 0; k >= 1 && tries < MAX_CUTS; k--) {
    const kept = lines.slice(0, k);
    if (!kept[k - 1].trim() || !kept.some(isCode)) continue;
    tries++;
    const text = kept.join('\n') + tailEnding;
    if (!adds(text)) return { result: { insertText: text, replaceSuffixChars: 0 }, action: 'cut' };
  }
  return { result: undefined, action: 'dropped' };
}

export type { ErrorSpan };
