// A cheap token estimate for budgeting what we gather. Claude's tokenizers give roughly 3–4 characters per
// token on code; erring towards more tokens keeps requests inside the budget the user set.

export const CHARS_PER_TOKEN = 3.5;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Cuts `text` to at most `maxChars`, marking the cut so the model (and the user) can see it. */
export function clip(text: string, maxChars: number, marker = '…'): string {
  if (text.length <= maxChars) return text;
  return text.slice(0, Math.max(0, maxChars - marker.length)) + marker;
}
