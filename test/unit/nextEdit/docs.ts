// Small helpers the next-edit unit tests share: a document over a string, and a change from old to new text.
import type { NextEditDocument, TextChange } from '../../../src/nextEdit/types';

let version = 0;

export function docOf(text: string, relativePath = 'src/app.ts'): NextEditDocument & { text: string } {
  const lines = text.split('\n');
  return { uri: `file:///w/${relativePath}`, relativePath, languageId: 'typescript', version: ++version, lineCount: lines.length, lineAt: (i) => lines[i] ?? '', text };
}

/** The change that replaces the first `find` (after `from`) by `by`, and the text afterwards. */
export function replace(text: string, find: string, by: string, from = 0): { change: TextChange; after: string } {
  const at = text.indexOf(find, from);
  if (at < 0) throw new Error(`not found: ${find}`);
  const pos = (o: number) => {
    const before = text.slice(0, o);
    return { line: before.split('\n').length - 1, character: o - (before.lastIndexOf('\n') + 1) };
  };
  return { change: { start: pos(at), end: pos(at + find.length), text: by }, after: text.slice(0, at) + by + text.slice(at + find.length) };
}
