// When to get the connection and credentials ready before a completion needs them. A warm connection
// answers a PING cheaply, but after a while idle the server may have closed it and SSO credentials may
// need a refresh: the first completion after a pause would pay a handshake on its critical path. Warming
// up when the window gains focus, or on the first keystroke after idle, overlaps that with the debounce.

/** Quiet time after which the connection may be cold (servers close idle HTTP/2 connections after about a minute). */
export const IDLE_MS = 30_000;

export class Warmup {
  private lastActivity = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly warm: () => void,
    private readonly now: () => number = Date.now,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** A keystroke, a request or the window gaining focus; warms up when it ends an idle period. Returns whether it did. */
  activity(): boolean {
    const t = this.now();
    const idle = t - this.lastActivity >= this.idleMs;
    this.lastActivity = t;
    if (idle) this.warm();
    return idle;
  }
}
