// The join with the text right of the cursor on the same line: what the answer repeats of it is not
// inserted twice, and a closer the answer needs for itself is not taken away. Linear in both strings.

import { bracketBalance } from './blockCut';

/** The longest tail of `text` that is also the start of `suffix`, by the prefix function (KMP). */
export function overlapWithSuffix(text: string, suffix: string): number {
  const max = Math.min(text.length, suffix.length);
  if (!max) return 0;
  const pattern = suffix.slice(0, max);
  const fail = new Array<number>(pattern.length).fill(0);
  for (let i = 1, k = 0; i < pattern.length; i++) {
    while (k > 0 && pattern[i] !== pattern[k]) k = fail[k - 1];
    if (pattern[i] === pattern[k]) k++;
    fail[i] = k;
  }
  let k = 0;
  for (let i = Math.max(0, text.length - max); i < text.length; i++) {
    while (k > 0 && (k === pattern.length || text[i] !== pattern[k])) k = fail[k - 1];
    if (text[i] === pattern[k]) k++;
  }
  return k;
}

function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}

const CLOSERS_AND_QUOTES = /^[)\]}'"`;,\s]+$/;

/**
 * Whether the answer's trailing `tail` (closers and quotes it shares with the suffix) is the suffix echoed:
 * the answer without it must not leave a bracket or a string of its own open. `to_str()` before `)` keeps
 * its `)`; `u.active).map((u) => u.name);` before `);` loses its `);`.
 */
function tailIsEcho(text: string, tail: string): boolean {
  const body = text.slice(0, text.length - tail.length);
  if (/[)\]}]/.test(tail) && bracketBalance(body).delta > 0) return false;
  for (const q of ['"', "'", '`']) {
    if (tail.includes(q) && body.split(q).length % 2 === 0) return false;
  }
  return true;
}

export interface SuffixJoin {
  insertText: string;
  replaceSuffixChars: number;
}

/** A one-line insertion before the rest of the cursor line (`suffixOnLine`, trimmed at the end). */
export function joinWithSuffix(insertText: string, suffixOnLine: string): SuffixJoin {
  const overlap = overlapWithSuffix(insertText, suffixOnLine);
  const tail = suffixOnLine.slice(0, overlap);
  const closersOnly = overlap > 0 && CLOSERS_AND_QUOTES.test(tail);
  if (overlap === suffixOnLine.length && (!closersOnly || tailIsEcho(insertText, tail))) {
    return { insertText: insertText.slice(0, -overlap), replaceSuffixChars: 0 };
  }
  const window = insertText.slice(Math.max(0, insertText.length - 2 * suffixOnLine.length - 8));
  // The answer wrote the rest of the line itself: it ends as the line does (`param1);` over `, )`), not with
  // a character the line has somewhere (`message)` before `,` keeps the `,`).
  const endsAsLine = (/[^\w\s]*$/.exec(insertText.trimEnd())?.[0] ?? '').includes(suffixOnLine.trim().slice(-1));
  if (endsAsLine && isSubsequence(suffixOnLine.replace(/\s+/g, ''), window) && !(closersOnly && !tailIsEcho(insertText, tail))) {
    return { insertText, replaceSuffixChars: suffixOnLine.length };
  }
  if (closersOnly && tailIsEcho(insertText, tail)) return { insertText: insertText.slice(0, -overlap), replaceSuffixChars: 0 };
  return { insertText, replaceSuffixChars: 0 };
}

/** Strict JSON: a comma before `}` or `]` is an error, and entries need one between them. */
const STRICT_COMMAS = new Set(['json']);
/** JSON with comments and JSON5 accept a trailing comma but still need one between entries. */
const COMMA_SEPARATED = new Set(['json', 'jsonc', 'json5', 'jsonl']);

export interface CommaContext {
  linePrefix: string;
  lineSuffix: string;
  prefix: string;
  suffix: string;
  /** The first non-empty line after the cursor line. */
  next?: string;
  /** The last non-empty line above the cursor line. */
  above?: string;
  languageId?: string;
}

/** A line that is an entry of an object, array or match: `"a": 1`, `key: v`, `0 => x`, a literal. */
const ENTRY = /^(?:["'`]?[\w$.-]+["'`]?\s*(?::|=>)\s*\S|["'`\d-])/;

/** Entries before `}` or `]` in `text` written with a trailing comma and without one. */
function countTrailingCommas(text: string, counts: { with: number; without: number }): void {
  let prev = '';
  for (const raw of text.split('\n')) {
    const t = raw.trim();
    if (!t) continue;
    if (/^[}\]]/.test(t) && ENTRY.test(prev)) {
      if (prev.endsWith(',')) counts.with++;
      else if (!/[[{(:;]$/.test(prev)) counts.without++;
    }
    prev = t;
  }
}

/**
 * Whether the file writes a comma after the last entry before `}` or `]`: yes, no, or undefined (no
 * example, or as many of each). The cursor line and the pair across it are left out: they are being edited.
 */
function fileTrailingCommas(prefix: string, suffix: string): boolean | undefined {
  const counts = { with: 0, without: 0 };
  countTrailingCommas(prefix.slice(0, prefix.lastIndexOf('\n') + 1), counts);
  countTrailingCommas(suffix.slice(suffix.indexOf('\n') + 1), counts);
  return counts.with === counts.without ? undefined : counts.with > counts.without;
}

/**
 * The comma at the end of the line the insertion ends on, against what follows in the file: a trailing
 * comma before the file's `}` or `]` goes where the language or the file's own style has none (strict
 * JSON always); in JSON a missing comma before a sibling entry is added. Only the insertion's own text changes.
 */
export function fitTrailingComma(join: SuffixJoin, oneLine: boolean, c: CommaContext): SuffixJoin {
  const lang = c.languageId ?? '';
  const rest = c.lineSuffix.slice(join.replaceSuffixChars).trimEnd();
  const line = (oneLine ? c.linePrefix : '') + join.insertText.slice(join.insertText.lastIndexOf('\n') + 1) + rest;
  const next = c.next?.trim();
  if (!next || !line.trim()) return join;
  if (/^[}\]]/.test(next) && join.insertText.trimEnd().endsWith(',') && !rest) {
    if (STRICT_COMMAS.has(lang) || fileTrailingCommas(c.prefix, c.suffix) === false) {
      return { ...join, insertText: join.insertText.trimEnd().slice(0, -1) };
    }
    return join;
  }
  // A sibling entry below at the same column, entries above separated by commas, and this line without one.
  const sibling = !/^[}\])]/.test(next) && indentOfLine(c.next!) === indentOfLine(c.linePrefix) && /"\s*:/.test(next);
  if (!COMMA_SEPARATED.has(lang) || !sibling || /[,{[(:]\s*$/.test(line) || !/,\s*$/.test(c.above ?? '')) return join;
  if (!rest) return { ...join, insertText: join.insertText + ',' };
  // The rest of the line (`"` of the value) stays: the comma goes after it.
  return { insertText: join.insertText + rest + ',', replaceSuffixChars: join.replaceSuffixChars + rest.length };
}

const indentOfLine = (line: string): string => /^[ \t]*/.exec(line)![0];

/** `insertText` that ends with the very characters it replaces is the same file without replacing them. */
export function minimalReplace(join: SuffixJoin, lineSuffix: string): SuffixJoin {
  const n = join.replaceSuffixChars;
  if (n > 0 && join.insertText.endsWith(lineSuffix.slice(0, n))) return { insertText: join.insertText.slice(0, -n), replaceSuffixChars: 0 };
  return join;
}
