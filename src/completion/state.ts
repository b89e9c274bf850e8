// Whether completions run now, and if not, why: turned off, snoozed, paused by the budget, signed out or
// throttled. The status bar reads `statusText()` and listens to `onDidChange`; the command and the
// status-bar action call `set()`.

import { Emitter } from '../shared/emitter';
import type { KeyValueStore } from '../status/api';
import type { SkipReason } from './types';

export type CompletionMode = 'on' | 'off' | 'snoozed';

export const SNOOZE_MS = 15 * 60_000;
/** After throttling, completions rest this long instead of adding to the pressure on every keystroke. */
export const THROTTLE_PAUSE_MS = 20_000;
/** While signed out, one probe request is allowed this often (a sign-in from a terminal fires no event). */
export const SIGNED_OUT_PROBE_MS = 120_000;

const MODE_KEY = 'bedrockHaiku.completions.mode';
const SNOOZE_KEY = 'bedrockHaiku.completions.snoozedUntil';

export interface Blocked {
  reason: SkipReason;
  text: string;
}

function clock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export class CompletionState {
  private readonly changed = new Emitter<[]>();
  /** Fires when what `statusText()` or `blocked()` says may have changed. */
  readonly onDidChange = this.changed.event;
  private off: boolean;
  private snoozedUntilMs: number | undefined;
  private pauseCheck: () => string | undefined = () => undefined;
  private signedOut: { message: string; since: number; lastProbe: number } | undefined;
  /** A failure asking again will not fix (access denied, retired model …) until something changes. */
  private failing: string | undefined;
  private throttledUntil = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store?: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {
    this.off = store?.get<CompletionMode>(MODE_KEY) === 'off';
    const until = store?.get<number>(SNOOZE_KEY);
    this.snoozedUntilMs = typeof until === 'number' && until > now() ? until : undefined;
    this.armTimer();
  }

  /** on, off, or off for 15 minutes (or `ms`). */
  set(mode: CompletionMode, ms = SNOOZE_MS): void {
    this.off = mode === 'off';
    this.snoozedUntilMs = mode === 'snoozed' ? this.now() + ms : undefined;
    void this.store?.update(MODE_KEY, this.off ? 'off' : 'on');
    void this.store?.update(SNOOZE_KEY, this.snoozedUntilMs);
    this.armTimer();
    this.changed.fire();
  }

  mode(): CompletionMode {
    if (this.off) return 'off';
    if (this.snoozedUntilMs !== undefined && this.snoozedUntilMs > this.now()) return 'snoozed';
    return 'on';
  }

  snoozedUntil(): number | undefined {
    return this.mode() === 'snoozed' ? this.snoozedUntilMs : undefined;
  }

  /** The budget hook: returns why completions must pause (e.g. "daily budget reached"), or undefined. */
  setPauseCheck(check: () => string | undefined): void {
    this.pauseCheck = check;
    this.changed.fire();
  }

  /** Called when a request fails for lack of credentials; cleared when credentials change. */
  setSignedOut(message: string | undefined): void {
    const was = !!this.signedOut;
    this.signedOut = message ? { message, since: this.now(), lastProbe: this.now() } : undefined;
    if (was !== !!message) this.changed.fire();
  }

  isSignedOut(): boolean {
    return !!this.signedOut;
  }

  /**
   * Pauses automatic completions after a permanent failure (access denied, retired or unknown model, a
   * failing credential_process): retrying at every typing pause would only repeat it. Cleared by
   * `setFailing(undefined)` when the settings, credentials or model change, or when a request succeeds.
   */
  setFailing(message: string | undefined): void {
    if (this.failing === message) return;
    this.failing = message;
    this.changed.fire();
  }

  isFailing(): boolean {
    return this.failing !== undefined;
  }

  setThrottled(forMs = THROTTLE_PAUSE_MS): void {
    this.throttledUntil = this.now() + forMs;
    this.changed.fire();
    this.armTimer();
  }

  /** What stops a completion right now; undefined: go ahead. Explicit requests bypass the signed-out and throttle pauses. */
  blocked(opts: { explicit?: boolean } = {}): Blocked | undefined {
    const mode = this.mode();
    if (mode === 'off') return { reason: 'disabled', text: 'Completions off' };
    if (mode === 'snoozed') return { reason: 'snoozed', text: `Completions off until ${clock(this.snoozedUntilMs!)}` };
    const paused = this.pauseCheck();
    if (paused) return { reason: 'paused', text: `Completions paused: ${paused}` };
    // One probe now and then: a sign-in done outside the editor sends us no event.
    if (this.signedOut && !opts.explicit && this.now() - this.signedOut.lastProbe < SIGNED_OUT_PROBE_MS) {
      return { reason: 'signedOut', text: 'Completions paused: signed out' };
    }
    // An explicit request (Alt+\) is the way to try again by hand.
    if (this.failing !== undefined && !opts.explicit) return { reason: 'failing', text: `Completions paused: ${this.failing} They resume when the settings, credentials or model change, or press Alt+\\ to retry.` };
    if (this.now() < this.throttledUntil && !opts.explicit) return { reason: 'throttled', text: 'Completions paused: throttled' };
    return undefined;
  }

  /** The engine calls this when it sends a request: a request while signed out is the probe. */
  noteRequestSent(): void {
    if (this.signedOut) this.signedOut.lastProbe = this.now();
  }

  /** For the status bar: undefined while completions run normally. */
  statusText(): string | undefined {
    const b = this.blocked();
    if (b) return b.text;
    return this.signedOut ? 'Completions paused: signed out' : undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }

  /** Fires a change when the snooze or the throttle pause ends, so the status bar clears by itself. */
  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const ends = [this.snoozedUntilMs, this.throttledUntil].filter((t): t is number => t !== undefined && t > this.now());
    if (!ends.length) return;
    const wait = Math.max(0, Math.min(...ends) - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
      this.armTimer();
    }, wait + 50);
    (this.timer as { unref?: () => void }).unref?.();
  }
}
