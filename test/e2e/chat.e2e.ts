// The chat as a user meets it in a real VS Code (code-server): open the Haiku view, ask, watch the answer
// from the loopback fake stream in with a highlighted code block, insert the code into the editor (and undo
// it), stop a long answer (the fake sees the stream closed), reload the window and find the conversation.
// Screenshots in the dark and the light theme land in test-results/.
import * as assert from 'node:assert';
import type { Frame } from 'playwright-core';
import { openChatFrame } from '../support/chatFrame';
import { SUM_EVEN_ANSWER as ANSWER } from './answers';
import { launch, type Session } from './harness';

suite('chat (UI)', () => {
  let vs: Session;
  /** CSP refusals reported by any frame, the chat webview's included. */
  const cspReports: string[] = [];

  suiteSetup(async function () {
    this.timeout(180_000);
    vs = await launch({ settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
    vs.page.on('console', (m) => {
      if (/Content Security Policy|Refused to (load|execute|apply)/i.test(m.text())) cspReports.push(m.text());
    });
  });

  suiteTeardown(async () => {
    await vs?.close();
  });

  const chatFrame = () => openChatFrame(vs.page);

  async function ask(frame: Frame, question: string): Promise<void> {
    const input = frame.getByRole('textbox', { name: 'Message to Haiku' });
    await input.click();
    await input.fill(question);
    await input.press('Enter');
  }

  test('asks and streams an answer with a highlighted code block and its footer', async function () {
    this.timeout(120_000);
    vs.fake!.respond({ text: ANSWER, chunkChars: 7, chunkDelayMs: 15, usage: { inputTokens: 180, outputTokens: 64, cacheReadInputTokens: 4200 } });
    await vs.openFile('hello.ts');
    const frame = await chatFrame();
    await ask(frame, 'How do I sum the even numbers?');
    const turn = frame.locator('article.turn').last();
    await turn.locator('.answer-footer').waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await turn.locator('.question-text').innerText(), /How do I sum the even numbers\?/);
    const code = turn.locator('.code-block pre code');
    assert.strictEqual(await code.count(), 1);
    assert.ok((await code.locator('.hljs-keyword').count()) >= 3, 'the code block is not highlighted');
    assert.match(await code.innerText(), /export function sumEven\(values: number\[\]\): number \{/);
    assert.match(await turn.locator('.answer-footer').innerText(), /Claude Haiku 4\.5 · first token [\d.]+ m?s · total [\d.]+ m?s · 180 in · 64 out · 4,200 cached · \$0\.\d+ est\./);
    const req = vs.fake!.requests[0];
    assert.strictEqual(req.sigv4Valid, true);
    assert.match(req.promptText, /How do I sum the even numbers\?/);
    await vs.screenshot('chat-dark');
  });

  test('Insert puts the code at the cursor as one undoable edit', async function () {
    this.timeout(60_000);
    const { page } = vs;
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    // Cursor to the end of the file, on a new line.
    await editor.locator('.view-line').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    const frame = await chatFrame();
    await frame.locator('article.turn').last().getByRole('button', { name: 'Insert code at the cursor' }).click();
    const lines = editor.locator('.view-lines');
    await page.waitForFunction(
      // Monaco renders spaces as no-break spaces.
      () => /sumEven/.test(document.querySelector('.editor-group-container.active .monaco-editor .view-lines')?.textContent ?? ''),
      undefined,
      { timeout: 20_000 },
    );
    assert.match((await lines.innerText()).replace(/\u00a0/g, ' '), /export function greet[\s\S]*export function sumEven/);
    await editor.locator('.view-line').first().click();
    await page.keyboard.press('Control+Z');
    await page.waitForFunction(
      () => !/sumEven/.test(document.querySelector('.editor-group-container.active .monaco-editor .view-lines')?.textContent ?? ''),
      undefined,
      { timeout: 20_000 },
    );
  });

  test('Stop closes the stream at the server and keeps the partial answer', async function () {
    this.timeout(90_000);
    vs.fake!.reset();
    const long = Array.from({ length: 400 }, (_, i) => `Line ${i} of a long answer.`).join('\n\n');
    vs.fake!.respond({ text: long, chunkChars: 12, chunkDelayMs: 40 });
    const frame = await chatFrame();
    await ask(frame, 'Tell me a long story');
    const turn = frame.locator('article.turn').last();
    await turn.locator('.markdown', { hasText: 'Line 3 of' }).waitFor({ timeout: 60_000 });
    await frame.getByRole('button', { name: 'Stop' }).click();
    await turn.getByText('Stopped').waitFor({ timeout: 20_000 });
    await vs.fake!.waitForRequests(1, 20_000);
    const req = vs.fake!.requests[0];
    assert.strictEqual(req.closedByClient, true, 'the fake did not see the stream closed by the client');
    assert.strictEqual(req.completed, false);
    const shown = await turn.locator('.markdown').innerText();
    assert.match(shown, /Line 3 of a long answer/);
    assert.doesNotMatch(shown, /Line 399/);
    assert.ok(await frame.getByRole('button', { name: 'Send' }).isEnabled(), 'Send is usable again');
  });

  test('a window reload keeps the conversation', async function () {
    this.timeout(180_000);
    const { page } = vs;
    await page.reload();
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 90_000 });
    const frame = await chatFrame();
    const turns = frame.locator('article.turn');
    await turns.first().waitFor({ timeout: 60_000 });
    assert.strictEqual(await turns.count(), 2);
    assert.match(await turns.nth(0).locator('.question-text').innerText(), /How do I sum the even numbers\?/);
    assert.strictEqual(await turns.nth(0).locator('.code-block .hljs-keyword').count() >= 3, true);
    assert.match(await turns.nth(1).innerText(), /Stopped/);
    // The history lists the conversation too.
    await frame.getByRole('button', { name: 'History' }).click();
    assert.match(await frame.locator('#history-list').innerText(), /How do I sum the even numbers\?/);
    await frame.getByRole('button', { name: 'History' }).click();
  });

  test('looks right in the light theme', async function () {
    this.timeout(60_000);
    const { page } = vs;
    // The palette's first match would be the marketplace entry: use the keybinding instead.
    await page.locator('.editor-group-container.active .monaco-editor .view-line').first().click();
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await box.waitFor({ state: 'visible' });
    await box.fill('Light Modern');
    await page.waitForFunction(() => /Light Modern/.test(document.querySelector('.quick-input-widget .quick-input-list .monaco-list-row')?.getAttribute('aria-label') ?? ''));
    await page.keyboard.press('Enter');
    await page.locator('.monaco-workbench.vs').waitFor({ timeout: 20_000 });
    const frame = await chatFrame();
    // The webview gets the new theme's variables: its background follows the side bar's.
    await frame.waitForFunction(() => document.body.classList.contains('vscode-light'), undefined, { timeout: 20_000 });
    await frame.locator('article.turn .code-block').first().scrollIntoViewIfNeeded();
    await vs.screenshot('chat-light');
    assert.deepStrictEqual(cspReports, [], 'the webview ran into its CSP');
  });
});
