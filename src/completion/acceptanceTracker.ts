// What became of the completion on screen: shown once (not again at every re-ask for the same place),
// accepted (VS Code runs the item's command after Tab), typed through (the person typed it to its end
// themselves) or dismissed: once it can no longer be accepted (they typed something else, moved the cursor
// away, went to another editor, closed the file, or another suggestion took its place). Each suggestion
// shown ends exactly once. Escape itself is not visible to an extension with the stable API: it counts at
// whichever of those comes next. Plain offsets and text, so it runs without VS Code.
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
  /** Between the two characters of an auto-closed pair just typed: where the editor leaves the cursor. */
  between?: number;
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
  /** A suggestion that ended by an edit, waiting for Tab's command a moment before it counts otherwise. */
  private finishing: { cancel(): void; chars: number } | undefined;

  constructor(private readonly deps: TrackerDeps) {}

  /** An item was returned to the editor; `continued` when it is the rest of the one already shown. */
  shown(uri: string, language: string, offset: number, text: string, continued: boolean): void {
    const l = this.live;
    if (l && l.uri === uri && l.offset === offset && l.rest === text) return;
    const same = continued && l && l.uri === uri;
    if (!same) {
      this.end();
      this.deps.record('shown', language);
    }
    this.live = { uri, language, offset, rest: text, partial: same ? l?.partial : undefined };
  }

  /** Tab: VS Code ran the accepted item's command. */
  accepted(language: string): void {
    // Before the insertion arrived, the suggestion on screen is what Tab accepts; usually the insertion came
    // first and the suggestion is `finishing` (ended by it, even by an edit that did not look like it).
    const l = this.live;
    let chars = 0;
    if (l) chars = (l.partial?.chars ?? 0) + l.rest.length;
    else if (this.finishing) {
      chars = this.finishing.chars;
      this.finishing.cancel();
      this.finishing = undefined;
    }
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
      l.between = AUTO_CLOSED.has(c.text) ? l.offset + 1 : undefined;
      l.offset += c.text.length;
      if (l.rest) {
        const kind = partialKind(c.text);
        if (kind !== 'typed') l.partial = { how: l.partial?.how === 'line' ? 'line' : kind, chars: (l.partial?.chars ?? 0) + c.text.length };
        return;
      }
      this.finish(l, c.text.length);
      return;
    }
    // Something else was typed; or Tab's insertion took another shape: its command, if it follows, wins.
    this.live = undefined;
    this.settle(l, l.rest.length, () => this.record(l));
  }

  /**
   * The cursor of an editor on `uri` is now at `offset` (`empty`: no selection). Typing the suggestion moves
   * it along (the document change arrives first); anywhere else, or a selection, and it can't be accepted.
   */
  /** Whether a suggestion is on screen in this document (the cursor listener does nothing otherwise). */
  showsIn(uri: string): boolean {
    return this.live?.uri === uri;
  }

  moved(uri: string, offset: number, empty: boolean): void {
    const l = this.live;
    if (!l || l.uri !== uri) return;
    if (empty && (offset === l.offset || offset === l.between)) return;
    this.end();
  }

  /** The document was closed. */
  closed(uri: string): void {
    if (this.live?.uri === uri) this.end();
  }

  /** The person went to another editor: what was shown can no longer be accepted. */
  leave(): void {
    this.end();
  }

  /** The whole rest is in the document: Tab's command follows soon, or the person typed it. */
  private finish(l: Live, lastChars: number): void {
    this.live = undefined;
    this.settle(l, lastChars, () => {
      if (l.partial) this.deps.record('accepted', l.language, l.partial);
      else this.deps.record('typedThrough', l.language);
    });
  }

  /** Waits for Tab's command (which would accept `l`, with `lastChars` more characters) before `outcome`. */
  private settle(l: Live, lastChars: number, outcome: () => void): void {
    const pending = this.deps.defer(() => {
      if (this.finishing === entry) this.finishing = undefined;
      outcome();
    });
    const entry = { cancel: () => pending.cancel(), chars: (l.partial?.chars ?? 0) + lastChars };
    this.finishing = entry;
  }

  /** The live suggestion can no longer be accepted (no Tab can follow): counted at once. */
  private end(): void {
    const l = this.live;
    this.live = undefined;
    if (l) this.record(l);
  }

  /** Dismissed, or accepted by word or line if a part was. */
  private record(l: Live): void {
    if (l.partial) this.deps.record('accepted', l.language, l.partial);
    else this.deps.record('dismissed', l.language);
  }
}
