// What became of the completion on screen: shown once (not again at every re-ask for the same place),
// accepted (VS Code runs the item's command after Tab), typed through (the person typed it to its end
// themselves) or dismissed (they typed something else). Plain offsets and text, so it runs without VS Code.
//
// Accepting part of it (accept next word / next line) calls the provider only through a proposed API a
// published extension cannot use, so it is told from the edit: VS Code inserts the next word or line in one
// change, where typing inserts one character (or an auto-closed pair, or a line break and its indentation).
// A one-character word accepted that way counts as typed. A suggestion accepted in part counts once, as
// accepted by word or by line, whatever becomes of its rest, unless Tab then accepts the rest (whole).

import type { AcceptanceKind, AcceptedHow } from '../status/api';

export interface TrackedChange {
  /** Document offset where the change starts, and how many characters it replaced. */
  offset: number;
  removed: number;
  text: string;
}

export interface TrackerDeps {
  /** `detail` comes with an accept: how, and the characters accepted. */
  record(kind: AcceptanceKind, language: string, detail?: { how: AcceptedHow; chars: number }): void;
  /** Tab inserts the text before VS Code runs the accept command: a finished suggestion waits this long for it. */
  defer(run: () => void): { cancel(): void };
}

interface Live {
  uri: string;
  language: string;
  /** Where the rest of the suggestion would go, and the rest. */
  offset: number;
  rest: string;
  /** Accepted in part so far: by line when any part was a line, and the characters inserted. */
  partial?: { how: 'word' | 'line'; chars: number };
}

/** Pairs an editor closes by itself: typing the opener inserts two characters in one change. */
const AUTO_CLOSED = new Set(['()', '[]', '{}', '""', "''", '``', '<>']);

/** How a one-change insertion of the suggestion's next characters came about: typed, or a word / line accepted. */
export function partialKind(text: string): 'typed' | 'word' | 'line' {
  if (text.length < 2 || AUTO_CLOSED.has(text)) return 'typed';
  const nl = text.indexOf('\n');
  // Accept-next-line stops after the line break; Enter inserts the break and then the indentation.
  if (nl < 0) return 'word';
  return nl === text.length - 1 ? 'line' : 'typed';
}

export class AcceptanceTracker {
  private live: Live | undefined;
  private finishing: { cancel(): void; language: string; chars: number } | undefined;

  constructor(private readonly deps: TrackerDeps) {}

  /** An item was returned to the editor; `continued` when it is the rest of the one already shown. */
  shown(uri: string, language: string, offset: number, text: string, continued: boolean): void {
    const l = this.live;
    if (l && l.uri === uri && l.offset === offset && l.rest === text) return;
    const same = continued && l && l.uri === uri;
    if (!same) {
      this.endPartial();
      this.deps.record('shown', language);
    }
    this.live = { uri, language, offset, rest: text, partial: same ? l?.partial : undefined };
  }

  /** Tab: VS Code ran the accepted item's command. */
  accepted(language: string): void {
    // Usually the insertion arrived first (`finishing`); else the rest still on screen is what Tab inserts.
    const l = this.live;
    const chars = this.finishing?.chars ?? (l ? (l.partial?.chars ?? 0) + l.rest.length : 0);
    this.finishing?.cancel();
    this.finishing = undefined;
    this.live = undefined;
    this.deps.record('accepted', language, { how: 'whole', chars });
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
      if (l.rest) {
        const kind = partialKind(c.text);
        if (kind !== 'typed') l.partial = { how: l.partial?.how === 'line' ? 'line' : kind, chars: (l.partial?.chars ?? 0) + c.text.length };
        return;
      }
      this.finish(l, c.text.length);
      return;
    }
    this.live = undefined;
    if (l.partial) this.deps.record('accepted', l.language, l.partial);
    else this.deps.record('dismissed', l.language);
  }

  /** The person went elsewhere (another editor, completions off): what was shown is no longer live. */
  leave(): void {
    this.endPartial();
    this.live = undefined;
  }

  /** The whole rest is in the document: Tab's command follows soon, or the person typed it. */
  private finish(l: Live, lastChars: number): void {
    this.live = undefined;
    const { language, partial } = l;
    const pending = this.deps.defer(() => {
      this.finishing = undefined;
      if (partial) this.deps.record('accepted', language, partial);
      else this.deps.record('typedThrough', language);
    });
    this.finishing = { cancel: () => pending.cancel(), language, chars: (partial?.chars ?? 0) + lastChars };
  }

  /** A suggestion accepted in part and then left counts as accepted by word or by line. */
  private endPartial(): void {
    const l = this.live;
    if (l?.partial) this.deps.record('accepted', l.language, l.partial);
    if (l) l.partial = undefined;
  }
}
