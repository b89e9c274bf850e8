// "Fix with Haiku": which lines we ask the model to rewrite, and how its answer becomes an edit. The model is
// asked for the whole region between <replacement> tags; a unified diff or a lone code block is accepted too,
// because models sometimes answer that way. Anything we cannot map onto the region exactly is refused: the
// user reviews the edit in a diff preview, but a wrong edit should not even get that far.

import { redactSecrets } from '../privacy';
import { enclosingBlocks, type LineRange } from './codeWindow';

export interface FixRegion {
  /** 0-based, inclusive. The edit replaces these whole lines (not their final line break). */
  startLine: number;
  endLine: number;
  /** The original lines joined with "\n". */
  text: string;
}

/** Functions longer than this are not rewritten whole: the answer would be slow and costly. */
export const MAX_FIX_REGION_LINES = 80;
/** Lines around the diagnostic when its function is too long or absent. */
export const FIX_CONTEXT_LINES = 6;

export function chooseFixRegion(lines: string[], diag: LineRange, languageId: string, maxLines = MAX_FIX_REGION_LINES): FixRegion {
  const last = Math.max(0, lines.length - 1);
  const start = Math.min(Math.max(0, diag.start), last);
  const end = Math.min(Math.max(start, diag.end), last);
  const fn = enclosingBlocks(lines, start, languageId).find((b) => b.kind === 'function');
  let s: number;
  let e: number;
  if (fn && fn.end - fn.headerStart + 1 <= maxLines && fn.end >= end) {
    s = fn.headerStart;
    e = fn.end;
  } else {
    s = Math.max(0, start - FIX_CONTEXT_LINES);
    e = Math.min(last, Math.max(end, start) + FIX_CONTEXT_LINES);
    if (e - s + 1 > maxLines) e = s + maxLines - 1;
  }
  return { startLine: s, endLine: e, text: lines.slice(s, e + 1).join('\n') };
}

// ---------------------------------------------------------------------------------------------------------
// Secrets in the region: sent as placeholders, put back into the model's replacement before the edit.

const PLACEHOLDER_RE = /<redacted:([a-z0-9-]+)>/g;

export interface RedactedRegion {
  text: string;
  /** The original value behind each placeholder, per kind, in order of appearance. */
  values: Map<string, string[]>;
}

export function redactRegion(original: string): RedactedRegion {
  const { text } = redactSecrets(original);
  const values = new Map<string, string[]>();
  // The text between placeholders is copied verbatim, so each value is what lies between two such pieces.
  const pieces = text.split(PLACEHOLDER_RE); // [literal, kind, literal, kind, …, literal]
  let pos = 0;
  for (let i = 0; i + 2 < pieces.length; i += 2) {
    const literal = pieces[i];
    const kind = pieces[i + 1];
    const nextLiteral = pieces[i + 2];
    pos += literal.length;
    const endAt = nextLiteral === '' && i + 3 >= pieces.length ? original.length : original.indexOf(nextLiteral, pos);
    const value = original.slice(pos, endAt < 0 ? original.length : endAt);
    values.set(kind, [...(values.get(kind) ?? []), value]);
    pos += value.length;
  }
  return { text, values };
}

/** Puts the original secrets back; undefined when the answer holds placeholders we cannot map (unsafe). */
export function restoreRedactions(replacement: string, region: RedactedRegion): string | undefined {
  const used = new Map<string, number>();
  let unsafe = false;
  const out = replacement.replace(PLACEHOLDER_RE, (match, kind: string) => {
    const list = region.values.get(kind);
    const n = used.get(kind) ?? 0;
    if (!list || list.length === 0 || list.includes('')) {
      unsafe = true;
      return match;
    }
    used.set(kind, n + 1);
    // More placeholders than originals: the model copied one; the last value is the best guess, but refuse
    // when it is ambiguous (several different values of that kind).
    if (n >= list.length && new Set(list).size > 1) unsafe = true;
    return list[Math.min(n, list.length - 1)];
  });
  return unsafe ? undefined : out;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing the answer

export type FixFailure = 'noReplacement' | 'truncated' | 'unchanged' | 'diffMismatch' | 'unsafe';

export type FixParse =
  | { ok: true; newText: string; note: string; form: 'tags' | 'diff' | 'codeBlock' }
  | { ok: false; reason: FixFailure; message: string };

const FAILURE_MESSAGES: Record<FixFailure, string> = {
  noReplacement: 'The answer did not contain a replacement for the code.',
  truncated: 'The answer was cut off before the replacement ended.',
  unchanged: 'The proposed code is the same as the current code.',
  diffMismatch: 'The proposed change does not match the current code.',
  unsafe: 'The proposed code refers to a redacted secret it cannot restore safely.',
};

const fail = (reason: FixFailure): FixParse => ({ ok: false, reason, message: FAILURE_MESSAGES[reason] });

function stripFence(text: string): string {
  const m = text.match(/^\s*(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n?\s*\1\s*$/);
  return m ? m[2] : text;
}

function trimOuterNewlines(text: string): string {
  return text.replace(/^[ \t]*\r?\n/, '').replace(/\r?\n[ \t]*$/, '');
}

/** Our own excerpt format (`> 12 | code`) when the model copied it. */
function stripGutter(text: string): string {
  const lines = text.split('\n');
  const gutter = /^[> ]?\s*\d+ \| ?/;
  if (!lines.filter((l) => l.trim() !== '').every((l) => gutter.test(l))) return text;
  return lines.map((l) => l.replace(gutter, '')).join('\n');
}

function minIndent(lines: string[]): string {
  let best: string | undefined;
  for (const l of lines) {
    if (l.trim() === '') continue;
    const ind = l.match(/^[ \t]*/)![0];
    if (best === undefined || ind.length < best.length) best = ind;
  }
  return best ?? '';
}

/** A model that dropped the region's common indentation gets it back. */
function restoreIndent(newText: string, regionText: string): string {
  const base = minIndent(regionText.split('\n'));
  const lines = newText.split('\n');
  if (base === '' || minIndent(lines) !== '') return newText;
  return lines.map((l) => (l.trim() === '' ? l : base + l)).join('\n');
}

function fencedBlocks(answer: string): { lang: string; body: string }[] {
  const blocks: { lang: string; body: string }[] = [];
  const re = /^[ \t]*(`{3,}|~{3,})([^\n`]*)\n([\s\S]*?)\n[ \t]*\1[ \t]*$/gm;
  for (let m = re.exec(answer); m; m = re.exec(answer)) blocks.push({ lang: m[2].trim().toLowerCase(), body: m[3] });
  return blocks;
}

/** Applies unified-diff hunks to `text`; undefined when a hunk does not match. */
export function applyUnifiedDiff(text: string, diff: string): string | undefined {
  const lines = text.split('\n');
  const hunks: { old: string[]; new: string[] }[] = [];
  let current: { old: string[]; new: string[] } | undefined;
  for (const raw of diff.split(/\r?\n/)) {
    if (raw.startsWith('@@')) {
      current = { old: [], new: [] };
      hunks.push(current);
      continue;
    }
    if (raw.startsWith('---') || raw.startsWith('+++') || raw.startsWith('\\') || raw.startsWith('diff ') || raw.startsWith('index ')) continue;
    if (!current) {
      if (!/^[ +-]/.test(raw)) continue;
      current = { old: [], new: [] };
      hunks.push(current);
    }
    const tag = raw[0];
    const body = raw.slice(1);
    if (tag === '-') current.old.push(body);
    else if (tag === '+') current.new.push(body);
    else if (tag === ' ' || raw === '') {
      current.old.push(body);
      current.new.push(body);
    }
  }
  if (hunks.length === 0 || hunks.every((h) => h.old.join('\n') === h.new.join('\n'))) return undefined;

  let from = 0;
  const out = [...lines];
  for (const h of hunks) {
    const at = findSequence(out, h.old, from);
    if (at < 0) return undefined;
    out.splice(at, h.old.length, ...h.new);
    from = at + h.new.length;
  }
  return out.join('\n');
}

function findSequence(hay: string[], needle: string[], from: number): number {
  if (needle.length === 0) return -1;
  const same = (a: string, b: string, loose: boolean) => (loose ? a.trim() === b.trim() : a === b);
  for (const loose of [false, true]) {
    for (let i = from; i + needle.length <= hay.length; i++) {
      if (needle.every((n, k) => same(hay[i + k], n, loose))) return i;
    }
  }
  return -1;
}

/**
 * Turns the model's answer into the new text of `region` (lines joined with "\n", no final line break).
 * `redacted` restores secrets the region was sent without.
 */
export function parseFixAnswer(answer: string, region: FixRegion, redacted?: RedactedRegion): FixParse {
  const text = answer.replace(/\r\n/g, '\n');
  let newText: string | undefined;
  let note = '';
  let form: 'tags' | 'diff' | 'codeBlock' = 'tags';

  const open = text.indexOf('<replacement>');
  const close = text.indexOf('</replacement>', open + 1);
  if (open >= 0) {
    if (close < 0) return fail('truncated');
    newText = stripFence(trimOuterNewlines(text.slice(open + '<replacement>'.length, close)));
    note = text.slice(close + '</replacement>'.length).trim();
  } else {
    const blocks = fencedBlocks(text);
    const diffBlock = blocks.find((b) => b.lang === 'diff' || b.lang === 'patch' || /^@@ /m.test(b.body));
    if (diffBlock || /^@@ .* @@/m.test(text)) {
      form = 'diff';
      newText = applyUnifiedDiff(region.text, diffBlock ? diffBlock.body : text);
      if (newText === undefined) return fail('diffMismatch');
    } else if (blocks.length === 1) {
      form = 'codeBlock';
      newText = blocks[0].body;
    } else if (/^[ \t]*(`{3,}|~{3,})/m.test(text) && blocks.length === 0) {
      return fail('truncated');
    } else {
      return fail('noReplacement');
    }
    note = text.replace(/^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?\n[ \t]*\1[ \t]*$/gm, '').trim();
  }

  newText = stripGutter(newText);
  if (form !== 'diff') newText = restoreIndent(newText, region.text);
  if (redacted) {
    const restored = restoreRedactions(newText, redacted);
    if (restored === undefined) return fail('unsafe');
    newText = restored;
  } else if (/<redacted:[a-z0-9-]+>/.test(newText)) {
    return fail('unsafe');
  }
  if (newText === region.text || newText.trimEnd() === region.text.trimEnd()) return fail('unchanged');
  return { ok: true, newText, note: note.slice(0, 500), form };
}
