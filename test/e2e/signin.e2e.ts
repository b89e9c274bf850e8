// Signing in from the editor, end to end in code-server: with an ended SSO session the status bar says
// Sign in and typing sends nothing; after Haiku: Sign In to AWS (the fake's device flow) a completion
// works in the same window, without a reload.
import * as assert from 'node:assert';
import { launch, type Session } from './harness';

const FILE = 'signin.ts';
const SOURCE = 'export function area(width: number, height: number): number {\n  return \n}\n';

suite('sign-in (UI)', () => {
  let vs: Session;

  suiteSetup(async () => {
    vs = await launch({ files: { [FILE]: SOURCE }, fake: { sessionName: 'e2e-signin', profileName: 'e2e-signin' } });
  });

  suiteTeardown(async () => {
    await vs?.close();
  });

  async function typeAtReturn(text: string): Promise<void> {
    await vs.openFile(FILE);
    await vs.page.keyboard.press('Control+Home');
    await vs.page.keyboard.press('ArrowDown');
    await vs.page.keyboard.press('End');
    await vs.page.keyboard.type(text, { delay: 40 });
    // The suggest widget (TypeScript's own completions) would hold back inline suggestions: close it, ask explicitly.
    await vs.page.keyboard.press('Escape');
    await vs.page.keyboard.press('Alt+Backslash');
  }

  test('an ended session: the status bar says Sign in and typing sends nothing', async () => {
    const fake = vs.fake!;
    // The session ends and cannot be renewed (legacy-like token): the watcher sees the file change.
    fake.sso.writeToken({ expired: true, refreshable: false });
    fake.respond({ text: ' * height;' });
    await typeAtReturn('wid');
    await vs.waitForStatusBar(/Sign in/i, 30_000);
    await vs.page.waitForTimeout(1500);
    assert.strictEqual(fake.requests.length, 0, `Bedrock received ${fake.requests.length} request(s) with an ended session`);
    await vs.screenshot('signin-before');
  });

  test('Haiku: Sign In to AWS completes the device flow; the next completion works without a reload', async () => {
    const fake = vs.fake!;
    fake.sso.deviceFlow = { pendingPolls: 2, outcome: 'approve', interval: 1 };
    await vs.runCommand('Haiku: Sign In to AWS');
    // With the aws CLI on PATH a choice comes first: in the editor is the first item.
    const choice = vs.page.locator('.quick-input-widget').filter({ hasText: 'Sign in here' });
    if (await choice.isVisible({ timeout: 3000 }).catch(() => false)) await vs.page.keyboard.press('Enter');
    const progress = await vs.waitForNotification(/confirm code/i, 30_000);
    const code = fake.sso.deviceAuthorizations.at(-1)?.userCode;
    assert.ok(code && progress.includes(code), `the notification does not show the user code ${code}: ${progress}`);
    await vs.screenshot('signin-code-shown');
    await vs.waitForNotification(/signed in to AWS/i, 60_000);
    assert.ok(fake.sso.requests.some((r) => r.api === 'createToken' && r.status === 200));

    await vs.page.keyboard.press('Escape');
    await typeAtReturn('th');
    await vs.page.locator('.ghost-text-decoration, .ghost-text').first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(fake.requests.length >= 1, 'no Bedrock request after signing in');
    assert.strictEqual(fake.requests.at(-1)?.sigv4Valid, true);
    const status = await vs.waitForStatusBar(/\d+ ms/, 30_000);
    assert.doesNotMatch(status, /Sign in/i);
    await vs.screenshot('signin-after');
  });

  test('Haiku: Show Usage draws its charts inside the real webview (under VS Code\'s CSP)', async () => {
    await vs.runCommand('Haiku: Show Usage');
    const frame = await (async () => {
      const end = Date.now() + 30_000;
      while (Date.now() < end) {
        for (const f of vs.page.frames()) {
          if (await f.locator('svg.chart').count().catch(() => 0)) return f;
        }
        await vs.page.waitForTimeout(250);
      }
      throw new Error('no frame with the usage charts');
    })();
    assert.strictEqual(await frame.locator('svg.chart').count(), 4);
    // The completion made in the previous test is plotted.
    assert.ok((await frame.locator('circle.dot').count()) >= 1);
    assert.match(await frame.locator('.card').first().innerText(), /Requests\s+\d+/);
    await vs.screenshot('usage-view-in-vscode');
  });
});
