// Text of the footer under an answer. Shared by the webview (which shows it) and tests (which read it).

import { formatUsd } from '../bedrock/pricing';
import { formatMs } from '../shared/format';
import type { AnswerMeta } from '../shared/protocol';

const int = (n: number) => Math.round(n).toLocaleString('en-US');


/** e.g. `Claude Haiku 4.5 · first token 312 ms · total 2.4 s · 1,234 in · 456 out · 4,100 cached · $0.0031 est.` */
export function footerParts(m: AnswerMeta): string[] {
  const parts = [m.model];
  if (m.firstTokenMs !== undefined) parts.push(`first token ${formatMs(m.firstTokenMs)}`);
  parts.push(`total ${formatMs(m.totalMs)}`);
  parts.push(`${int(m.inputTokens)} in`, `${int(m.outputTokens)} out`);
  if (m.cacheReadTokens || m.cacheWriteTokens) {
    parts.push(`${int(m.cacheReadTokens)} cached`);
    if (m.cacheWriteTokens) parts.push(`${int(m.cacheWriteTokens)} cache written`);
  }
  parts.push(`${formatUsd(m.costUsd)}${m.estimate ? ' est.' : ''}`);
  return parts;
}

export function footerText(m: AnswerMeta): string {
  return footerParts(m).join(' · ');
}

/** Longer wording for the footer's tooltip and screen readers. */
export function footerTitle(m: AnswerMeta): string {
  return [
    `Model: ${m.model}`,
    m.firstTokenMs !== undefined ? `First token after ${formatMs(m.firstTokenMs)}` : 'No text arrived',
    `Total ${formatMs(m.totalMs)}`,
    `Input tokens: ${int(m.inputTokens)} (plus ${int(m.cacheReadTokens)} read from the prompt cache, ${int(m.cacheWriteTokens)} written to it)`,
    `Output tokens: ${int(m.outputTokens)}`,
    `Cost: ${formatUsd(m.costUsd)}${m.estimate ? ' (estimate: the price is not confirmed from AWS)' : ''}`,
  ].join('\n');
}
