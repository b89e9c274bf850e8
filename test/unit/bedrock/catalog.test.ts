import * as assert from 'node:assert/strict';
import { CATALOG, DEFAULT_MODEL_ID, findModel, resolveModel, estimateTokens } from '../../../src/bedrock/catalog';
import { costOf, formatUsd } from '../../../src/bedrock/pricing';

describe('model catalog', () => {
  it('defaults to an active Haiku through the inference profile of the region', () => {
    const m = findModel(DEFAULT_MODEL_ID)!;
    assert.equal(m.lifecycle, 'active');
    assert.equal(resolveModel('', 'us-west-2').invokeId, `us.${m.baseId}`);
    assert.equal(resolveModel('', 'eu-central-1').invokeId, `eu.${m.baseId}`);
    // No apac profile for Haiku 4.5 in the catalog: the global one is used.
    assert.equal(resolveModel('', 'ap-northeast-1').invokeId, `global.${m.baseId}`);
  });

  it('keeps Claude 3.5 Haiku selectable, marked retired, with the brief\'s prices', () => {
    const m = findModel('anthropic.claude-3-5-haiku-20241022-v1:0')!;
    assert.equal(m.id, 'claude-3-5-haiku');
    assert.equal(m.lifecycle, 'retired');
    assert.equal(m.endOfLife, '2026-06-19');
    assert.deepEqual([m.prices.input, m.prices.output], [0.8, 4.0]);
    assert.deepEqual([m.latencyOptimized!.prices.input, m.latencyOptimized!.prices.output], [1.0, 5.0]);
    assert.equal(resolveModel('claude-3-5-haiku', 'us-east-2').invokeId, 'us.anthropic.claude-3-5-haiku-20241022-v1:0');
  });

  it('sends uncatalogued ids, explicit profiles and ARNs as written', () => {
    const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc';
    assert.equal(resolveModel(arn, 'us-east-1').invokeId, arn);
    assert.equal(resolveModel(arn, 'us-east-1').catalogId, undefined);
    const eu = 'eu.anthropic.claude-haiku-4-5-20251001-v1:0';
    assert.equal(resolveModel(eu, 'us-east-1').invokeId, eu);
    assert.equal(resolveModel(eu, 'us-east-1').catalogId, 'claude-haiku-4-5');
  });

  it('has every field a picker and the pricing need', () => {
    for (const m of CATALOG) {
      assert.ok(m.contextWindow > 0 && m.maxOutput > 0 && m.cacheMinTokens > 0, m.id);
      assert.ok(m.prices.input > 0 && m.prices.output > m.prices.input, m.id);
    }
    assert.equal(findModel('claude-haiku-5-5')!.acceptsPrefill, false);
    assert.equal(findModel('claude-haiku-4-5')!.acceptsPrefill, true);
  });

  it('estimates more tokens for the newer tokenizer', () => {
    const text = 'x'.repeat(1000);
    assert.ok(estimateTokens(text, findModel('claude-haiku-5-5')) > estimateTokens(text, findModel('claude-haiku-4-5')));
  });
});

describe('cost', () => {
  const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 0, cacheWriteTokens: 0 };

  it('prices input and output per million tokens', () => {
    const c = costOf(findModel('claude-3-5-haiku'), usage);
    assert.equal(c.usd.toFixed(4), (0.8 + 0.4).toFixed(4));
    assert.equal(c.estimate, false);
  });

  it('prices cache reads and writes separately and reports what caching saved', () => {
    const m = findModel('claude-haiku-4-5')!;
    const c = costOf(m, { inputTokens: 100, outputTokens: 0, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 });
    assert.equal(c.usd.toFixed(4), (0.0001 + 0.1 + 1.25).toFixed(4));
    assert.equal(c.cacheSavingsUsd.toFixed(2), '0.90');
    assert.equal(c.estimate, true);
  });

  it('uses latency-optimized prices when asked', () => {
    const c = costOf(findModel('claude-3-5-haiku'), usage, { latencyOptimized: true });
    assert.equal(c.usd.toFixed(4), (1.0 + 0.5).toFixed(4));
  });

  it('prices every token of a long Haiku 5.5 request at the upper tier', () => {
    const m = findModel('claude-haiku-5-5')!;
    const short = costOf(m, { inputTokens: 100_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
    const long = costOf(m, { inputTokens: 100_001, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
    assert.equal(short.usd.toFixed(4), '0.0100');
    assert.equal(long.usd.toFixed(4), '0.0500');
  });

  it('lets a setting override prices, which are then no longer estimates', () => {
    const c = costOf(findModel('claude-haiku-4-5'), usage, { overrides: { 'claude-haiku-4-5': { input: 2, output: 10 } } });
    assert.equal(c.usd.toFixed(4), '3.0000');
    assert.equal(c.estimate, false);
    const bad = costOf(findModel('claude-haiku-4-5'), usage, { overrides: { 'claude-haiku-4-5': { input: -1 } } });
    assert.equal(bad.usd.toFixed(4), '1.5000');
  });

  it('formats small amounts with enough digits to be seen', () => {
    assert.equal(formatUsd(0.00312), '$0.0031');
    assert.equal(formatUsd(1.5), '$1.50');
    assert.equal(formatUsd(0), '$0');
    assert.equal(formatUsd(0.0000132), '<$0.0001');
  });
});
