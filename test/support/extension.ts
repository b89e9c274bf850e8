// The extension as the extension-host tests (test/vscode) meet it: found by its id, activated, and its API
// (src/extension.ts ExtensionApi) returned. Only for code running inside VS Code: it imports `vscode`.

import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';

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
