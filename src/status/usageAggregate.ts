// What the usage view plots, computed from the usage store's records and day totals. Pure and free of
// Node APIs: the webview bundle runs the same code in the browser, and the unit tests run it in Node.

import type { Feature } from '../bedrock/types';
import { dayOf, percentile, type DayTotals, type Totals, type UsageRecord } from './usageStore';
import { addUsageOf } from './usageFile';

export { FEATURES } from '../bedrock/types';

export type Range = '24h' | '7d' | '30d' | 'all';

export const RANGE_MS: Record<Range, number> = { '24h': 24 * 3600_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, all: Number.POSITIVE_INFINITY };

export function inRange(records: readonly UsageRecord[], range: Range, now: number): UsageRecord[] {
  const from = now - RANGE_MS[range];
  return records.filter((r) => r.at >= from && r.at <= now);
}

export interface LatencyBucket {
  /** Bucket start, epoch ms. */
  start: number;
  end: number;
  count: number;
  p50: number;
  p90: number;
}

/** A bucket width that gives a readable line: hours for a day or two, then 6 h, then days. */
export function bucketMs(spanMs: number): number {
  const h = 3600_000;
  if (spanMs <= 2 * 86_400_000) return h;
  if (spanMs <= 10 * 86_400_000) return 6 * h;
  return 24 * h;
}

/** p50/p90 of total latency per time bucket, over completed requests only (errors have no latency worth plotting). */
export function latencyOverTime(records: readonly UsageRecord[], bucket: number): LatencyBucket[] {
  const ok = records.filter((r) => r.outcome === 'complete');
  const groups = new Map<number, number[]>();
  for (const r of ok) {
    const start = Math.floor(r.at / bucket) * bucket;
    let g = groups.get(start);
    if (!g) groups.set(start, (g = []));
    g.push(r.totalMs);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, xs]) => {
      xs.sort((a, b) => a - b);
      return { start, end: start + bucket, count: xs.length, p50: percentile(xs, 50)!, p90: percentile(xs, 90)! };
    });
}

export interface HistogramBin {
  from: number;
  /** Exclusive; Infinity for the overflow bin. */
  to: number;
  counts: Partial<Record<Feature, number>>;
  total: number;
}

const NICE = [10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000];

/**
 * Latency histogram with a round bin width. The range stops at the 98th percentile so one 30-second
 * outlier does not squash everything into the first bar; slower requests land in a final "≥" bin.
 */
export function latencyHistogram(records: readonly UsageRecord[], targetBins = 20): HistogramBin[] {
  const ok = records.filter((r) => r.outcome === 'complete');
  if (!ok.length) return [];
  const sorted = ok.map((r) => r.totalMs).sort((a, b) => a - b);
  const top = Math.max(percentile(sorted, 98)!, 1);
  const width = NICE.find((w) => top / w <= targetBins) ?? Math.ceil(top / targetBins / 1000) * 1000;
  const n = Math.max(1, Math.ceil((top + 1) / width));
  const bins: HistogramBin[] = Array.from({ length: n }, (_, i) => ({ from: i * width, to: (i + 1) * width, counts: {}, total: 0 }));
  const overflow: HistogramBin = { from: n * width, to: Number.POSITIVE_INFINITY, counts: {}, total: 0 };
  for (const r of ok) {
    const i = Math.floor(r.totalMs / width);
    const bin = i < n ? bins[i] : overflow;
    bin.counts[r.feature] = (bin.counts[r.feature] ?? 0) + 1;
    bin.total++;
  }
  return overflow.total ? [...bins, overflow] : bins;
}

export interface DayCost {
  day: string;
  byFeature: Partial<Record<Feature, number>>;
  total: number;
  requests: number;
}

/** One entry per calendar day of the range (missing days as zero), oldest first. */
export function costPerDay(days: readonly DayTotals[], now: number, count: number): DayCost[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const out: DayCost[] = [];
  const today = new Date(now);
  for (let i = count - 1; i >= 0; i--) {
    // Step by calendar days (not 24 h) so daylight-saving changes do not skip or repeat a day.
    const day = dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - i, 12).getTime());
    const d = byDay.get(day);
    out.push({ day, byFeature: { ...(d?.costByFeature ?? {}) }, total: d?.costUsd ?? 0, requests: d?.requests ?? 0 });
  }
  return out;
}

export interface TokenTotals extends Totals {
  /** Some cost in the range was computed from estimated prices or usage. */
  estimate: boolean;
  errors: number;
}

export function tokenTotals(records: readonly UsageRecord[]): TokenTotals {
  const t: TokenTotals = { requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, cacheSavingsUsd: 0, estimate: false, errors: 0 };
  for (const r of records) {
    addUsageOf(t, r);
    if (r.estimate && r.costUsd > 0) t.estimate = true;
    if (r.outcome === 'error') t.errors++;
  }
  return t;
}

export function latencySummary(records: readonly UsageRecord[]): { p50?: number; p90?: number; count: number } {
  const xs = records.filter((r) => r.outcome === 'complete').map((r) => r.totalMs).sort((a, b) => a - b);
  return { p50: percentile(xs, 50), p90: percentile(xs, 90), count: xs.length };
}

export interface RouteGroup extends Totals {
  /** global / geographic / inRegion; undefined for requests recorded before routes were (or a model outside the catalog). */
  route?: string;
  profileArn?: string;
  /** The profile's name as last recorded (a profile renamed keeps its ARN). */
  profileName?: string;
  estimate: boolean;
}

/** Requests of a range grouped by route and application profile, the most expensive first. */
export function usageByRoute(records: readonly UsageRecord[]): RouteGroup[] {
  const groups = new Map<string, RouteGroup>();
  for (const r of [...records].sort((a, b) => a.at - b.at)) {
    const key = `${r.route ?? ''}|${r.profileArn ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, cacheSavingsUsd: 0, estimate: false };
      if (r.route) g.route = r.route;
      if (r.profileArn) g.profileArn = r.profileArn;
      groups.set(key, g);
    }
    addUsageOf(g, r);
    if (r.profileName) g.profileName = r.profileName;
    if (r.estimate && r.costUsd > 0) g.estimate = true;
  }
  return [...groups.values()].sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests);
}

const CSV_COLUMNS = [
  'time', 'feature', 'model', 'region', 'outcome', 'error_kind', 'first_token_ms', 'total_ms',
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'cost_usd', 'cost_is_estimate', 'cache_savings_usd',
  'route', 'inference_profile', 'inference_profile_name', 'language',
];

function csvField(v: string | number | boolean | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  // Quote anything a spreadsheet could misread; neutralise formula starters (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per request, RFC 4180 (CRLF line ends), times in UTC ISO 8601, costs to 8 decimals. */
export function usageCsv(records: readonly UsageRecord[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const r of [...records].sort((a, b) => a.at - b.at)) {
    rows.push([
      new Date(r.at).toISOString(), r.feature, r.model, r.region, r.outcome, r.errorKind, r.firstTokenMs, r.totalMs,
      r.usage.inputTokens, r.usage.outputTokens, r.usage.cacheReadTokens, r.usage.cacheWriteTokens,
      r.costUsd.toFixed(8), r.estimate, r.cacheSavingsUsd.toFixed(8),
      r.route, r.profileArn, r.profileName, r.languageId,
    ].map(csvField).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
