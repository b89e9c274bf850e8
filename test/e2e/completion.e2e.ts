// What a user sees of inline completions: ghost text after Alt+\, Tab inserts it, and a .env file sends
// nothing at all (the fake's log is the witness).
import * as assert from 'node:assert';
import { launch, type Session } from './harness';

/** The editor's visible lines, with the non-breaking spaces Monaco renders turned back into spaces. */
async function editorText(vs: Session): Promise<string> {
  const lines = await vs.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').allInnerTexts();
  return lines.map((l) => l.replace(/\u00a0/g, ' ')).join('\n');
}

suite('inline completions (UI)', () => {
  let vs: Session;

  suiteSetup(async () => {
    vs = await launch({ settings: { 'bedrockHaiku.model': 'claude-haiku-4-5' } });
  });

  suiteTeardown(async () => {
    await vs?.close();
  });

  test('ghost text appears on Alt+\\ and Tab inserts it', async () => {
    // Haiku 4.5 accepts prefill: the model continues after "<insert>".
    vs.fake?.respond({ text: 'w * h;</insert>', firstByteDelayMs: 120, chunkDelayMs: 10 });
    await vs.openFile('math.ts');
    const page = vs.page;
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('export const area = (w: number, h: number) => ', { delay: 20 });
    await page.keyboard.press('Escape'); // close any suggest widget the typing opened
    await page.keyboard.press('Alt+\\');
    const ghost = page.locator('.editor-group-container.active .monaco-editor .ghost-text-decoration').first();
    await ghost.waitFor({ state: 'visible', timeout: 30_000 });
    // Monaco may render one suggestion as several decorations (per word): read them all.
    const shown = async () =>
      (await page.locator('.editor-group-container.active .monaco-editor .ghost-text-decoration, .editor-group-container.active .monaco-editor .ghost-text-decoration-preview').allInnerTexts())
        .join('')
        .replace(/\u00a0/g, ' ');
    // The decorations fill in as the suggestion renders: give them a moment.
    for (let i = 0; i < 50 && !/h;/.test(await shown()); i++) await page.waitForTimeout(100);
    assert.match(await shown(), /w ?\* ?h;/, `ghost text: ${await shown()}; editor: ${await editorText(vs)}`);
    await vs.screenshot('completion-ghost-text');

    // The request for the line after the suggestion, asked ahead while it is shown, may follow this one.
    const sent = vs.fake!.requests.find((r) => r.promptText.includes('h: number) => <CURSOR/>'))!;
    assert.strictEqual(sent.sigv4Valid, true);
    assert.match(sent.promptText, /path="completion\/math\.ts"/);
    assert.match(sent.promptText, /export const area = \(w: number, h: number\) => <CURSOR\/>/);

    await page.keyboard.press('Tab');
    await page.waitForFunction(() => !document.querySelector('.editor-group-container.active .ghost-text-decoration'), undefined, { timeout: 10_000 });
    assert.match(await editorText(vs), /export const area = \(w: number, h: number\) => w \* h;/);
    await vs.screenshot('completion-accepted');
  });

  test('a .env file sends nothing, even on Alt+\\', async () => {
    vs.fake?.respond({ text: 'should-never-be-asked</insert>' });
    // The previous test's accepted suggestion may still be followed up (asked ahead, in math.ts): let that settle,
    // then look only at what is asked from here on.
    for (let n = -1, i = 0; n !== vs.fake!.requests.length && i < 20; i++) {
      n = vs.fake!.requests.length;
      await vs.page.waitForTimeout(700);
    }
    const before = vs.fake!.requests.length;
    await vs.openFile('.env');
    const page = vs.page;
    await page.keyboard.press('Control+End');
    await page.keyboard.type('NEW_SECRET=', { delay: 20 });
    await page.keyboard.press('Alt+\\');
    // Longer than the debounce, the fake's first byte and a render.
    await page.waitForTimeout(2000);
    assert.strictEqual(await page.locator('.editor-group-container.active .ghost-text-decoration').count(), 0, 'ghost text in a .env file');
    const sent = vs.fake!.requests.slice(before);
    assert.deepStrictEqual(sent.filter((r) => r.promptText.includes('.env')).map((r) => r.promptText.slice(0, 200)), [], 'a request about .env was sent');
    assert.strictEqual(sent.length, 0, `a request was sent while editing .env: ${sent.map((r) => r.promptText.slice(0, 120)).join(' | ')}`);
    assert.ok(!vs.fake!.requests.some((r) => r.promptText.includes('fixture-token-123')), '.env content reached the fake');
  });
});
