// A clock the test moves: timers (sleeps) fire in order only when advanceTo() or advance() passes their due
// time, with promise chains settling between them. The engine, next-edit controller and benchmarks run on it,
// so they are deterministic and take milliseconds.

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

export class VirtualClock {
  private t = 0;
  private seq = 0;
  private timers: Timer[] = [];

  readonly now = (): number => this.t;

  /** Resolves after `ms` of virtual time, or at once when `signal` aborts. */
  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fire: () => done() };
      const done = () => {
        this.timers = this.timers.filter((x) => x !== timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', done, { once: true });
    });

  /** Runs every timer due up to `target` (in order), letting promise chains settle between them. */
  async advanceTo(target: number): Promise<void> {
    await flush();
    for (;;) {
      const next = this.timers.reduce<Timer | undefined>((a, b) => (!a || b.at < a.at || (b.at === a.at && b.seq < a.seq) ? b : a), undefined);
      if (!next || next.at > target) break;
      this.t = next.at;
      next.fire();
      await flush();
    }
    this.t = Math.max(this.t, target);
  }

  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.t + ms);
  }

  /** Runs until no timer is left (bounded, in case something loops). */
  async runAll(limitMs = 600_000): Promise<void> {
    const end = this.t + limitMs;
    while (this.timers.length && this.t < end) {
      const next = Math.min(...this.timers.map((x) => x.at));
      await this.advanceTo(next);
    }
  }
}

export function flush(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
