// What became of the completion on screen: shown once (not again at every re-ask for the same place),
// accepted (VS Code runs the item's command after Tab), typed through (the person typed it to its end
// themselves) or dismissed (they typed something else). Plain offsets and text, so it runs without VS Code.

import type { AcceptanceKind } from '../status/api';

export interface TrackedChange {
  /** Document offset where the change starts, and how many characters it replaced. */
  offset: number;
  removed: number;
  text: string;
}

export interface TrackerDeps {
  record(kind: AcceptanceKind, language: string): void;
  /** Tab inserts the text before VS Code runs the accept command: a finished suggestion waits this long for it. */
  defer(run: () => void): { cancel(): void };
}

interface Live {
  uri: string;
  language: string;
  /** Where the rest of the suggestion would go, and the rest. */
  offset: number;
  rest: string;
}

export class AcceptanceTracker {
  private live: Live | undefined;
  private finishing: { cancel(): void; language: string } | undefined;

  constructor(private readonly deps: TrackerDeps) {}

  /** An item was returned to the editor; `continued` when it is the rest of the one already shown. */
  shown(uri: string, language: string, offset: number, text: string, continued: boolean): void {
    const l = this.live;
    if (l && l.uri === uri && l.offset === offset && l.rest === text) return;
    if (!(continued && l && l.uri === uri)) this.deps.record('shown', language);
    this.live = { uri, language, offset, rest: text };
  }

  /** Tab: VS Code ran the accepted item's command. */
  accepted(language: string): void {
    this.finishing?.cancel();
    this.finishing = undefined;
    this.live = undefined;
    this.deps.record('accepted', language);
  }

  changed(uri: string, changes: readonly TrackedChange[]): void {
    const l = this.live;
    // No content change: only the dirty state changed (the first edit after a save).
    if (!l || l.uri !== uri || !changes.length) return;
    const c = changes.length === 1 ? changes[0] : undefined;
    // Typing the suggestion's next characters (or Tab inserting all of it, replacing the closers it covers).
    if (c && c.offset === l.offset && c.text && l.rest.startsWith(c.text) && (c.removed === 0 || c.text === l.rest)) {
      l.rest = l.rest.slice(c.text.length);
      l.offset += c.text.length;
      if (l.rest) return;
      this.live = undefined;
      const language = l.language;
      const pending = this.deps.defer(() => {
        this.finishing = undefined;
        this.deps.record('typedThrough', language);
      });
      this.finishing = { cancel: () => pending.cancel(), language };
      return;
    }
    this.live = undefined;
    this.deps.record('dismissed', l.language);
  }

  /** The person went elsewhere (another editor, completions off): what was shown is no longer live. */
  leave(): void {
    this.live = undefined;
  }
}
