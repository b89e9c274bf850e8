// What a user sees: a TypeScript error in the editor, "Haiku: Explain This Error" from the command palette,
// and the answer (from the loopback fake) streaming into the chat view as a new turn, with the context that
// was sent one click away.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MISSING_AGE_ANSWER as ANSWER } from './answers';
import { launch, type Session } from './harness';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'workspace', 'explain');

suite('explain errors (UI)', () => {
  let vs: Session;

  suiteSetup(async () => {
    // The fixture with the type error is stored as .ts.txt so the repository's own typecheck passes.
    vs = await launch({
      files: {
        'explain/typeError.ts': fs.readFileSync(path.join(FIXTURES, 'typeError.ts.txt'), 'utf8'),
        '.vscode/launch.json': JSON.stringify({
          version: '0.2.0',
          configurations: [{ type: 'node', request: 'launch', name: 'throws.js', program: '${workspaceFolder}/explain/throws.js', stopOnEntry: true, skipFiles: ['<node_internals>/**'] }],
        }),
      },
    });
  });

  suiteTeardown(async () => {
    await vs?.close();
  });

  test('Explain This Error from the palette on a TypeScript error: the answer appears in the chat view', async () => {
    const { page } = vs;
    vs.fake?.respond({ text: ANSWER, chunkDelayMs: 10 });
    await vs.openFile('typeError.ts');
    // The TypeScript service draws the squiggle once it has checked the file.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: 90_000 });

    // Cursor onto the error (line 7, inside `customer`).
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await page.keyboard.type('7:12');
    await page.keyboard.press('Enter');

    // The editor's context menu offers it while the file has problems.
    await page.locator('.monaco-editor .view-line').nth(6).click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.locator('.action-label', { hasText: 'Explain This Error' }).waitFor({ state: 'visible' });
    await menu.locator('.action-label', { hasText: 'Fix This Error' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');

    await vs.runCommand('Haiku: Explain This Error');

    const chat = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const turn = chat.locator('article.turn').filter({ hasText: "Property 'age' is missing" }).last();
    await turn.waitFor({ state: 'visible', timeout: 60_000 });
    const answer = turn.locator('section.answer');
    await answer.filter({ hasText: 'which Customer requires' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await answer.locator('pre, .code-block').first().innerText(), /const customer: Customer = \{ name, age: 0 \};/);

    // "Context sent" shows exactly what went to Bedrock.
    await turn.locator('details.context-sent summary').click();
    const sent = await turn.locator('details.context-sent .context-text').innerText();
    assert.match(sent, /'age' is declared here/);
    assert.match(sent, /const customer: Customer = \{ name \};/);

    const req = vs.fake?.requests.at(-1);
    assert.ok(req, 'the fake received no request');
    assert.strictEqual(req.sigv4Valid, true);
    assert.ok(req.promptText.includes("Property 'age' is missing in type"), 'the diagnostic did not reach Bedrock');
    await vs.screenshot('explain-error-in-chat');
  });

  test('a debugger exception: the notification and the debug toolbar offer Explain Exception; the answer appears in the chat', async () => {
    const { page } = vs;
    vs.fake?.respond({ text: '`order.items` is undefined: the JSON has no `items` array.\n\n```js\nconst itemCount = order.items?.length ?? 0;\n```\n', chunkDelayMs: 10 });
    const before = vs.fake?.requests.length ?? 0;

    // As a user would: start the launch configuration (it stops on entry), tick "Uncaught Exceptions", continue.
    await vs.runCommand('View: Show Run and Debug');
    await page.keyboard.press('F5');
    const toolbar = page.locator('.debug-toolbar');
    await toolbar.waitFor({ state: 'visible', timeout: 90_000 });
    const uncaught = page.locator('.debug-breakpoints .monaco-list-row', { hasText: 'Uncaught Exceptions' });
    await uncaught.waitFor({ state: 'visible', timeout: 60_000 });
    // Paused on entry: the toolbar offers Continue.
    const continueButton = toolbar.locator('.action-label[aria-label^="Continue"]');
    await continueButton.waitFor({ state: 'visible', timeout: 60_000 });
    // VS Code draws its own checkbox (role=checkbox, aria-checked), not an <input>.
    const box = uncaught.locator('[role=checkbox], input[type=checkbox]').first();
    if ((await box.getAttribute('aria-checked')) !== 'true' && !(await box.isChecked().catch(() => false))) await box.click();
    await continueButton.click();

    await vs.waitForNotification(/debugger stopped on an exception: TypeError: Cannot read properties of undefined \(reading 'length'\)/, 60_000);
    const ours = toolbar.locator('.action-label[aria-label*="Explain Exception"]');
    await ours.waitFor({ state: 'visible', timeout: 10_000 });
    await vs.screenshot('explain-exception-toolbar');

    const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /debugger stopped on/ }).first();
    await toast.locator('.monaco-button', { hasText: 'Explain Exception' }).click();

    const chat = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const turn = chat.locator('article.turn').filter({ hasText: 'Explain exception: TypeError' }).last();
    await turn.waitFor({ state: 'visible', timeout: 60_000 });
    await turn.locator('section.answer').filter({ hasText: 'the JSON has no items array' }).waitFor({ state: 'visible', timeout: 30_000 });
    const req = vs.fake?.requests.at(-1);
    assert.ok(req && (vs.fake?.requests.length ?? 0) > before, 'the fake received no request');
    assert.ok(req.promptText.includes('const itemCount = order.items.length;'), 'the throwing line did not reach Bedrock');
    assert.match(req.promptText, /json = '\{"id": 42, "customer": "Ada"\}'/);
    await vs.screenshot('explain-exception-in-chat');
    await page.keyboard.press('Shift+F5');
    await toolbar.waitFor({ state: 'hidden', timeout: 30_000 });
  });
});
