/** A tiny event emitter with the `{dispose}` shape VS Code expects, usable in plain Node. */
export class Emitter<T extends unknown[]> {
  private listeners = new Set<(...args: T) => void>();

  readonly event = (listener: (...args: T) => void): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(...args: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(...args);
      } catch {
        // One broken listener must not stop the others.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
