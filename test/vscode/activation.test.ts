// The extension as VS Code sees it: it activates without paying for the AWS SDK, everything package.json
// promises is really registered, and Test Connection reaches Bedrock (the loopback fake) and reports
// latency and cost. Runs first (index.ts orders it) so that no earlier test has loaded the SDK.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { StreamResult } from '../../src/bedrock/types';
import { startFake, withFakeEnv } from '../fake/bedrockFake';
import { ourExtension, type ExtensionApi } from '../support/extension';

interface SettingSchema {
  markdownDescription?: string;
  scope?: string;
}

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { restrictedConfigurations?: string[] } };
  contributes: {
    commands: { command: string; title: string }[];
    menus?: Record<string, { command: string }[]>;
    configuration: { properties: Record<string, SettingSchema> };
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; type?: string; name: string }[]>;
  };
}

/** Modules the AWS SDK bundle would put in Node's module cache. */
function sdkModulesLoaded(): string[] {
  return Object.keys(require.cache).filter((k) => /[\\/]dist[\\/]sdk\.js$/.test(k) || /[\\/]@aws-sdk[\\/]/.test(k));
}

suite('activation', () => {
  let ext: vscode.Extension<ExtensionApi>;
  let manifest: Manifest;

  suiteSetup(() => {
    ext = ourExtension();
    manifest = ext.packageJSON as Manifest;
  });

  test('activates without loading the AWS SDK', async () => {
    const api = await ext.activate();
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(api.sdkLoaded(), false, 'the extension reports the SDK bundle loaded during activation');
    assert.deepStrictEqual(sdkModulesLoaded(), [], 'AWS SDK modules are in require.cache after activation');
  });

  test('registers every command package.json contributes', async () => {
    await ext.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
    for (const id of ['bedrockHaiku.explainError', 'bedrockHaiku.newChat', 'bedrockHaiku.selectModel', 'bedrockHaiku.showUsage', 'bedrockHaiku.testConnection', 'bedrockHaiku.signIn']) {
      assert.ok(registered.has(id), `${id} is not registered`);
    }
  });

  test('every command a menu shows is contributed', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    const dangling = Object.entries(manifest.contributes.menus ?? {}).flatMap(([menu, items]) =>
      items.filter((i) => !contributed.has(i.command)).map((i) => `${menu}: ${i.command}`),
    );
    assert.deepStrictEqual(dangling, []);
  });

  test('contributes the Haiku activity-bar container holding the chat webview view', async () => {
    const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === 'bedrockHaiku');
    assert.ok(container, 'no activity-bar container bedrockHaiku');
    assert.strictEqual(container.title, 'Haiku');
    const chat = (manifest.contributes.views.bedrockHaiku ?? []).find((v) => v.id === 'bedrockHaiku.chat');
    assert.ok(chat, 'no view bedrockHaiku.chat in the bedrockHaiku container');
    assert.strictEqual(chat.type, 'webview');
    // VS Code derives these commands from the registered container and view: proof the workbench took them.
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('workbench.view.extension.bedrockHaiku'), 'the workbench did not register the container');
    assert.ok(registered.has('bedrockHaiku.chat.focus'), 'the workbench did not register the chat view');
  });

  test('every setting has a markdownDescription and a scope', () => {
    const props = manifest.contributes.configuration.properties;
    assert.ok(Object.keys(props).length >= 5);
    for (const [key, schema] of Object.entries(props)) {
      assert.ok(key.startsWith('bedrockHaiku.'), `${key} is outside the bedrockHaiku section`);
      assert.ok(schema.markdownDescription && schema.markdownDescription.length > 20, `${key} has no markdownDescription`);
      assert.ok(schema.scope, `${key} has no scope`);
    }
    for (const key of ['bedrockHaiku.aws.profile', 'bedrockHaiku.aws.region', 'bedrockHaiku.model', 'bedrockHaiku.latencyOptimized', 'bedrockHaiku.completions.enabled']) {
      assert.ok(props[key], `${key} is not contributed`);
    }
    assert.strictEqual(props['bedrockHaiku.completions.enabled'].scope, 'language-overridable');
  });

  test('a workspace cannot redirect credentials or where code is sent', async () => {
    const props = manifest.contributes.configuration.properties;
    const restricted = manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? [];
    for (const key of ['bedrockHaiku.aws.profile', 'bedrockHaiku.aws.region', 'bedrockHaiku.aws.endpoint']) {
      assert.ok(props[key], `${key} is not contributed`);
      assert.ok(['application', 'machine'].includes(props[key].scope ?? ''), `${key} has scope ${props[key].scope}`);
      assert.ok(restricted.includes(key), `${key} is not in restrictedConfigurations`);
    }
    // The real rule, as VS Code applies it: writing them to the workspace's settings is refused.
    const config = vscode.workspace.getConfiguration('bedrockHaiku');
    for (const key of ['aws.profile', 'aws.endpoint']) {
      await assert.rejects(
        Promise.resolve(config.update(key, 'evil', vscode.ConfigurationTarget.Workspace)),
        `VS Code accepted bedrockHaiku.${key} in workspace settings`,
      );
      assert.strictEqual(vscode.workspace.getConfiguration('bedrockHaiku').inspect(key)?.workspaceValue, undefined);
    }
    // …while an ordinary resource setting may live there (the refusal above is about scope, not the folder).
    await config.update('completions.debounceMs', 300, vscode.ConfigurationTarget.Workspace);
    try {
      assert.strictEqual(vscode.workspace.getConfiguration('bedrockHaiku').inspect('completions.debounceMs')?.workspaceValue, 300);
    } finally {
      await config.update('completions.debounceMs', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('Test Connection against the fake reports latency and cost, with one signed request', async () => {
    const api = await ext.activate();
    const fake = await startFake();
    try {
      fake.respond({ text: 'ok', chunkDelayMs: 5, usage: { inputTokens: 14, outputTokens: 2 } });
      const result = await withFakeEnv(fake, async () => {
        // Clients are cached per profile/region/endpoint: make the next request resolve this fake's env.
        api.services.bedrock.resetCredentials();
        return vscode.commands.executeCommand<StreamResult>('bedrockHaiku.testConnection');
      });
      assert.ok(result, 'testConnection returned nothing');
      assert.strictEqual(result.outcome, 'complete', `outcome ${result.outcome}: ${result.error?.kind} ${result.error?.detail}`);
      assert.strictEqual(result.text.trim(), 'ok');
      assert.ok(result.timings.totalMs > 0, 'no latency measured');
      assert.ok(result.cost.usd > 0, 'no cost computed');
      assert.deepStrictEqual(
        { input: result.usage.inputTokens, output: result.usage.outputTokens },
        { input: 14, output: 2 },
      );
      assert.strictEqual(fake.requests.length, 1, 'expected exactly one Bedrock request');
      const req = fake.requests[0];
      assert.strictEqual(req.sigv4Valid, true, `request signature did not verify: ${req.sigv4Problem}`);
      assert.match(req.modelId, /haiku/i);
      assert.strictEqual(api.sdkLoaded(), true, 'a request was made, yet the SDK is reported not loaded');
      // The module-cache check of the first test can see the SDK once it is loaded.
      assert.notDeepStrictEqual(sdkModulesLoaded(), []);
    } finally {
      api.services.bedrock.resetCredentials();
      await fake.close();
    }
  });
});
