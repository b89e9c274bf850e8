// The answer format and its checks. The model answers with diff hunks whose `-` and ` ` lines quote the
// current file (the anchor) and whose `+` and ` ` lines are the replacement:
//
//   @@ 42
//    const total = sum(items);
//   -log(items);
//   +log(items, total);
//
// or NONE. Every hunk is verified against the document as it is now; anything that does not apply exactly
// is dropped, never repaired: an edit we are unsure of costs a suggestion, a wrong one costs trust.

import { redactSecrets } from '../privacy/redact';
import type { EditHunk } from './history';
import type { NextEditDocument, Pos, ProposedEdit } from './types';

export interface ParsedHunk {
  /** 0-based line hint, when the header gave one. */
  hint?: number;
  anchor: string[];
  replacement: string[];
}

export type DropReason =
  | 'malformed'
  | 'noAnchor'
  | 'tooLarge'
  | 'notFound'
  | 'ambiguous'
  | 'weakAnchor'
  | 'farFromHint'
  | 'noChange'
  | 'changedSince'
  | 'redacted'
  | 'undoesLastEdit'
  | 'overlapsEarlier';

export interface ParseResult {
  hunks: ParsedHunk[];
  /** Hunks that could not be read at all. */
  malformed: number;
  none: boolean;
}

interface Building extends ParsedHunk {
  bad: boolean;
  /** Empty lines at the end so far (pushed to both sides). */
  trailingBlank: number;
}

const MAX_HUNK_LINES = 40;
const MAX_HUNKS = 5;
/** How far a line hint may be off and still pick one of several identical anchors. */
const HINT_SLACK = 3;
/** A unique anchor this far from the line the answer named is a quote from somewhere else. */
const FAR_FROM_HINT = 40;
/** An anchor of only brackets and blank lines says too little about where it is. */
const WEAK_ANCHOR = /^[^\p{L}\p{N}_$]*$/u;
const HEADER = /^@@\s*(?:-?(\d+)(?:,\d+)?(?:\s+\+\d+(?:,\d+)?)?)?\s*(?:@@.*)?$/;

export function parseAnswer(text: string): ParseResult {
  const out: ParseResult = { hunks: [], malformed: 0, none: false };
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let cur: Building | undefined;
  const close = () => {
    if (!cur) return;
    // Blank lines at the end of a hunk are the gap before the next one, not quoted empty lines.
    while (cur.trailingBlank > 0) {
      cur.anchor.pop();
      cur.replacement.pop();
      cur.trailingBlank--;
    }
    if (cur.bad) out.malformed++;
    else out.hunks.push({ hint: cur.hint, anchor: cur.anchor, replacement: cur.replacement });
    cur = undefined;
  };
  for (const line of lines) {
    const header = HEADER.exec(line);
    if (line.startsWith('@@') && header) {
      close();
      cur = { hint: header[1] !== undefined ? Number(header[1]) - 1 : undefined, anchor: [], replacement: [], bad: false, trailingBlank: 0 };
      continue;
    }
    if (line.startsWith('@@')) {
      close();
      out.malformed++;
      continue;
    }
    if (!cur) {
      if (/^\s*NONE\s*$/.test(line)) out.none = true;
      continue;
    }
    if (/^```/.test(line)) {
      close();
      continue;
    }
    const c = cur;
    if (line === '') {
      c.anchor.push('');
      c.replacement.push('');
      c.trailingBlank++;
      continue;
    }
    c.trailingBlank = 0;
    if (line[0] === ' ') {
      c.anchor.push(line.slice(1));
      c.replacement.push(line.slice(1));
    } else if (line[0] === '-') c.anchor.push(line.slice(1));
    else if (line[0] === '+') c.replacement.push(line.slice(1));
    else c.bad = true;
  }
  close();
  if (out.hunks.length > MAX_HUNKS) out.hunks.length = MAX_HUNKS;
  return out;
}

/** Line ranges [first, last] of the current document changed since the request was built. */
export type LineRange = [number, number];

export interface ValidateContext {
  document: NextEditDocument;
  changedSince?: readonly LineRange[];
  recent?: readonly EditHunk[];
  /** The answer hit its token limit: its last hunk may be cut mid-line, so it is not trusted. */
  truncated?: boolean;
}

export type Checked = { ok: true; edit: ProposedEdit } | { ok: false; reason: DropReason };

/** Every line index where `anchor` matches the document exactly. */
function findAnchor(doc: NextEditDocument, anchor: string[]): number[] {
  const found: number[] = [];
  const n = anchor.length;
  for (let i = 0; i + n <= doc.lineCount; i++) {
    if (doc.lineAt(i) !== anchor[0]) continue;
    let k = 1;
    while (k < n && doc.lineAt(i + k) === anchor[k]) k++;
    if (k === n) found.push(i);
  }
  return found;
}

function locate(doc: NextEditDocument, h: ParsedHunk): number | DropReason {
  const found = findAnchor(doc, h.anchor);
  if (found.length === 0) return 'notFound';
  const weak = h.anchor.every((l) => WEAK_ANCHOR.test(l));
  if (weak && !(h.hint !== undefined && found.includes(h.hint))) return 'weakAnchor';
  if (found.length === 1) return h.hint !== undefined && Math.abs(found[0] - h.hint) > FAR_FROM_HINT ? 'farFromHint' : found[0];
  if (h.hint === undefined) return 'ambiguous';
  if (found.includes(h.hint)) return h.hint;
  const near = found.filter((i) => Math.abs(i - h.hint!) <= HINT_SLACK);
  return near.length === 1 ? near[0] : 'ambiguous';
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** The smallest replacement that turns `before` into `after`: offsets into `before`, and the new text. */
export function minimalChange(before: string, after: string): { from: number; to: number; text: string } {
  let p = commonPrefix(before, after);
  let s = commonSuffix(before, after, p);
  // Whole words read better struck through and added ("items" → "rows", not "item" → "row").
  const word = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_$]/u.test(c);
  const changedWord = (b: string | undefined, a: string | undefined) => word(b) || word(a);
  while (p > 0 && word(before[p - 1]) && changedWord(before[p], after[p])) p--;
  while (s > 0 && word(before[before.length - s]) && changedWord(before[before.length - s - 1], after[after.length - s - 1])) s--;
  return { from: p, to: before.length - s, text: after.slice(p, after.length - s) };
}

/** The position `offset` characters into `text`, which starts at `base` in the document. */
function posAt(text: string, base: Pos, offset: number): Pos {
  let line = base.line;
  let lineStart = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i;
  }
  return { line, character: lineStart === -1 ? base.character + offset : offset - lineStart - 1 };
}

/**
 * Whole lines as text with their line breaks, so that removing every line of a hunk removes the lines,
 * not just their text. At the end of the file the break before a line stands in for the one after it.
 */
function asBlock(doc: NextEditDocument, at: number, anchor: string[], replacement: string[]): { base: Pos; before: string; after: string } {
  if (at + anchor.length < doc.lineCount) {
    return { base: { line: at, character: 0 }, before: anchor.map((l) => `${l}\n`).join(''), after: replacement.map((l) => `${l}\n`).join('') };
  }
  if (at > 0) {
    return { base: { line: at - 1, character: doc.lineAt(at - 1).length }, before: anchor.map((l) => `\n${l}`).join(''), after: replacement.map((l) => `\n${l}`).join('') };
  }
  return { base: { line: 0, character: 0 }, before: anchor.join('\n'), after: replacement.join('\n') };
}

/**
 * Does the edit take back what the developer just did, where they did it: remove text they added, or put
 * back text they removed? (A merged hunk may hold several of their edits, so containment, not equality.)
 */
function undoesRecent(edit: ProposedEdit, recent: readonly EditHunk[]): boolean {
  for (const h of recent) {
    if (edit.start.line < h.line || edit.end.line >= h.line + h.newLines.length) continue;
    const offset = (p: Pos) => h.newLines.slice(0, p.line - h.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    const c = minimalChange(h.oldLines.join('\n'), h.newLines.join('\n'));
    const added = c.text;
    const taken = h.oldLines.join('\n').slice(c.from, c.to);
    if (offset(edit.start) < c.from - 1 || offset(edit.end) > c.from + added.length + 1) continue;
    const takesBack = edit.removed === '' || added.includes(edit.removed);
    const putsBack = edit.text === '' || taken.includes(edit.text);
    if (takesBack && putsBack) return true;
  }
  return false;
}

/** Checks one hunk against the document; on success, the minimal edit it makes. */
export function validateHunk(h: ParsedHunk, ctx: ValidateContext): Checked {
  const doc = ctx.document;
  if (h.anchor.length === 0 || h.anchor.every((l) => l.trim() === '')) return { ok: false, reason: 'noAnchor' };
  if (h.anchor.length > MAX_HUNK_LINES || h.replacement.length > MAX_HUNK_LINES) return { ok: false, reason: 'tooLarge' };
  const at = locate(doc, h);
  if (typeof at !== 'number') return { ok: false, reason: at };
  const { base, before, after } = asBlock(doc, at, h.anchor, h.replacement);
  const c = minimalChange(before, after);
  if (c.from === c.to && c.text === '') return { ok: false, reason: 'noChange' };
  const start = posAt(before, base, c.from);
  const end = posAt(before, base, c.to);
  // The placeholder would be written into the file; a line that holds a secret is not ours to touch.
  if (after.includes('<redacted:')) return { ok: false, reason: 'redacted' };
  for (let i = start.line; i <= end.line; i++) if (redactSecrets(doc.lineAt(i)).redactions > 0) return { ok: false, reason: 'redacted' };
  for (const [a, b] of ctx.changedSince ?? []) if (start.line <= b && end.line >= a) return { ok: false, reason: 'changedSince' };
  const edit: ProposedEdit = { start, end, text: c.text, removed: before.slice(c.from, c.to), anchorLines: [at, at + h.anchor.length - 1] };
  if (ctx.recent && undoesRecent(edit, ctx.recent)) return { ok: false, reason: 'undoesLastEdit' };
  return { ok: true, edit };
}

export interface ValidatedAnswer {
  edits: ProposedEdit[];
  dropped: DropReason[];
}

/** Parses and validates a whole answer: the edits that apply, in the answer's order, none overlapping. */
export function validateAnswer(text: string, ctx: ValidateContext): ValidatedAnswer {
  const parsed = parseAnswer(text);
  if (ctx.truncated && parsed.hunks.length) {
    parsed.hunks.pop();
    parsed.malformed++;
  }
  const dropped: DropReason[] = Array.from({ length: parsed.malformed }, () => 'malformed' as const);
  const edits: ProposedEdit[] = [];
  for (const h of parsed.hunks) {
    const r = validateHunk(h, ctx);
    if (!r.ok) {
      dropped.push(r.reason);
      continue;
    }
    if (edits.some((e) => r.edit.start.line <= e.end.line && r.edit.end.line >= e.start.line)) {
      dropped.push('overlapsEarlier');
      continue;
    }
    edits.push(r.edit);
  }
  return { edits, dropped };
}

/** Does the document still hold exactly what the edit was validated against? (Checked again before applying.) */
export function stillApplies(doc: NextEditDocument, e: ProposedEdit): boolean {
  if (e.end.line >= doc.lineCount) return false;
  const parts: string[] = [];
  for (let i = e.start.line; i <= e.end.line; i++) {
    const l = doc.lineAt(i);
    const from = i === e.start.line ? e.start.character : 0;
    const to = i === e.end.line ? e.end.character : l.length;
    if (to > l.length || from > to) return false;
    parts.push(l.slice(from, to));
  }
  return parts.join('\n') === e.removed;
}
