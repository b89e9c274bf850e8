// What a class owns and must release: push as you acquire, dispose once. Replaces hand-rolled loops.

export interface DisposableLike {
  dispose(): unknown;
}

/**
 * Disposes its items in the order they were added, each once. One that throws does not keep the others
 * alive: all are disposed, then the first error is rethrown. Items added after dispose() are disposed at once.
 */
export class Disposables implements DisposableLike {
  private items: DisposableLike[];
  private disposed = false;

  constructor(...items: DisposableLike[]) {
    this.items = items;
  }

  push(...items: DisposableLike[]): void {
    if (this.disposed) disposeAll(items);
    else this.items.push(...items);
  }

  /** Disposes what is held now and keeps accepting new items (e.g. a webview view resolved again). */
  clear(): void {
    disposeAll(this.items.splice(0));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}

function disposeAll(items: DisposableLike[]): void {
  let first: unknown;
  for (const d of items) {
    try {
      d.dispose();
    } catch (e) {
      first ??= e;
    }
  }
  if (first !== undefined) throw first;
}
