import * as assert from 'node:assert/strict';
import { footerText, footerTitle } from '../../../src/chat/format';
import { formatMs } from '../../../src/shared/format';
import type { AnswerMeta } from '../../../src/shared/protocol';

const meta: AnswerMeta = {
  model: 'Claude Haiku 4.5', firstTokenMs: 412, totalMs: 1830, inputTokens: 96, outputTokens: 187,
  cacheReadTokens: 4310, cacheWriteTokens: 0, costUsd: 0.00137, estimate: true,
};

describe('answer footer', () => {
  it('reads model · first token · total · tokens · cached · cost est.', () => {
    assert.equal(footerText(meta), 'Claude Haiku 4.5 · first token 412 ms · total 1.8 s · 96 in · 187 out · 4,310 cached · $0.0014 est.');
  });

  it('mentions cache writes, omits cache figures when there were none, and drops "est." for confirmed prices', () => {
    assert.match(footerText({ ...meta, cacheWriteTokens: 5000 }), /4,310 cached · 5,000 cache written/);
    assert.equal(
      footerText({ ...meta, cacheReadTokens: 0, estimate: false, costUsd: 0.25 }),
      'Claude Haiku 4.5 · first token 412 ms · total 1.8 s · 96 in · 187 out · $0.25',
    );
  });

  it('leaves out the first token when no text arrived', () => {
    const t = footerText({ ...meta, firstTokenMs: undefined, outputTokens: 0 });
    assert.doesNotMatch(t, /first token/);
    assert.match(footerTitle({ ...meta, firstTokenMs: undefined }), /No text arrived/);
  });

  it('formats durations', () => {
    assert.equal(formatMs(87.4), '87 ms');
    assert.equal(formatMs(1500), '1.5 s', 'the same 1,500 ms reads the same in the status bar, the chat footer and the usage view');
    assert.equal(formatMs(2400), '2.4 s');
    assert.equal(formatMs(64_000), '64 s');
  });
});
