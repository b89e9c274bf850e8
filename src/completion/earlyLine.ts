// The first line of a block on screen while the rest of it streams. A block (a multi-line answer, or a
// one-line request whose line opens one) used to show only once it had closed in the stream; its first
// line is usually complete hundreds of milliseconds earlier. As soon as that line is complete and the
// shaper keeps it, the engine returns it; once the block is complete and starts with that same line, the
// editor is asked to ask again and gets the whole block from what the engine kept (engine.ts).

import { postProcess, type PostProcessInput, type Processed } from './postprocess';
import type { ShownSuggestion } from './cache';
import type { InFlight } from './flight';
import type { CompletionItem } from './types';

export type Shape = Omit<PostProcessInput, 'raw'>;

/**
 * The first line of the answer so far, shaped as the shaper shapes what has arrived: undefined while no
 * complete line of code has arrived (or the shaper drops what has). Only where nothing but spaces follows
 * the cursor: before closers, the finished block may replace them or move them below its last line, and
 * a first line shown alone would sit before closers that end up elsewhere.
 */
export function shapedFirstLine(textSoFar: string, shape: Shape): Processed | undefined {
  if (shape.ctx.lineSuffix.trim()) return undefined;
  const nl = textSoFar.lastIndexOf('\n');
  if (nl < 0) return undefined;
  const shaped = postProcess({ ...shape, raw: textSoFar.slice(0, nl) });
  if (!shaped || shaped.replaceSuffixChars) return undefined;
  const first = shaped.insertText.split('\n', 1)[0];
  return first.trim() ? { insertText: first, replaceSuffixChars: 0 } : undefined;
}

/** Whether `block` is `first` with more lines after it: showing it in place of `first` changes no character of it. */
export function extendsLine(block: Processed, first: Processed): boolean {
  return block.replaceSuffixChars === first.replaceSuffixChars && block.insertText.startsWith(first.insertText + '\n');
}

/**
 * The first line of one stream: looked for at each line break while the stream runs on (the engine asks
 * only when the stream goes on past the line), settled once, with null when the stream ended first.
 */
export class FirstLine {
  value: Processed | null | undefined;
  readonly ready: Promise<Processed | null>;
  private settle!: (v: Processed | null) => void;
  /** Length of the text at the last look: the shaper runs once per line break, not once per chunk. */
  private looked = -1;

  constructor(private readonly shape: Shape) {
    this.ready = new Promise((r) => (this.settle = r));
  }

  see(textSoFar: string): void {
    if (this.value !== undefined) return;
    const nl = textSoFar.lastIndexOf('\n');
    if (nl <= this.looked) return;
    this.looked = nl;
    const line = shapedFirstLine(textSoFar, this.shape);
    if (line) this.set(line);
  }

  /** The stream ended (complete, cut or failed): nothing more to wait for. */
  end(): void {
    if (this.value === undefined) this.set(null);
  }

  private set(v: Processed | null): void {
    this.value = v;
    this.settle(v);
  }
}

export interface EarlyLineDeps {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** The position (`uri@offset`) of the engine's latest call: only it may be shown anything. */
  latestAt(): string;
  shown: ShownSuggestion;
  /** Asks the editor to ask again at the cursor (EngineDeps.reask). */
  reask?: () => void;
  /** The least time between showing a first line and asking again for its block. */
  delayMs: number;
}

/** The engine's side of first lines on screen: showing one, keeping its stream, and asking again for its block. */
export class EarlyLines {
  /** Where the editor was asked to ask again for the finished block of a first line on screen. */
  private reaskAt: string | undefined;

  constructor(private readonly deps: EarlyLineDeps) {}

  /** For every call: whether it is the editor asking again, as asked, at `at` (once). */
  reasked(at: string): boolean {
    const yes = this.reaskAt === at;
    this.reaskAt = undefined;
    return yes;
  }

  /**
   * The first line of `flight`'s block as soon as it is known, if the stream is still running then and the
   * caller at `at` (who typed `typed` since the flight began) is the latest and has not typed all of it.
   */
  async wait(flight: InFlight, signal: AbortSignal, at: string, typed: string): Promise<CompletionItem | undefined> {
    if (!flight.first) return undefined;
    const line = await Promise.race([flight.first.ready, flight.result.then(() => null)]);
    if (!line || flight.processed !== undefined || flight.controller.signal.aborted || signal.aborted || this.deps.latestAt() !== at) return undefined;
    if (line.insertText.length <= typed.length || !line.insertText.startsWith(typed)) return undefined;
    flight.earlyShown = { at, time: this.deps.now() };
    const item: CompletionItem = { ...line, source: 'network', multiline: flight.shape.multiline, requestId: flight.id, partial: true };
    this.deps.shown.remember(flight.uri, flight.offset, flight.shape.ctx.prefix, item);
    return typed ? { ...item, insertText: line.insertText.slice(typed.length), source: 'inFlight' } : item;
  }

  /** `through`, the rest of the suggestion on screen, is the rest of `flight`'s first line: the block streams on for `at`. */
  typedOn(through: CompletionItem, flight: InFlight | undefined, at: string): boolean {
    if (!through.partial || !flight || flight.id !== through.requestId || flight.processed !== undefined) return false;
    flight.earlyShown = { at, time: this.deps.now() };
    return true;
  }

  /**
   * `flight` ended without a block (cut when typing contradicted it, or by a move elsewhere): its first line
   * is no longer on screen, and typing it again later is no reason to ask nothing (the block is lost).
   */
  lost(flight: InFlight): void {
    if (flight.earlyShown) this.deps.shown.forgetFirstLineOf(flight.id);
  }

  /**
   * `flight` completed as `block`. False when a first line of it is on screen that the block does not start
   * with: that line stays the suggestion (no other first line replaces it). Otherwise true, and when the
   * block grows a first line on screen, the editor is asked again, once it has had a moment to show that
   * line, if nobody moved since.
   */
  completed(flight: InFlight, block: Processed): boolean {
    const shown = flight.earlyShown;
    const first = flight.first?.value;
    if (!shown || !first) return true;
    // The answer was that one line after all: nothing to grow.
    if (block.insertText === first.insertText && block.replaceSuffixChars === first.replaceSuffixChars) return true;
    if (!extendsLine(block, first)) return false;
    const wait = Math.max(0, shown.time + this.deps.delayMs - this.deps.now());
    void this.deps.sleep(wait, new AbortController().signal).then(() => {
      if (this.deps.latestAt() !== shown.at || !this.deps.reask) return;
      this.reaskAt = shown.at;
      this.deps.reask();
    });
    return true;
  }
}
