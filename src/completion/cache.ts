// Two ways to answer without a request: a bounded LRU of past answers keyed on the document and the text
// before the cursor, and the suggestion on screen while the user types what it says.

import type { CompletionItem } from './types';

export class LruCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recent.
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}

/** Characters of the text before the cursor in a cache key: enough to tell places apart, bounded in size. */
const KEY_PREFIX_CHARS = 2000;

export function cacheKey(uri: string, prefix: string, lineSuffix: string, multiline: boolean): string {
  return `${uri}\u0000${multiline ? 'm' : 's'}\u0000${prefix.slice(-KEY_PREFIX_CHARS)}\u0000${lineSuffix}`;
}

export interface CachedCompletion {
  insertText: string;
  replaceSuffixChars: number;
  multiline: boolean;
  requestId?: number;
}

export class CompletionCache {
  private readonly lru: LruCache<CachedCompletion>;

  constructor(capacity = 200) {
    this.lru = new LruCache(capacity);
  }

  get(uri: string, prefix: string, lineSuffix: string, multiline: boolean): CachedCompletion | undefined {
    return this.lru.get(cacheKey(uri, prefix, lineSuffix, multiline));
  }

  set(uri: string, prefix: string, lineSuffix: string, value: CachedCompletion): void {
    this.lru.set(cacheKey(uri, prefix, lineSuffix, value.multiline), value);
  }

  clear(): void {
    this.lru.clear();
  }

  get size(): number {
    return this.lru.size;
  }
}

interface Shown {
  uri: string;
  /** Document offset of the cursor when it was shown. */
  offset: number;
  /** The prefix (bounded) when it was shown, to check that nothing else changed. */
  prefixTail: string;
  item: CompletionItem;
}

const TAIL = 200;

/**
 * The suggestion last shown. When the user types characters that match it, the rest of it is served
 * again without a request, however the editor decides to ask.
 */
export class ShownSuggestion {
  private shown: Shown | undefined;

  remember(uri: string, offset: number, prefix: string, item: CompletionItem): void {
    this.shown = { uri, offset, prefixTail: prefix.slice(-TAIL), item };
  }

  forget(): void {
    this.shown = undefined;
  }

  /** Forgets the suggestion on screen if it is the first line of request `id`'s block (partial). */
  forgetFirstLineOf(id: number): void {
    if (this.shown?.item.partial && this.shown.item.requestId === id) this.shown = undefined;
  }

  /** The remainder of the shown suggestion if the text typed since it appeared is its beginning. */
  continuation(uri: string, offset: number, prefix: string, lineSuffix: string): CompletionItem | undefined {
    const s = this.shown;
    if (!s || s.uri !== uri) return undefined;
    const typedLength = offset - s.offset;
    if (typedLength < 0 || typedLength >= s.item.insertText.length) return undefined;
    if (prefix.length < typedLength) return undefined;
    const typed = prefix.slice(prefix.length - typedLength);
    if (!s.item.insertText.startsWith(typed)) return undefined;
    const before = prefix.slice(0, prefix.length - typedLength);
    const tail = s.prefixTail.slice(-Math.min(s.prefixTail.length, before.length));
    if (!before.endsWith(tail)) return undefined;
    // The closers right of the cursor must not have changed either.
    const rest = s.item.insertText.slice(typedLength);
    if (s.item.replaceSuffixChars && lineSuffix.trimEnd().length !== s.item.replaceSuffixChars) return undefined;
    return { ...s.item, insertText: rest, source: 'typedThrough' };
  }
}
