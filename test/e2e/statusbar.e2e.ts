// What a user sees in the status bar: after Test Connection, the last latency and today's cost; after a
// failure, the error's name instead.
import * as assert from 'node:assert';
import { launch, type Session } from './harness';

suite('status bar (UI)', () => {
  let vs: Session;

  suiteSetup(async () => {
    vs = await launch();
  });

  suiteTeardown(async () => {
    await vs?.close();
  });

  test('starts without numbers, then shows latency and cost after Haiku: Test Connection', async () => {
    const before = await vs.statusItem().innerText();
    assert.doesNotMatch(before, /\d+ ms|\$\d/, `status bar shows numbers before any request: ${before}`);

    // Enough tokens for a cost that shows at the status bar's precision (Haiku 4.5: about $0.003).
    vs.fake?.respond({ text: 'ok', firstByteDelayMs: 80, usage: { inputTokens: 1200, outputTokens: 300 } });
    await vs.runCommand('Haiku: Test Connection');
    const toast = await vs.waitForNotification(/Haiku: connected in/i);
    assert.match(toast, /\d+ ms/, 'the notification gives no latency');
    const text = await vs.waitForStatusBar(/\d+ ms .*\$\d/);
    assert.match(text, /^\d+ ms · \$0\.0*[1-9]\d*\*?$/, `status text should be "<latency> ms · $<non-zero cost>": ${text}`);
    assert.strictEqual(vs.fake?.requests.length, 1);
    assert.strictEqual(vs.fake?.requests[0].sigv4Valid, true);
    await vs.waitForToastsSettled();
    await vs.screenshot('statusbar-after-test-connection');
  });

  test('names the error when Bedrock refuses', async () => {
    vs.fake?.respond({ httpError: 'accessDenied' });
    await vs.runCommand('Haiku: Test Connection');
    const text = await vs.waitForStatusBar(/access|denied/i);
    assert.doesNotMatch(text, /\d+ ms/, 'the error state still shows a latency');
    await vs.waitForNotification(/denied/i);
    await vs.waitForToastsSettled();
    await vs.screenshot('statusbar-access-denied');
  });
});
