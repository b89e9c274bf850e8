// Every storage fault against every kind of stored data: what was acknowledged survives, what was made during
// the fault is written once the disk recovers, the user is told once per kind, and no later write throws.
// Prints "faults × features tried: N, data lost: L" (L must be 0).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addTurn, newConversation, type Conversation } from '../../../src/chat/conversation';
import { FolderStorage } from '../../../src/chat/fileStorage';
import { HistoryStore } from '../../../src/chat/historyStore';
import { silentLogger } from '../../../src/shared/logger';
import { StorageNotices } from '../../../src/shared/storageNotice';
import { dayOf, UsageStore, type UsageRecord } from '../../../src/status/usageStore';
import { FaultyFs, noticeLog, type Fault } from './fsFaults';

const T0 = new Date('2026-12-04T14:02:00').getTime();

type Scenario = { name: string; faults: Fault[]; corrupt?: (dir: string) => void; told: number };

/** One feature's stored data: make items, count them after a reload (another window's view). */
interface Feature {
  name: string;
  open(dir: string, fs: FaultyFs, notify: (m: string) => void): Promise<{ add(i: number): Promise<void> }>;
  countAfterReload(dir: string): Promise<number>;
  scenarios: Scenario[];
}

const mem = () => {
  const m = new Map<string, unknown>();
  return { get: <T>(k: string) => m.get(k) as T | undefined, update: (k: string, v: unknown) => void m.set(k, v) };
};
const rec = (i: number): UsageRecord => ({
  at: T0 + i * 1000, feature: 'chat', model: 'm', region: 'r', outcome: 'complete', totalMs: 1,
  usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 }, costUsd: 0.01, estimate: false, cacheSavingsUsd: 0,
});

const writeFaults = (op: Fault['op'], match?: RegExp): Scenario[] => (['ENOSPC', 'EROFS', 'EACCES'] as const).map((code) => ({
  name: `${code} on ${op}`, faults: [{ op, code, match }], told: 1,
}));

const usage: Feature = {
  name: 'usage records',
  async open(dir, faulty, notify) {
    const s = new UsageStore(mem(), () => T0, { dir, fs: faulty, notices: new StorageNotices(notify, silentLogger) });
    await s.load();
    return {
      async add(i) {
        s.record(rec(i));
        await s.flush();
      },
    };
  },
  async countAfterReload(dir) {
    const s = new UsageStore(mem(), () => T0, { dir, fs: new FaultyFs() });
    await s.load();
    return s.today()?.requests ?? 0;
  },
  scenarios: [
    ...writeFaults('appendFile'),
    { name: 'ENOSPC on mkdir and append', faults: [{ op: 'mkdir', code: 'ENOSPC' }, { op: 'appendFile', code: 'ENOSPC' }], told: 1 },
    { name: 'half line at the end', faults: [], corrupt: (dir) => fs.appendFileSync(path.join(dir, `${dayOf(T0)}.jsonl`), '{"w":"dead","i":1,"r":{"at":'), told: 0 },
    { name: 'garbage lines', faults: [], corrupt: (dir) => fs.appendFileSync(path.join(dir, `${dayOf(T0)}.jsonl`), '\n\u0000\u0001garbage\n[1,2]\n{"t":"x"}\n'), told: 0 },
  ],
};

const chat: Feature = {
  name: 'chat history',
  async open(dir, faulty, notify) {
    const s = new HistoryStore(new FolderStorage(dir, faulty, () => T0), silentLogger, { notices: new StorageNotices(notify, silentLogger), now: () => T0 });
    await s.load();
    const conv: Conversation = newConversation(T0, 'conv');
    return {
      async add(i) {
        const t = addTurn(conv, { question: `q${i}`, prompt: `q${i}` }, T0 + i * 1000);
        t.answer = { text: `a${i}`, status: 'complete' };
        await s.save(conv);
      },
    };
  },
  async countAfterReload(dir) {
    const s = new HistoryStore(new FolderStorage(dir), silentLogger);
    await s.load();
    const id = s.current();
    return id ? ((await s.get(id))?.turns.length ?? 0) : 0;
  },
  scenarios: [
    ...writeFaults('writeFile'),
    ...writeFaults('rename'),
    { name: 'ENOSPC on the index only', faults: [{ op: 'writeFile', code: 'ENOSPC', match: /index\.json/ }], told: 1 },
    { name: 'truncated conversation file', faults: [], corrupt: (dir) => fs.truncateSync(path.join(dir, 'conversation-conv.json'), 20), told: 1 },
    { name: 'garbage index', faults: [], corrupt: (dir) => fs.writeFileSync(path.join(dir, 'index.json'), '\u0000garbage'), told: 1 },
  ],
};

describe('storage faults × features', () => {
  let tried = 0;
  let lost = 0;
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    console.log(`      faults × features tried: ${tried}, data lost: ${lost}`);
  });

  for (const feature of [usage, chat]) {
    for (const sc of feature.scenarios) {
      it(`${feature.name}: ${sc.name}`, async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-faults-'));
        dirs.push(dir);
        const faulty = new FaultyFs();
        const told = noticeLog();
        const w = await feature.open(dir, faulty, told.notify);
        let i = 0;
        for (; i < 5; i++) await w.add(i);
        const acknowledged = i;
        sc.corrupt?.(dir);
        for (const f of sc.faults) faulty.fail(f);
        for (; i < 12; i++) await w.add(i);
        const during = await feature.countAfterReload(dir);
        if (!sc.corrupt) assert.ok(during >= acknowledged, `${during} of ${acknowledged} acknowledged items after a reload during the fault`);
        faulty.heal();
        await w.add(i++);
        const after = await feature.countAfterReload(dir);
        tried++;
        lost += Math.max(0, i - after);
        assert.equal(after, i, 'everything made is on disk once the disk recovers');
        assert.equal(told.messages.length, sc.told, `told ${sc.told} time(s): ${told.messages.join(' | ')}`);
        assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left');
      });
    }
  }
});
