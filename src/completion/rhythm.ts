// How long to wait after a keystroke before asking, read from the person's own typing rhythm. Mid-word, a
// key predicts another one soon, and a fixed short debounce fires between the keys of a word (a request
// the next key overtakes: input tokens paid for nothing). Waiting out most of this person's recent gaps
// fires once the word is done; at a word boundary, and after a pause, the setting applies as it is.
// The typing-trace benchmark measured it: about 6 % fewer requests at the same latency (a rhythm wait in
// every burst saves more requests but shows ghost text later).

export interface RhythmOptions {
  /** Which share of recent in-burst gaps the wait should outlast (0–1). */
  quantile: number;
  /** A gap at least this long is a pause, not part of the typing rhythm. */
  pauseMs: number;
  /** Upper bound of the wait, whatever the rhythm. */
  maxMs: number;
  /** Gaps remembered (the latest ones). */
  samples: number;
  /** Fewer gaps than this known: use the base wait. */
  minSamples: number;
  /** Wait after a key that ends a pause, as a share of the base wait ("fire fast"); 1 keeps the base. */
  afterPause: number;
  /** Only stretch the wait when the cursor ends a partial word (false: everywhere in a burst). */
  wordsOnly: boolean;
  /** Wait at a word boundary in a burst, as a share of the base wait. */
  atBoundary: number;
}

// Chosen with the typing-trace benchmark (test/bench/RESULTS.md, "Variants").
export const DEFAULT_RHYTHM: RhythmOptions = { quantile: 0.95, pauseMs: 600, maxMs: 300, samples: 16, minSamples: 4, afterPause: 1, wordsOnly: true, atBoundary: 1 };

export class TypingRhythm {
  private readonly gaps: number[] = [];
  private lastAt: number | undefined;
  private lastKey = '';
  private lastGap = Number.POSITIVE_INFINITY;
  readonly options: RhythmOptions;

  constructor(
    private readonly now: () => number,
    options: Partial<RhythmOptions> = {},
  ) {
    this.options = { ...DEFAULT_RHYTHM, ...options };
  }

  /**
   * Notes a keystroke. `key` identifies the edit (document, offset, version): the editor may ask twice
   * for the same one, and a repeat is not a key.
   */
  key(key: string): void {
    if (key === this.lastKey) return;
    this.lastKey = key;
    const t = this.now();
    if (this.lastAt !== undefined) {
      this.lastGap = t - this.lastAt;
      if (this.lastGap < this.options.pauseMs) {
        this.gaps.push(this.lastGap);
        if (this.gaps.length > this.options.samples) this.gaps.shift();
      }
    }
    this.lastAt = t;
  }

  /** The wait before asking for the keystroke noted last; never below `baseMs` except right after a pause. */
  debounce(baseMs: number, midWord = true): number {
    const o = this.options;
    if (this.lastGap >= o.pauseMs) return Math.round(baseMs * o.afterPause);
    if (o.wordsOnly && !midWord) return Math.round(baseMs * o.atBoundary);
    if (this.gaps.length < o.minSamples) return baseMs;
    const sorted = [...this.gaps].sort((a, b) => a - b);
    const q = sorted[Math.min(sorted.length - 1, Math.floor(o.quantile * sorted.length))];
    return Math.round(Math.min(Math.max(baseMs, o.maxMs), Math.max(baseMs, q)));
  }
}

/**
 * How much earlier than the edit's arrival here the window's own stamp of a request is believed. The window
 * may run on another machine (code-server, remote) with a clock of its own: a stamp outside this range is
 * skew, not the hop from the window to the extension host, and the edit's arrival is used instead.
 */
export const MAX_HOP_MS = 80;

/**
 * When the keystroke behind a call happened, on this process's clock. The debounce setting counts from the
 * keystroke, but the extension host hears of it only after the hop from the window (measured in code-server:
 * 15–60 ms). VS Code (1.139) stamps each request where the edit happens (`requestIssuedDateTime`, before
 * its own wait and the hop): when that stamp is plausible it is the keystroke's time.
 */
export function keystrokeAt(editHeardAt: number, issuedAt: number | undefined): number {
  if (issuedAt === undefined || !Number.isFinite(issuedAt)) return editHeardAt;
  const hop = editHeardAt - issuedAt;
  return hop >= 0 && hop <= MAX_HOP_MS ? issuedAt : editHeardAt;
}
