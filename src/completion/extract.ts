// Pulls the code out of what a chat model wrote: the text inside <insert> tags, else inside a fence, else
// the text without the sentences around it. Hole-filling prompts fail most visibly when their markers
// leak into the file, so every marker we or the model might use is removed here.

export const OPEN_TAG = '<insert>';
export const CLOSE_TAG = '</insert>';

// Markers a model may echo from the prompt or invent; removed wherever they appear.
const MARKER_RE = /<\/?(?:insert|cursor|completion|fill_?here|fill|hole|answer|output)\s*\/?>|\{\{\s*fill_?here\s*\}\}|<\|?(?:fim_[a-z]+|cursor)\|?>/gi;

const PROSE_START = /^(?:here(?:'s| is| are)|sure\b|certainly\b|okay\b|ok[,.]|of course|the (?:completion|code|missing|rest|following|cursor|insert)|this (?:completes|code|will|adds|line)|i (?:will|would|'ll|have|added|completed|need|can|cannot|can't|am|don't)|i'm|unable to|without more|to complete|you can|note:|explanation:|completion:|output:|insert(?:ed)?:|based on)/i;

function stripFence(text: string): string {
  const open = /(^|\n)[ \t]*```[^\n`]*\n/.exec(text);
  if (!open) return text;
  const start = open.index + open[0].length;
  const close = text.indexOf('```', start);
  // An unterminated fence (stream cut at max tokens or by the early stop) still yields its code.
  const body = close < 0 ? text.slice(start) : text.slice(start, close);
  return body.replace(/\n[ \t]*$/, '');
}

/** True for a line of prose rather than code: a sentence opener, or words ending with a colon or period. */
export function looksLikeProse(line: string): boolean {
  const t = line.trim();
  if (!t) return false;
  if (PROSE_START.test(t)) return true;
  // "This initialises the cache and returns it." — several words, sentence punctuation, no code symbols.
  if (/^[A-Z][a-z]*(?: [a-z'’-]+){3,}[^;{}()=<>[\]]*[.:!]$/.test(t) && !/[;{}()=<>[\]]/.test(t)) return true;
  return false;
}

/**
 * The insertion inside `raw`. `prefilled` is the assistant prefill we sent (the model continues after it).
 * Returns the text with markers removed, CRLF normalised; may be empty.
 */
export function extractInsertion(raw: string, prefilled = ''): string {
  let text = (prefilled + raw).replace(/\r\n/g, '\n');
  const open = text.indexOf(OPEN_TAG);
  let tagged = false;
  if (open >= 0) {
    text = text.slice(open + OPEN_TAG.length);
    const close = text.indexOf(CLOSE_TAG);
    if (close >= 0) text = text.slice(0, close);
    tagged = true;
  } else {
    const close = text.indexOf(CLOSE_TAG);
    if (close >= 0) text = text.slice(0, close);
  }
  if (/(^|\n)[ \t]*```/.test(text)) text = stripFence(text);
  if (!tagged) text = stripProse(text);
  text = text.replace(MARKER_RE, '');
  return text;
}

/** After the code and a blank line, a short sentence is enough: "This calls foo." */
function isSentence(line: string): boolean {
  const t = line.trim();
  return /^[A-Z][a-z']*(?: [\w'’,-]+)+[.!]$/.test(t) && !/[;{}()=<>[\]]/.test(t);
}

/** Drops sentences before and after the code (only used when the model ignored the tags). */
function stripProse(text: string): string {
  const lines = text.split('\n');
  let start = 0;
  while (start < lines.length && (looksLikeProse(lines[start]) || (start < lines.length - 1 && !lines[start].trim() && start > 0))) start++;
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
