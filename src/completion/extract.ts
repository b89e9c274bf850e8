// Pulls the code out of what a chat model wrote: the text inside <insert> tags, else inside a fence, else
// the text without the sentences around it. Hole-filling prompts fail most visibly when their markers
// leak into the file, so every marker we or the model might use is removed here.

import type { EllipsisIsCode } from './ellipsisBodies';
import { cutAtEndToken, cutPlaceholders, cutPromptLeak, isRefusal, openTextBlock, stripDiffMarkers, proseFits, stripZeroWidth, unescapeHtmlEntities, unwrapForeignTags, unwrapInlineBackticks } from './shapingFilters';

export const OPEN_TAG = '<insert>';
export const CLOSE_TAG = '</insert>';

// Markers a model may echo from the prompt or invent; removed wherever they appear.
const MARKER_RE = /<\/?(?:insert|cursor|completion|fill_?here|fill|hole|answer|output)\s*\/?>|\{\{\s*fill_?here\s*\}\}|<\|?(?:fim_[a-z]+|cursor)\|?>/gi;

const PROSE_START = /^(?:here(?:'s| is| are)|sure\b|certainly\b|okay\b|ok[,.]|of course|the (?:completion|code|missing|rest|following|cursor|insert)|this (?:completes|code|will|adds|line)|i (?:will|would|'ll|have|added|completed|need|can|cannot|can't|am|don't)|i'm|unable to|without more|to complete|you can|note:|explanation:|completion:|output:|insert(?:ed)?:|based on)/i;

function stripFence(text: string): string {
  const open = /(^|\n)[ \t]*```[^\n`]*\n/.exec(text);
  if (!open) {
    // Only a closing fence, on its own last line (the opening one went into the prefill or the prompt).
    return text.replace(/\n[ \t]*```[ \t]*\n?$/, '');
  }
  const start = open.index + open[0].length;
  // The closing fence stands at the start of a line; "```" inside a line is text.
  const close = /(^|\n)[ \t]*```/.exec(text.slice(start));
  // An unterminated fence (stream cut at max tokens or by the early stop) still yields its code.
  const body = close ? text.slice(start, start + close.index) : text.slice(start);
  return body.replace(/\n[ \t]*$/, '');
}

/** True for a line of prose rather than code: a sentence opener, or words ending with a colon or period. */
export function looksLikeProse(line: string): boolean {
  const t = line.trim();
  if (!t) return false;
  if (PROSE_START.test(t)) return true;
  // The model's own sentences are short; a long line is code (and the sentence pattern would backtrack on it).
  if (t.length > 240) return false;
  // "This initialises the cache and returns it." — several words, sentence punctuation, no code symbols.
  if (/^[A-Z][a-z]*(?: [a-z'’-]+){3,}[^;{}()=<>[\]]*[.:!]$/.test(t) && !/[;{}()=<>[\]]/.test(t)) return true;
  return false;
}

export interface ExtractOptions {
  languageId?: string;
  /** The cursor line up to the cursor: tells whether a sentence is content there (a comment, a string). */
  linePrefix?: string;
  /** Where a lone `...` is code rather than a placeholder (Python stubs and protocols); absent, it never is. */
  ellipsisIsCode?: EllipsisIsCode;
}

/**
 * The insertion inside `raw`. `prefilled` is the assistant prefill we sent (the model continues after it).
 * Returns the text with markers, wrappers, leaked prompt lines and placeholders removed, CRLF normalised;
 * may be empty.
 */
export function extractInsertion(raw: string, prefilled = '', opts: ExtractOptions = {}): string {
  let text = stripZeroWidth((prefilled + raw).replace(/\r\n/g, '\n'));
  const open = text.indexOf(OPEN_TAG);
  if (open >= 0) {
    text = text.slice(open + OPEN_TAG.length);
    const close = text.indexOf(CLOSE_TAG);
    if (close >= 0) text = text.slice(0, close);
  } else {
    const close = text.indexOf(CLOSE_TAG);
    if (close >= 0) text = text.slice(0, close);
    text = unwrapForeignTags(text, opts.languageId);
  }
  text = cutAtEndToken(text);
  if (text.includes('```')) text = stripFence(text);
  // Sentences are content in a text block the cursor line opens, or the answer's first line opens (a docstring).
  const prose = proseFits(opts.linePrefix ?? '', opts.languageId) || openTextBlock((opts.linePrefix ?? '') + /^[^\n]*/.exec(text)![0]) !== undefined;
  // Inside the tags too: a model that explains its code may do it before the closing tag.
  text = stripProse(text, prose);
  text = unescapeHtmlEntities(text.replace(MARKER_RE, ''), opts.languageId);
  text = unwrapInlineBackticks(text, opts.languageId);
  text = cutPlaceholders(cutPromptLeak(stripDiffMarkers(text, opts.languageId)), opts.ellipsisIsCode);
  // A refusal is never inserted; in prose it must also be about the task, not a sentence of the text.
  if (isRefusal(text) && (!prose || /\b(?:complet|code|context|insert|cursor)/i.test(text))) return '';
  return text;
}

/** After the code and a blank line, a short sentence is enough: "This calls foo." */
function isSentence(line: string): boolean {
  const t = line.trim();
  return /^[A-Z][a-z']*(?: [\w'’,-]+)+[.!]$/.test(t) && !/[;{}()=<>[\]]/.test(t);
}

/**
 * Drops sentences before and after the code, inside the tags or not. Where prose is
 * content (`proseOk`), only the model's own openers ("Here is the completion:") go.
 */
function stripProse(text: string, proseOk: boolean): string {
  const lines = text.split('\n');
  const isProse = proseOk ? (l: string) => PROSE_START.test(l.trim()) && /[:!]$/.test(l.trim()) : looksLikeProse;
  let start = 0;
  while (start < lines.length && (isProse(lines[start]) || (start < lines.length - 1 && !lines[start].trim() && start > 0))) start++;
  if (proseOk) return lines.slice(start).join('\n');
  // A leading blank line is part of the insertion only when no prose came before it.
  let end = lines.length;
  // Trailing prose is separated from the code by a blank line.
  for (let i = start + 1; i < lines.length; i++) {
    if (!lines[i].trim() && i + 1 < lines.length && (looksLikeProse(lines[i + 1]) || isSentence(lines[i + 1]))) {
      end = i;
      break;
    }
  }
  return lines.slice(start, end).join('\n');
}
