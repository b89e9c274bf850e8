// Cost per language: completion and next-edit requests record their document's language locally, the day
// totals keep a cost per language (through compaction), and lines of earlier versions without it still read.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dayOf, recordFromResult, UsageStore, type UsageRecord } from '../../../src/status/usageStore';
import { isDayTotals, isUsageRecord } from '../../../src/status/usageFile';
import { usageCsv } from '../../../src/status/usageAggregate';
import { nodeFs } from '../../../src/shared/storageNodeFs';
import { buildPrompt } from '../../../src/completion/prompt';
import { buildPrompt as buildNextEditPrompt, DEFAULT_BUDGET, takeSnapshot } from '../../../src/nextEdit/prompt';
import { docOf } from '../nextEdit/docs';
import { buildConverseInput } from '../../../src/bedrock/converse';
import { resolveModel } from '../../../src/bedrock/catalog';

const at = new Date('2026-12-04T10:00:00').getTime();
const rec = (costUsd: number, over: Partial<UsageRecord> = {}): UsageRecord => ({
  at, feature: 'completion', model: 'Claude Haiku 4.5', region: 'us-east-1', outcome: 'complete', totalMs: 400,
  usage: { inputTokens: 100, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 }, costUsd, estimate: false, cacheSavingsUsd: 0, ...over,
});
const memory = () => ({ get: () => undefined, update: () => undefined });
const result = {
  outcome: 'complete' as const, usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
  cost: { usd: 0.001, estimate: false, cacheSavingsUsd: 0 }, timings: { totalMs: 10 }, model: { displayName: 'Claude Haiku 4.5', region: 'us-east-1' },
};

describe('usage per language', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-usage-lang-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records the language a request was tagged with, and nothing that is not a language id', () => {
    assert.equal(recordFromResult('completion', result, at, { languageId: 'typescriptreact' }).languageId, 'typescriptreact');
    assert.equal('languageId' in recordFromResult('chat', result, at), false);
    assert.equal('languageId' in recordFromResult('completion', result, at, { languageId: 'a"b,c' }), false);
    assert.equal('languageId' in recordFromResult('completion', result, at, { languageId: 'x'.repeat(101) }), false);
  });

  it('reads a record of an earlier version (no language) and refuses one whose language is not a string id', () => {
    assert.equal(isUsageRecord(rec(0.1)), true);
    assert.equal(isUsageRecord(rec(0.1, { languageId: 'objective-cpp' })), true);
    assert.equal(isUsageRecord({ ...rec(0.1), languageId: 42 }), false);
    assert.equal(isUsageRecord({ ...rec(0.1), languageId: '=cmd|x' }), false);
  });

  it('adds each request\'s cost to its day\'s feature:language total; requests without a language only to the feature', () => {
    const s = new UsageStore(memory(), () => at);
    s.record(rec(0.25, { languageId: 'python' }));
    s.record(rec(0.125, { languageId: 'python' }));
    s.record(rec(0.5, { languageId: 'go' }));
    s.record(rec(0.0625, { languageId: 'python', feature: 'nextEdit' }));
    s.record(rec(2, { feature: 'chat' }));
    s.record(rec(1));
    const day = s.today()!;
    assert.deepEqual({ ...day.costByLanguage }, { 'completion:python': 0.375, 'completion:go': 0.5, 'nextEdit:python': 0.0625 });
    assert.equal(day.costByFeature.completion, 1.875);
  });

  it('keeps the cost per language through compaction, and reads old totals lines without it', async () => {
    const old = at - 20 * 86_400_000;
    const older = at - 21 * 86_400_000;
    const a = new UsageStore(memory(), () => at, { dir, fs: nodeFs });
    a.record(rec(0.25, { at: old, languageId: 'rust' }));
    a.record(rec(0.5, { at: old, languageId: 'rust' }));
    await a.flush();
    // An earlier version's compacted day: no costByLanguage.
    fs.writeFileSync(path.join(dir, `${dayOf(older)}.jsonl`), `${JSON.stringify({ t: {
      day: dayOf(older), requests: 3, inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.3, cacheSavingsUsd: 0, costByFeature: { completion: 0.3 },
    } })}\n`);
    const b = new UsageStore(memory(), () => at, { dir, fs: nodeFs });
    await b.load();
    assert.equal(fs.readFileSync(path.join(dir, `${dayOf(old)}.jsonl`), 'utf8').trim().split('\n').length, 1, 'compacted');
    const c = new UsageStore(memory(), () => at, { dir, fs: nodeFs });
    await c.load();
    const days = new Map(c.allDays().map((d) => [d.day, d]));
    assert.deepEqual({ ...days.get(dayOf(old))?.costByLanguage }, { 'completion:rust': 0.75 });
    assert.equal(days.get(dayOf(older))?.costUsd, 0.3);
    assert.equal(days.get(dayOf(older))?.costByLanguage, undefined);
  });

  it('refuses a totals line whose cost per language is of the wrong shape', () => {
    const t = { day: '2026-12-04', requests: 1, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 1, cacheSavingsUsd: 0, costByFeature: {} };
    assert.equal(isDayTotals({ ...t, costByLanguage: { 'completion:go': 1 } }), true);
    assert.equal(isDayTotals({ ...t, costByLanguage: { 'completion:go': 'x' } }), false);
    assert.equal(isDayTotals({ ...t, costByLanguage: JSON.parse('{"__proto__": 1}') }), false);
    assert.equal(isDayTotals({ ...t, costByLanguage: [1] }), false);
  });

  it('puts the language in the requests CSV', () => {
    const csv = usageCsv([rec(0.1, { languageId: 'python' }), rec(0.2, { feature: 'chat' })]).split('\r\n');
    assert.match(csv[0], /,language$/);
    assert.match(csv[1], /,python$/);
    assert.match(csv[2], /,$/);
  });

  it('tags a completion request with its language, which the Converse input does not carry', () => {
    const ctx = { prefix: 'def f(', suffix: '', linePrefix: 'def f(', lineSuffix: '', prefixStartLine: 0 } as never;
    const { request } = buildPrompt({ ctx, prefix: 'def f(', suffix: '', snippets: [], relativePath: 'a.py', languageId: 'zz-lang-tag', multiline: false, acceptsPrefill: false });
    assert.equal(request.languageId, 'zz-lang-tag');
    const input = buildConverseInput({ ...request, messages: [{ role: 'user', text: 'x' }] }, resolveModel('claude-haiku-4-5', 'us-east-1'), undefined, false);
    assert.doesNotMatch(JSON.stringify(input), /zz-lang-tag/);
  });

  it('tags a next-edit request with its document\'s language', () => {
    const doc = docOf('let x = 1;\n');
    const req = buildNextEditPrompt({ document: doc, snapshot: takeSnapshot(doc, 0, DEFAULT_BUDGET, 3.5, 0, 0), recent: [], cursor: { line: 0, character: 0 }, lastEditLine: 0, budget: DEFAULT_BUDGET });
    assert.equal(req.languageId, doc.languageId);
  });
});
