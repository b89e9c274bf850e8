// Every finished request lands here: the status bar, its tooltip and the usage view read from it.
// Per-day totals and a bounded list of recent requests persist in a Memento-like store.

import type { Cost, ErrorKind, Feature, Outcome, Usage } from '../bedrock/types';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void> | void;
}

export interface UsageRecord {
  /** Epoch ms when the request finished. */
  at: number;
  feature: Feature;
  model: string;
  region: string;
  outcome: Outcome;
  errorKind?: ErrorKind;
  firstTokenMs?: number;
  totalMs: number;
  usage: Usage;
  costUsd: number;
  estimate: boolean;
  cacheSavingsUsd: number;
  /** global / geographic / inRegion, when known (prices differ per route). */
  route?: string;
  /** The application inference profile the request went through (usage groups by it). */
  profileArn?: string;
}

/** What every total of requests counts: per day here, per range in the usage view. */
export interface Totals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  cacheSavingsUsd: number;
}

export interface DayTotals extends Totals {
  day: string;
  costByFeature: Partial<Record<Feature, number>>;
}

const RECORDS_KEY = 'bedrockHaiku.usage.records';
const DAYS_KEY = 'bedrockHaiku.usage.days';
const MAX_RECORDS = 2000;
const MAX_DAYS = 400;

/** Local calendar day, since "today's cost" means the user's today. */
export function dayOf(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function percentile(sorted: number[], p: number): number | undefined {
  if (!sorted.length) return undefined;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export class UsageStore {
  private records: UsageRecord[];
  private days: Record<string, DayTotals>;
  private readonly sessionStart: number;
  private listeners = new Set<(r: UsageRecord) => void>();

  constructor(private readonly store: KeyValueStore, private readonly now: () => number = Date.now) {
    this.records = store.get<UsageRecord[]>(RECORDS_KEY) ?? [];
    this.days = store.get<Record<string, DayTotals>>(DAYS_KEY) ?? {};
    this.sessionStart = now();
  }

  onDidRecord(listener: (r: UsageRecord) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  record(r: UsageRecord): void {
    this.records.push(r);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    const day = dayOf(r.at);
    const t = (this.days[day] ??= {
      day, requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0,
      costUsd: 0, cacheSavingsUsd: 0, costByFeature: {},
    });
    t.requests++;
    t.inputTokens += r.usage.inputTokens;
    t.outputTokens += r.usage.outputTokens;
    t.cacheReadTokens += r.usage.cacheReadTokens;
    t.cacheWriteTokens += r.usage.cacheWriteTokens;
    t.costUsd += r.costUsd;
    t.cacheSavingsUsd += r.cacheSavingsUsd;
    t.costByFeature[r.feature] = (t.costByFeature[r.feature] ?? 0) + r.costUsd;
    const keys = Object.keys(this.days).sort();
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_DAYS))) delete this.days[k];
    void this.store.update(RECORDS_KEY, this.records);
    void this.store.update(DAYS_KEY, this.days);
    for (const l of this.listeners) l(r);
  }

  today(): DayTotals | undefined {
    return this.days[dayOf(this.now())];
  }

  allDays(): DayTotals[] {
    return Object.values(this.days).sort((a, b) => a.day.localeCompare(b.day));
  }

  recent(): readonly UsageRecord[] {
    return this.records;
  }

  last(): UsageRecord | undefined {
    return this.records[this.records.length - 1];
  }

  /** Totals of the requests made since this window started. */
  session(): { requests: number; costUsd: number; usage: Usage } {
    const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    let requests = 0;
    let costUsd = 0;
    for (const r of this.records) {
      if (r.at < this.sessionStart) continue;
      requests++;
      costUsd += r.costUsd;
      usage.inputTokens += r.usage.inputTokens;
      usage.outputTokens += r.usage.outputTokens;
      usage.cacheReadTokens += r.usage.cacheReadTokens;
      usage.cacheWriteTokens += r.usage.cacheWriteTokens;
    }
    return { requests, costUsd, usage };
  }

  /** p50/p90 of total latency over the most recent successful requests. */
  latency(feature?: Feature, last = 200): { p50?: number; p90?: number; count: number } {
    const xs = this.records
      .filter((r) => r.outcome === 'complete' && (!feature || r.feature === feature))
      .slice(-last)
      .map((r) => r.totalMs)
      .sort((a, b) => a - b);
    return { p50: percentile(xs, 50), p90: percentile(xs, 90), count: xs.length };
  }
}

export function recordFromResult(
  feature: Feature,
  result: { outcome: Outcome; usage: Usage; cost: Cost; timings: { firstTokenMs?: number; totalMs: number }; model: { displayName: string; region: string; route?: string; profileArn?: string }; error?: { kind: ErrorKind } },
  at: number,
): UsageRecord {
  return {
    at, feature, model: result.model.displayName, region: result.model.region, outcome: result.outcome,
    errorKind: result.error?.kind, firstTokenMs: result.timings.firstTokenMs, totalMs: result.timings.totalMs,
    usage: result.usage, costUsd: result.cost.usd, estimate: result.cost.estimate, cacheSavingsUsd: result.cost.cacheSavingsUsd,
    ...(result.model.route ? { route: result.model.route } : {}),
    ...(result.model.profileArn ? { profileArn: result.model.profileArn } : {}),
  };
}
