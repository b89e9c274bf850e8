// Two windows on one history folder: two HistoryStore instances over the same directory, writing in turns.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addTurn, newConversation, type Conversation } from '../../../src/chat/conversation';
import { FolderStorage } from '../../../src/chat/fileStorage';
import { HistoryStore } from '../../../src/chat/historyStore';
import { silentLogger } from '../../../src/shared/logger';
import { StorageNotices } from '../../../src/shared/storageNotice';
import { FaultyFs, noticeLog } from '../faults/fsFaults';

let clock = new Date('2026-12-04T14:02:00').getTime();
const tick = () => (clock += 1000);

function ask(c: Conversation, question: string): void {
  const t = addTurn(c, { question, prompt: question }, tick());
  t.answer = { text: `answer to ${question}`, status: 'complete' };
}

/** Every question stored in any conversation file, as a reload in any window would find them. */
function questionsOnDisk(dir: string): string[] {
  return fs.readdirSync(dir)
    .filter((n) => /^conversation-.*\.json$/.test(n))
    .flatMap((n) => (JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) as Conversation).turns.map((t) => t.question));
}

describe('chat history across windows', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-history-win-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const window = (opts: ConstructorParameters<typeof HistoryStore>[2] = {}, storage = new FolderStorage(dir)) =>
    new HistoryStore(storage, silentLogger, { now: () => clock, ...(typeof opts === 'number' ? {} : opts) });

  it('lists a conversation made in another window instead of dropping it from History', async () => {
    const a = window();
    const b = window();
    await Promise.all([a.load(), b.load()]);
    const ca = newConversation(tick(), 'ca');
    ask(ca, 'from window A');
    const cb = newConversation(tick(), 'cb');
    ask(cb, 'from window B');
    await a.save(ca);
    await b.save(cb);
    ask(ca, 'A again');
    await a.save(ca);
    assert.deepEqual(a.list().map((e) => e.id), ['ca', 'cb']);
    const reloaded = window();
    assert.deepEqual((await reloaded.load()).map((e) => e.id), ['ca', 'cb']);
  });

  it('forks when both windows go on with the restored conversation: 9 questions asked, 9 on disk', async () => {
    const first = window();
    await first.load();
    const x = newConversation(tick(), 'shared');
    ask(x, 'before the second window');
    await first.save(x);

    const a = window();
    const b = window();
    await Promise.all([a.load(), b.load()]);
    const ca = (await a.get(a.current()!))!;
    const cb = (await b.get(b.current()!))!;
    const asked: string[] = [];
    for (let i = 0; i < 9; i++) {
      const [store, c] = i % 2 ? [b, cb] : [a, ca];
      const q = `question ${i} in window ${i % 2 ? 'B' : 'A'}`;
      asked.push(q);
      ask(c, q);
      await store.save(c);
    }
    const onDisk = questionsOnDisk(dir);
    for (const q of asked) assert.equal(onDisk.filter((x) => x === q).length, 1, `${q} is on disk once`);
    // What each window shows: A kept the conversation, B goes on in a fork with the same title.
    assert.equal(ca.id, 'shared');
    assert.notEqual(cb.id, 'shared');
    assert.equal(b.current(), cb.id);
    const history = await window().load();
    assert.deepEqual(history.map((e) => e.title).sort(), ['before the second window', 'before the second window']);
    const fork = JSON.parse(fs.readFileSync(path.join(dir, `conversation-${cb.id}.json`), 'utf8')) as Conversation;
    assert.deepEqual(fork.turns.map((t) => t.question), ['before the second window', ...asked.filter((q) => q.endsWith('B'))]);
  });

  it('loses nothing when both windows save at the same moment', async () => {
    const a = window();
    const b = window();
    await Promise.all([a.load(), b.load()]);
    const convs = Array.from({ length: 6 }, (_, i) => newConversation(tick(), `c${i}`));
    await Promise.all(convs.map((c, i) => {
      ask(c, `q${i}`);
      return (i % 2 ? b : a).save(c);
    }));
    const history = await window().load();
    assert.equal(history.length, 6);
  });

  it('does not bring back a conversation another window deleted', async () => {
    const a = window();
    const b = window();
    await Promise.all([a.load(), b.load()]);
    const c1 = newConversation(tick(), 'c1');
    ask(c1, 'one');
    await a.save(c1);
    const c2 = newConversation(tick(), 'c2');
    ask(c2, 'two');
    await b.save(c2);
    await a.delete('c1');
    const c3 = newConversation(tick(), 'c3');
    ask(c3, 'three');
    await b.save(c3);
    assert.deepEqual(b.list().map((e) => e.id), ['c3', 'c2']);
  });

  it('reopens the conversation this workspace had open, not the one another window saved last', async () => {
    const pointers = [undefined, undefined] as (string | undefined)[];
    const pointer = (i: number) => ({ get: () => pointers[i], set: (id: string | undefined) => void (pointers[i] = id) });
    const a = window({ currentPointer: pointer(0) });
    const b = window({ currentPointer: pointer(1) });
    await Promise.all([a.load(), b.load()]);
    const ca = newConversation(tick(), 'ca');
    ask(ca, 'A');
    await a.save(ca);
    const cb = newConversation(tick(), 'cb');
    ask(cb, 'B');
    await b.save(cb);
    const reloadedA = window({ currentPointer: pointer(0) });
    await reloadedA.load();
    assert.equal(reloadedA.current(), 'ca');
    const fresh = window();
    await fresh.load();
    assert.equal(fresh.current(), 'cb', 'a window with nothing of its own reopens the newest');
  });

  it('keeps 20 turns through a full disk: told once, kept in memory, all written once there is room', async () => {
    const faulty = new FaultyFs();
    const told = noticeLog();
    const s = window({ notices: new StorageNotices(told.notify, silentLogger) }, new FolderStorage(dir, faulty, () => clock));
    await s.load();
    const c = newConversation(tick(), 'long');
    for (let i = 0; i < 8; i++) {
      ask(c, `q${i}`);
      await s.save(c);
    }
    faulty.fail({ op: 'writeFile', code: 'ENOSPC' });
    const fullAt = clock;
    for (let i = 8; i < 20; i++) {
      ask(c, `q${i}`);
      await s.save(c);
    }
    assert.equal(told.messages.length, 1, 'told once, not at every turn');
    const hhmm = new Date(fullAt + 1000).toTimeString().slice(0, 5);
    assert.equal(told.messages[0], `Chat history could not be saved: disk full. Turns since ${hhmm} are kept in this window only.`);
    assert.equal(questionsOnDisk(dir).length, 8, 'what was saved before the disk filled is intact');
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left behind');
    faulty.heal();
    ask(c, 'q20');
    await s.save(c);
    const back = window();
    await back.load();
    assert.equal((await back.get('long'))?.turns.length, 21);
  });

  it('sets aside a conversation file of the wrong shape instead of deleting it, and says so once', async () => {
    const told = noticeLog();
    const s = window({ notices: new StorageNotices(told.notify, silentLogger) });
    await s.load();
    const c = newConversation(tick(), 'c1');
    ask(c, 'one');
    await s.save(c);
    const c2 = newConversation(tick(), 'c2');
    ask(c2, 'two');
    await s.save(c2);
    fs.writeFileSync(path.join(dir, 'conversation-c1.json'), '{"id":"c1","turns":"truncat');
    fs.writeFileSync(path.join(dir, 'conversation-c2.json'), '[]');
    assert.equal(await s.get('c1'), undefined);
    assert.equal(await s.get('c2'), undefined);
    assert.equal(told.messages.length, 1);
    assert.match(told.messages[0], /Chat history: a stored file could not be read.*conversation-c1\.json\.corrupt-/);
    assert.equal(fs.readdirSync(dir).filter((n) => n.includes('.corrupt-')).length, 2);
    assert.deepEqual(s.list(), []);
  });

  it('rebuilds a garbage index from the conversation files and keeps the garbage aside', async () => {
    const s = window();
    await s.load();
    const c = newConversation(tick(), 'c1');
    ask(c, 'one');
    await s.save(c);
    fs.writeFileSync(path.join(dir, 'index.json'), '\u0000\u0000garbage');
    const t = window();
    assert.deepEqual((await t.load()).map((e) => e.id), ['c1']);
    assert.equal(fs.readdirSync(dir).filter((n) => n.startsWith('index.json.corrupt-')).length, 1);
  });

  it('removes temporary files an interrupted write left, at start', async () => {
    fs.writeFileSync(path.join(dir, 'index.json.123.1.tmp'), 'half');
    const old = new Date(clock - 3600_000);
    fs.utimesSync(path.join(dir, 'index.json.123.1.tmp'), old, old);
    await window({}, new FolderStorage(dir, undefined, () => clock)).load();
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  });
});
