import * as assert from 'node:assert/strict';
import { statusView } from '../../../src/status/statusModel';
import { zeroCounts } from '../../../src/status/acceptanceAggregate';
import { UsageStore, dayOf, type UsageRecord } from '../../../src/status/usageStore';
import { bedrockError } from '../../../src/bedrock/errors';
import { nodeFs } from '../../../src/shared/storageNodeFs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function memory() {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: (k: string, v: unknown) => void data.set(k, JSON.parse(JSON.stringify(v))), data };
}

const model = { catalogId: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5', invokeId: 'us.x', region: 'us-east-1' };
const at = new Date('2026-11-26T10:00:00').getTime();
const rec = (over: Partial<UsageRecord> = {}): UsageRecord => ({
  at, feature: 'completion', model: 'Claude Haiku 4.5', region: 'us-east-1', outcome: 'complete', totalMs: 412, firstTokenMs: 300,
  usage: { inputTokens: 1000, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 }, costUsd: 0.0011, estimate: true, cacheSavingsUsd: 0, ...over,
});

describe('status bar view', () => {
  it('shows the last latency and today\'s cost', () => {
    const usage = new UsageStore(memory(), () => at);
    usage.record(rec());
    usage.record(rec({ totalMs: 250, costUsd: 0.002 }));
    const v = statusView({ inFlight: 0, model, latencyOptimized: false, estimate: false }, usage);
    assert.equal(v.text, '$(sparkle) 250 ms · $0.0031');
    assert.match(v.tooltip, /p50 250 ms · p90 412 ms \(2 requests\)/);
    assert.match(v.tooltip, /Today: 2 requests/);
    assert.match(v.tooltip, /Claude Haiku 4\.5 in us-east-1/);
    assert.match(v.tooltip, /2,000 in \/ 40 out/);
  });

  it('spins while a request is in flight and marks estimated prices', () => {
    const usage = new UsageStore(memory(), () => at);
    usage.record(rec());
    const v = statusView({ inFlight: 1, model, latencyOptimized: true, estimate: true }, usage);
    assert.equal(v.text, '$(loading~spin) 412 ms · $0.0011* $(zap)');
    assert.match(v.tooltip, /estimates/);
    assert.match(v.tooltip, /latency-optimized/);
  });

  it('names the error kind and asks for sign-in when the session expired', () => {
    const usage = new UsageStore(memory(), () => at);
    const v = statusView({ inFlight: 0, model, latencyOptimized: false, estimate: false, error: bedrockError('expiredSso', 'x', { profile: 'dev' }) }, usage);
    assert.equal(v.text, '$(account) Sign in');
    assert.equal(v.severity, 'error');
    assert.match(v.tooltip, /profile "dev"/);
    const t = statusView({ inFlight: 0, model, latencyOptimized: false, estimate: false, error: bedrockError('throttled', 'x') }, usage);
    assert.equal(t.text, '$(warning) Throttled');
    assert.equal(t.severity, 'warning');
  });

  it('names why completions are paused, in a word, with the sentence in the tooltip', () => {
    const usage = new UsageStore(memory(), () => at);
    usage.record(rec());
    const v = statusView({ inFlight: 0, model, latencyOptimized: false, estimate: false, paused: 'Completions paused: daily budget of $0.50 reached', pausedLabel: 'Budget' }, usage);
    assert.equal(v.text, '$(circle-slash) Budget · 412 ms · $0.0011');
    assert.match(v.tooltip, /daily budget of \$0\.50 reached/);
  });

  it('says Haiku before any request, and what to do instead of empty figures', () => {
    const v = statusView({ inFlight: 0, model, latencyOptimized: false, estimate: true }, new UsageStore(memory(), () => at));
    assert.equal(v.text, '$(sparkle) Haiku');
    assert.match(v.tooltip, /No requests yet/);
    assert.doesNotMatch(v.tooltip, /p50|estimates/);
  });
});

describe('usage store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-usage-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const onDisk = (now: number) => new UsageStore(memory(), () => now, { dir, fs: nodeFs });

  it('keeps per-day totals by feature across a reload', async () => {
    const a = onDisk(at);
    a.record(rec({ feature: 'chat', costUsd: 0.01, usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 100, cacheWriteTokens: 7 }, cacheSavingsUsd: 0.0001 }));
    a.record(rec({ feature: 'completion', costUsd: 0.002 }));
    a.record(rec({ at: at - 86_400_000, costUsd: 1 }));
    await a.flush();
    const b = onDisk(at);
    await b.load();
    const today = b.today()!;
    assert.equal(today.day, dayOf(at));
    assert.equal(today.requests, 2);
    assert.equal(today.costUsd.toFixed(3), '0.012');
    assert.deepEqual(Object.keys(today.costByFeature).sort(), ['chat', 'completion']);
    assert.equal(today.cacheReadTokens, 100);
    assert.equal(b.allDays().length, 2);
    assert.equal(b.recent().length, 3);
  });

  it('counts only this window\'s requests as the session', async () => {
    const other = onDisk(at - 1000);
    other.record(rec({ at: at - 1000 }));
    await other.flush();
    const s = onDisk(at);
    await s.load();
    s.record(rec());
    assert.equal(s.session().requests, 1);
    assert.equal(s.today()?.requests, 2);
  });

  it('reads the totals an earlier version kept in globalState, without writing them again', async () => {
    const mem = memory();
    mem.update('bedrockHaiku.usage.records', [rec({ costUsd: 0.5 })]);
    mem.update('bedrockHaiku.usage.days', { [dayOf(at)]: { day: dayOf(at), requests: 1, inputTokens: 1000, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.5, cacheSavingsUsd: 0, costByFeature: { completion: 0.5 } } });
    const s = new UsageStore(mem, () => at, { dir, fs: nodeFs });
    await s.load();
    s.record(rec({ costUsd: 0.25 }));
    assert.equal(s.today()?.costUsd, 0.75);
    assert.equal(s.recent().length, 2);
    assert.equal((mem.get('bedrockHaiku.usage.records') as unknown[]).length, 1, 'the old key is left as it was');
  });

  it('computes latency percentiles from completed requests only', () => {
    const s = new UsageStore(memory(), () => at);
    for (const ms of [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]) s.record(rec({ totalMs: ms }));
    s.record(rec({ totalMs: 99999, outcome: 'error' }));
    assert.deepEqual(s.latency(), { p50: 500, p90: 900, count: 10 });
  });
});

describe('status bar acceptance line', () => {
  it('shows today\'s completions shown, accepted, the rate and the cost per accepted one', () => {
    const usage = new UsageStore(memory(), () => at);
    usage.record(rec({ costUsd: 0.004 }));
    usage.record(rec({ costUsd: 0.004 }));
    usage.record(rec({ feature: 'chat', costUsd: 1 }));
    const completionsToday = { ...zeroCounts(), shown: 40, accepted: 10, typedThrough: 2 };
    const v = statusView({ inFlight: 0, model, latencyOptimized: false, estimate: false, completionsToday }, usage);
    // Chat's dollar is not a completion's cost: $0.008 / 10 accepted.
    assert.match(v.tooltip, /Completions today: 40 shown · 10 accepted \(25 %\) · 2 typed through · \$0\.0008 per accepted/);
  });

  it('leaves the line out before any completion was shown, and the cost out before any was accepted', () => {
    const usage = new UsageStore(memory(), () => at);
    usage.record(rec());
    const none = statusView({ inFlight: 0, model, latencyOptimized: false, estimate: false, completionsToday: zeroCounts() }, usage);
    assert.doesNotMatch(none.tooltip, /Completions today/);
    const shown = statusView({ inFlight: 0, model, latencyOptimized: false, estimate: false, completionsToday: { ...zeroCounts(), shown: 3 } }, usage);
    assert.match(shown.tooltip, /Completions today: 3 shown · 0 accepted \(0 %\)\n/);
  });

  it('says how many were accepted only in part and how many characters the accepts inserted', () => {
    const usage = new UsageStore(memory(), () => at);
    usage.record(rec({ costUsd: 0.003 }));
    const completionsToday = { ...zeroCounts(), shown: 5, accepted: 3, byWord: 1, byLine: 1, chars: 1234 };
    const v = statusView({ inFlight: 0, model, latencyOptimized: false, estimate: false, completionsToday }, usage);
    assert.match(v.tooltip, /Completions today: 5 shown · 3 accepted \(60 %, 1 by word, 1 by line\) · 1,234 characters · \$0\.0010 per accepted/);
  });
});
