// The recent edits of one document as small line diffs, newest last. A shadow copy of the lines gives the
// text a change removed (the editor reports only the new text); keystrokes on the same lines merge into one
// hunk, so "renamed a parameter" is one diff, not twelve.

import type { TextChange } from './types';

export interface EditHunk {
  /** First line of the hunk in the current document. */
  line: number;
  oldLines: string[];
  newLines: string[];
}

export const MAX_HUNKS = 5;
/** A hunk grows by merging only while it stays this small; past it the next change starts a new one. */
const MAX_HUNK_LINES = 40;

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

export class EditHistory {
  private lines: string[];
  private hunks: EditHunk[] = [];
  /** Bumped by every change: lets callers tell "nothing changed since" cheaply. */
  generation = 0;
  /** How many hunks were ever started (merges do not count): "were all edits since X kept?" */
  serial = 0;

  constructor(text: string) {
    this.lines = splitLines(text);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  lineAt(i: number): string {
    return this.lines[i] ?? '';
  }

  /** The hunks, oldest first, without those an edit turned back into the original text. */
  recent(): readonly EditHunk[] {
    return this.hunks.filter((h) => h.oldLines.join('\n') !== h.newLines.join('\n'));
  }

  /** Applies changes reported together (VS Code reports them for the document before any of them, last first). */
  apply(changes: readonly TextChange[]): void {
    // Applied bottom-up, every range stays valid for the document the editor described.
    const sorted = [...changes].sort((a, b) => b.start.line - a.start.line || b.start.character - a.start.character);
    for (const c of sorted) this.applyOne(c);
    this.generation++;
  }

  private applyOne(c: TextChange): void {
    const a = c.start.line;
    const b = Math.min(c.end.line, this.lines.length - 1);
    const inserted = splitLines(c.text);
    const delta = inserted.length - 1 - (b - a);
    const last = this.hunks[this.hunks.length - 1];
    const merge = last && a <= last.line + last.newLines.length && b >= last.line - 1 && last.newLines.length + Math.abs(delta) <= MAX_HUNK_LINES;

    let start: number;
    let oldLines: string[];
    let endBefore: number;
    if (merge) {
      start = Math.min(last.line, a);
      const hunkEnd = last.line + last.newLines.length - 1;
      endBefore = Math.max(hunkEnd, b);
      // Lines outside the hunk were untouched until now: their current text is their original text.
      oldLines = [...this.lines.slice(start, last.line), ...last.oldLines, ...this.lines.slice(hunkEnd + 1, endBefore + 1)];
      this.hunks.pop();
    } else {
      start = a;
      endBefore = b;
      oldLines = this.lines.slice(a, b + 1);
    }

    const first = this.lines[a] ?? '';
    const lastLine = this.lines[b] ?? '';
    const replaced = [...inserted];
    replaced[0] = first.slice(0, c.start.character) + replaced[0];
    replaced[replaced.length - 1] += lastLine.slice(c.end.line > b ? lastLine.length : c.end.character);
    this.lines.splice(a, b - a + 1, ...replaced);

    for (const h of this.hunks) if (h.line > b) h.line += delta;
    // An older hunk the change lands in no longer describes the document: drop it.
    this.hunks = this.hunks.filter((h) => h.line + h.newLines.length - 1 < a || h.line > b + delta);
    if (!merge) this.serial++;
    this.hunks.push({ line: start, oldLines, newLines: this.lines.slice(start, endBefore + delta + 1) });
    if (this.hunks.length > MAX_HUNKS) this.hunks.shift();
  }

  /** The whole shadow text (tests compare it with the document). */
  text(): string {
    return this.lines.join('\n');
  }
}

/** A hunk as a unified-diff fragment: `@@ line` then `-` and `+` lines (1-based line numbers). */
export function formatHunk(h: EditHunk): string {
  // Lines a merge swept in unchanged are left out: the diff shows only what the developer changed.
  let head = 0;
  while (head < h.oldLines.length - 1 && head < h.newLines.length - 1 && h.oldLines[head] === h.newLines[head]) head++;
  let tail = 0;
  while (tail < h.oldLines.length - 1 - head && tail < h.newLines.length - 1 - head && h.oldLines.at(-1 - tail) === h.newLines.at(-1 - tail)) tail++;
  const out = [`@@ ${h.line + head + 1}`];
  for (const l of h.oldLines.slice(head, h.oldLines.length - tail)) out.push(`-${l}`);
  for (const l of h.newLines.slice(head, h.newLines.length - tail)) out.push(`+${l}`);
  return out.join('\n');
}
