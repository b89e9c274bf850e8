// A disk that refuses our writes, as a user meets it in a real VS Code (code-server): the request still
// works, a "Haiku: …" warning says what is kept only in this window, and once the obstacle is gone the next
// write puts everything on disk, the lines that failed included. The tests run as root, where permissions
// block nothing, so the obstacle is a folder where the file should be (every write then fails with EISDIR).
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { dayOf } from '../../src/status/usageFile';
import { openChatFrame } from '../support/chatFrame';
import { waitFor } from '../support/waitFor';
import { launch, type Session } from './harness';

suite('storage failures (UI)', () => {
  let vs: Session;
  let storage: string;

  suiteSetup(async function () {
    this.timeout(180_000);
    vs = await launch();
    storage = path.join(vs.server.userDataDir, 'User', 'globalStorage', 'bedrock-haiku.bedrock-haiku');
  });

  suiteTeardown(async () => {
    await vs?.close();
  });

  /** Waits until the warning's toast shows; keeps a screenshot of it. */
  async function seeWarning(pattern: RegExp, shot: string): Promise<string> {
    const text = await vs.waitForNotification(pattern, 30_000);
    await vs.waitForToastsSettled();
    await vs.screenshot(shot);
    return text;
  }

  test('usage that cannot be written is announced, kept, and written once the disk takes it', async function () {
    this.timeout(120_000);
    const dayFile = path.join(storage, 'usage', `${dayOf(Date.now())}.jsonl`);
    fs.rmSync(dayFile, { recursive: true, force: true });
    fs.mkdirSync(dayFile, { recursive: true });

    vs.fake!.respond({ text: 'ok', usage: { inputTokens: 1200, outputTokens: 300 } });
    await vs.runCommand('Haiku: Test Connection');
    await vs.waitForNotification(/Haiku: connected in/);
    const warning = await seeWarning(/Usage records could not be saved/, 'storage-usage-warning');
    assert.match(warning, /Haiku: Usage records could not be saved: a folder or file is in the way in the extension's storage\. Requests since \d\d:\d\d count in this window only/);

    fs.rmdirSync(dayFile);
    await vs.runCommand('Haiku: Test Connection');
    // Both requests reach the file: the one that failed and this one.
    const lines = await waitFor(
      () => {
        const text = fs.existsSync(dayFile) && fs.statSync(dayFile).isFile() ? fs.readFileSync(dayFile, 'utf8') : '';
        const records = text.split('\n').filter((l) => /"feature":"test"/.test(l));
        return records.length >= 2 ? records : undefined;
      },
      30_000,
      'both usage records on disk',
    );
    assert.strictEqual(lines.length, 2);
  });

  async function ask(frame: Frame, question: string): Promise<void> {
    const input = frame.getByRole('textbox', { name: 'Message to Haiku' });
    await input.click();
    await input.fill(question);
    await input.press('Enter');
    await frame.locator('article.turn').last().locator('.answer-footer').waitFor({ state: 'visible', timeout: 60_000 });
  }

  test('chat history that cannot be written is announced, kept, and written once the disk takes it', async function () {
    this.timeout(180_000);
    const index = path.join(storage, 'chat', 'index.json');
    fs.rmSync(index, { recursive: true, force: true });
    fs.mkdirSync(index, { recursive: true });

    vs.fake!.respond({ text: 'An answer.' });
    const frame = await openChatFrame(vs.page);
    await ask(frame, 'First question while the disk refuses');
    const warning = await seeWarning(/Chat history could not be saved/, 'storage-chat-warning');
    assert.match(warning, /Haiku: Chat history could not be saved: a folder or file is in the way in the extension's storage\. Turns since \d\d:\d\d are kept in this window only/);

    fs.rmdirSync(index);
    await ask(frame, 'Second question once it takes it');
    const entry = await waitFor(
      () => {
        const raw = fs.existsSync(index) && fs.statSync(index).isFile() ? fs.readFileSync(index, 'utf8') : '';
        const entries = raw ? (JSON.parse(raw) as { entries: { id: string; title: string; turns: number }[] }).entries : [];
        return entries.find((e) => e.turns === 2);
      },
      30_000,
      'the conversation with both turns in the history index',
    );
    assert.match(entry.title, /First question while the disk refuses/);
    const conversation = JSON.parse(fs.readFileSync(path.join(storage, 'chat', `conversation-${entry.id}.json`), 'utf8')) as { turns: { question: string }[] };
    assert.deepStrictEqual(
      conversation.turns.map((t) => t.question),
      ['First question while the disk refuses', 'Second question once it takes it'],
    );
  });
});
