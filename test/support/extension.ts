// The extension as the extension-host tests (test/vscode) meet it: found by its id, activated, and its API
// (src/extension.ts ExtensionApi) returned. Only for code running inside VS Code: it imports `vscode`.

import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { startFake, type Fake } from '../fake/bedrockFake';

export type { ExtensionApi };

export const EXTENSION_ID = 'bedrock-haiku.bedrock-haiku';

/** This extension as VS Code loaded it (its manifest, path, whether it is active). */
export function ourExtension(): vscode.Extension<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded in this VS Code`);
  return ext;
}

/** Activates the extension (once; later calls return the same API) and returns what activate() returned. */
export function activateExtension(): Promise<ExtensionApi> {
  return Promise.resolve(ourExtension().activate());
}

/**
 * Suite hooks for tests that send through the extension to the loopback fake: the extension activated and
 * one fake for the suite (`ready` receives both once), and before every test a reset fake and no cached
 * credentials or clients, so the next request resolves the fake's environment afresh.
 */
export function useFakeInHost(ready: (s: { api: ExtensionApi; fake: Fake }) => void): void {
  let api: ExtensionApi | undefined;
  let fake: Fake | undefined;
  suiteSetup(async () => {
    api = await activateExtension();
    fake = await startFake();
    ready({ api, fake });
  });
  suiteTeardown(async () => {
    api?.services.bedrock.resetCredentials();
    await fake?.close();
  });
  setup(() => {
    fake?.reset();
    api?.services.bedrock.resetCredentials();
  });
}
