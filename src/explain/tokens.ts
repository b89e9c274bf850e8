// Budgeting what we gather: the one token estimate (bedrock/catalog), and clipping.

import { redactedHead } from '../privacy';
import { DEFAULT_CHARS_PER_TOKEN, estimateTokens as estimateForModel } from '../bedrock/catalog';

export { DEFAULT_CHARS_PER_TOKEN };

/** Tokens `text` is estimated to cost (the gathered context is budgeted before the model is known). */
export function estimateTokens(text: string): number {
  return estimateForModel(text);
}

/**
 * Cuts `text` to at most `maxChars`, marking the cut so the model (and the user) can see it. A cut text is
 * redacted before the cut: the piece of a secret left at the cut would no longer look like one.
 */
export function clip(text: string, maxChars: number, marker = '…'): string {
  if (text.length <= maxChars) return text;
  return redactedHead(text, Math.max(0, maxChars - marker.length)) + marker;
}
