// The usage store's day files: the shape of a line, how lines add up to day totals, and what is trusted.
// A line is `{"w":window,"i":seq,"r":record}` (one request) or `{"t":totals}` (a compacted day).
// Free of Node APIs like the store, since the usage view's webview bundle reaches `dayOf` through it.

import type { Feature } from '../bedrock/types';
import type { DayTotals, UsageRecord } from './usageStore';

/** Single records kept per file (and in the store): enough for latency and the usage view. */
export const MAX_RECORDS = 2000;

/** Local calendar day, since "today's cost" means the user's today. */
export function dayOf(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** What one file (or the legacy baseline) adds to the totals, and how far it was read. */
export interface Source {
  offset: number;
  days: Map<string, DayTotals>;
  records: UsageRecord[];
  /** `window:seq` of the lines read: a line written twice (a retry after a partial write) counts once. */
  seen: Set<string>;
  /** Holds single records, not only a compacted total. */
  hasRecords: boolean;
}

export const newSource = (): Source => ({ offset: 0, days: new Map(), records: [], seen: new Set(), hasRecords: false });

const emptyTotals = (day: string): DayTotals => ({
  day, requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, cacheSavingsUsd: 0, costByFeature: {},
});

export function addRecord(days: Map<string, DayTotals>, r: UsageRecord): void {
  const day = dayOf(r.at);
  let t = days.get(day);
  if (!t) days.set(day, (t = emptyTotals(day)));
  addUsageOf(t, r);
  t.costByFeature[r.feature] = (t.costByFeature[r.feature] ?? 0) + r.costUsd;
  const key = `${r.feature}:${r.languageId}`;
  // Only keys a compacted totals line may hold: a strange feature name must not make the day unreadable.
  if (r.languageId && LANGUAGE_KEY_RE.test(key)) addLanguageCost(t, key, r.costUsd);
}

/** Keys are `feature:language`, never a prototype's name; the map has no prototype all the same. */
function addLanguageCost(t: DayTotals, key: string, usd: number): void {
  const m = (t.costByLanguage ??= Object.create(null) as Record<string, number>);
  m[key] = (m[key] ?? 0) + usd;
}

type Summed = Pick<DayTotals, 'requests' | 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'costUsd' | 'cacheSavingsUsd'>;

/** Adds one request's tokens and cost to running totals (per day here, per range in the usage view). */
export function addUsageOf(t: Summed, r: UsageRecord): void {
  t.requests++;
  t.inputTokens += r.usage.inputTokens;
  t.outputTokens += r.usage.outputTokens;
  t.cacheReadTokens += r.usage.cacheReadTokens;
  t.cacheWriteTokens += r.usage.cacheWriteTokens;
  t.costUsd += r.costUsd;
  t.cacheSavingsUsd += r.cacheSavingsUsd;
}

export function addTotals(days: Map<string, DayTotals>, x: DayTotals): void {
  let t = days.get(x.day);
  if (!t) days.set(x.day, (t = emptyTotals(x.day)));
  for (const k of ['requests', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'costUsd', 'cacheSavingsUsd'] as const) t[k] += x[k];
  for (const [f, v] of Object.entries(x.costByFeature) as [Feature, number][]) t.costByFeature[f] = (t.costByFeature[f] ?? 0) + v;
  for (const [k, v] of Object.entries(x.costByLanguage ?? {})) if (LANGUAGE_KEY_RE.test(k)) addLanguageCost(t, k, v);
}

export const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Stored data is never trusted: a record of the wrong shape would make every total after it NaN or throw. */
export function isUsageRecord(x: unknown): x is UsageRecord {
  if (!isObj(x) || !isObj(x.usage)) return false;
  const u = x.usage;
  return isNum(x.at) && typeof x.feature === 'string' && typeof x.model === 'string' && typeof x.region === 'string' &&
    typeof x.outcome === 'string' && isNum(x.totalMs) && isNum(x.costUsd) && isNum(x.cacheSavingsUsd) && typeof x.estimate === 'boolean' &&
    isNum(u.inputTokens) && isNum(u.outputTokens) && isNum(u.cacheReadTokens) && isNum(u.cacheWriteTokens) &&
    optionalText(x.route) && optionalText(x.profileArn) && optionalText(x.profileName) && (x.languageId === undefined || isLanguageId(x.languageId));
}

const optionalText = (x: unknown) => x === undefined || (typeof x === 'string' && x.length <= 2048);

/** A VS Code language id (`typescript`, `objective-cpp`, `c#`-like names of other extensions); anything else is not ours. */
export const isLanguageId = (x: unknown): x is string => typeof x === 'string' && /^[\w.+#-]{1,100}$/.test(x);

/** `feature:language` keys of day totals. */
const LANGUAGE_KEY_RE = /^[a-zA-Z]{1,20}:[\w.+#-]{1,100}$/;

export function isDayTotals(x: unknown): x is DayTotals {
  if (!isObj(x) || typeof x.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(x.day) || !isObj(x.costByFeature)) return false;
  return ['requests', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'costUsd', 'cacheSavingsUsd'].every((k) => isNum(x[k])) &&
    Object.values(x.costByFeature).every(isNum) &&
    (x.costByLanguage === undefined || (isObj(x.costByLanguage) && Object.entries(x.costByLanguage).every(([k, v]) => LANGUAGE_KEY_RE.test(k) && isNum(v))));
}

/**
 * Hands each non-blank line of a JSONL text, parsed, to `take`; returns how many lines were unreadable
 * (not JSON, or `take` returned false: the wrong shape).
 */
export function eachJsonLine(text: string, take: (x: unknown) => boolean): number {
  let bad = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let x: unknown;
    try {
      x = JSON.parse(line);
    } catch {
      bad++;
      continue;
    }
    if (!take(x)) bad++;
  }
  return bad;
}

/** Adds a day file's lines to `src`, skipping this window's own (`windowId`) and lines already seen. */
export function parseLines(src: Source, text: string, windowId: string, ownDays: Map<string, DayTotals>): { good: number; bad: number; added: number } {
  let good = 0;
  let added = 0;
  const bad = eachJsonLine(text, (x) => {
    if (isObj(x) && isDayTotals(x.t)) {
      addTotals(src.days, x.t);
      added++;
      // A compacted total includes this window's lines of that day too.
      ownDays.delete(x.t.day);
      good++;
      return true;
    }
    if (!isObj(x) || typeof x.w !== 'string' || !isNum(x.i) || !isUsageRecord(x.r)) return false;
    good++;
    const key = `${x.w}:${x.i}`;
    if (x.w === windowId || src.seen.has(key)) return true;
    src.seen.add(key);
    addRecord(src.days, x.r);
    added++;
    src.records.push(x.r);
    src.hasRecords = true;
    return true;
  });
  if (src.records.length > MAX_RECORDS) src.records.splice(0, src.records.length - MAX_RECORDS);
  return { good, bad, added };
}

