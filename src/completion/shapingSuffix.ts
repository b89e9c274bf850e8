// The join with the text right of the cursor on the same line: what the answer repeats of it is not
// inserted twice, and a closer the answer needs for itself is not taken away. Linear in both strings.

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

const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * Whether the answer's trailing `tail` (closers and quotes it shares with the suffix) closes only what the
 * cursor line opened before the answer: then it is the suffix's closer echoed. `to_str()` before `)` keeps
 * its own `)`; `delete')` inside `log('` loses its `')`. One scan of the line with a stack of openers.
 */
function tailIsEcho(linePrefix: string, text: string, tail: string): boolean {
  const line = linePrefix + text;
  const answerAt = linePrefix.length;
  const tailAt = line.length - tail.length;
  const stack: { ch: string; at: number }[] = [];
  let quote: { ch: string; at: number } | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    const closes = (opener: { at: number }) => i < tailAt || opener.at < answerAt;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote.ch) {
        if (!closes(quote)) return false;
        quote = undefined;
      }
      continue;
    }
    if (ch === '"' || ch === '`' || (ch === "'" && !(/\w/.test(line[i - 1] ?? '') && /\w/.test(line[i + 1] ?? '')))) {
      if (i >= tailAt) return false; // the tail opens a string: not an echo of a closer
      quote = { ch, at: i };
    } else if ('([{'.includes(ch)) {
      if (i >= tailAt) return false;
      stack.push({ ch, at: i });
    } else if (PAIRS[ch]) {
      // A closer with no opener on the line closes one from a line above: never the answer's own.
      const top = stack[stack.length - 1];
      if (top?.ch === PAIRS[ch]) {
        stack.pop();
        if (!closes(top)) return false;
      }
    }
  }
  return true;
}

export interface SuffixJoin {
  insertText: string;
  replaceSuffixChars: number;
}

/** A one-line insertion before the rest of the cursor line (`suffixOnLine`, trimmed at the end). */
export function joinWithSuffix(insertText: string, suffixOnLine: string, linePrefix: string): SuffixJoin {
  const overlap = overlapWithSuffix(insertText, suffixOnLine);
  const tail = suffixOnLine.slice(0, overlap);
  const closersOnly = overlap > 0 && CLOSERS_AND_QUOTES.test(tail);
  if (overlap === suffixOnLine.length && (!closersOnly || tailIsEcho(linePrefix, insertText, tail))) {
    return { insertText: insertText.slice(0, -overlap), replaceSuffixChars: 0 };
  }
  const window = insertText.slice(Math.max(0, insertText.length - 2 * suffixOnLine.length - 8));
  if (isSubsequence(suffixOnLine.replace(/\s+/g, ''), window) && !(closersOnly && !tailIsEcho(linePrefix, insertText, tail))) {
    return { insertText, replaceSuffixChars: suffixOnLine.length };
  }
  if (closersOnly && tailIsEcho(linePrefix, insertText, tail)) return { insertText: insertText.slice(0, -overlap), replaceSuffixChars: 0 };
  return { insertText, replaceSuffixChars: 0 };
}
