// Two windows on the same globalStorage: two UsageStore instances on one folder, writing in turns.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BudgetGuard } from '../../../src/status/budget';
import { dayOf, UsageStore, type UsageRecord } from '../../../src/status/usageStore';
import { nodeFs } from '../../../src/shared/storageNodeFs';
import { StorageNotices } from '../../../src/shared/storageNotice';
import { silentLogger } from '../../../src/shared/logger';
import { FaultyFs, noticeLog } from '../faults/fsFaults';

const at = new Date('2026-12-04T10:00:00').getTime();
const rec = (costUsd: number, over: Partial<UsageRecord> = {}): UsageRecord => ({
  at, feature: 'chat', model: 'Claude Haiku 4.5', region: 'us-east-1', outcome: 'complete', totalMs: 400,
  usage: { inputTokens: 100, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 }, costUsd, estimate: false, cacheSavingsUsd: 0, ...over,
});
function memory() {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: (k: string, v: unknown) => void data.set(k, v) };
}

describe('usage across windows', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-usage-win-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const window = (extra: Partial<ConstructorParameters<typeof UsageStore>[2]> = {}) =>
    new UsageStore(memory(), () => at, { dir, fs: nodeFs, ...extra });

  it('keeps $3.00 spent in one window and $0.10 in another: both see $3.10', async () => {
    const a = window();
    const b = window();
    await Promise.all([a.load(), b.load()]);
    a.record(rec(1));
    b.record(rec(0.05));
    a.record(rec(2));
    b.record(rec(0.05));
    await Promise.all([a.flush(), b.flush()]);
    await Promise.all([a.refresh(), b.refresh()]);
    assert.equal(a.today()?.costUsd.toFixed(2), '3.10');
    assert.equal(b.today()?.costUsd.toFixed(2), '3.10');
    assert.equal(b.today()?.requests, 4);
    assert.equal(a.session().costUsd, 3, 'the session is this window\'s own');
    const reloaded = window();
    await reloaded.load();
    assert.equal(reloaded.today()?.costUsd.toFixed(2), '3.10');
    assert.equal(reloaded.recent().length, 4);
  });

  it('trips a $1.00 daily budget in window B on what window A spent', async () => {
    const a = window();
    const b = window();
    await Promise.all([a.load(), b.load()]);
    const guard = new BudgetGuard(memory(), () => 1, () => at);
    b.record(rec(0.1));
    assert.equal((await guard.decide('completion', b)).allowed, true);
    a.record(rec(3));
    await a.flush();
    const d = await guard.decide('completion', b);
    assert.equal(d.allowed, false);
    assert.match(d.reason ?? '', /\$3\.10 of your \$1\.00 daily budget/);
  });

  it('without a daily budget, lets a request through without reading the usage files first', async () => {
    let reads = 0;
    const usage = { refresh: async () => void reads++, today: () => ({ costUsd: 99 }) };
    const unlimited = new BudgetGuard(memory(), () => undefined, () => at);
    assert.equal((await unlimited.decide('completion', usage)).allowed, true);
    assert.equal(reads, 0);
    const limited = new BudgetGuard(memory(), () => 1, () => at);
    assert.equal((await limited.decide('completion', usage)).allowed, false);
    assert.equal(reads, 1, 'with a budget, every window\'s spend is read before deciding');
  });

  it('tells window B of A\'s spend (the status bar redraws)', async () => {
    const a = window();
    const b = window();
    await Promise.all([a.load(), b.load()]);
    let heard = 0;
    b.onDidRecord(() => heard++);
    a.record(rec(0.5));
    await a.flush();
    await b.refresh();
    assert.equal(heard, 1);
    await b.refresh();
    assert.equal(heard, 1, 'nothing new, nothing announced');
  });

  it('compacts days older than two weeks to their totals, the same whoever does it', async () => {
    const old = at - 20 * 86_400_000;
    const a = window();
    a.record(rec(0.4, { at: old }));
    a.record(rec(0.6, { at: old, feature: 'completion' }));
    await a.flush();
    const [b, c] = [window(), window()];
    await Promise.all([b.load(), c.load()]);
    const text = fs.readFileSync(path.join(dir, `${dayOf(old)}.jsonl`), 'utf8');
    assert.equal(text.trim().split('\n').length, 1, 'one totals line');
    const d = window();
    await d.load();
    const day = d.allDays().find((x) => x.day === dayOf(old));
    assert.equal(day?.costUsd, 1);
    assert.equal(day?.requests, 2);
    assert.deepEqual(day?.costByFeature, { chat: 0.4, completion: 0.6 });
  });

  it('sets aside a day file of the wrong shape, says so once, and keeps recording', async () => {
    fs.writeFileSync(path.join(dir, `${dayOf(at)}.jsonl`), '{"records": "not a list"}\n[1,2,3]\n');
    fs.writeFileSync(path.join(dir, `${dayOf(at - 86_400_000)}.jsonl`), 'garbage\n');
    const told = noticeLog();
    const s = window({ notices: new StorageNotices(told.notify, silentLogger) });
    await s.load();
    s.record(rec(0.2));
    s.record(rec(0.3));
    await s.flush();
    assert.equal(s.today()?.costUsd, 0.5);
    assert.equal(told.messages.length, 1);
    assert.match(told.messages[0], /Usage records: a stored file could not be read.*corrupt-/);
    const names = fs.readdirSync(dir);
    assert.equal(names.filter((n) => n.includes('.corrupt-')).length, 2);
    const again = window();
    await again.load();
    assert.equal(again.today()?.costUsd, 0.5);
  });

  it('ignores a legacy globalState record of the wrong shape instead of throwing at every record()', () => {
    const mem = memory();
    mem.update('bedrockHaiku.usage.records', { not: 'a list' });
    mem.update('bedrockHaiku.usage.days', [1, 2]);
    const s = new UsageStore(mem, () => at);
    s.record(rec(0.2));
    s.record(rec(0.3));
    assert.equal(s.today()?.costUsd, 0.5);
    assert.equal(s.recent().length, 2);
  });

  it('skips a half line a full disk left, and counts a retried line once', async () => {
    const faulty = new FaultyFs().fail({ op: 'appendFile', code: 'ENOSPC', times: 1 });
    const told = noticeLog();
    const a = window({ fs: faulty, notices: new StorageNotices(told.notify, silentLogger) });
    await a.load();
    a.record(rec(1));
    a.record(rec(2));
    await a.flush();
    assert.equal(told.messages.length, 1);
    assert.match(told.messages[0], /^Usage records could not be saved: disk full\. Requests since 10:00 count in this window only/);
    assert.equal(a.today()?.costUsd, 3, 'the window still counts them');
    a.record(rec(4));
    await a.flush();
    const b = window();
    await b.load();
    assert.equal(b.today()?.costUsd, 7);
    assert.equal(b.today()?.requests, 3);
  });

  it('removes temporary files older than a minute at start, not a window\'s fresh one', async () => {
    const stale = path.join(dir, 'x.jsonl.abc.tmp');
    const fresh = path.join(dir, 'y.jsonl.def.tmp');
    fs.writeFileSync(stale, 'x');
    fs.writeFileSync(fresh, 'y');
    const old = new Date(at - 5 * 60_000);
    fs.utimesSync(stale, old, old);
    fs.utimesSync(fresh, new Date(at), new Date(at));
    await window().load();
    assert.equal(fs.existsSync(stale), false);
    assert.equal(fs.existsSync(fresh), true);
  });
});
