// Sees the end of an SSO session coming. A legacy (non-refreshable) token simply ends at expiresAt, so
// we warn ten minutes before. A refreshable one is renewed by the SDK on demand, so its expiresAt means
// little: ten minutes before it we try the refresh ourselves, and warn only when that fails (the session
// itself is ending). Time comes from an injected clock so tests move it by hand.

import type { Clock, Timer } from './clock';

export interface TokenStatus {
  expiresAt: number;
  refreshable: boolean;
}

export type SessionStatus =
  /** Before the first read. */
  | { kind: 'unknown' }
  | { kind: 'notSso' }
  | { kind: 'missing' }
  | { kind: 'valid'; expiresAt: number }
  | { kind: 'expiringSoon'; expiresAt: number }
  | { kind: 'expired'; expiresAt: number };

export interface ExpiryWatcherOptions {
  /** The active profile's token, undefined when there is none, 'notSso' when the profile is not SSO. */
  read: () => Promise<TokenStatus | 'notSso' | undefined>;
  /** Renews a refreshable token in the cache file; resolves true on success. */
  refresh?: () => Promise<boolean>;
  clock: Clock;
  warnBeforeMs?: number;
  onChange: (status: SessionStatus) => void;
}

export const WARN_BEFORE_MS = 10 * 60 * 1000;

export class ExpiryWatcher {
  private timer: Timer | undefined;
  private current: SessionStatus | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;
  /** expiresAt values whose refresh already failed: no retry loop for the same token. */
  private failedRefresh = new Set<number>();

  constructor(private readonly opts: ExpiryWatcherOptions) {}

  status(): SessionStatus {
    return this.current ?? { kind: 'unknown' };
  }

  /** Re-reads the token and reschedules; call on start, file change, profile change, sign-in. */
  check(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.evaluate();
      } while (this.again && !this.disposed);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async evaluate(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    let token = await this.opts.read().catch(() => undefined);
    if (this.disposed) return;
    if (token === 'notSso') return this.set({ kind: 'notSso' });
    if (!token) return this.set({ kind: 'missing' });

    const warnBefore = this.opts.warnBeforeMs ?? WARN_BEFORE_MS;
    if (token.expiresAt - this.opts.clock.now() <= warnBefore && token.refreshable && this.opts.refresh && !this.failedRefresh.has(token.expiresAt)) {
      const renewed = await this.opts.refresh().catch(() => false);
      if (this.disposed) return;
      if (renewed) {
        const fresh = await this.opts.read().catch(() => undefined);
        if (fresh && fresh !== 'notSso' && fresh.expiresAt > token.expiresAt) token = fresh;
        else this.failedRefresh.add(token.expiresAt);
      } else {
        this.failedRefresh.add(token.expiresAt);
      }
    }

    const left = token.expiresAt - this.opts.clock.now();
    if (left <= 0) return this.set({ kind: 'expired', expiresAt: token.expiresAt });
    if (left <= warnBefore) {
      this.set({ kind: 'expiringSoon', expiresAt: token.expiresAt });
      this.schedule(left);
      return;
    }
    this.set({ kind: 'valid', expiresAt: token.expiresAt });
    this.schedule(left - warnBefore);
  }

  private schedule(ms: number): void {
    this.timer = this.opts.clock.setTimer(() => void this.check(), ms);
  }

  private set(next: SessionStatus): void {
    const prev = this.current;
    this.current = next;
    const same = !!prev && prev.kind === next.kind && ('expiresAt' in prev ? prev.expiresAt : 0) === ('expiresAt' in next ? next.expiresAt : 0);
    if (!same) this.opts.onChange(next);
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.cancel();
  }
}
