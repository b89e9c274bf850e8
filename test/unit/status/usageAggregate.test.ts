import * as assert from 'node:assert/strict';
import {
  bucketMs, costPerDay, inRange, latencyHistogram, latencyOverTime, latencySummary, tokenTotals, usageByRoute, usageCsv,
} from '../../../src/status/usageAggregate';
import { isFromUsageView, MAX_CSV_CHARS } from '../../../src/status/usageViewProtocol';
import { usageViewHtml } from '../../../src/status/usageViewHtml';
import { webviewCsp } from '../../../src/shared/webviewPage';
import { UsageStore, type UsageRecord } from '../../../src/status/usageStore';
import type { Feature } from '../../../src/bedrock/types';

const H = 3600_000;
const T0 = new Date(2026, 10, 25, 12, 0).getTime();

function rec(at: number, feature: Feature, totalMs: number, extra: Partial<UsageRecord> = {}): UsageRecord {
  return {
    at, feature, model: 'Claude Haiku 4.5', region: 'us-east-1', outcome: 'complete', totalMs, firstTokenMs: Math.round(totalMs / 3),
    usage: { inputTokens: 100, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 },
    costUsd: 0.00015, estimate: false, cacheSavingsUsd: 0, ...extra,
  };
}

describe('usage aggregation', () => {
  it('computes p50/p90 per time bucket from completed requests only', () => {
    const rs = [
      ...[100, 200, 300, 400, 500, 600, 700, 800, 900, 1000].map((ms, i) => rec(T0 + i * 60_000, 'completion', ms)),
      rec(T0 + 30 * 60_000, 'completion', 99_999, { outcome: 'error', errorKind: 'throttled' }),
      rec(T0 + H + 5, 'chat', 2000),
    ];
    const b = latencyOverTime(rs, H);
    assert.deepEqual(b.map((x) => [x.count, x.p50, x.p90]), [[10, 500, 900], [1, 2000, 2000]]);
    assert.equal(b[0].start, Math.floor(T0 / H) * H);
    assert.deepEqual(latencySummary(rs), { p50: 600, p90: 1000, count: 11 });
  });

  it('widens buckets as the range grows', () => {
    assert.equal(bucketMs(24 * H), H);
    assert.equal(bucketMs(7 * 24 * H), 6 * H);
    assert.equal(bucketMs(30 * 24 * H), 24 * H);
  });

  it('bins latencies at a round width, per feature, with outliers in a final overflow bin', () => {
    const rs = [
      ...Array.from({ length: 98 }, (_, i) => rec(T0, i % 2 ? 'completion' : 'chat', 100 + i * 10)),
      rec(T0, 'chat', 30_000),
      rec(T0, 'chat', 45_000),
    ];
    const bins = latencyHistogram(rs);
    const width = bins[0].to - bins[0].from;
    assert.ok([50, 100].includes(width), `round width, got ${width}`);
    const last = bins[bins.length - 1];
    assert.equal(last.to, Number.POSITIVE_INFINITY);
    assert.equal(last.total, 2);
    assert.equal(bins.reduce((n, b) => n + b.total, 0), 100);
    assert.equal(bins.reduce((n, b) => n + (b.counts.completion ?? 0), 0), 49);
    assert.deepEqual(latencyHistogram([rec(T0, 'chat', 10, { outcome: 'aborted' })]), []);
  });

  it('gives every day of the range a cost, split by feature, from the store\'s day totals', () => {
    const mem = new Map<string, unknown>();
    const store = new UsageStore({ get: <T>(k: string) => mem.get(k) as T | undefined, update: (k, v) => void mem.set(k, v) }, () => T0);
    store.record(rec(T0 - 2 * 24 * H, 'chat', 1000, { costUsd: 0.02 }));
    store.record(rec(T0, 'completion', 300, { costUsd: 0.001 }));
    store.record(rec(T0 + H, 'explain', 3000, { costUsd: 0.005 }));
    const days = costPerDay(store.allDays(), T0, 7);
    assert.equal(days.length, 7);
    assert.equal(days[6].day, '2026-11-25');
    assert.equal(days[0].day, '2026-11-19');
    assert.deepEqual(days[4].byFeature, { chat: 0.02 });
    assert.equal(days[5].total, 0);
    assert.equal(days[6].total.toFixed(3), '0.006');
    assert.deepEqual(Object.keys(days[6].byFeature).sort(), ['completion', 'explain']);
  });

  it('steps over a daylight-saving change without skipping or repeating a day', () => {
    // Whatever the test machine's zone, 40 consecutive calendar days are 40 distinct, ordered days.
    const days = costPerDay([], new Date(2026, 10, 5, 0, 30).getTime(), 40).map((d) => d.day);
    assert.equal(new Set(days).size, 40);
    assert.deepEqual([...days].sort(), days);
  });

  it('totals tokens, cost, savings, errors and whether any cost is an estimate', () => {
    const t = tokenTotals([
      rec(T0, 'chat', 1, { usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 4000, cacheWriteTokens: 0 }, costUsd: 0.001, cacheSavingsUsd: 0.0036, estimate: true }),
      rec(T0, 'chat', 1, { usage: { inputTokens: 20, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 4100 }, costUsd: 0.005 }),
      rec(T0, 'completion', 1, { outcome: 'error', costUsd: 0, estimate: true }),
    ]);
    assert.deepEqual(
      { ...t, costUsd: t.costUsd.toFixed(3) },
      { requests: 3, inputTokens: 130, outputTokens: 20, cacheReadTokens: 4000, cacheWriteTokens: 4100, costUsd: '0.006', cacheSavingsUsd: 0.0036, estimate: true, errors: 1 },
    );
  });

  it('filters a range ending now', () => {
    const rs = [rec(T0 - 25 * H, 'chat', 1), rec(T0 - 23 * H, 'chat', 1), rec(T0 + 1, 'chat', 1)];
    assert.equal(inRange(rs, '24h', T0).length, 1);
    assert.equal(inRange(rs, 'all', T0).length, 2);
  });
});

describe('usage CSV', () => {
  it('writes one RFC 4180 row per request, oldest first, quoting what needs it', () => {
    const csv = usageCsv([
      rec(Date.UTC(2026, 10, 25, 10, 0, 1), 'chat', 1234, { model: 'My "custom", model', costUsd: 0.0012345678, cacheSavingsUsd: 0.5 }),
      rec(Date.UTC(2026, 10, 25, 9, 0, 0), 'completion', 300, { outcome: 'error', errorKind: 'throttled', firstTokenMs: undefined, languageId: 'typescript' }),
    ]);
    const lines = csv.split('\r\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[3], '');
    assert.equal(lines[1], '2026-11-25T09:00:00.000Z,completion,Claude Haiku 4.5,us-east-1,error,throttled,,300,100,10,0,0,0.00015000,false,0.00000000,,,,typescript');
    assert.equal(lines[2], '2026-11-25T10:00:01.000Z,chat,"My ""custom"", model",us-east-1,complete,,411,1234,100,10,0,0,0.00123457,false,0.50000000,,,,');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    const csv = usageCsv([rec(T0, 'chat', 1, { model: '=HYPERLINK("http://x")' })]);
    assert.match(csv, /,"'=HYPERLINK\(""http:\/\/x""\)",/);
  });
});

describe('usage by route and application profile', () => {
  const arnA = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/team-a-id';
  const arnB = 'arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/team-b-id';
  it('groups a range\'s requests by route and profile, with the latest name, most expensive first', () => {
    const rs = [
      rec(T0, 'completion', 100, { route: 'geographic', costUsd: 0.25 }),
      rec(T0 + 1, 'chat', 100, { route: 'geographic', costUsd: 0.5 }),
      rec(T0 + 2, 'chat', 100, { route: 'global', profileArn: arnA, profileName: 'team-a', costUsd: 1, estimate: true }),
      rec(T0 + 3, 'chat', 100, { route: 'global', profileArn: arnA, profileName: 'team-a-renamed', costUsd: 1 }),
      rec(T0 + 4, 'chat', 100, { route: 'global', costUsd: 0.125 }),
      rec(T0 + 5, 'chat', 100, { route: 'geographic', profileArn: arnB, costUsd: 0.0625 }),
      rec(T0 + 6, 'explain', 100, { costUsd: 0.03125 }),
    ];
    const g = usageByRoute(rs);
    assert.deepEqual(g.map((x) => [x.route, x.profileArn, x.profileName, x.requests, x.inputTokens, x.costUsd, x.estimate]), [
      ['global', arnA, 'team-a-renamed', 2, 200, 2, true],
      ['geographic', undefined, undefined, 2, 200, 0.75, false],
      ['global', undefined, undefined, 1, 100, 0.125, false],
      ['geographic', arnB, undefined, 1, 100, 0.0625, false],
      [undefined, undefined, undefined, 1, 100, 0.03125, false],
    ]);
    // Every request lands in exactly one group.
    assert.equal(g.reduce((n, x) => n + x.costUsd, 0), rs.reduce((n, r) => n + r.costUsd, 0));
  });
});

describe('usage view page and protocol', () => {
  it('serves its page under the shared strict CSP (test/unit/shared/webviewPage.test.ts), with one nonce script', () => {
    const html = usageViewHtml({ cspSource: 'vscode-webview://abc', nonce: 'N0nce', scriptUri: 'https://x/usage.js', styleUri: 'https://x/usage.css' });
    assert.match(html, /<script nonce="N0nce" src="https:\/\/x\/usage\.js"><\/script>/);
    assert.doesNotMatch(html, /style="/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(html.includes(`content="${webviewCsp('vscode-webview://abc', 'N0nce').replace(/'/g, '&#39;')}"`), 'the usage page does not carry the shared CSP');
    assert.match(html, /<main id="root"/);
  });

  it('accepts only well-formed messages from the webview', () => {
    assert.ok(isFromUsageView({ type: 'ready' }));
    assert.ok(isFromUsageView({ type: 'exportCsv', csv: 'a,b\r\n', suggestedName: 'haiku-usage-7d-2026-11-25.csv' }));
    assert.ok(!isFromUsageView({ type: 'exportCsv', csv: 'a', suggestedName: '../../.bashrc' }));
    assert.ok(!isFromUsageView({ type: 'exportCsv', csv: 'x'.repeat(MAX_CSV_CHARS + 1), suggestedName: 'a.csv' }));
    assert.ok(!isFromUsageView({ type: 'exportCsv', csv: 42, suggestedName: 'a.csv' }));
    assert.ok(!isFromUsageView({ type: 'runCommand' }));
    assert.ok(!isFromUsageView(null));
  });
});
