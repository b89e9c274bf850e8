// Acceptance figures for the tooltip, the usage view and its CSV: counts that add up, the rate, characters
// accepted and the cost of each accepted completion. Pure and free of Node APIs: the usage view's webview
// bundle runs the same code in the browser.

import type { DayTotals } from './usageStore';
import { dayOf } from './usageFile';

export type SuggestionFeature = 'completion' | 'nextEdit';
export type AcceptanceKind = 'shown' | 'accepted' | 'typedThrough' | 'dismissed';
/** How a suggestion was accepted: Tab (whole), or part of it with VS Code's accept-next-word / accept-next-line. */
export type AcceptedHow = 'whole' | 'word' | 'line';

export interface AcceptanceCounts extends Record<AcceptanceKind, number> {
  /** Of `accepted`, those accepted only in part, by word or by line (the rest were accepted whole). */
  byWord: number;
  byLine: number;
  /** Characters the accepts inserted. */
  chars: number;
}

/** One day's counts of one feature in one language, as the usage view receives them. */
export interface AcceptanceRow {
  day: string;
  feature: SuggestionFeature;
  language: string;
  counts: AcceptanceCounts;
}

export const zeroCounts = (): AcceptanceCounts => ({ shown: 0, accepted: 0, typedThrough: 0, dismissed: 0, byWord: 0, byLine: 0, chars: 0 });

const FIELDS = ['shown', 'accepted', 'typedThrough', 'dismissed', 'byWord', 'byLine', 'chars'] as const;

export function addCounts(into: AcceptanceCounts, c: AcceptanceCounts): AcceptanceCounts {
  for (const k of FIELDS) into[k] += c[k];
  return into;
}

/** Accepted out of shown, in percent; undefined before anything was shown. */
export function acceptanceRate(c: AcceptanceCounts): number | undefined {
  return c.shown ? (100 * c.accepted) / c.shown : undefined;
}

/** Accepted whole with Tab: what is not a partial accept. */
export const acceptedWhole = (c: AcceptanceCounts) => c.accepted - c.byWord - c.byLine;

/** What completions cost per accepted one; undefined when none was accepted. */
export function costPerAccepted(completionCostUsd: number, accepted: number): number | undefined {
  return accepted > 0 ? completionCostUsd / accepted : undefined;
}

export interface AcceptanceDaySummary {
  day: string;
  counts: AcceptanceCounts;
  rate?: number;
  /** The day's completion cost (every request, accepted or not), from the usage store. */
  costUsd: number;
  costPerAcceptedUsd?: number;
}

export interface AcceptanceLanguageSummary {
  language: string;
  counts: AcceptanceCounts;
  rate?: number;
  /**
   * The language's completion cost (every request, accepted or not) and that ÷ its accepts, over the days
   * where every completion recorded its language; undefined when there is no such day in the range.
   */
  costUsd?: number;
  costPerAcceptedUsd?: number;
}

export interface AcceptanceSummary {
  /** Newest first; days where nothing was shown are left out. */
  days: AcceptanceDaySummary[];
  /** Most shown first; a language whose requests cost something but showed nothing is here too. */
  languages: AcceptanceLanguageSummary[];
  /** Completion cost of the days where not every request recorded its language (earlier versions did not). */
  unattributedUsd: number;
  total: AcceptanceDaySummary;
}

/** Below this, what is left over after the languages' costs is rounding, not a request. */
const EPSILON_USD = 5e-9;

/**
 * The cost per language over `days`, from the day totals, counting only days where every completion
 * recorded its language; the accepts of those days, for the cost per accepted; the other days' cost apart.
 */
function languageCosts(rows: readonly AcceptanceRow[], usageDays: readonly DayTotals[], days: ReadonlySet<string>, feature: SuggestionFeature) {
  const byLanguage = new Map<string, number>();
  const accepted = new Map<string, number>();
  const covered = new Set<string>();
  let unattributedUsd = 0;
  const prefix = `${feature}:`;
  for (const d of usageDays) {
    if (!days.has(d.day)) continue;
    const own = Object.entries(d.costByLanguage ?? {}).filter(([key]) => key.startsWith(prefix));
    const total = d.costByFeature[feature] ?? 0;
    // A day of an earlier version, or the day of the update: which language its cost was is unknown.
    if (total - own.reduce((sum, [, usd]) => sum + usd, 0) > EPSILON_USD) {
      unattributedUsd += total;
      continue;
    }
    covered.add(d.day);
    for (const [key, usd] of own) byLanguage.set(key.slice(prefix.length), (byLanguage.get(key.slice(prefix.length)) ?? 0) + usd);
  }
  for (const r of rows) if (r.feature === feature && covered.has(r.day)) accepted.set(r.language, (accepted.get(r.language) ?? 0) + r.counts.accepted);
  return { byLanguage, accepted, any: covered.size > 0, unattributedUsd };
}

/**
 * Completion acceptance over a set of days: per day and per language, each with its completion cost ÷
 * accepted. The cost per language comes from requests that recorded their document's language.
 */
export function summarizeAcceptance(rows: readonly AcceptanceRow[], usageDays: readonly DayTotals[], days: ReadonlySet<string>, feature: SuggestionFeature = 'completion'): AcceptanceSummary {
  const byDay = new Map<string, AcceptanceCounts>();
  const byLanguage = new Map<string, AcceptanceCounts>();
  for (const r of rows) {
    if (r.feature !== feature || !days.has(r.day)) continue;
    addCounts(byDay.get(r.day) ?? byDay.set(r.day, zeroCounts()).get(r.day)!, r.counts);
    addCounts(byLanguage.get(r.language) ?? byLanguage.set(r.language, zeroCounts()).get(r.language)!, r.counts);
  }
  const cost = new Map(usageDays.map((d) => [d.day, d.costByFeature[feature] ?? 0]));
  const summary = (day: string, counts: AcceptanceCounts, costUsd: number): AcceptanceDaySummary => ({
    day, counts, rate: acceptanceRate(counts), costUsd, costPerAcceptedUsd: costPerAccepted(costUsd, counts.accepted),
  });
  const dayRows = [...byDay.entries()]
    .filter(([, c]) => c.shown > 0 || c.accepted > 0)
    .sort((a, b) => b[0].localeCompare(a[0]))
    .map(([day, c]) => summary(day, c, cost.get(day) ?? 0));
  const total = summary('', zeroCounts(), 0);
  for (const d of dayRows) {
    addCounts(total.counts, d.counts);
    total.costUsd += d.costUsd;
  }
  Object.assign(total, summary('', total.counts, total.costUsd));
  // The days of the table, so that the languages' costs and the unattributed rest add up to its total.
  const costs = languageCosts(rows, usageDays, new Set(dayRows.map((d) => d.day)), feature);
  for (const [language, usd] of costs.byLanguage) if (usd > EPSILON_USD && !byLanguage.has(language)) byLanguage.set(language, zeroCounts());
  const languages = [...byLanguage.entries()]
    .filter(([language, c]) => c.shown > 0 || c.accepted > 0 || (costs.byLanguage.get(language) ?? 0) > EPSILON_USD)
    .sort((a, b) => b[1].shown - a[1].shown || a[0].localeCompare(b[0]))
    .map(([language, counts]): AcceptanceLanguageSummary => {
      const costUsd = costs.any ? costs.byLanguage.get(language) ?? 0 : undefined;
      const perAccepted = costUsd === undefined ? undefined : costPerAccepted(costUsd, costs.accepted.get(language) ?? 0);
      return { language, counts, rate: acceptanceRate(counts), costUsd, costPerAcceptedUsd: perAccepted };
    });
  return { days: dayRows, languages, unattributedUsd: costs.unattributedUsd, total };
}

const CSV_COLUMNS = [
  'day', 'language', 'shown', 'accepted', 'accepted_whole', 'accepted_by_word', 'accepted_by_line', 'typed_through', 'dismissed',
  'acceptance_rate_pct', 'chars_accepted', 'completion_cost_usd', 'cost_per_accepted_usd',
];

/** The CSV's language for completion cost no language was recorded for (earlier versions). */
const NOT_RECORDED = '(not recorded)';

/**
 * One row per day (language `*`, with the day's completion cost) and one per day and language, with the
 * language's cost where requests recorded it; a `(not recorded)` row holds the cost of those that did not.
 * RFC 4180 with CRLF, like the requests' CSV.
 */
export function acceptanceCsv(rows: readonly AcceptanceRow[], usageDays: readonly DayTotals[], days: ReadonlySet<string>): string {
  const out = [CSV_COLUMNS.join(',')];
  const s = summarizeAcceptance(rows, usageDays, days);
  const line = (day: string, language: string, c: AcceptanceCounts, costUsd?: number, perAccepted?: number) => [
    day, language, c.shown, c.accepted, acceptedWhole(c), c.byWord, c.byLine, c.typedThrough, c.dismissed,
    c.shown ? ((100 * c.accepted) / c.shown).toFixed(1) : '', c.chars, costUsd?.toFixed(8) ?? '', perAccepted?.toFixed(8) ?? '',
  ].join(',');
  for (const d of [...s.days].reverse()) {
    out.push(line(d.day, '*', d.counts, d.costUsd, d.costPerAcceptedUsd));
    const one = summarizeAcceptance(rows, usageDays, new Set([d.day]));
    // Language ids are VS Code's (`[a-z0-9-_.]`), but stored lines are not trusted: keep the field CSV-safe.
    for (const l of one.languages.sort((a, b) => a.language.localeCompare(b.language))) {
      out.push(line(d.day, csvSafe(l.language), l.counts, l.costUsd, l.costPerAcceptedUsd));
    }
    if (one.unattributedUsd > 0) out.push(line(d.day, NOT_RECORDED, zeroCounts(), one.unattributedUsd));
  }
  return `${out.join('\r\n')}\r\n`;
}

function csvSafe(s: string): string {
  const cleaned = s.replace(/[^\w.+#-]/g, '_');
  return /^[=+\-@]/.test(cleaned) ? `'${cleaned}` : cleaned;
}

/** The last `count` local calendar days up to `now`'s, stepping by dates so daylight saving skips none. */
export function lastDays(now: number, count: number): Set<string> {
  const today = new Date(now);
  const out = new Set<string>();
  for (let i = 0; i < count; i++) out.add(dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - i, 12).getTime()));
  return out;
}
