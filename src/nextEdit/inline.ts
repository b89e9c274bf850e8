// Whether an edit on the cursor's line can show as ghost text, and in what form. Ghost text keeps the
// text before the cursor and only adds: the replaced range must hold the cursor, the text from the range
// start to the cursor must begin the new text, and what the range holds after the cursor must appear, in
// order, in the rest of it. Anything else is shown as decorations.

import type { NextEditDocument, Pos, ProposedEdit } from './types';

export interface InlineForm {
  /** Single-line range (widened to hold the cursor) and the text that replaces it. */
  range: { start: Pos; end: Pos };
  insertText: string;
}

function isSubsequence(small: string, big: string): boolean {
  let i = 0;
  for (let j = 0; i < small.length && j < big.length; j++) if (small[i] === big[j]) i++;
  return i === small.length;
}

export function inlineForm(doc: NextEditDocument, edit: ProposedEdit, cursor: Pos): InlineForm | undefined {
  if (edit.start.line !== edit.end.line || edit.start.line !== cursor.line || edit.text.includes('\n')) return undefined;
  const line = doc.lineAt(cursor.line);
  const from = Math.min(edit.start.character, cursor.character);
  const to = Math.max(edit.end.character, cursor.character);
  const insertText = line.slice(from, edit.start.character) + edit.text + line.slice(edit.end.character, to);
  const typed = line.slice(from, cursor.character);
  const after = line.slice(cursor.character, to);
  if (!insertText.startsWith(typed) || !isSubsequence(after, insertText.slice(typed.length))) return undefined;
  return { range: { start: { line: cursor.line, character: from }, end: { line: cursor.line, character: to } }, insertText };
}
