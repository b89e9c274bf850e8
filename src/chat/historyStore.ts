// Past conversations: one JSON file per conversation plus an index (titles, dates, the open one). Files can
// be missing, half-written or edited by hand; the store sets aside what it cannot read and rebuilds the
// index from the conversation files when the index itself is damaged.
//
// Several windows share the folder. The index is merged with the one on disk at every write (under the
// storage's lock), so a conversation another window made stays listed. A conversation is never written
// blindly: when this window saves one and finds turns on disk it has never seen (another window restored
// the same conversation and went on with it), it forks: this window's version becomes a new conversation
// with the same title (the shared turns, then its own), the other window's stays as it is, and History
// lists both. No turn is lost. Which conversation a window reopens after a reload is its workspace's own
// (`currentPointer`), so two windows do not both land on whichever conversation was saved last. A write
// that fails (disk full, read-only, permissions) is reported once through `notices`; the conversation
// stays in memory and the next write tries again.

import type { Logger } from '../shared/logger';
import type { HistoryEntry } from '../shared/protocol';
import { isValidId } from '../shared/protocol';
import type { StorageNotices } from '../shared/storageNotice';
import { historyEntry, newId, parseConversation, type Conversation } from './conversation';

/** Flat key → text storage (files in the extension's global storage folder). */
export interface ChatStorage {
  read(name: string): Promise<string | undefined>;
  /** Replaces the whole file; a reader never sees a mix of old and new text. */
  write(name: string, text: string): Promise<void>;
  remove(name: string): Promise<void>;
  list(): Promise<string[]>;
  /** Runs `job` while no other window runs one (a lock file). */
  exclusive?<T>(job: () => Promise<T>): Promise<T>;
  /** Renames a file of the wrong shape out of the way; its new name, or undefined if that failed. */
  setAside?(name: string): Promise<string | undefined>;
  /** Removes what interrupted writes left behind. */
  clean?(): Promise<void>;
}

export interface HistoryOptions {
  maxConversations?: number;
  notices?: StorageNotices;
  now?: () => number;
  /** Which conversation this window reopens (workspaceState); without it, the one any window saved last. */
  currentPointer?: { get(): string | undefined; set(id: string | undefined): void };
}

const INDEX = 'index.json';
const fileOf = (id: string) => `conversation-${id}.json`;
const FILE_RE = /^conversation-([A-Za-z0-9_-]{1,64})\.json$/;

interface IndexFile {
  version: 1;
  currentId?: string;
  entries: HistoryEntry[];
}

export class HistoryStore {
  private entries: HistoryEntry[] = [];
  private currentId: string | undefined;
  /** Writes run one after another so the index never races with itself. */
  private queue: Promise<void> = Promise.resolve();
  /** The turns each conversation object has seen on disk or written: any other turn there is another window's. */
  private readonly known = new WeakMap<Conversation, Set<string>>();
  /** The text each conversation object last wrote. */
  private readonly written = new WeakMap<Conversation, string>();
  /** Conversations whose last write failed, retried at the next write. */
  private readonly unsaved = new Set<Conversation>();
  private indexUnsaved = false;
  /** Deleted here: the merge must not bring them back from another window's index. */
  private readonly deleted = new Set<string>();
  private readonly maxConversations: number;
  private readonly now: () => number;
  private readonly options: HistoryOptions;

  constructor(
    private readonly storage: ChatStorage,
    private readonly log: Logger,
    options: number | HistoryOptions = {},
  ) {
    const o = typeof options === 'number' ? { maxConversations: options } : options;
    this.maxConversations = o.maxConversations ?? 200;
    this.now = o.now ?? Date.now;
    this.options = o;
  }

  async load(): Promise<HistoryEntry[]> {
    await this.storage.clean?.().catch((e) => this.log.warn(`chat: could not remove stale temporary history files: ${String(e)}`));
    const raw = await this.safeRead(INDEX);
    const index = raw === undefined ? undefined : parseIndex(raw);
    if (index) {
      this.entries = index.entries;
      this.currentId = index.currentId;
    } else {
      if (raw !== undefined) await this.setAside(INDEX, 'history index unreadable, rebuilding it from the conversation files');
      await this.rebuild();
    }
    this.sort();
    return this.list();
  }

  list(): HistoryEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  current(): string | undefined {
    // This workspace's own choice, even an empty New Chat; a workspace without one reopens what any window saved last.
    return this.options.currentPointer?.get() ?? this.currentId;
  }

  async get(id: string): Promise<Conversation | undefined> {
    if (!isValidId(id)) return undefined;
    const raw = await this.safeRead(fileOf(id));
    if (raw === undefined) {
      if (this.entries.some((e) => e.id === id)) await this.forget(id);
      return undefined;
    }
    const conv = parseJson(raw, parseConversation);
    if (!conv || conv.id !== id) {
      await this.enqueue(() => this.setAside(fileOf(id), `conversation ${id} is unreadable; it is left out of the history`));
      await this.forget(id);
      return undefined;
    }
    this.known.set(conv, new Set(conv.turns.map((t) => t.id)));
    return conv;
  }

  /**
   * Stores the conversation and makes it the one reopened after a reload. Empty ones are not listed. May
   * give the conversation a new id (a fork, see the top of the file). Resolves even when the disk refused:
   * the user was told, and the next write tries again.
   */
  save(conv: Conversation): Promise<void> {
    return this.enqueue(async () => {
      this.setCurrentId(conv.id);
      if (conv.turns.length) this.unsaved.add(conv);
      else this.indexUnsaved = true;
    });
  }

  setCurrent(id: string | undefined): Promise<void> {
    return this.enqueue(async () => {
      this.setCurrentId(id);
      this.indexUnsaved = true;
    });
  }

  delete(id: string): Promise<void> {
    if (!isValidId(id)) return Promise.resolve();
    return this.forget(id);
  }

  /** Resolves when every write queued so far has finished. */
  flush(): Promise<void> {
    return this.enqueue(async () => {});
  }

  private setCurrentId(id: string | undefined): void {
    this.currentId = id;
    this.options.currentPointer?.set(id);
  }

  private forget(id: string): Promise<void> {
    return this.enqueue(async () => {
      this.entries = this.entries.filter((e) => e.id !== id);
      this.deleted.add(id);
      for (const c of this.unsaved) if (c.id === id) this.unsaved.delete(c);
      if (this.currentId === id) this.setCurrentId(undefined);
      await this.removeQuietly(fileOf(id));
      this.indexUnsaved = true;
    });
  }

  private async rebuild(): Promise<void> {
    this.entries = [];
    this.currentId = undefined;
    let names: string[] = [];
    try {
      names = await this.storage.list();
    } catch (e) {
      this.log.warn(`chat: could not list the history folder, starting empty: ${String(e)}`);
      return;
    }
    for (const name of names) {
      const m = FILE_RE.exec(name);
      if (!m) continue;
      const raw = await this.safeRead(name);
      const conv = raw === undefined ? undefined : parseJson(raw, parseConversation);
      if (conv && conv.id === m[1] && conv.turns.length) this.entries.push(historyEntry(conv));
    }
    this.sort();
    this.currentId = this.entries[0]?.id;
  }

  private sort(): void {
    this.entries.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Runs `job`, then writes whatever is not on disk yet (this job's and earlier failed ones), under the lock. */
  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      await job();
      await this.writeOut();
    });
    // One failed job must not block the ones after it; the caller still sees its own failure.
    this.queue = run.catch((e) => this.log.warn(`chat: could not write history: ${String(e)}`));
    return run;
  }

  private async writeOut(): Promise<void> {
    if (!this.unsaved.size && !this.indexUnsaved) return;
    const locked = <T>(fn: () => Promise<T>) => (this.storage.exclusive ? this.storage.exclusive(fn) : fn());
    const since = this.oldestUnsaved();
    try {
      await locked(async () => {
        for (const conv of [...this.unsaved]) {
          await this.writeConversation(conv);
          this.unsaved.delete(conv);
        }
        await this.writeIndex();
      });
      this.indexUnsaved = false;
      this.options.notices?.writeWorked('chat');
    } catch (e) {
      this.indexUnsaved = true;
      if (this.options.notices) this.options.notices.writeFailed('chat', e, since);
      else this.log.warn(`chat: could not save the history: ${String(e)}`);
    }
  }

  /** When the oldest turn not on disk was asked, for "Turns since 14:02 are kept in this window only". */
  private oldestUnsaved(): number {
    let since = this.now();
    for (const conv of this.unsaved) {
      const known = this.known.get(conv);
      const first = conv.turns.find((t) => !known?.has(t.id));
      if (first && first.at < since) since = first.at;
    }
    return since;
  }

  private async writeConversation(conv: Conversation): Promise<void> {
    const known = this.known.get(conv) ?? new Set<string>();
    const raw = await this.safeRead(fileOf(conv.id));
    // Unchanged since this window wrote it (the usual case): no need to parse a long conversation again.
    const same = raw !== undefined && raw === this.written.get(conv);
    const disk = raw === undefined || same ? undefined : parseJson(raw, parseConversation);
    if (raw !== undefined && !same && !disk) await this.setAside(fileOf(conv.id), `conversation ${conv.id} on disk is unreadable`);
    const ours = new Set(conv.turns.map((t) => t.id));
    if (disk && disk.turns.some((t) => !known.has(t.id) && !ours.has(t.id))) {
      const from = conv.id;
      conv.id = newId();
      this.log.info(`chat: conversation ${from} was continued in another window; this window's turns go on as ${conv.id}`);
      if (this.currentId === from) this.setCurrentId(conv.id);
      known.clear();
    }
    const text = JSON.stringify(conv);
    await this.storage.write(fileOf(conv.id), text);
    this.written.set(conv, text);
    for (const id of ours) known.add(id);
    this.known.set(conv, known);
    this.deleted.delete(conv.id);
    this.entries = [historyEntry(conv), ...this.entries.filter((e) => e.id !== conv.id)];
  }

  /** Merges this window's entries with the index on disk (newest version of each wins) and writes it. */
  private async writeIndex(): Promise<void> {
    const raw = await this.safeRead(INDEX);
    const disk = raw === undefined ? undefined : parseIndex(raw);
    if (raw !== undefined && !disk) await this.setAside(INDEX, 'history index on disk is unreadable');
    const byId = new Map<string, HistoryEntry>();
    for (const e of disk?.entries ?? []) if (!this.deleted.has(e.id)) byId.set(e.id, e);
    for (const e of this.entries) {
      const d = byId.get(e.id);
      if (!d || d.updatedAt <= e.updatedAt) byId.set(e.id, e);
    }
    let names: Set<string> | undefined;
    try {
      names = new Set(await this.storage.list());
    } catch (e) {
      // Without the listing, no entry is dropped as deleted elsewhere.
      this.log.warn(`chat: could not list the history folder: ${String(e)}`);
      names = undefined;
    }
    // An entry whose file is gone was deleted in another window.
    this.entries = [...byId.values()].filter((e) => !names || names.has(fileOf(e.id)));
    this.sort();
    for (const d of this.entries.splice(this.maxConversations)) await this.removeQuietly(fileOf(d.id));
    const index: IndexFile = { version: 1, currentId: this.currentId, entries: this.entries };
    await this.storage.write(INDEX, JSON.stringify(index));
  }

  private async setAside(name: string, why: string): Promise<void> {
    const to = await this.storage.setAside?.(name).catch(() => undefined);
    if (this.options.notices) this.options.notices.setAside('chat', name, to);
    else this.log.warn(`chat: ${why}${to ? ` (kept as ${to})` : ''}`);
  }

  private async safeRead(name: string): Promise<string | undefined> {
    try {
      return await this.storage.read(name);
    } catch (e) {
      this.log.warn(`chat: could not read ${name}: ${String(e)}`);
      return undefined;
    }
  }

  private async removeQuietly(name: string): Promise<void> {
    try {
      await this.storage.remove(name);
    } catch {
      // Already gone.
    }
  }
}

function parseJson<T>(raw: string, parse: (x: unknown) => T | undefined): T | undefined {
  try {
    return parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

function parseIndex(raw: string): IndexFile | undefined {
  return parseJson(raw, (x) => {
    if (typeof x !== 'object' || x === null) return undefined;
    const r = x as Record<string, unknown>;
    if (!Array.isArray(r.entries)) return undefined;
    const entries = r.entries.filter(
      (e): e is HistoryEntry =>
        typeof e === 'object' && e !== null && isValidId(e.id) && typeof e.title === 'string' &&
        typeof e.updatedAt === 'number' && typeof e.turns === 'number',
    );
    const currentId = isValidId(r.currentId) ? r.currentId : undefined;
    return { version: 1, currentId, entries };
  });
}
