// The request in flight, and whether what the person typed since it began agrees with what it streams: the
// engine keeps a stream through keystrokes that confirm it and aborts it once they contradict it.

import { emptyUsage, type StreamResult } from '../bedrock/types';
import type { DocumentContext } from './context';
import { extractInsertion } from './extract';
import type { Processed } from './postprocess';

/** How long a stream outlives its last waiter, for the editor's immediate re-ask to take it over. */
export const HANDOVER_MS = 50;
export const TAIL_CHECK = 200;

export interface InFlight {
  controller: AbortController;
  uri: string;
  offset: number;
  prefixTail: string;
  lineSuffix: string;
  shape: { ctx: DocumentContext; multiline: boolean; prefilled: string; languageId: string };
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
  const soFar = extractInsertion(raw, f.shape.prefilled).replace(/^[ \t]+/, (ws) => (midLine ? ws : ''));
  const t = midLine ? typed : typed.replace(/^[ \t]+/, '');
  // A one-line answer cannot cover a line break typed since.
  if (!f.shape.multiline && t.includes('\n')) return 'contradicts';
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

/** The result a streamer that threw stands for. */
export function thrownResult(e: unknown): StreamResult {
  return {
    outcome: 'error', text: '', usage: emptyUsage(), timings: { totalMs: 0 }, cost: { usd: 0, estimate: false, cacheSavingsUsd: 0 },
    model: { displayName: '', invokeId: '', region: '' }, latencyOptimized: false,
    error: { kind: 'unknown', message: 'The completion request failed.', detail: e instanceof Error ? e.message : String(e) },
  };
}
