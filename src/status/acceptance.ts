// Local counts of what happened to suggestions: shown, accepted (Tab), typed through (the person typed the
// suggestion themselves) or dismissed, per day, feature and language. Nothing of it leaves the machine.
// Several windows share the folder, as with usage (usageStore.ts): each appends its own event lines to
// `acceptance/YYYY-MM-DD.jsonl` and reads the others' from where it stopped; nobody rewrites a file.

import type { Logger } from '../shared/logger';
import { AppendQueue } from '../shared/appendQueue';
import { cleanTemps, isMissing, joinPath, readAppendedLines, type AppendedLines, type StorageFs } from '../shared/storageFs';
import type { StorageNotices } from '../shared/storageNotice';
import { dayOf, eachJsonLine, isNum, isObj } from './usageFile';
import { zeroCounts, type AcceptanceCounts, type AcceptanceKind, type AcceptanceRow, type AcceptedHow, type SuggestionFeature } from './acceptanceAggregate';

export { acceptanceRate, zeroCounts, type AcceptanceCounts, type AcceptanceKind, type AcceptedHow, type SuggestionFeature } from './acceptanceAggregate';

export interface AcceptanceEvent {
  at: number;
  feature: SuggestionFeature;
  kind: AcceptanceKind;
  /** The document's language id. */
  language: string;
  /** Of an accept: by word or by line when only part was accepted (absent: whole, as earlier versions wrote). */
  how?: Exclude<AcceptedHow, 'whole'>;
  /** Of an accept: the characters it inserted. */
  chars?: number;
}

export interface AcceptanceDay {
  byFeature: Partial<Record<SuggestionFeature, AcceptanceCounts>>;
  /** `feature:language` → counts. */
  byLanguage: Map<string, AcceptanceCounts>;
}

export interface AcceptanceFiles {
  dir: string;
  fs: StorageFs;
  notices?: StorageNotices;
  log?: Logger;
  windowId?: string;
}

const KINDS: readonly AcceptanceKind[] = ['shown', 'accepted', 'typedThrough', 'dismissed'];
const FEATURES: readonly SuggestionFeature[] = ['completion', 'nextEdit'];
const DAY_FILE_RE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;
/** Day files read at load: the usage view's longest range ("all") shows these. */
const READ_DAYS = 60;
/** More than any suggestion: a bigger number on disk is not ours. */
const MAX_CHARS = 1_000_000;

function isEvent(x: unknown): x is AcceptanceEvent {
  return isObj(x) && isNum(x.at) && FEATURES.includes(x.feature as SuggestionFeature) && KINDS.includes(x.kind as AcceptanceKind) &&
    typeof x.language === 'string' && x.language.length <= 100 &&
    (x.how === undefined || x.how === 'word' || x.how === 'line') &&
    (x.chars === undefined || (isNum(x.chars) && x.chars >= 0 && x.chars <= MAX_CHARS));
}

function count(c: AcceptanceCounts, e: AcceptanceEvent): void {
  c[e.kind]++;
  if (e.kind !== 'accepted') return;
  if (e.how === 'word') c.byWord++;
  else if (e.how === 'line') c.byLine++;
  c.chars += e.chars ?? 0;
}

function add(days: Map<string, AcceptanceDay>, e: AcceptanceEvent): void {
  const day = dayOf(e.at);
  let d = days.get(day);
  if (!d) days.set(day, (d = { byFeature: {}, byLanguage: new Map() }));
  count((d.byFeature[e.feature] ??= zeroCounts()), e);
  const key = `${e.feature}:${e.language}`;
  let l = d.byLanguage.get(key);
  if (!l) d.byLanguage.set(key, (l = zeroCounts()));
  count(l, e);
}

export class AcceptanceStore {
  /** This window's events, counted from memory; other windows' per file, with how far each was read. */
  private readonly own: AcceptanceEvent[] = [];
  private readonly others = new Map<string, { offset: number; events: AcceptanceEvent[]; seen: Set<string> }>();
  private merged: Map<string, AcceptanceDay> | undefined;
  private readonly windowId: string;
  private seq = 0;
  /** Lines not yet on disk (a write is running, or failed and waits for the next try). */
  private readonly lines: AppendQueue | undefined;
  private reading: Promise<unknown> = Promise.resolve();
  private listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now, private readonly disk?: AcceptanceFiles) {
    this.windowId = disk?.windowId ?? Math.random().toString(36).slice(2, 10);
    this.lines = disk && new AppendQueue('acceptance', disk);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Counts at once; the line reaches the disk in the background (retried at the next record or refresh). */
  record(e: Omit<AcceptanceEvent, 'at' | 'how'> & { at?: number; how?: AcceptedHow }): void {
    const ev: AcceptanceEvent = { at: e.at ?? this.now(), feature: e.feature, kind: e.kind, language: e.language.slice(0, 100) };
    if (e.kind === 'accepted' && (e.how === 'word' || e.how === 'line')) ev.how = e.how;
    if (e.kind === 'accepted' && e.chars !== undefined) ev.chars = Math.max(0, Math.min(MAX_CHARS, Math.round(e.chars)));
    this.own.push(ev);
    this.merged = undefined;
    // The leading newline ends any half line a full disk left behind.
    this.lines?.add(`${dayOf(ev.at)}.jsonl`, `\n${JSON.stringify({ w: this.windowId, i: ++this.seq, e: ev })}\n`, ev.at);
    for (const l of this.listeners) l();
  }

  /** Counts of one local day (today by default), every window's. */
  day(day = dayOf(this.now())): AcceptanceDay {
    return this.view().get(day) ?? { byFeature: {}, byLanguage: new Map() };
  }

  /** Every day's counts per feature and language (the usage view's tables and CSV). */
  rows(): AcceptanceRow[] {
    const out: AcceptanceRow[] = [];
    for (const [day, d] of this.view()) {
      for (const [key, counts] of d.byLanguage) {
        const i = key.indexOf(':');
        out.push({ day, feature: key.slice(0, i) as SuggestionFeature, language: key.slice(i + 1), counts: { ...counts } });
      }
    }
    return out;
  }

  /** Reads the recent day files; then picks up what other windows appended since. */
  async refresh(): Promise<void> {
    const disk = this.disk;
    if (!disk) return;
    await this.lines?.flush();
    const changed = await this.serialRead(async () => {
      await cleanTemps(disk.fs, disk.dir, this.now());
      let names: string[] = [];
      try {
        names = (await disk.fs.readdir(disk.dir)).filter((n) => DAY_FILE_RE.test(n)).sort().slice(-READ_DAYS);
      } catch (e) {
        if (!isMissing(e)) disk.log?.warn(`acceptance: could not list ${disk.dir}: ${String(e)}`);
      }
      let any = false;
      for (const name of names) any = (await this.readFile(name)) || any;
      return any;
    });
    if (changed) {
      this.merged = undefined;
      for (const l of this.listeners) l();
    }
  }

  async flush(): Promise<void> {
    await this.lines?.flush();
  }

  private view(): Map<string, AcceptanceDay> {
    if (!this.merged) {
      this.merged = new Map();
      for (const s of this.others.values()) for (const e of s.events) add(this.merged, e);
      for (const e of this.own) add(this.merged, e);
    }
    return this.merged;
  }

  private serialRead<T>(job: () => Promise<T>): Promise<T> {
    const run = this.reading.then(job);
    this.reading = run.catch(() => undefined);
    return run;
  }

  /** Reads what was appended since the last read; other windows' lines only. True when something was added. */
  private async readFile(name: string): Promise<boolean> {
    const disk = this.disk!;
    let src = this.others.get(name);
    let read: AppendedLines;
    try {
      read = await readAppendedLines(disk.fs, joinPath(disk.dir, name), src?.offset ?? 0);
    } catch (e) {
      disk.log?.warn(`acceptance: could not read ${name}: ${String(e)}`);
      return false;
    }
    if (read.missing) return this.others.delete(name);
    // Shorter than what was read (replaced): its events so far no longer count.
    const reset = !!src && read.reset;
    if (!src || reset) this.others.set(name, (src = { offset: 0, events: [], seen: new Set() }));
    if (!read.text) return reset;
    let added = 0;
    const seen = src.seen;
    const events = src.events;
    const bad = eachJsonLine(read.text, (x) => {
      if (!isObj(x) || typeof x.w !== 'string' || !isNum(x.i) || !isEvent(x.e)) return false;
      const key = `${x.w}:${x.i}`;
      if (x.w === this.windowId || seen.has(key)) return true;
      seen.add(key);
      events.push(x.e);
      added++;
      return true;
    });
    if (bad) disk.log?.warn(`acceptance: ${bad} unreadable line(s) in ${name} skipped`);
    src.offset = read.next;
    return reset || added > 0;
  }
}
