// Token counts for VS Code's chat: Bedrock's CountTokens where it answers, the estimate otherwise; cached,
// bounded, quick. First the counter with a stub, then the provider through the real SDK against the fake.
import * as assert from 'node:assert/strict';
import type { BedrockService } from '../../../src/bedrock/client';
import { bedrockError } from '../../../src/bedrock/errors';
import { LmChatProvider } from '../../../src/lmChat/provider';
import { TOKEN_COUNT_LIMITS, TokenCounter } from '../../../src/lmChat/tokenCount';
import type { Config } from '../../../src/shared/config';
import type { Fake } from '../../fake/bedrockFake';
import { fakeBedrockSuite } from '../../support/bedrock';

const estimate = (t: string) => Math.ceil(t.length / 3.5);
const long = (c: string, n = 1000) => c.repeat(n);

function stub(answer: (text: string, signal: AbortSignal) => Promise<number> = async (t) => t.length) {
  const asked: string[] = [];
  let clock = 0;
  const counter = new TokenCounter(
    { count: (_m, t, s) => (asked.push(t), answer(t, s)), now: () => clock },
    { ...TOKEN_COUNT_LIMITS, maxEntries: 3, timeoutMs: 50 },
  );
  return { counter, asked, advance: (ms: number) => (clock += ms) };
}

describe('VS Code chat token counts', () => {
  it('asks Bedrock once per text and answers repeats from the cache', async () => {
    const { counter, asked } = stub();
    assert.equal(await counter.count('m', 'r', long('a'), estimate), 1000);
    assert.equal(await counter.count('m', 'r', long('a'), estimate), 1000);
    // Asked twice at once: one question.
    const both = await Promise.all([counter.count('m', 'r', long('b'), estimate), counter.count('m', 'r', long('b'), estimate)]);
    assert.deepEqual(both, [1000, 1000]);
    assert.equal(asked.length, 2);
    assert.deepEqual(counter.stats, { counted: 2, cached: 1, estimated: 0 });
  });

  it('keeps at most maxEntries counts, dropping the least recently used', async () => {
    const { counter, asked } = stub();
    for (const c of ['a', 'b', 'c']) await counter.count('m', 'r', long(c), estimate);
    await counter.count('m', 'r', long('a'), estimate); // a is now the most recent
    await counter.count('m', 'r', long('d'), estimate); // b goes
    await counter.count('m', 'r', long('a'), estimate);
    await counter.count('m', 'r', long('b'), estimate);
    assert.deepEqual(asked.map((t) => t[0]), ['a', 'b', 'c', 'd', 'b']);
  });

  it('estimates short texts without asking, and counts what would be sent (secrets redacted)', async () => {
    const { counter, asked } = stub();
    assert.equal(await counter.count('m', 'r', 'short', estimate), 2);
    const secret = 'AKIAIOSFODNN7EXAMPLE';
    await counter.count('m', 'r', `${long('x', 500)} key=${secret}`, estimate);
    assert.equal(asked.length, 1);
    assert.ok(!asked[0].includes(secret), 'the secret reached CountTokens');
  });

  it('answers with the estimate when Bedrock is slow, or when VS Code cancels', async () => {
    const { counter } = stub((_t, signal) => new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));
    assert.equal(await counter.count('m', 'r', long('a'), estimate), estimate(long('a')));
    const cancel = new AbortController();
    const asked = counter.count('m', 'r', long('z'), estimate, cancel.signal);
    cancel.abort();
    assert.equal(await asked, estimate(long('z')));
  });

  it('stops asking for a model Bedrock cannot count, and pauses after a passing failure', async () => {
    let fail = bedrockError('unknown', "ValidationException: The provided model doesn't support counting tokens.");
    const { counter, asked, advance } = stub(async () => {
      throw fail;
    });
    assert.equal(await counter.count('m', 'r', long('a'), estimate), estimate(long('a')));
    assert.equal(await counter.count('m', 'r', long('b'), estimate), estimate(long('b')));
    assert.equal(asked.length, 1, 'asked again after "not supported"');
    // Another Region is another question; throttled there pauses every model for a while.
    fail = bedrockError('throttled', 'ThrottlingException: slow down');
    await counter.count('m', 'eu', long('c'), estimate);
    await counter.count('m', 'eu', long('d'), estimate);
    assert.equal(asked.length, 2);
    advance(TOKEN_COUNT_LIMITS.backoffMs + 1);
    await counter.count('m', 'eu', long('e'), estimate);
    assert.equal(asked.length, 3);
  });

  it('never has more than maxInFlight questions out: the rest get the estimate', async () => {
    const waiting: (() => void)[] = [];
    const { counter, asked } = stub((t) => new Promise((r) => waiting.push(() => r(t.length))));
    const texts = 'abcdef'.split('').map((c) => long(c));
    const answers = texts.map((t) => counter.count('m', 'r', t, estimate));
    await new Promise((r) => setImmediate(r));
    waiting.forEach((w) => w());
    const got = await Promise.all(answers);
    assert.equal(asked.length, TOKEN_COUNT_LIMITS.maxInFlight);
    assert.deepEqual(got, [1000, 1000, 1000, 1000, estimate(texts[4]), estimate(texts[5])]);
  });
});

describe('VS Code chat token counts from Bedrock CountTokens (fake)', function () {
  this.timeout(30_000);
  let fake: Fake;
  let config: Config;
  let service: BedrockService;
  let provider: LmChatProvider;

  fakeBedrockSuite({}, (s) => {
    ({ fake, config, service } = s);
    provider = new LmChatProvider({
      bedrock: service, configuredModel: () => config.model, countTokens: (m, t, sig) => service.countTokens(m, t, sig), region: () => service.resolved().region,
    });
  });

  it('counts with the foundation model behind the chosen model, signed, and sends no inference request', async () => {
    const model = provider.models().find((m) => m.id === 'claude-haiku-4-5')!;
    const text = 'const x = 1;\n'.repeat(300);
    // The fake's tokenizer: a quarter of the characters + 7 (the estimate would say 1,115).
    assert.equal(await provider.tokenCount(model, text), Math.ceil(text.length / 4) + 7);
    assert.equal(fake.requests.length, 1);
    const req = fake.requests[0];
    assert.equal(req.api, 'countTokens');
    assert.equal(req.modelId, 'anthropic.claude-haiku-4-5-20251001-v1:0');
    assert.equal(req.sigv4Valid, true);
    assert.equal(req.promptText, text);
    // Asked again: from the cache.
    await provider.tokenCount(model, text);
    assert.equal(fake.requests.length, 1);
  });

  it('falls back to the estimate where Bedrock cannot count, and stops asking', async () => {
    fake.countTokensWith(() => ({ httpError: 'validation', errorMessage: "The provided model doesn't support counting tokens." }));
    const model = provider.models().find((m) => m.id === 'claude-haiku-5-5')!;
    const text = 'word '.repeat(400);
    const estimated = Math.ceil(text.length / 2.7);
    assert.equal(await provider.tokenCount(model, text), estimated);
    assert.equal(await provider.tokenCount(model, `${text}more`), Math.ceil((text.length + 4) / 2.7));
    assert.equal(fake.requests.length, 1);
  });
});
