// A cheap token estimate for budgeting what we gather. Claude's tokenizers give roughly 3–4 characters per
// token on code; erring towards more tokens keeps requests inside the budget the user set.

import { redactedHead } from '../privacy';

export const CHARS_PER_TOKEN = 3.5;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/**
 * Cuts `text` to at most `maxChars`, marking the cut so the model (and the user) can see it. A cut text is
 * redacted before the cut: the piece of a secret left at the cut would no longer look like one.
 */
export function clip(text: string, maxChars: number, marker = '…'): string {
  if (text.length <= maxChars) return text;
  return redactedHead(text, Math.max(0, maxChars - marker.length)) + marker;
}
