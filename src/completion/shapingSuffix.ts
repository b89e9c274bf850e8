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
  if (isSubsequence(suffixOnLine.replace(/\s+/g, ''), window) && !(closersOnly && !tailIsEcho(insertText, tail))) {
    return { insertText, replaceSuffixChars: suffixOnLine.length };
  }
  if (closersOnly && tailIsEcho(insertText, tail)) return { insertText: insertText.slice(0, -overlap), replaceSuffixChars: 0 };
  return { insertText, replaceSuffixChars: 0 };
}
