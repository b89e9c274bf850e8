// The usage view's acceptance table and CSV: the arithmetic a user checks with a calculator.
import * as assert from 'node:assert/strict';
import { acceptanceCsv, summarizeAcceptance, zeroCounts, type AcceptanceCounts, type AcceptanceRow } from '../../../src/status/acceptanceAggregate';
import type { DayTotals } from '../../../src/status/usageStore';

const counts = (c: Partial<AcceptanceCounts>): AcceptanceCounts => ({ ...zeroCounts(), ...c });
const row = (day: string, language: string, c: Partial<AcceptanceCounts>, feature: AcceptanceRow['feature'] = 'completion'): AcceptanceRow => ({ day, language, feature, counts: counts(c) });
const usageDay = (day: string, completion: number, chat = 0, costByLanguage?: Record<string, number>): DayTotals => ({
  day, requests: 1, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: completion + chat, cacheSavingsUsd: 0,
  costByFeature: { completion, chat }, ...(costByLanguage ? { costByLanguage } : {}),
});
const near = (a: number | undefined, b: number) => assert.ok(a !== undefined && Math.abs(a - b) < 1e-12, `${a} is not ${b}`);

const rows = [
  row('2026-12-03', 'typescript', { shown: 20, accepted: 5, byWord: 1, typedThrough: 2, dismissed: 10, chars: 300 }),
  row('2026-12-03', 'python', { shown: 10, accepted: 5, byLine: 2, dismissed: 4, chars: 200 }),
  row('2026-12-04', 'typescript', { shown: 8, accepted: 2, dismissed: 6, chars: 40 }),
  // Next edits and days outside the range are not completions of the range.
  row('2026-12-04', 'typescript', { shown: 50, accepted: 50 }, 'nextEdit'),
  row('2026-11-01', 'typescript', { shown: 99, accepted: 99 }),
];
// Dec 3 recorded every completion's language; on Dec 4 the extension was updated after $0.002 of completions.
const usage = [
  usageDay('2026-12-03', 0.012, 5, { 'completion:typescript': 0.008, 'completion:python': 0.004, 'chat:typescript': 5 }),
  usageDay('2026-12-04', 0.005, 0, { 'completion:typescript': 0.003, 'nextEdit:typescript': 0.5 }),
];
const range = new Set(['2026-12-03', '2026-12-04']);

describe('acceptance figures of the usage view', () => {
  it('gives each day its rate, characters and the day\'s completion cost ÷ accepted', () => {
    const s = summarizeAcceptance(rows, usage, range);
    assert.deepEqual(s.days.map((d) => d.day), ['2026-12-04', '2026-12-03']);
    const [dec4, dec3] = s.days;
    assert.deepEqual(dec3.counts, counts({ shown: 30, accepted: 10, byWord: 1, byLine: 2, typedThrough: 2, dismissed: 14, chars: 500 }));
    assert.equal(dec3.rate, (100 * 10) / 30);
    // The chat's $5 that day is not a completion's cost.
    assert.equal(dec3.costUsd, 0.012);
    assert.ok(Math.abs(dec3.costPerAcceptedUsd! - 0.0012) < 1e-15);
    assert.equal(dec4.rate, 25);
    assert.equal(dec4.costPerAcceptedUsd, 0.0025);
    assert.deepEqual(s.total.counts, counts({ shown: 38, accepted: 12, byWord: 1, byLine: 2, typedThrough: 2, dismissed: 20, chars: 540 }));
    assert.ok(Math.abs(s.total.costPerAcceptedUsd! - 0.017 / 12) < 1e-15);
  });

  it('sums languages over the range, most shown first, each with its cost ÷ accepted over the days every request recorded its language', () => {
    const s = summarizeAcceptance(rows, usage, range);
    assert.deepEqual(s.languages.map((l) => [l.language, l.counts.shown, l.counts.accepted, l.counts.chars, l.rate]), [
      ['typescript', 28, 7, 340, 25],
      ['python', 10, 5, 200, 50],
    ]);
    const [ts, py] = s.languages;
    // Dec 3 only: Dec 4's cost is not all known per language. Chat and next-edit spend is not a completion's.
    near(ts.costUsd, 0.008);
    near(ts.costPerAcceptedUsd, 0.008 / 5);
    near(py.costUsd, 0.004);
    near(py.costPerAcceptedUsd, 0.0008);
    // The day of the update is kept apart, whole, so the languages plus it make the range's cost.
    near(s.unattributedUsd, 0.005);
    near(ts.costUsd! + py.costUsd! + s.unattributedUsd, s.total.costUsd);
  });

  it('shows a language whose completions cost something but were never shown; no cost per accepted without an accept', () => {
    const s = summarizeAcceptance(rows, [usageDay('2026-12-04', 0.004, 0, { 'completion:typescript': 0.003, 'completion:markdown': 0.001 })], range);
    const md = s.languages.find((l) => l.language === 'markdown');
    assert.deepEqual(md?.counts, zeroCounts());
    assert.equal(md?.costUsd, 0.001);
    assert.equal(md?.costPerAcceptedUsd, undefined);
    assert.equal(s.unattributedUsd, 0);
  });

  it('counts a language\'s cost only on the table\'s days (a day where nothing was shown is not in its total)', () => {
    const s = summarizeAcceptance(rows, [...usage, usageDay('2026-12-02', 0.5, 0, { 'completion:go': 0.5 })], new Set([...range, '2026-12-02']));
    assert.deepEqual(s.languages.map((l) => l.language), ['typescript', 'python']);
    near(s.unattributedUsd, 0.005);
  });

  it('gives no language a cost over days of an earlier version (none recorded): all of it is unattributed', () => {
    const s = summarizeAcceptance(rows, [usageDay('2026-12-03', 0.012), usageDay('2026-12-04', 0.005)], range);
    assert.deepEqual(s.languages.map((l) => [l.language, l.costUsd, l.costPerAcceptedUsd]), [['typescript', undefined, undefined], ['python', undefined, undefined]]);
    near(s.unattributedUsd, 0.017);
    near(s.total.costPerAcceptedUsd!, 0.017 / 12);
  });

  it('has no rate before anything was shown and no cost per accepted before one was accepted', () => {
    const s = summarizeAcceptance([row('2026-12-04', 'go', { shown: 3, dismissed: 3 })], [usageDay('2026-12-04', 0.002)], range);
    assert.equal(s.days[0].rate, 0);
    assert.equal(s.days[0].costPerAcceptedUsd, undefined);
    const empty = summarizeAcceptance([], usage, range);
    assert.deepEqual(empty.days, []);
    assert.equal(empty.total.rate, undefined);
  });

  it('exports a day row with its cost and a row per language with its cost, oldest day first', () => {
    const csv = acceptanceCsv(rows, usage, range).split('\r\n');
    assert.deepEqual(csv, [
      'day,language,shown,accepted,accepted_whole,accepted_by_word,accepted_by_line,typed_through,dismissed,acceptance_rate_pct,chars_accepted,completion_cost_usd,cost_per_accepted_usd',
      '2026-12-03,*,30,10,7,1,2,2,14,33.3,500,0.01200000,0.00120000',
      '2026-12-03,python,10,5,3,0,2,0,4,50.0,200,0.00400000,0.00080000',
      '2026-12-03,typescript,20,5,4,1,0,2,10,25.0,300,0.00800000,0.00160000',
      '2026-12-04,*,8,2,2,0,0,0,6,25.0,40,0.00500000,0.00250000',
      '2026-12-04,typescript,8,2,2,0,0,0,6,25.0,40,,',
      '2026-12-04,(not recorded),0,0,0,0,0,0,0,,0,0.00500000,',
      '',
    ]);
  });

  it('keeps a stored language that is not a language id out of the CSV\'s formula and quoting trouble', () => {
    const csv = acceptanceCsv([row('2026-12-04', '=HYPERLINK("x"),1', { shown: 1 }), row('2026-12-04', '+SUM(A1)', { shown: 1 })], [], range);
    assert.match(csv, /\r\n2026-12-04,_HYPERLINK__x___1,1,0,/);
    assert.match(csv, /\r\n2026-12-04,'\+SUM_A1_,1,0,/);
  });
});
