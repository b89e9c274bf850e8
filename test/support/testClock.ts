// A clock the test moves by hand (the account feature's Clock): sleeps complete at once (recording what was
// asked), timers fire only when advance() passes their due time. VirtualClock (virtualClock.ts) is the one
// whose sleeps wait for the clock to move.
import { abortError, type Clock, type Timer } from '../../src/aws/clock';

interface Pending {
  due: number;
  fn: () => void;
  cancelled: boolean;
}

export class TestClock implements Clock {
  readonly sleeps: number[] = [];
  private timers: Pending[] = [];

  constructor(public t = Date.parse('2026-11-25T09:00:00Z')) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    this.sleeps.push(ms);
    this.t += ms;
    return Promise.resolve();
  }

  setTimer(fn: () => void, ms: number): Timer {
    const p: Pending = { due: this.t + ms, fn, cancelled: false };
    this.timers.push(p);
    return { cancel: () => void (p.cancelled = true) };
  }

  /** Pending timers (not cancelled, not fired). */
  get scheduled(): number[] {
    return this.timers.filter((p) => !p.cancelled).map((p) => p.due);
  }

  /** Moves time forward, firing due timers in order and letting their async work settle. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      const next = this.timers.filter((p) => !p.cancelled && p.due <= target).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      next.cancelled = true;
      this.t = next.due;
      next.fn();
      await settle();
    }
    this.t = target;
    await settle();
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}
