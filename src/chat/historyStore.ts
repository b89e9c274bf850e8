// Past conversations: one JSON file per conversation plus an index (titles, dates, the open one). Files can
// be missing, half-written or edited by hand; the store skips what it cannot read and rebuilds the index
// from the conversation files when the index itself is damaged.

import type { Logger } from '../shared/logger';
import type { HistoryEntry } from '../shared/protocol';
import { isValidId } from '../shared/protocol';
import { historyEntry, parseConversation, type Conversation } from './conversation';

/** Flat key → text storage (files in the extension's global storage folder). */
export interface ChatStorage {
  read(name: string): Promise<string | undefined>;
  /** Replaces the whole file; a reader never sees a mix of old and new text. */
  write(name: string, text: string): Promise<void>;
  remove(name: string): Promise<void>;
  list(): Promise<string[]>;
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

  constructor(
    private readonly storage: ChatStorage,
    private readonly log: Logger,
    private readonly maxConversations = 200,
  ) {}

  async load(): Promise<HistoryEntry[]> {
    const raw = await this.safeRead(INDEX);
    const index = raw === undefined ? undefined : parseIndex(raw);
    if (index) {
      this.entries = index.entries;
      this.currentId = index.currentId;
    } else {
      if (raw !== undefined) this.log.warn('chat: history index unreadable, rebuilding it from the conversation files');
      await this.rebuild();
    }
    this.sort();
    return this.list();
  }

  list(): HistoryEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  current(): string | undefined {
    return this.currentId;
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
      this.log.warn(`chat: conversation ${id} is unreadable; it is left out of the history`);
      await this.forget(id);
      return undefined;
    }
    return conv;
  }

  /** Stores the conversation and makes it the one reopened after a reload. Empty ones are not listed. */
  save(conv: Conversation): Promise<void> {
    const text = JSON.stringify(conv);
    const entry = historyEntry(conv);
    return this.enqueue(async () => {
      this.currentId = conv.id;
      if (!conv.turns.length) {
        await this.writeIndex();
        return;
      }
      await this.storage.write(fileOf(conv.id), text);
      this.entries = [entry, ...this.entries.filter((e) => e.id !== conv.id)];
      this.sort();
      const dropped = this.entries.splice(this.maxConversations);
      for (const d of dropped) await this.removeQuietly(fileOf(d.id));
      await this.writeIndex();
    });
  }

  setCurrent(id: string | undefined): Promise<void> {
    return this.enqueue(async () => {
      this.currentId = id;
      await this.writeIndex();
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

  private forget(id: string): Promise<void> {
    return this.enqueue(async () => {
      this.entries = this.entries.filter((e) => e.id !== id);
      if (this.currentId === id) this.currentId = undefined;
      await this.removeQuietly(fileOf(id));
      await this.writeIndex();
    });
  }

  private async rebuild(): Promise<void> {
    this.entries = [];
    this.currentId = undefined;
    let names: string[] = [];
    try {
      names = await this.storage.list();
    } catch {
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

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job);
    // One failed write must not block the ones after it; the caller still sees its own failure.
    this.queue = run.catch((e) => this.log.warn(`chat: could not write history: ${String(e)}`));
    return run;
  }

  private async writeIndex(): Promise<void> {
    const index: IndexFile = { version: 1, currentId: this.currentId, entries: this.entries };
    await this.storage.write(INDEX, JSON.stringify(index));
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
