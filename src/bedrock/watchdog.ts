// Our own timeouts for a stream. The SDK's only guard is a 300 s socket timeout, after which it retries
// a request that never got headers for another 300 s: a hung stream kept chat busy for ten minutes.
// The watchdog ends the request itself (the caller aborts its controller, so the SDK does not retry).

import type { Feature, StreamTimeouts } from './types';

/**
 * Completions are worthless after a few seconds and are replaced at the next typing pause anyway;
 * chat and explain wait longer, as a long prompt can take a while before the first event.
 */
export const DEFAULT_TIMEOUTS: Record<Feature, StreamTimeouts> = {
  completion: { firstByteMs: 10_000, idleMs: 10_000 },
  nextEdit: { firstByteMs: 10_000, idleMs: 10_000 },
  chat: { firstByteMs: 30_000, idleMs: 30_000 },
  explain: { firstByteMs: 30_000, idleMs: 30_000 },
  lmChat: { firstByteMs: 30_000, idleMs: 30_000 },
  test: { firstByteMs: 30_000, idleMs: 30_000 },
};

export type TimeoutStage = 'firstByte' | 'idle';

/** Thrown into the waiting code when a timer expires; never escapes BedrockService. */
export class StreamTimeout extends Error {
  constructor(readonly stage: TimeoutStage, readonly afterMs: number) {
    super(stage === 'firstByte' ? `no answer from Bedrock within ${afterMs} ms` : `no event from Bedrock for ${afterMs} ms mid-stream`);
    this.name = 'StreamTimeout';
  }
}

export class StreamWatchdog {
  /** Set once a timer expired. */
  expiredWith: StreamTimeout | undefined;
  /** Rejects with StreamTimeout when a timer expires; race it against every wait. */
  readonly expired: Promise<never>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private fail!: (e: StreamTimeout) => void;

  constructor(private readonly timeouts: StreamTimeouts, private readonly onExpire: () => void) {
    this.expired = new Promise<never>((_, reject) => (this.fail = reject));
    this.expired.catch(() => undefined); // only observed through races
  }

  /** Request sent: the first event must come within firstByteMs. */
  start(): void {
    this.arm('firstByte', this.timeouts.firstByteMs);
  }

  /** An event arrived: the next one must come within idleMs. */
  event(): void {
    this.arm('idle', this.timeouts.idleMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Waits for `p` unless a timer expires first (then rejects with StreamTimeout; `p` is left to settle). */
  race<T>(p: Promise<T>): Promise<T> {
    p.catch(() => undefined);
    return Promise.race([p, this.expired]);
  }

  /** The events of `stream`, each awaited under the watchdog, which is told of each one. */
  async *events<T>(stream: AsyncIterable<T> | undefined): AsyncGenerator<T> {
    if (!stream) return;
    const it = stream[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await this.race(it.next());
        if (next.done) return;
        this.event();
        yield next.value;
      }
    } finally {
      // Not awaited: after a timeout the SDK's iterator may still be waiting for bytes that never come.
      void it.return?.()?.catch(() => undefined);
    }
  }

  private arm(stage: TimeoutStage, ms: number): void {
    clearTimeout(this.timer);
    if (!(ms > 0) || this.expiredWith) return;
    this.timer = setTimeout(() => {
      this.expiredWith = new StreamTimeout(stage, ms);
      this.onExpire();
      this.fail(this.expiredWith);
    }, ms);
  }
}
