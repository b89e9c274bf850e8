// The request in flight, and whether what was typed since it began still agrees with what it is streaming
// (then a later keystroke waits for it instead of asking again).

import type { StreamResult } from '../bedrock/types';
import type { DocumentContext } from './context';
import { extractInsertion } from './extract';
import type { Processed } from './postprocess';

export interface InFlight {
  controller: AbortController;
  uri: string;
  offset: number;
  prefixTail: string;
  lineSuffix: string;
  shape: { ctx: DocumentContext; multiline: boolean; prefilled: string };
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
}

/** Does the text typed since the flight began agree with what the flight has streamed so far? */
export function agreement(f: InFlight, typed: string): 'confirms' | 'unknown' | 'contradicts' {
  const midLine = f.shape.ctx.linePrefix.trim() !== '';
  // A tag still arriving ("<ins") says nothing yet. Only the text after the last "<" can be one: an
  // end-anchored regex would retry from every "<" of the answer, on every chunk.
  const lt = f.textSoFar.lastIndexOf('<');
  const raw = lt >= 0 && /^<\/?[A-Za-z_]*$/.test(f.textSoFar.slice(lt)) ? f.textSoFar.slice(0, lt) : f.textSoFar;
  // On a blank line the model may write the indentation the editor already put there.
  const soFar = extractInsertion(raw, f.shape.prefilled).replace(/^[ \t]+/, (ws) => (midLine ? ws : ''));
  const t = midLine ? typed : typed.replace(/^[ \t]+/, '');
  // A one-line answer cannot cover a line break typed since.
  if (!f.shape.multiline && t.includes('\n')) return 'contradicts';
  if (soFar.length >= t.length) return soFar.startsWith(t) ? 'confirms' : 'contradicts';
  return t.startsWith(soFar) ? 'unknown' : 'contradicts';
}
