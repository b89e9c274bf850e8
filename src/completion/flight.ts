// The request in flight, and whether what the person typed since it began agrees with what it streams: the
// engine keeps a stream through keystrokes that confirm it and aborts it once they contradict it.

import { emptyUsage, type StreamResult } from '../bedrock/types';
import type { DocumentContext } from './context';
import { extractInsertion } from './extract';
import { ellipsisBodies } from './ellipsisBodies';
import type { Processed } from './postprocess';
import type { FirstLine } from './earlyLine';
import type { CompletionRequest } from './types';

/** How long a stream outlives its last waiter, for the editor's immediate re-ask to take it over. */
export const HANDOVER_MS = 50;
export const TAIL_CHECK = 200;

export interface InFlight {
  controller: AbortController;
  uri: string;
  offset: number;
  prefixTail: string;
  lineSuffix: string;
  shape: { ctx: DocumentContext; multiline: boolean; prefilled: string; languageId: string; relativePath?: string };
  textSoFar: string;
  /** What the latest waiter typed since the flight began. */
  typed?: string;
  /** Aborted because its text disagreed with what was typed meanwhile. */
  contradicted?: boolean;
  waiters: number;
  result: Promise<StreamResult>;
  id: number;
  /** Set when the stream completed: the post-processed answer, or null when there is none. */
  processed?: Processed | null;
  /** Asked for ahead of an accept (speculate.ts): nobody waits for it yet, and it is not shown until someone does. */
  speculative?: boolean;
  /** The block's first line, looked for while the stream runs on past it (earlyLine.ts); absent when not shown early. */
  first?: FirstLine;
  /**
   * The first line is on screen: the position (`uri@offset`) of the latest call that showed it (or the rest of
   * it, typed partway), and when. The stream runs on without a waiter; once complete, the editor is asked again there.
   */
  earlyShown?: { at: string; time: number };
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Does the text typed since the flight began agree with what the flight has streamed so far? */
export function agreement(f: InFlight, typed: string): 'confirms' | 'unknown' | 'contradicts' {
  const midLine = f.shape.ctx.linePrefix.trim() !== '';
  // On a blank line the model may write the indentation the editor already put there.
  // A tag still arriving ("<ins") says nothing yet. Only the text after the last "<" can be one: an
  // end-anchored regex would retry from every "<" of the answer, on every chunk.
  const lt = f.textSoFar.lastIndexOf('<');
  const raw = lt >= 0 && /^<\/?[A-Za-z_]*$/.test(f.textSoFar.slice(lt)) ? f.textSoFar.slice(0, lt) : f.textSoFar;
  const soFar = extractInsertion(raw, f.shape.prefilled, { ellipsisIsCode: ellipsisBodies(f.shape.languageId, f.shape.ctx.prefix, f.shape.relativePath) }).replace(/^[ \t]+/, (ws) => (midLine ? ws : ''));
  const t = midLine ? typed : typed.replace(/^[ \t]+/, '');
  // The first line shown early, typed or accepted: it is the answer's, as shaped (the raw text may differ in its spaces).
  const early = f.first?.value;
  if (early && early.insertText.startsWith(typed)) return 'confirms';
  // A one-line answer cannot cover a line break typed since, unless it is a block whose first line has arrived.
  if (!f.shape.multiline && !early && t.includes('\n')) return 'contradicts';
  if (soFar.length >= t.length) return soFar.startsWith(t) ? 'confirms' : 'contradicts';
  return t.startsWith(soFar) ? 'unknown' : 'contradicts';
}

/**
 * The follow-up asked ahead for a suggestion that ends its line (speculate.ts): on accept at `offset` it is
 * shown behind `lead`, the line break and indentation of the next line; its answer lands in the cache under `key`.
 */
export interface Ahead {
  uri: string;
  offset: number;
  lead: string;
  key: { prefix: string; lineSuffix: string; multiline: boolean };
  flight?: InFlight;
}

/**
 * `f`, if the caller's position is the flight's plus characters typed that agree with what the model has
 * streamed so far (as far as it got; `unconfirmed`: also when it has not got that far yet).
 */
export function joinable(f: InFlight | undefined, request: CompletionRequest, ctx: DocumentContext, unconfirmed: boolean): { flight: InFlight; typed: string } | undefined {
  if (!f || f.uri !== request.document.uri || f.controller.signal.aborted) return undefined;
  const n = request.offset - f.offset;
  // At its own position only a flight asked ahead (for an accept) is waiting for a taker.
  if (n < 0 || (n === 0 && !f.speculative) || n > ctx.prefix.length || ctx.lineSuffix !== f.lineSuffix) return undefined;
  const typed = ctx.prefix.slice(ctx.prefix.length - n);
  const before = ctx.prefix.slice(0, ctx.prefix.length - n);
  if (!before.endsWith(f.prefixTail.slice(-Math.min(f.prefixTail.length, before.length)))) return undefined;
  if (f.processed !== undefined) return undefined;
  const verdict = agreement(f, typed);
  if (verdict !== 'confirms' && !(verdict === 'unknown' && unconfirmed)) return undefined;
  f.typed = typed;
  return { flight: f, typed };
}

/** The result a streamer that threw stands for. */
export function thrownResult(e: unknown): StreamResult {
  return {
    outcome: 'error', text: '', usage: emptyUsage(), timings: { totalMs: 0 }, cost: { usd: 0, estimate: false, cacheSavingsUsd: 0 },
    model: { displayName: '', invokeId: '', region: '' }, latencyOptimized: false,
    error: { kind: 'unknown', message: 'The completion request failed.', detail: e instanceof Error ? e.message : String(e) },
  };
}
