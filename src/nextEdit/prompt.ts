// The request: instructions, then the file (both stable between requests, each followed by a cache
// checkpoint), then what changes every time: the recent edits, the outline and the region around the last
// edit and the cursor. The file is a snapshot the controller keeps while the edits since it are all in the
// diff list, so consecutive requests share their prefix and prompt caching pays once past its minimum.

import { redactSecrets } from '../privacy/redact';
import type { StreamRequest } from '../bedrock/types';
import { formatHunk, type EditHunk } from './history';
import type { NextEditDocument, OutlineSymbol, Pos } from './types';

export const NEXT_EDIT_MARK = 'You predict the next edit';

export const INSTRUCTIONS = `${NEXT_EDIT_MARK} a developer will make in a file, from the edits they just made.
Typical next edits: the remaining uses of a renamed symbol; call sites of a function whose parameters changed; a type or signature change carried to where it is used; a pasted block adapted to its new place; a change made to one of several similar lines made to the next one.
Propose an edit only when the recent edits make it clearly necessary or clearly intended. Never undo or repeat an edit the developer made. Never touch text shown as <redacted:...>.

Answer with diff hunks and nothing else, nearest to the cursor first, at most 3:
@@ <line number of the first quoted line>
 <unchanged line, quoted exactly>
-<line to remove, quoted exactly>
+<line to add>

Quote lines from the current text exactly, with their indentation, without the line-number prefix. Include unchanged lines around the change when the changed lines alone are not unique in the file or are only brackets or blank. When no edit follows, answer NONE.`;

export interface PromptBudget {
  /** Tokens for the file snapshot. */
  fileTokens: number;
  regionLines: number;
  outlineItems: number;
  maxTokens: number;
}

export const DEFAULT_BUDGET: PromptBudget = { fileTokens: 6000, regionLines: 60, outlineItems: 60, maxTokens: 400 };

/** The file as sent in the stable part; kept by the controller while it still describes the document. */
export interface FileSnapshot {
  uri: string;
  /** First and last line of the document it covers (the whole file when it fits the budget). */
  startLine: number;
  endLine: number;
  /** Redacted text, as sent. */
  text: string;
  whole: boolean;
  takenAt: number;
  /** EditHistory.serial when taken. */
  serial: number;
}

/** The lines around `center` that fit `maxChars`, grown outwards alternately. */
export function windowAround(doc: NextEditDocument, center: number, maxChars: number): [number, number] {
  let a = Math.min(Math.max(center, 0), doc.lineCount - 1);
  let b = a;
  let used = doc.lineAt(a).length + 1;
  for (;;) {
    const canUp = a > 0 && used + doc.lineAt(a - 1).length + 1 <= maxChars;
    const canDown = b < doc.lineCount - 1 && used + doc.lineAt(b + 1).length + 1 <= maxChars;
    if (!canUp && !canDown) return [a, b];
    if (canDown && (!canUp || b - center <= center - a)) used += doc.lineAt(++b).length + 1;
    else used += doc.lineAt(--a).length + 1;
  }
}

export function linesText(doc: NextEditDocument, from: number, to: number): string {
  const parts: string[] = [];
  for (let i = from; i <= to; i++) parts.push(doc.lineAt(i));
  return parts.join('\n');
}

export function takeSnapshot(doc: NextEditDocument, center: number, budget: PromptBudget, charsPerToken: number, now: number, serial: number): FileSnapshot {
  const [startLine, endLine] = windowAround(doc, center, budget.fileTokens * charsPerToken);
  const text = redactSecrets(linesText(doc, startLine, endLine)).text;
  return { uri: doc.uri, startLine, endLine, text, whole: startLine === 0 && endLine === doc.lineCount - 1, takenAt: now, serial };
}

export interface PromptInput {
  document: NextEditDocument;
  snapshot: FileSnapshot;
  recent: readonly EditHunk[];
  cursor: Pos;
  /** The line of the newest edit (the region centres between it and the cursor). */
  lastEditLine: number;
  outline?: readonly OutlineSymbol[];
  budget: PromptBudget;
}

/** The region: from a little above the last edit or cursor to well below (next edits tend to follow). */
export function regionLines(doc: NextEditDocument, cursorLine: number, lastEditLine: number, maxLines: number): [number, number] {
  const top = Math.min(cursorLine, lastEditLine);
  const bottom = Math.max(cursorLine, lastEditLine);
  const above = Math.max(5, Math.floor((maxLines - (bottom - top)) / 4));
  const from = Math.max(0, top - above);
  return [from, Math.min(doc.lineCount - 1, Math.max(bottom, from + maxLines - 1))];
}

function formatOutline(outline: readonly OutlineSymbol[], max: number): string {
  return outline
    .slice(0, max)
    .map((s) => `${'  '.repeat(Math.min(s.depth, 4))}${s.kind} ${s.name} (line ${s.line + 1})`)
    .join('\n');
}

export function buildPrompt(input: PromptInput): StreamRequest {
  const { document: doc, snapshot, budget } = input;
  const scope = snapshot.whole ? 'the whole file' : `lines ${snapshot.startLine + 1}-${snapshot.endLine + 1}`;
  const fileTurn = `File ${doc.relativePath} (${doc.languageId}), ${scope}, a recent copy (the edits below may be newer; the current text around the cursor follows them):\n<file>\n${snapshot.text}\n</file>`;

  const parts: string[] = [];
  if (input.recent.length) parts.push(`Recent edits, oldest first (line numbers of the current text):\n${redactSecrets(input.recent.map(formatHunk).join('\n')).text}`);
  if (input.outline?.length && !snapshot.whole) parts.push(`Outline:\n${formatOutline(input.outline, budget.outlineItems)}`);
  const [from, to] = regionLines(doc, input.cursor.line, input.lastEditLine, budget.regionLines);
  const region = redactSecrets(linesText(doc, from, to)).text.split('\n');
  const width = String(to + 1).length;
  const numbered = region.map((l, i) => `${String(from + i + 1).padStart(width)}| ${l}`).join('\n');
  parts.push(`Current text, lines ${from + 1}-${to + 1} (the "N| " prefix is not part of the text):\n${numbered}`);
  parts.push(`The cursor is on line ${input.cursor.line + 1}, column ${input.cursor.character + 1}. Answer with the next edit, or NONE.`);

  return {
    feature: 'nextEdit',
    system: INSTRUCTIONS,
    systemCachePoint: true,
    messages: [
      { role: 'user', text: fileTurn, cachePoint: true },
      { role: 'assistant', text: 'Read. Send the edits.' },
      { role: 'user', text: parts.join('\n\n') },
    ],
    maxTokens: budget.maxTokens,
    temperature: 0,
    // For the local usage record (cost per language); buildConverseInput does not send it.
    languageId: doc.languageId,
  };
}
