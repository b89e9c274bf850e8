// Every finished request lands here: the status bar, its tooltip, the usage view and the daily budget read
// from it. Several VS Code windows share the storage folder, so records are append-only: one JSONL file per
// local day (`usage/2026-12-04.jsonl`), every window appending its own lines, every window reading the
// others' lines from where it stopped. Nobody rewrites what another window wrote, so no spend is lost, and
// the budget is decided on the total of every window (`refresh()` before each decision: one stat, and a read
// of the new bytes only). Days older than two weeks are compacted to one totals line, idempotently (two
// windows compacting the same day write the same text). Totals an earlier version kept in globalState are
// read once as a frozen baseline and never written again.

import type { Cost, ErrorKind, Feature, Outcome, RequestTags, Usage } from '../bedrock/types';
import type { Logger } from '../shared/logger';
import { AppendQueue } from '../shared/appendQueue';
import { atomicWrite, cleanTemps, isMissing, joinPath, readAppendedLines, setAside, type AppendedLines, type StorageFs } from '../shared/storageFs';
import type { StorageNotices } from '../shared/storageNotice';
import { MAX_RECORDS, addRecord, addTotals, dayOf, isDayTotals, isLanguageId, isObj, isUsageRecord, newSource, parseLines, type Source } from './usageFile';

export { dayOf, isUsageRecord };

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
  /** The application inference profile the request went through (usage groups by it), and its name when known. */
  profileArn?: string;
  profileName?: string;
  /** The document's language id (completions, next edit): cost per language. Absent in earlier versions' lines. */
  languageId?: string;
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
  /** `feature:languageId` → cost, of the requests that recorded a language (absent in earlier versions' totals). */
  costByLanguage?: Record<string, number>;
}

const RECORDS_KEY = 'bedrockHaiku.usage.records';
const DAYS_KEY = 'bedrockHaiku.usage.days';
const MAX_DAYS = 400;
/** Days whose single records are kept (for latency and the usage view's plots); older days keep totals only. */
const KEEP_RECORD_DAYS = 14;
const DAY_FILE_RE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;
const LEGACY = ' legacy';

export function percentile(sorted: number[], p: number): number | undefined {
  if (!sorted.length) return undefined;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Where the records live on disk; without it the store keeps this window's records in memory only (tests, previews). */
export interface UsageFiles {
  dir: string;
  fs: StorageFs;
  notices?: StorageNotices;
  log?: Logger;
  /** Tells this window's lines from the others'. */
  windowId?: string;
}

export class UsageStore {
  /** What other windows (and earlier sessions) recorded, per file. */
  private readonly sources = new Map<string, Source>();
  /** This window's own records: counted from memory, skipped when read back from disk. */
  private readonly own = newSource();
  /** Caches of the merged view: days are cheap to rebuild, the sorted records are kept up to date in place. */
  private mergedDays: Map<string, DayTotals> | undefined;
  private mergedRecords: UsageRecord[] | undefined;
  private readonly sessionStart: number;
  private listeners = new Set<(r: UsageRecord) => void>();
  private readonly windowId: string;
  private seq = 0;
  /** Lines not yet on disk (a write is running, or failed and waits for the next try). */
  private readonly lines: AppendQueue | undefined;
  /** Reads run one after another: two reads of the same file at once would count its lines twice. */
  private reading: Promise<unknown> = Promise.resolve();
  private loaded: Promise<void> | undefined;
  private watcher: { close(): void } | undefined;
  private watchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(legacy: KeyValueStore, private readonly now: () => number = Date.now, private readonly disk?: UsageFiles) {
    this.sessionStart = now();
    this.windowId = disk?.windowId ?? Math.random().toString(36).slice(2, 10);
    this.lines = disk && new AppendQueue('usage', disk);
    this.readLegacy(legacy);
  }

  onDidRecord(listener: (r: UsageRecord) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Counts the request at once; the line reaches the disk in the background (retried after a failure). */
  record(r: UsageRecord): void {
    this.own.records.push(r);
    if (this.own.records.length > MAX_RECORDS) this.own.records.splice(0, this.own.records.length - MAX_RECORDS);
    addRecord(this.own.days, r);
    this.mergedDays = undefined;
    const m = this.mergedRecords;
    // The newest request goes last: no need to sort the two weeks of records again at every request.
    if (m && (!m.length || m[m.length - 1].at <= r.at)) {
      m.push(r);
      if (m.length > MAX_RECORDS) m.splice(0, m.length - MAX_RECORDS);
    } else this.mergedRecords = undefined;
    // The leading newline ends any half line a full disk left behind, so this line stays readable.
    this.lines?.add(`${dayOf(r.at)}.jsonl`, `\n${JSON.stringify({ w: this.windowId, i: ++this.seq, r })}\n`, r.at);
    for (const l of this.listeners) l(r);
  }

  /** Reads every window's records (once; later calls return the same promise). Removes stale temporary files, compacts old days. */
  load(): Promise<void> {
    return (this.loaded ??= this.serialRead(() => this.loadFiles()));
  }

  /** Picks up what other windows recorded today since the last look, and retries lines that failed to write. */
  async refresh(): Promise<void> {
    if (!this.disk) return;
    await this.load();
    await this.lines?.flush();
    const now = this.now();
    const changed = await this.serialRead(async () => {
      const a = await this.readSource(`${dayOf(now)}.jsonl`);
      const b = await this.readSource(`${dayOf(now - 86_400_000)}.jsonl`);
      return a || b;
    });
    if (changed) this.changed();
  }

  /** Refreshes when another window writes (best effort: the budget check refreshes anyway). */
  watch(): { dispose(): void } {
    const disk = this.disk;
    if (disk?.fs.watch && !this.watcher) {
      this.watcher = disk.fs.watch(disk.dir, () => {
        clearTimeout(this.watchTimer);
        this.watchTimer = setTimeout(() => void this.refresh().catch(() => undefined), 300);
      });
    }
    return { dispose: () => this.dispose() };
  }

  /** Resolves when every line recorded so far was written or failed. */
  async flush(): Promise<void> {
    await this.lines?.flush();
  }

  dispose(): void {
    clearTimeout(this.watchTimer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  today(): DayTotals | undefined {
    return this.view().days.get(dayOf(this.now()));
  }

  allDays(): DayTotals[] {
    return [...this.view().days.values()].sort((a, b) => a.day.localeCompare(b.day)).slice(-MAX_DAYS);
  }

  recent(): readonly UsageRecord[] {
    return this.view().records;
  }

  last(): UsageRecord | undefined {
    return this.own.records[this.own.records.length - 1] ?? this.view().records[this.view().records.length - 1];
  }

  /** Totals of the requests this window made since it started (other windows' spend is in `today()`). */
  session(): { requests: number; costUsd: number; usage: Usage } {
    const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    let requests = 0;
    let costUsd = 0;
    for (const r of this.own.records) {
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
    const xs = this.recent()
      .filter((r) => r.outcome === 'complete' && (!feature || r.feature === feature))
      .slice(-last)
      .map((r) => r.totalMs)
      .sort((a, b) => a - b);
    return { p50: percentile(xs, 50), p90: percentile(xs, 90), count: xs.length };
  }

  private view(): { days: Map<string, DayTotals>; records: UsageRecord[] } {
    const sources = [...this.sources.values(), this.own];
    if (!this.mergedDays) {
      this.mergedDays = new Map();
      for (const s of sources) for (const t of s.days.values()) addTotals(this.mergedDays, t);
    }
    if (!this.mergedRecords) {
      const records = sources.flatMap((s) => s.records).sort((a, b) => a.at - b.at);
      this.mergedRecords = records.slice(-MAX_RECORDS);
    }
    return { days: this.mergedDays, records: this.mergedRecords };
  }

  private changed(): void {
    this.mergedDays = undefined;
    this.mergedRecords = undefined;
    const r = this.last();
    if (r) for (const l of this.listeners) l(r);
  }

  private readLegacy(legacy: KeyValueStore): void {
    const records = legacy.get<unknown>(RECORDS_KEY);
    const days = legacy.get<unknown>(DAYS_KEY);
    const src = newSource();
    const goodRecords = Array.isArray(records) ? records.filter(isUsageRecord) : [];
    const goodDays = isObj(days) ? Object.values(days).filter(isDayTotals) : [];
    if ((records !== undefined && goodRecords.length !== (records as unknown[]).length) || (days !== undefined && !isObj(days))) {
      this.disk?.log?.warn('usage: the totals kept by an earlier version have the wrong shape; the unreadable part is ignored');
    }
    src.records = goodRecords.slice(-MAX_RECORDS);
    for (const t of goodDays) addTotals(src.days, t);
    if (src.records.length || src.days.size) this.sources.set(LEGACY, src);
  }

  private serialRead<T>(job: () => Promise<T>): Promise<T> {
    const run = this.reading.then(job);
    this.reading = run.catch(() => undefined);
    return run;
  }

  private async loadFiles(): Promise<void> {
    const disk = this.disk;
    if (!disk) return;
    await disk.fs.mkdir(disk.dir).catch(() => undefined);
    await cleanTemps(disk.fs, disk.dir, this.now());
    let names: string[] = [];
    try {
      names = (await disk.fs.readdir(disk.dir)).filter((n) => DAY_FILE_RE.test(n)).sort();
    } catch (e) {
      if (!isMissing(e)) disk.log?.warn(`usage: could not list ${disk.dir}: ${String(e)}`);
    }
    for (const old of names.slice(0, Math.max(0, names.length - MAX_DAYS))) await disk.fs.rm(joinPath(disk.dir, old)).catch(() => undefined);
    const cutoff = dayOf(this.now() - KEEP_RECORD_DAYS * 86_400_000);
    for (const name of names.slice(-MAX_DAYS)) {
      await this.readSource(name);
      if (name.slice(0, 10) < cutoff && this.sources.get(name)?.hasRecords) await this.compact(name);
    }
    this.changed();
  }

  /** Replaces an old day's lines with its totals. Idempotent: the text depends only on the lines read. */
  private async compact(name: string): Promise<void> {
    const disk = this.disk!;
    const src = this.sources.get(name)!;
    const lines = [...src.days.values()].map((t) => JSON.stringify({ t }));
    try {
      await atomicWrite(disk.fs, joinPath(disk.dir, name), `${lines.join('\n')}\n`);
      src.records = [];
      src.hasRecords = false;
      src.offset = (await disk.fs.stat(joinPath(disk.dir, name))).size;
    } catch (e) {
      disk.log?.warn(`usage: could not compact ${name}: ${String(e)}`);
    }
  }

  /** Reads what was appended to a day file since the last read. True when the totals changed. */
  private async readSource(name: string): Promise<boolean> {
    const disk = this.disk!;
    const file = joinPath(disk.dir, name);
    let src = this.sources.get(name);
    let read: AppendedLines;
    try {
      read = await readAppendedLines(disk.fs, file, src?.offset ?? 0);
    } catch (e) {
      disk.log?.warn(`usage: could not read ${name}: ${String(e)}`);
      return false;
    }
    if (read.missing) return this.sources.delete(name);
    // Smaller than what was read: compacted or replaced by another window; read again from the start.
    const reset = !!src && read.reset;
    if (reset) this.sources.delete(name);
    if (!src || reset) src = newSource();
    if (!read.text) return reset;
    const { good, bad, added } = parseLines(src, read.text, this.windowId, this.own.days);
    if (bad && !good && src.offset === 0 && !src.days.size) {
      // Nothing in it is ours to read: keep it for the user to look at, out of the way of new lines.
      const to = await setAside(disk.fs, file, this.now());
      disk.notices?.setAside('usage', name, to);
      return reset;
    }
    if (bad) disk.log?.warn(`usage: ${bad} unreadable line(s) in ${name} skipped`);
    src.offset = read.next;
    this.sources.set(name, src);
    // Only this window's own lines: nothing changed that it did not count already.
    return reset || added > 0;
  }
}

export function recordFromResult(
  feature: Feature,
  result: { outcome: Outcome; usage: Usage; cost: Cost; timings: { firstTokenMs?: number; totalMs: number }; model: { displayName: string; region: string; route?: string; profileArn?: string; profileName?: string }; error?: { kind: ErrorKind } },
  at: number,
  tags: RequestTags = {},
): UsageRecord {
  return {
    at, feature, model: result.model.displayName, region: result.model.region, outcome: result.outcome,
    errorKind: result.error?.kind, firstTokenMs: result.timings.firstTokenMs, totalMs: result.timings.totalMs,
    usage: result.usage, costUsd: result.cost.usd, estimate: result.cost.estimate, cacheSavingsUsd: result.cost.cacheSavingsUsd,
    ...(result.model.route ? { route: result.model.route } : {}),
    ...(result.model.profileArn ? { profileArn: result.model.profileArn } : {}),
    ...(result.model.profileArn && result.model.profileName ? { profileName: result.model.profileName.slice(0, 200) } : {}),
    ...(isLanguageId(tags.languageId) ? { languageId: tags.languageId } : {}),
  };
}
