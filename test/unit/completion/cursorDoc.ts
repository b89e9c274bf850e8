// Test documents written with `█` where the cursor is.

import { buildDocumentContext, linesOf, type DocumentContext } from '../../../src/completion/context';

/** The document without `█`, split at the cursor: its text before and after. */
export function splitAtCursor(doc: string): { text: string; before: string; at: number } {
  const at = doc.indexOf('█');
  const text = doc.replace('█', '');
  return { text, before: text.slice(0, at), at };
}

/** The context the engine would build with the cursor at `█`. */
export function ctxAt(doc: string, budget = { prefixChars: 4000, suffixChars: 1000 }): DocumentContext {
  const { text, before, at } = splitAtCursor(doc);
  const line = before.split('\n').length - 1;
  return buildDocumentContext(linesOf(text), { line, character: at - (before.lastIndexOf('\n') + 1) }, budget);
}
