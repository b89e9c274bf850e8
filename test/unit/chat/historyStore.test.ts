import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addTurn, newConversation, type Conversation } from '../../../src/chat/conversation';
import { FolderStorage } from '../../../src/chat/fileStorage';
import { HistoryStore } from '../../../src/chat/historyStore';
import { silentLogger } from '../../../src/shared/logger';
import { MemoryStorage } from './helpers';

function conv(id: string, at: number, question = `question ${id}`): Conversation {
  const c = newConversation(at, id);
  const t = addTurn(c, { question, prompt: question }, at, `t${id}`);
  t.answer = { text: `answer ${id}`, status: 'complete' };
  return c;
}

describe('HistoryStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-chat-history-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores conversations as files and lists them newest first after a restart', async () => {
    const a = new HistoryStore(new FolderStorage(dir), silentLogger);
    await a.load();
    await a.save(conv('c1', 100));
    await a.save(conv('c2', 200));
    assert.ok(fs.existsSync(path.join(dir, 'conversation-c1.json')));
    assert.ok(fs.existsSync(path.join(dir, 'index.json')));

    const b = new HistoryStore(new FolderStorage(dir), silentLogger);
    const list = await b.load();
    assert.deepEqual(list.map((e) => e.id), ['c2', 'c1']);
    assert.equal(b.current(), 'c2', 'the last saved conversation is the one reopened');
    const back = await b.get('c1');
    assert.equal(back?.turns[0].answer.text, 'answer c1');
    assert.equal(list[1].title, 'question c1');
  });

  it('does not list a conversation without turns, but remembers it as open', async () => {
    const s = new HistoryStore(new MemoryStorage(), silentLogger);
    await s.load();
    await s.save(newConversation(1, 'empty'));
    assert.deepEqual(s.list(), []);
    assert.equal(s.current(), 'empty');
  });

  it('skips a corrupt conversation file and drops it from the history', async () => {
    const storage = new MemoryStorage();
    const s = new HistoryStore(storage, silentLogger);
    await s.load();
    await s.save(conv('good', 1));
    await s.save(conv('bad', 2));
    storage.files.set('conversation-bad.json', '{"id":"bad","turns":[{"id":"t1","quest');
    const s2 = new HistoryStore(storage, silentLogger);
    await s2.load();
    assert.equal(await s2.get('bad'), undefined);
    assert.deepEqual(s2.list().map((e) => e.id), ['good']);
    assert.equal(storage.files.has('conversation-bad.json'), false);
  });

  it('rebuilds the index from the conversation files when the index is corrupt', async () => {
    const storage = new MemoryStorage();
    const s = new HistoryStore(storage, silentLogger);
    await s.load();
    await s.save(conv('c1', 1));
    await s.save(conv('c2', 5));
    storage.files.set('index.json', 'not json at all');
    storage.files.set('conversation-c3.json', '[]');
    storage.files.set('unrelated.txt', 'x');
    const s2 = new HistoryStore(storage, silentLogger);
    const list = await s2.load();
    assert.deepEqual(list.map((e) => e.id), ['c2', 'c1']);
    assert.equal(s2.current(), 'c2');
  });

  it('treats a conversation file claiming another id as unreadable', async () => {
    const storage = new MemoryStorage();
    const s = new HistoryStore(storage, silentLogger);
    await s.load();
    await s.save(conv('c1', 1));
    storage.files.set('conversation-c1.json', JSON.stringify(conv('other', 1)));
    assert.equal(await s.get('c1'), undefined);
  });

  it('deletes a conversation and its file', async () => {
    const s = new HistoryStore(new FolderStorage(dir), silentLogger);
    await s.load();
    await s.save(conv('c1', 1));
    await s.save(conv('c2', 2));
    await s.delete('c2');
    assert.deepEqual(s.list().map((e) => e.id), ['c1']);
    assert.equal(s.current(), undefined);
    assert.equal(fs.existsSync(path.join(dir, 'conversation-c2.json')), false);
  });

  it('refuses ids that would leave the storage folder', async () => {
    // The store lives in a subfolder; a file beside it, named like one the store writes, must survive.
    const storeDir = path.join(dir, 'history');
    fs.mkdirSync(storeDir);
    const outside = path.join(dir, 'conversation-x.json');
    fs.writeFileSync(outside, JSON.stringify(conv('x', 1)));
    const s = new HistoryStore(new FolderStorage(storeDir), silentLogger);
    await s.load();
    await s.save(conv('c1', 1));
    assert.equal(await s.get('../../../conversation-x'), undefined, 'a file outside the folder is not read');
    assert.equal(await s.get('../../etc/passwd'), undefined);
    // 'conversation-' + this id + '.json' would resolve to the file beside the folder.
    await s.delete('../../../conversation-x');
    await s.delete('../index');
    assert.ok(fs.existsSync(outside), 'a file outside the folder is not deleted');
    assert.ok(fs.existsSync(path.join(storeDir, 'index.json')), "the store's own index is not deleted");
    assert.deepEqual(s.list().map((e) => e.id), ['c1'], 'the list is unchanged');
  });

  it('keeps at most the configured number of conversations, dropping the oldest files', async () => {
    const storage = new MemoryStorage();
    const s = new HistoryStore(storage, silentLogger, 3);
    await s.load();
    for (let i = 1; i <= 5; i++) await s.save(conv(`c${i}`, i));
    assert.deepEqual(s.list().map((e) => e.id), ['c5', 'c4', 'c3']);
    assert.equal(storage.files.has('conversation-c1.json'), false);
  });

  it('keeps working after a failed write, and writes what failed with the next one', async () => {
    const storage = new MemoryStorage();
    const s = new HistoryStore(storage, silentLogger);
    await s.load();
    storage.failWrites = true;
    await s.save(conv('c1', 1));
    assert.equal(storage.files.has('conversation-c1.json'), false);
    storage.failWrites = false;
    await s.save(conv('c2', 2));
    assert.deepEqual(s.list().map((e) => e.id), ['c2', 'c1']);
    assert.equal(storage.files.has('conversation-c1.json'), true);
  });

  it('starts empty when there is no storage folder yet', async () => {
    const s = new HistoryStore(new FolderStorage(path.join(dir, 'missing')), silentLogger);
    assert.deepEqual(await s.load(), []);
    assert.equal(s.current(), undefined);
  });
});
