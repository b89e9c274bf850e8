// The daily budget guard. Past `bedrockHaiku.budget.dailyUsd`, completions pause (they fire on every
// keystroke pause: money leaks silently), while chat and explain, which a person starts on purpose, go on
// after one confirmation a day. A one-click override lifts the guard until midnight. Day boundaries are
// the user's local calendar day, like the usage totals; the state lives in a store so a reload keeps it.

import type { Feature } from '../bedrock/types';
import { formatUsd } from '../bedrock/pricing';
import { Emitter } from '../shared/emitter';
import { dayOf, type KeyValueStore } from './usageStore';

export interface BudgetDecision {
  allowed: boolean;
  /** Why it was refused or needs a confirmation, in one sentence. */
  reason?: string;
  /** Chat/explain past the budget: ask once, then call `confirmToday()` and send. */
  needsConfirmation?: boolean;
  /** What to show where the answer would have been when the user declines. */
  declined?: string;
}

/** Today's spend of every window (the usage store). */
export interface SpendSource {
  refresh(): Promise<void>;
  today(): { costUsd: number } | undefined;
}

export type BudgetState =
  | { kind: 'none' }
  | { kind: 'under'; limitUsd: number; spentUsd: number }
  | { kind: 'over'; limitUsd: number; spentUsd: number }
  | { kind: 'overridden'; limitUsd: number; spentUsd: number };

const OVERRIDE_KEY = 'bedrockHaiku.budget.overrideDay';
const CONFIRMED_KEY = 'bedrockHaiku.budget.confirmedDay';

export class BudgetGuard {
  private readonly changed = new Emitter<[]>();
  /** Fires after an override, a confirmation or a change of the limit. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: KeyValueStore,
    private readonly limit: () => number | null | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** The limit in force, or undefined when none is set (empty, zero, negative or not a number, as the settings reader does). */
  limitUsd(): number | undefined {
    const l = this.limit();
    return typeof l === 'number' && Number.isFinite(l) && l > 0 ? l : undefined;
  }

  private today(): string {
    return dayOf(this.now());
  }

  isOverridden(): boolean {
    return this.store.get<string>(OVERRIDE_KEY) === this.today();
  }

  /**
   * The decision on every window's spend: another window may have spent since this one last looked, so the
   * usage is brought up to date first (a stat and the new bytes of today's file).
   */
  async decide(feature: Feature, usage: SpendSource): Promise<BudgetDecision> {
    // No limit (the default): nothing depends on the total, so no disk reads on every request's path
    // (measured: 6 ms p50, 13 ms p90 before each completion in code-server).
    if (this.limitUsd() === undefined) return { allowed: true };
    await usage.refresh().catch(() => undefined);
    return this.check(feature, usage.today()?.costUsd ?? 0);
  }

  check(feature: Feature, todaysCostUsd: number): BudgetDecision {
    const limit = this.limitUsd();
    if (limit === undefined || todaysCostUsd < limit || this.isOverridden()) return { allowed: true };
    const spent = `${formatUsd(todaysCostUsd)} of your ${formatUsd(limit)} daily budget`;
    if (feature === 'completion') {
      return { allowed: false, reason: `Completions are paused: today's Bedrock spending reached ${spent}. Allow more for today to resume them.` };
    }
    if (this.store.get<string>(CONFIRMED_KEY) === this.today()) return { allowed: true };
    return {
      allowed: false,
      needsConfirmation: true,
      reason: `Today's Bedrock spending reached ${spent}. Send anyway?`,
      declined: `Not sent: today's Bedrock spending reached ${spent}. Allow more for today to send it.`,
    };
  }

  state(todaysCostUsd: number): BudgetState {
    const limitUsd = this.limitUsd();
    if (limitUsd === undefined) return { kind: 'none' };
    const s = { limitUsd, spentUsd: todaysCostUsd };
    if (todaysCostUsd < limitUsd) return { kind: 'under', ...s };
    return this.isOverridden() ? { kind: 'overridden', ...s } : { kind: 'over', ...s };
  }

  /** Why completions are paused by the budget, for the status bar ("daily budget of $2.00 reached"), or undefined. */
  completionPause(todaysCostUsd: number): string | undefined {
    const state = this.state(todaysCostUsd);
    return state.kind === 'over' ? `daily budget of ${formatUsd(state.limitUsd)} reached` : undefined;
  }

  /** Chat and explain keep going for the rest of today without asking again. */
  async confirmToday(): Promise<void> {
    await this.store.update(CONFIRMED_KEY, this.today());
    this.changed.fire();
  }

  /** The limit setting changed: whoever shows the budget state must look again. */
  limitChanged(): void {
    this.changed.fire();
  }

  /** Lifts the guard for every feature until local midnight. */
  async overrideToday(): Promise<void> {
    await this.store.update(OVERRIDE_KEY, this.today());
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
