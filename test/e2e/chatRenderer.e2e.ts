// The chat renderer in real Chromium: the built dist/webview/chat.js under the extension's own page and CSP,
// with a stub acquireVsCodeApi. Streams long answers, clicks code-block actions, and feeds hostile model
// output (with the CSP, and again without any CSP so the sanitiser alone must hold).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnswerMeta, HostMessage, TurnView } from '../../src/shared/protocol';
import type { ErrorKind } from '../../src/shared/errorKinds';
import { chunks, emptyState, openChatPage, RESULTS, sampleAnswer, streamingTurn, type ChatPage } from '../chromium/chatPage';

const META: AnswerMeta = {
  model: 'Claude Haiku 4.5', firstTokenMs: 320, totalMs: 2400, inputTokens: 1200, outputTokens: 300,
  cacheReadTokens: 5000, cacheWriteTokens: 0, costUsd: 0.0032, estimate: true,
};

/** Posts the deltas one by one, waiting for the webview to render each `every` deltas; then settles the answer. */
async function stream(cp: ChatPage, turn: TurnView, parts: string[], opts: { every?: number; done?: boolean; meta?: AnswerMeta } = {}): Promise<void> {
  await cp.host({ type: 'turnStarted', turn });
  await cp.page.evaluate(
    async ({ id, parts, every }) => {
      const rendered = () => new Promise<void>((r) => document.addEventListener('haiku:rendered', () => r(), { once: true }));
      for (let i = 0; i < parts.length; i++) {
        const wait = (i + 1) % every === 0 || i === parts.length - 1 ? rendered() : undefined;
        window.postMessage({ type: 'delta', turnId: id, text: parts[i], seq: i }, '*');
        if (wait) await wait;
      }
    },
    { id: turn.id, parts, every: opts.every ?? 1 },
  );
  if (opts.done !== false) {
    await cp.host({ type: 'answerDone', turnId: turn.id, answer: { text: parts.join(''), status: 'complete', meta: opts.meta ?? META } });
  }
}

const turnSel = (id: string) => `article.turn[data-turn-id="${id}"]`;

/** Pastes into the focused box through the clipboard and Ctrl+V, as a user does (one edit, one input event). */
async function paste(cp: ChatPage, text: string): Promise<void> {
  await cp.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cp.base });
  await cp.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await cp.page.keyboard.press('Control+V');
}

suite('chat renderer (Chromium)', () => {
  let cp: ChatPage;

  suiteSetup(async function () {
    this.timeout(120_000);
    cp = await openChatPage();
  });

  suiteTeardown(async () => {
    await cp?.close();
  });

  setup(async () => {
    cp.problems.length = 0;
    await cp.load({ theme: 'dark' });
  });

  test('says ready first, then shows the empty conversation', async () => {
    const posted = await cp.posted();
    assert.deepEqual(posted[0], { type: 'ready' });
    await cp.host(emptyState());
    await cp.page.locator('#empty').waitFor({ state: 'visible' });
    assert.equal(await cp.page.locator('#model').innerText(), 'Claude Haiku 4.5');
    assert.deepEqual(cp.problems, []);
  });

  test('streams a long answer into the same DOM a one-shot render gives, with highlighted code', async function () {
    this.timeout(120_000);
    await cp.host(emptyState());
    const text = sampleAnswer(4000);
    const parts = chunks(text, 17);
    await stream(cp, streamingTurn('long', 'Explain the steps'), parts, { every: 5 });
    const streamed = cp.page.locator(`${turnSel('long')} .markdown`);
    await cp.page.locator(`${turnSel('long')} .answer-footer`).waitFor({ state: 'visible' });

    const shape = (sel: string) =>
      cp.page.locator(sel).evaluate((el) => ({
        text: (el as HTMLElement).innerText,
        h2: el.querySelectorAll('h2').length,
        code: el.querySelectorAll('.code-block').length,
        li: el.querySelectorAll('li').length,
        table: el.querySelectorAll('table').length,
        quote: el.querySelectorAll('blockquote').length,
        keywords: el.querySelectorAll('.hljs-keyword').length,
        links: el.querySelectorAll('a.link').length,
      }));
    const live = await shape(`${turnSel('long')} .markdown`);
    // Only the open tail is re-rendered: most blocks are frozen.
    const frozenBlocks = await streamed.locator('.md-frozen > *').count();
    const liveBlocks = await streamed.locator('.md-live > *').count();
    assert.ok(frozenBlocks > 50 && liveBlocks <= 4, `frozen ${frozenBlocks}, live ${liveBlocks}`);

    // The same text as history (one render of the whole answer) must look the same.
    await cp.host(emptyState({ conversation: { id: 'c2', title: 'x', turns: [{ id: 'once', question: 'q', attachments: [], answer: { text, status: 'complete' } }] } }));
    const once = await shape(`${turnSel('once')} .markdown`);
    assert.deepEqual(live, once);
    const fences = (text.match(/^```\w+$/gm) ?? []).length;
    assert.equal(live.code, fences, 'one code block per fence');
    assert.equal(live.h2, (text.match(/^## /gm) ?? []).length);
    assert.ok(live.keywords > 100, 'code is highlighted');
    assert.deepEqual(cp.problems, []);
  });

  test('each code block\'s Copy / Insert / Replace / Open post its exact code and language', async () => {
    await cp.host(emptyState());
    const text = 'Two ways:\n\n```ts\nconst a: number = 1;\nexport { a };\n```\n\nor in Python:\n\n```python\ndef f():\n    return "<b>&amp;</b>"\n```\n';
    await stream(cp, streamingTurn('t1', 'q'), chunks(text, 7));
    await cp.clearPosted();
    const blocks = cp.page.locator(`${turnSel('t1')} .code-block`);
    assert.equal(await blocks.count(), 2);
    assert.equal(await blocks.nth(0).locator('.code-lang').innerText(), 'ts');
    for (const [label, action] of [['Copy', 'copy'], ['Insert', 'insert'], ['Replace', 'replace'], ['Open', 'open']]) {
      await blocks.nth(1).getByRole('button', { name: new RegExp(`^${label}`) }).click();
      const last = (await cp.posted()).pop();
      assert.deepEqual(last, { type: 'codeAction', action, code: 'def f():\n    return "<b>&amp;</b>"', language: 'python' });
    }
    await blocks.nth(0).getByRole('button', { name: 'Insert code at the cursor' }).click();
    assert.deepEqual((await cp.posted()).pop(), { type: 'codeAction', action: 'insert', code: 'const a: number = 1;\nexport { a };', language: 'ts' });
    // Keyboard: Tab to a button and press Enter.
    await blocks.nth(0).getByRole('button', { name: 'Copy code' }).focus();
    await cp.page.keyboard.press('Enter');
    assert.deepEqual((await cp.posted()).pop(), { type: 'codeAction', action: 'copy', code: 'const a: number = 1;\nexport { a };', language: 'ts' });
  });

  test('a link asks the extension to open it, only after a click, and the page never navigates', async () => {
    await cp.host(emptyState());
    await stream(cp, streamingTurn('t1', 'q'), ['See [the docs](https://docs.aws.amazon.com/bedrock/) and https://example.com/x.'], {});
    const before = cp.page.url();
    assert.deepEqual((await cp.posted()).filter((m) => m.type === 'openLink'), []);
    const link = cp.page.locator(`${turnSel('t1')} a.link`).first();
    assert.equal(await link.getAttribute('href'), null, 'no href for VS Code to follow on its own');
    await link.click();
    assert.deepEqual((await cp.posted()).pop(), { type: 'openLink', href: 'https://docs.aws.amazon.com/bedrock/' });
    await link.focus();
    await cp.page.keyboard.press('Enter');
    assert.deepEqual((await cp.posted()).pop(), { type: 'openLink', href: 'https://docs.aws.amazon.com/bedrock/' });
    assert.equal(cp.page.url(), before);
  });

  test('Enter sends, Shift+Enter adds a line; while busy Stop (or Escape) stops', async () => {
    await cp.host(emptyState());
    const input = cp.page.getByRole('textbox', { name: 'Message to Haiku' });
    await input.click();
    await cp.page.keyboard.type('line one');
    await cp.page.keyboard.press('Shift+Enter');
    await cp.page.keyboard.type('line two');
    await cp.page.keyboard.press('Enter');
    assert.deepEqual((await cp.posted()).pop(), { type: 'send', text: 'line one\nline two' });
    assert.equal(await input.inputValue(), 'line one\nline two', 'the text stays until the extension takes the question');
    await cp.host({ type: 'sendAccepted' });
    await cp.page.waitForFunction(() => (document.getElementById('input') as HTMLTextAreaElement).value === '');

    await cp.host([{ type: 'turnStarted', turn: streamingTurn('t1', 'line one\nline two') }, { type: 'busy', busy: true }]);
    const stop = cp.page.getByRole('button', { name: 'Stop' });
    await stop.waitFor({ state: 'visible' });
    assert.equal(await cp.page.getByRole('button', { name: 'Send' }).isDisabled(), true);
    await input.click();
    await cp.page.keyboard.type('next');
    await cp.page.keyboard.press('Enter');
    assert.notDeepEqual((await cp.posted()).pop(), { type: 'send', text: 'next' }, 'no second question while one streams');
    await stop.click();
    assert.deepEqual((await cp.posted()).pop(), { type: 'stop' });
    await input.press('Escape');
    assert.deepEqual((await cp.posted()).pop(), { type: 'stop' });
  });

  test('a question near the limit shows a counter; over it, the limit is shown, Send is refused and the text stays', async function () {
    this.timeout(60_000);
    await cp.host(emptyState());
    const input = cp.page.getByRole('textbox', { name: 'Message to Haiku' });
    const send = cp.page.getByRole('button', { name: 'Send' });
    const note = cp.page.locator('#input-note');
    await input.click();
    await cp.page.keyboard.type('short question');
    assert.equal(await note.isVisible(), false, 'nothing under a short question');

    await paste(cp, 'x'.repeat(85_000 - 'short question'.length));
    await note.waitFor({ state: 'visible' });
    assert.equal(await cp.page.locator('#input-count').innerText(), '85,000 / 100,000');
    assert.equal(await send.isDisabled(), false, 'near the limit it can still be sent');

    await paste(cp, 'y'.repeat(20_000));
    await cp.page.locator('#input-count').getByText('105,000 / 100,000').waitFor();
    assert.match(await note.innerText(), /Too long to send: the limit is 100,000 characters\. Shorten it/);
    assert.equal(await note.getAttribute('data-level'), 'error');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(await send.isDisabled(), true);
    await cp.clearPosted();
    await input.press('Enter');
    assert.deepEqual(await cp.posted(), [], 'nothing is sent');
    assert.equal((await input.inputValue()).length, 105_000, 'the text is kept');
    assert.match(await cp.page.locator('#sr-status').innerText(), /Too long to send/, 'a screen reader hears why');
    await note.getByRole('button', { name: 'Open in editor' }).click();
    const opened = (await cp.posted()).pop() as { type: string; action: string; code: string };
    assert.deepEqual([opened.type, opened.action, opened.code.length], ['codeAction', 'open', 105_000], 'the text can go to an editor tab');

    // Back under the limit: it goes, and stays in the box until the extension answers.
    await input.focus();
    await input.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(el.value.length - 5_000, el.value.length));
    await cp.page.keyboard.press('Backspace');
    assert.equal(await send.isDisabled(), false);
    assert.equal(await input.getAttribute('aria-invalid'), 'false');
    await send.click();
    const sent = (await cp.posted()).pop() as { type: string; text: string };
    assert.deepEqual([sent.type, sent.text.length], ['send', 100_000]);
    // The extension refused it (an explain request had started an answer): text kept, reason shown.
    await cp.host({ type: 'sendRefused', reason: 'An answer is still streaming: wait for it or press Stop.' });
    await note.getByText('An answer is still streaming').waitFor();
    assert.equal((await input.inputValue()).length, 100_000);
    assert.equal(await send.isDisabled(), false, 'it can be sent again');
    await send.click();
    await cp.host({ type: 'sendAccepted' });
    await cp.page.waitForFunction(() => (document.getElementById('input') as HTMLTextAreaElement).value === '');
    await note.waitFor({ state: 'hidden' });
    assert.deepEqual(cp.problems, []);
  });

  test('a pasted 1 MB log: the limit shows, the text stays, answers still stream', async function () {
    this.timeout(120_000);
    await cp.host(emptyState());
    const input = cp.page.getByRole('textbox', { name: 'Message to Haiku' });
    await input.click();
    const line = '2026-12-04T18:00:00.000Z ERROR worker-3 request failed: ECONNRESET at Socket.onend (net.js:1)\n';
    const text = line.repeat(Math.ceil(1_048_576 / line.length)).slice(0, 1_048_576);
    const t0 = Date.now();
    await paste(cp, text);
    await cp.page.locator('#input-count').getByText('1,048,576 / 100,000').waitFor();
    const pasteMs = Date.now() - t0;
    const t1 = Date.now();
    for (let i = 0; i < 5; i++) await cp.page.keyboard.press('z');
    await cp.page.locator('#input-count').getByText('1,048,581 / 100,000').waitFor();
    // Figures, not asserted: most of it is Chromium laying out the textarea (a bare one costs the same).
    console.log(`      1 MB paste: ${pasteMs} ms to the counter; a keystroke after it: ${((Date.now() - t1) / 5).toFixed(0)} ms`);
    assert.equal(await cp.page.getByRole('button', { name: 'Send' }).isDisabled(), true);
    await cp.clearPosted();
    await input.press('Enter');
    assert.deepEqual(await cp.posted(), []);
    // The page still does its other work: an answer streams and renders.
    await stream(cp, streamingTurn('t1', 'earlier question'), ['Still ', 'answering ', 'fine.']);
    assert.equal(await cp.page.locator(`${turnSel('t1')} .markdown`).innerText(), 'Still answering fine.');
    assert.equal((await input.inputValue()).length, 1_048_581, 'the pasted text is still there');
    assert.deepEqual(cp.problems, []);
  });

  test('auto-scroll follows the stream, stops when the user scrolls up, resumes at the bottom', async function () {
    this.timeout(60_000);
    await cp.host([emptyState(), { type: 'busy', busy: true }]);
    const text = sampleAnswer(3000);
    const parts = chunks(text, 40);
    const third = Math.floor(parts.length / 3);
    const pos = () => cp.page.locator('#messages').evaluate((m) => ({ top: m.scrollTop, gap: m.scrollHeight - m.scrollTop - m.clientHeight }));
    await stream(cp, streamingTurn('t1', 'q'), parts.slice(0, third), { done: false });
    assert.ok((await pos()).gap < 24, 'follows while at the bottom');

    await cp.page.locator('#messages').hover();
    await cp.page.mouse.wheel(0, -600);
    await cp.page.waitForFunction(() => document.getElementById('messages')!.scrollHeight - document.getElementById('messages')!.scrollTop - document.getElementById('messages')!.clientHeight > 200);
    const reading = await pos();
    await cp.page.evaluate(async ({ parts }) => {
      for (let i = 0; i < parts.length; i++) {
        const r = new Promise((res) => document.addEventListener('haiku:rendered', res, { once: true }));
        window.postMessage({ type: 'delta', turnId: 't1', text: parts[i], seq: 1000 + i }, '*');
        await r;
      }
    }, { parts: parts.slice(third, 2 * third) });
    const after = await pos();
    assert.equal(after.top, reading.top, 'the view stays where the user is reading');
    assert.ok(after.gap > reading.gap, 'the answer grew below');
    await cp.page.getByRole('button', { name: 'Jump to latest' }).click();
    await stream(cp, { ...streamingTurn('t1', 'q'), answer: { text: parts.slice(0, 2 * third).join(''), status: 'streaming' } }, parts.slice(2 * third), { done: false });
    assert.ok((await pos()).gap < 24, 'follows again after returning to the bottom');
  });

  test('an error shows inline with its action and Retry; a stopped answer keeps its text', async () => {
    await cp.host(emptyState());
    await stream(cp, streamingTurn('t1', 'first'), ['Partial ', 'answer'], { done: false });
    await cp.host({ type: 'answerDone', turnId: 't1', answer: { text: 'Partial answer', status: 'stopped', meta: { ...META, outputTokens: 2 } } });
    const t1 = cp.page.locator(turnSel('t1'));
    assert.equal(await t1.locator('.markdown').innerText(), 'Partial answer');
    await t1.getByText('Stopped').waitFor();

    await cp.host({ type: 'turnStarted', turn: streamingTurn('t2', 'second') });
    await cp.host({
      type: 'answerDone', turnId: 't2',
      answer: { text: '', status: 'error', error: { kind: 'expiredSso', message: 'Your AWS SSO session has expired.', action: { id: 'signIn', label: 'Sign In' } } },
    });
    const err = cp.page.locator(`${turnSel('t2')} .answer-error`);
    await err.waitFor({ state: 'visible' });
    assert.equal(await err.getAttribute('role'), 'alert');
    assert.match(await err.innerText(), /Your AWS SSO session has expired\./);
    assert.equal(await t1.getByRole('button', { name: 'Ask again' }).count(), 0, 'only the newest turn offers Retry');
    await err.getByRole('button', { name: 'Sign In' }).click();
    assert.deepEqual((await cp.posted()).pop(), { type: 'errorAction', turnId: 't2' });
    await err.getByRole('button', { name: 'Ask again' }).click();
    assert.deepEqual((await cp.posted()).pop(), { type: 'retry', turnId: 't2' });
  });

  test('a hung stream: the partial answer stays with "Bedrock stopped answering" and Retry under it; Retry keeps it', async () => {
    await cp.host(emptyState());
    await stream(cp, streamingTurn('t1', 'write parse'), ['def ', 'parse('], { done: false });
    await cp.host({
      type: 'answerDone', turnId: 't1',
      answer: {
        text: 'def parse(', status: 'error', meta: { ...META, outputTokens: 3 },
        error: { kind: 'timedOut', message: 'Bedrock stopped answering. What arrived is kept; retry to ask again.', action: { id: 'retry', label: 'Retry' } },
      },
    });
    const t1 = cp.page.locator(turnSel('t1'));
    const err = t1.locator('.answer-error');
    await err.waitFor({ state: 'visible' });
    assert.equal(await t1.locator('.markdown').innerText(), 'def parse(');
    assert.match(await err.innerText(), /Bedrock stopped answering/);
    assert.deepEqual(await err.evaluate((el) => [...el.classList].sort()), ['answer-error', 'warning'], 'waiting and retrying fixes it: a warning');
    // The error sits under the partial text, not in place of it.
    assert.equal(await t1.locator('.answer > *:visible').evaluateAll((els) => els.map((e) => e.className).join(' | ')).then((s) => s.indexOf('markdown') < s.indexOf('answer-error')), true);
    assert.match(await cp.page.locator('#sr-status').innerText(), /what arrived is kept/);
    await err.getByRole('button', { name: 'Ask again' }).click();
    assert.deepEqual((await cp.posted()).pop(), { type: 'retry', turnId: 't1' });

    // The extension asks again in a new turn; the broken-off answer stays above it.
    await stream(cp, streamingTurn('t2', 'write parse', { retryOf: 't1' }), ['def parse(s):', ' return s']);
    assert.equal(await t1.locator('.markdown').innerText(), 'def parse(');
    assert.match(await err.innerText(), /Bedrock stopped answering/);
    assert.equal(await t1.getByRole('button', { name: 'Ask again' }).count(), 0, 'only the newest turn offers Retry');
    const t2 = cp.page.locator(turnSel('t2'));
    assert.equal(await t2.locator('.question-note').innerText(), 'Asked again');
    assert.equal(await t2.locator('.markdown').innerText(), 'def parse(s): return s');
    assert.deepEqual(cp.problems, []);
  });

  test('a transient error (throttled) looks like a warning, a permanent one (access denied) like an error', async () => {
    await cp.host(emptyState());
    // The stub theme has no warning colours; set them as VS Code would.
    await cp.page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-inputValidation-warningBorder', 'rgb(184, 149, 0)');
      document.documentElement.style.setProperty('--vscode-inputValidation-warningBackground', 'rgb(53, 42, 5)');
    });
    const fail = async (id: string, kind: ErrorKind, message: string) => {
      await cp.host({ type: 'turnStarted', turn: streamingTurn(id, 'q') });
      await cp.host({ type: 'answerDone', turnId: id, answer: { text: '', status: 'error', error: { kind, message } } });
      const err = cp.page.locator(`${turnSel(id)} .answer-error`);
      await err.waitFor({ state: 'visible' });
      return err.evaluate((el) => ({ cls: [...el.classList].sort(), border: getComputedStyle(el).borderTopColor, bg: getComputedStyle(el).backgroundColor }));
    };
    const throttled = await fail('t1', 'throttled', 'Bedrock is throttling requests; try again in a moment.');
    assert.deepEqual(throttled, { cls: ['answer-error', 'warning'], border: 'rgb(184, 149, 0)', bg: 'rgb(53, 42, 5)' });
    const denied = await fail('t2', 'accessDenied', 'Your role may not invoke this model.');
    assert.deepEqual(denied.cls, ['answer-error', 'error']);
    assert.equal(denied.border, 'rgb(190, 17, 0)', 'the theme\'s error border (#be1100)');
    // Retrying the same turn into a permanent error turns the warning red.
    await cp.host({ type: 'answerDone', turnId: 't1', answer: { text: '', status: 'error', error: { kind: 'modelRetired', message: 'Retired.' } } });
    assert.deepEqual(await cp.page.locator(`${turnSel('t1')} .answer-error`).evaluate((el) => [...el.classList].sort()), ['answer-error', 'error']);
    assert.deepEqual(cp.problems, []);
  });

  test('the footer shows model, latency, tokens with cache reads, and the cost marked as an estimate', async () => {
    await cp.host(emptyState());
    await stream(cp, streamingTurn('t1', 'q'), ['ok'], { meta: { ...META, cacheWriteTokens: 1500 } });
    const footer = cp.page.locator(`${turnSel('t1')} .answer-footer`);
    assert.equal(
      await footer.innerText(),
      'Claude Haiku 4.5 · first token 320 ms · total 2.4 s · 1,200 in · 300 out · 5,000 cached · 1,500 cache written · $0.0032 est.',
    );
    assert.match((await footer.getAttribute('title')) ?? '', /estimate/);
  });

  test('history opens and deletes (after a second press); context chips show tokens and can be removed', async () => {
    await cp.host(emptyState({
      history: [{ id: 'h1', title: 'Sorting maps', updatedAt: Date.now(), turns: 2 }, { id: 'h2', title: 'Regex help', updatedAt: Date.now() - 1e6, turns: 1 }],
      attachments: [{ id: 'a1', kind: 'selection', label: 'src/app.ts:10-24', tokens: 230, redactions: 1 }, { id: 'a2', kind: 'file', label: 'README.md', tokens: 910, redactions: 0 }],
    }));
    const chips = cp.page.locator('#chips .chip');
    assert.equal(await chips.count(), 2);
    assert.match(await chips.nth(0).innerText(), /src\/app\.ts:10-24\s*~230 tokens\s*1 redacted/);
    assert.match(await cp.page.locator('#chips').innerText(), /~1,140 tokens in all/);
    await cp.page.getByRole('button', { name: 'Remove README.md' }).click();
    assert.deepEqual((await cp.posted()).pop(), { type: 'removeAttachment', id: 'a2' });

    const toggle = cp.page.getByRole('button', { name: 'History' });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await cp.page.getByRole('button', { name: 'Delete "Regex help"' }).click();
    assert.notEqual((await cp.posted()).pop()?.type, 'deleteConversation', 'one press only arms the delete');
    await cp.page.getByRole('button', { name: 'Press again to delete "Regex help"' }).click();
    assert.deepEqual((await cp.posted()).pop(), { type: 'deleteConversation', id: 'h2' });
    await cp.page.getByRole('button', { name: /^Open "Sorting maps"/ }).click();
    assert.deepEqual((await cp.posted()).pop(), { type: 'openConversation', id: 'h1' });
    await cp.page.getByRole('button', { name: '+ Selection' }).click();
    assert.deepEqual((await cp.posted()).pop(), { type: 'attach', kind: 'selection' });
  });

  test('a turn from explain shows the context that was sent, on request', async () => {
    await cp.host(emptyState());
    await stream(cp, streamingTurn('t1', 'Explain: TS2339', { contextSent: 'error TS2339 at src/a.ts:3\n<script>x</script>' }), ['Because…']);
    const details = cp.page.locator(`${turnSel('t1')} details.context-sent`);
    assert.equal(await details.locator('pre').isVisible(), false);
    await details.getByText('Context sent').click();
    assert.equal(await details.locator('pre').innerText(), 'error TS2339 at src/a.ts:3\n<script>x</script>');
  });

  test('ignores messages that are not from the extension protocol', async () => {
    await cp.host(emptyState());
    await cp.page.evaluate(() => {
      window.postMessage({ type: 'state', conversation: { id: 'x', title: '<img src=x onerror=alert(1)>', turns: 'no' } }, '*');
      window.postMessage({ type: 'delta', turnId: 'missing', text: 'x', seq: 0 }, '*');
      window.postMessage('not an object', '*');
    });
    await cp.page.waitForTimeout(100);
    await cp.page.locator('#empty').waitFor({ state: 'visible' });
    assert.deepEqual(cp.problems, []);
  });

  // ---- hostile model output ----

  const P = (n: number) => `window.__pwned=${n}`;
  const payloads: [string, string | string[]][] = [
    ['img onerror', `<img src=x onerror="${P(1)}">`],
    ['svg onload', `<svg onload="${P(2)}"><circle r=5></circle></svg>`],
    ['markdown javascript: link', `[click me](javascript:${P(3)})`],
    ['iframe srcdoc', `<iframe srcdoc="<script>parent.__pwned=4</script>"></iframe>`],
    ['script tag', `<script>${P(5)}</script>`],
    ['style tag hiding the page', `<style>body{display:none !important} .answer{visibility:hidden}</style>`],
    ['data: link', `[open](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`],
    ['data: image', `![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIj48L3N2Zz4=)`],
    ['html javascript: anchor', `<a href="javascript:${P(9)}">html link</a>`],
    ['details ontoggle', `<details open ontoggle="${P(10)}"><summary>x</summary>y</details>`],
    ['mXSS math/style', `<math><mtext><table><mglyph><style><img src=x onerror="${P(11)}">`],
    ['object data', `<object data="javascript:${P(12)}"></object>`],
    ['embed src', `<embed src="javascript:${P(13)}">`],
    ['form with autofocus input', `<form action="javascript:${P(14)}"><input autofocus onfocus="${P(14)}"><button>go</button></form>`],
    ['video source onerror', `<video><source onerror="${P(15)}"></video>`],
    ['entity-encoded javascript: link', `[enc](&#106;avascript:${P(16)})`],
    ['mixed-case, spaced and vbscript schemes', `[a](JaVaScRiPt:${P(17)}) [b](<javascript:${P(17)}>) [c](vbscript:msgbox(1))`],
    ['javascript: autolink', `<javascript:${P(18)}>`],
    ['link title breakout', `[t](https://example.com "x\\" onmouseover=\\"${P(19)}")`],
    ['code fence info-string breakout', '```js" onmouseover="' + P(20) + '\nconsole.log(1)\n```'],
    ['meta refresh', `<meta http-equiv="refresh" content="0;url=javascript:${P(21)}">`],
    ['base href', `<base href="javascript:/">[rel](x)`],
    ['noscript mXSS', `<noscript><p title="</noscript><img src=x onerror=${P(23)}>">`],
    ['svg animate onbegin', `<svg><animate onbegin="${P(24)}" attributeName=x dur=1s>`],
    ['template', `<template><img src=x onerror="${P(25)}"></template>`],
    ['remote tracking images', `![track](https://evil.example/pixel.png) <img src="https://evil.example/p2.png">`],
    ['remote stylesheet', `<link rel=stylesheet href="https://evil.example/x.css">`],
    ['img tag broken across chunks', ['<img src=x on', 'error="', P(28), '">']],
    ['script broken across chunks', ['<scr', 'ipt>', P(29), '</scr', 'ipt>']],
    ['javascript: link broken across chunks', ['[x](java', 'script:', P(30), ')']],
    ['inline html with handler and overlay style', `Some <b onmouseover="${P(31)}">bold</b> and <span style="position:fixed;inset:0;background:red">overlay</span>`],
    ['html inside a list', `- item <img src=x onerror=${P(32)}>\n- <iframe src="javascript:${P(32)}">`],
    ['image title with a handler', `![a](https://x.invalid/a.png "onerror=${P(33)}")`],
    ['javascript: reference link', `[ref][1]\n\n[1]: javascript:${P(34)}`],
    ['svg use with data: href', `<svg><use xlink:href="data:image/svg+xml;base64,PHN2ZyBpZD0neCcgb25sb2FkPSdhbGVydCgxKSc+PC9zdmc+#x"></use></svg>`],
    ['html comment breakout', `<!-- --><img src=x onerror=${P(36)}> -->`],
    ['table cell html', `| a |\n|---|\n| <img src=x onerror=${P(37)}> |`],
    ['blockquote with iframe', `> <iframe src="https://evil.example/frame"></iframe>`],
    ['alert dialog', `<img src=x onerror="alert('pwned')">`],
    ['code span holding html', 'Use `<img src=x onerror=' + P(40) + '>` carefully'],
  ];

  const FORBIDDEN = 'script, style, iframe, frame, object, embed, form, input, button:not(.code-action), img, svg, math, link, meta, base, video, audio, source, template, noscript';

  async function runPayloads(csp: boolean): Promise<void> {
    await cp.load({ csp });
    await cp.host(emptyState());
    let n = 0;
    for (const [name, payload] of payloads) {
      const parts = Array.isArray(payload) ? payload : chunks(`Here you go:\n\n${payload}\n\nDone.`, 3 + (n % 5));
      await stream(cp, streamingTurn(`x${n++}`, name), parts);
    }
    // The same payloads once more through the history path (one render, no streaming).
    const turns = payloads.map(([name, p], i) => ({ id: `h${i}`, question: name, attachments: [], answer: { text: Array.isArray(p) ? p.join('') : p, status: 'complete' as const } }));
    await cp.host({ type: 'turnStarted', turn: streamingTurn('sep', 'sep') });
    const historyState: HostMessage = emptyState({ conversation: { id: 'c2', title: 't', turns: [...turns] } });

    const probe = async (label: string) => {
      // Poke everything a handler could hang on: hover, focus, click every link, open every details.
      await cp.page.evaluate(() => {
        for (const el of document.querySelectorAll<HTMLElement>('.markdown *')) {
          for (const type of ['mouseover', 'mouseenter', 'focus', 'animationstart']) el.dispatchEvent(new Event(type, { bubbles: true }));
        }
      });
      for (const a of await cp.page.locator('.markdown a').all()) await a.click({ timeout: 2000 }).catch(() => undefined);
      await cp.page.waitForTimeout(300);
      const audit = await cp.page.evaluate((forbidden) => {
        const root = document.getElementById('messages')!;
        const bad: string[] = [];
        for (const el of root.querySelectorAll(forbidden)) bad.push(`element <${el.tagName.toLowerCase()}>`);
        for (const el of root.querySelectorAll('*')) {
          for (const a of Array.from(el.attributes)) {
            if (/^on/i.test(a.name)) bad.push(`attribute ${a.name} on <${el.tagName.toLowerCase()}>`);
            if (a.name === 'style' || a.name === 'srcdoc' || a.name === 'src' || a.name === 'href' || a.name === 'action') bad.push(`attribute ${a.name}="${a.value}"`);
            if (a.name === 'data-href' && !/^https?:\/\//i.test(a.value)) bad.push(`link to ${a.value}`);
          }
        }
        const w = window as unknown as { __pwned?: unknown };
        return {
          bad,
          pwned: w.__pwned,
          bodyVisible: getComputedStyle(document.body).display !== 'none',
          answersVisible: Array.from(document.querySelectorAll('.answer')).every((a) => getComputedStyle(a).visibility !== 'hidden'),
        };
      }, FORBIDDEN);
      assert.equal(audit.pwned, undefined, `${label}: injected script ran (canary ${String(audit.pwned)})`);
      assert.deepEqual(cp.dialogs, [], `${label}: a dialog opened`);
      assert.deepEqual(audit.bad, [], `${label}: unsafe markup survived`);
      assert.equal(audit.bodyVisible && audit.answersVisible, true, `${label}: injected CSS applied`);
      assert.deepEqual(cp.external, [], `${label}: the page tried to load remote content`);
      const links = (await cp.posted()).filter((m) => m.type === 'openLink');
      for (const l of links) assert.match((l as { href: string }).href, /^https?:\/\//, `${label}: a non-web link was offered`);
    };

    await probe(`${csp ? 'with' : 'without'} CSP, streamed`);
    // Raw HTML from the model is shown as text, so the user sees what it wrote.
    assert.match(await cp.page.locator(`${turnSel('x4')} .markdown`).innerText(), /<script>window\.__pwned=5<\/script>/);
    assert.match(await cp.page.locator(`${turnSel('x28')} .markdown`).innerText(), /<scr\s*ipt>|<script>/);
    await cp.host(historyState);
    await cp.page.locator(turnSel(`h${payloads.length - 1}`)).waitFor();
    await probe(`${csp ? 'with' : 'without'} CSP, from history`);
  }

  test(`${payloads.length} XSS payloads in model output execute nothing (with the webview CSP)`, async function () {
    this.timeout(180_000);
    assert.ok(payloads.length >= 20);
    await runPayloads(true);
  });

  test('the same payloads execute nothing without any CSP (the sanitiser alone holds)', async function () {
    this.timeout(180_000);
    await runPayloads(false);
    // Without CSP nothing is blocked, so no violation may be reported either; with it none were needed.
    assert.deepEqual(cp.problems.filter((p) => !/CSP violation/.test(p)), []);
  });

  test('screenshots of a real answer in dark, light and high-contrast themes', async function () {
    this.timeout(60_000);
    const answer = [
      'Use a `Map` and sort its entries by value. `Array.prototype.sort` is stable, so equal counts keep their insertion order:',
      '',
      '```ts',
      'export function topWords(text: string, n = 3): [string, number][] {',
      '  const counts = new Map<string, number>();',
      '  for (const w of text.toLowerCase().match(/[a-z]+/g) ?? []) {',
      '    counts.set(w, (counts.get(w) ?? 0) + 1);',
      '  }',
      '  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, n);',
      '}',
      '```',
      '',
      '- **Time:** O(n log n) for the sort',
      '- **Memory:** one entry per distinct word',
      '',
      'See [MDN: Map](https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/Map) for details.',
    ].join('\n');
    fs.mkdirSync(RESULTS, { recursive: true });
    for (const theme of ['dark', 'light', 'hc'] as const) {
      await cp.load({ theme });
      await cp.host(emptyState({
        conversation: { id: 'c1', title: 'Top words', turns: [] },
        attachments: [{ id: 'a1', kind: 'selection', label: 'src/words.ts:3-18', tokens: 212, redactions: 0 }],
        history: [{ id: 'c1', title: 'Top words', updatedAt: Date.now(), turns: 1 }],
      }));
      await stream(cp, streamingTurn('t1', 'How do I get the three most frequent words?', { attachments: [{ id: 'a0', kind: 'file', label: 'src/words.ts', tokens: 640, redactions: 0 }] }), chunks(answer, 9), {
        meta: { ...META, firstTokenMs: 412, totalMs: 1830, inputTokens: 96, outputTokens: 187, cacheReadTokens: 4310, costUsd: 0.00137 },
      });
      await cp.page.screenshot({ path: path.join(RESULTS, `chat-renderer-${theme}.png`) });
    }
    assert.deepEqual(cp.problems, []);
  });
});
