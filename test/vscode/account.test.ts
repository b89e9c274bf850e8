// The AWS account feature in a real VS Code: sign-in with the device flow against the loopback fake
// (then a request works without a reload), the expiry watcher reading the real token cache, the budget
// guard and its override, and the usage panel.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { AccountApi } from '../../src/aws/api';
import type { StreamResult } from '../../src/bedrock/types';
import { startFake, withFakeEnv, type Fake } from '../fake/bedrockFake';
import { waitFor } from '../support/waitFor';
import { activateExtension, type ExtensionApi } from '../support/extension';

const config = () => vscode.workspace.getConfiguration('bedrockHaiku');

suite('AWS account', () => {
  let api: ExtensionApi;
  let account: AccountApi;

  suiteSetup(async () => {
    api = await activateExtension();
    assert.ok(api.account, 'the account API is missing: src/extension.ts does not build it');
    account = api.account;
  });

  async function withProfile(fake: Fake, profile: string, fn: () => Promise<void>): Promise<void> {
    await withFakeEnv(fake, async () => {
      try {
        await config().update('aws.profile', profile, vscode.ConfigurationTarget.Global);
        api.services.bedrock.resetCredentials();
        await fn();
      } finally {
        await config().update('aws.profile', undefined, vscode.ConfigurationTarget.Global);
        api.services.bedrock.resetCredentials();
      }
    });
  }

  test('registers the account commands', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of ['signIn', 'selectProfile', 'selectModel', 'showUsage', 'budgetOverride', 'openModelAccess']) {
      assert.ok(registered.has(`bedrockHaiku.${id}`), `bedrockHaiku.${id} is not registered`);
    }
  });

  test('signs in with the device flow; completions were paused before, a request works after, without a reload', async () => {
    const fake = await startFake({ sessionName: 'vs-signin', profileName: 'vs-signin' });
    try {
      fake.sso.writeToken({ remove: true });
      fake.sso.deviceFlow = { pendingPolls: 1, outcome: 'approve', interval: 1 };
      await withProfile(fake, 'vs-signin', async () => {
        await waitFor(() => account.sessionStatus().kind === 'missing', 10_000, 'the watcher to see no session');
        const paused = await account.gate('completion');
        assert.strictEqual(paused?.kind, 'expiredSso');
        assert.strictEqual(paused?.action?.id, 'signIn');

        const ok = await vscode.commands.executeCommand<boolean>('bedrockHaiku.signIn', { method: 'device' });
        assert.strictEqual(ok, true, 'sign-in did not complete');
        assert.ok(fs.existsSync(fake.sso.tokenFile), 'no token cache file written');
        assert.ok(fake.sso.requests.some((r) => r.api === 'createToken' && r.status === 200));
        assert.strictEqual(account.sessionStatus().kind, 'valid');
        assert.strictEqual(await account.gate('completion'), undefined);

        fake.respond({ text: 'ok', usage: { inputTokens: 12, outputTokens: 1 } });
        const result = await vscode.commands.executeCommand<StreamResult>('bedrockHaiku.testConnection');
        assert.strictEqual(result?.outcome, 'complete', `${result?.error?.kind}: ${result?.error?.detail}`);
        assert.strictEqual(fake.requests.length, 1);
        assert.strictEqual(fake.requests[0].sigv4Valid, true);
      });
    } finally {
      await fake.close();
    }
  });

  test('warns before a non-refreshable session ends, pauses completions once it has (chat still goes out), resumes after a sign-in elsewhere', async () => {
    const fake = await startFake({ sessionName: 'vs-expiry', profileName: 'vs-expiry' });
    try {
      fake.sso.writeToken({ expiresInMs: 5 * 60_000, refreshable: false });
      await withProfile(fake, 'vs-expiry', async () => {
        await waitFor(() => account.sessionStatus().kind === 'expiringSoon', 10_000, 'the ten-minute warning');
        fake.sso.writeToken({ expired: true, refreshable: false });
        // The cache folder is watched: no command or reload needed.
        await waitFor(() => account.sessionStatus().kind === 'expired', 10_000, 'the watcher to see the expiry');
        assert.strictEqual((await account.gate('completion'))?.kind, 'expiredSso');
        assert.strictEqual(await account.gate('chat'), undefined);
        // The gate is the one every request passes: a completion through the service is held back, unsent.
        const held = await api.services.bedrock.stream({ feature: 'completion', messages: [{ role: 'user', text: 'const x = ' }], maxTokens: 8 });
        assert.strictEqual(held.error?.kind, 'expiredSso');
        assert.strictEqual(held.notSent, true);
        assert.strictEqual(fake.requests.length, 0);
        // A sign-in made outside this window (`aws sso login` in a terminal writes the same file).
        fake.sso.writeToken({ expiresInMs: 8 * 3600_000, refreshable: false });
        await waitFor(() => account.sessionStatus().kind === 'valid', 10_000, 'the watcher to see the new session');
        assert.strictEqual(await account.gate('completion'), undefined);
      });
    } finally {
      await fake.close();
    }
  });

  test('pauses completions past the daily budget; the override resumes them for today', async () => {
    const state = api.services.context.globalState;
    const fake = await startFake({ sessionName: 'vs-budget', profileName: 'vs-budget' });
    try {
      await withProfile(fake, 'vs-budget', async () => {
        await waitFor(() => account.sessionStatus().kind === 'valid', 10_000, 'a valid session');
        // Spend something today, then set a budget below it.
        fake.respond({ text: 'ok', usage: { inputTokens: 20, outputTokens: 1 } });
        const spent = await vscode.commands.executeCommand<StreamResult>('bedrockHaiku.testConnection');
        assert.strictEqual(spent?.outcome, 'complete');
        // Setting the limit alone must tell the status bar (no request needed to show the pause).
        let told = 0;
        const sub = account.budget.onDidChange(() => told++);
        try {
          await config().update('budget.dailyUsd', 1e-9, vscode.ConfigurationTarget.Global);
          await waitFor(() => told > 0, 5000, 'the budget guard to announce the new limit');
        } finally {
          sub.dispose();
        }
        const refused = await account.gate('completion');
        assert.strictEqual(refused?.kind, 'budget');
        assert.strictEqual(refused?.action?.id, 'overrideBudget');
        assert.strictEqual(account.budget.state(1).kind, 'over');
        await vscode.commands.executeCommand('bedrockHaiku.budgetOverride');
        assert.strictEqual(await account.gate('completion'), undefined);
        assert.strictEqual(account.budget.state(1).kind, 'overridden');
        assert.strictEqual(fake.requests.length, 1, 'the gate itself must never send anything');
      });
    } finally {
      await config().update('budget.dailyUsd', undefined, vscode.ConfigurationTarget.Global);
      await state.update('bedrockHaiku.budget.overrideDay', undefined);
      await fake.close();
    }
  });

  test('Show Usage opens one usage panel', async () => {
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'Haiku Usage');
    await vscode.commands.executeCommand('bedrockHaiku.showUsage');
    await vscode.commands.executeCommand('bedrockHaiku.showUsage');
    await waitFor(() => tabs().length === 1, 10_000, 'the usage panel');
    assert.ok(tabs()[0].input instanceof vscode.TabInputWebview);
    await vscode.window.tabGroups.close(tabs());
  });
});
