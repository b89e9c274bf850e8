// Messages between the usage view's webview and the extension. Everything from the webview is checked
// by a type guard before use.

import type { DayTotals, UsageRecord } from './usageStore';
import type { AcceptanceRow } from './acceptanceAggregate';

export interface UsageSnapshot {
  records: UsageRecord[];
  days: DayTotals[];
  /** Epoch ms the snapshot was taken (the view's "now"). */
  now: number;
  budgetUsd?: number;
  model: string;
  region: string;
  /** Suggestions shown / accepted … per day, feature and language (local counts); absent without the store. */
  acceptance?: AcceptanceRow[];
}

export type ToUsageView = { type: 'snapshot'; snapshot: UsageSnapshot };

export type FromUsageView =
  | { type: 'ready' }
  | { type: 'exportCsv'; csv: string; suggestedName: string };

/** Generous for 2,000 rows, small enough that a bad message cannot fill a disk. */
export const MAX_CSV_CHARS = 5_000_000;

export function isFromUsageView(m: unknown): m is FromUsageView {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const x = m as Record<string, unknown>;
  // Extra fields (a `__proto__` key among them) mean the sender is not our page.
  const keys = Object.keys(x);
  if (x.type === 'ready') return keys.length === 1;
  return (
    x.type === 'exportCsv' &&
    keys.every((k) => k === 'type' || k === 'csv' || k === 'suggestedName') &&
    typeof x.csv === 'string' &&
    x.csv.length <= MAX_CSV_CHARS &&
    typeof x.suggestedName === 'string' &&
    /^[\w.-]{1,80}\.csv$/.test(x.suggestedName)
  );
}
