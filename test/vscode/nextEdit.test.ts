// Next edit suggestions in a real VS Code against the loopback fake: a real rename in a real editor, the
// request through the real Bedrock client, the fake's answer carrying the rename to the next use, and the
// commands Tab and Escape are bound to.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startFake, withFakeEnv, type Fake } from '../fake/bedrockFake';
import { nextEditReply } from '../fake/replies';
import type { Services } from '../../src/services';
import type { NextEditApi } from '../../src/nextEdit/index.vscode';
import { nextEditEnabled } from '../../src/nextEdit/index.vscode';
import { activateExtension } from '../support/extension';
import { waitFor } from '../support/waitFor';

const SOURCE = ['export function total(items: number[]): number {', '  let sum = 0;', '  // add them up', '  for (const x of items) sum += x;', '  return sum;', '}', ''].join('\n');

suite('next edit', () => {
  let fake: Fake;
  let services: Services;
  let nextEdit: NextEditApi;
  let folder: vscode.Uri;
  const created: string[] = [];

  async function open(name: string, text = SOURCE): Promise<vscode.TextEditor> {
    const file = path.join(folder.fsPath, 'nextEdit', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    created.push(file);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(doc);
    // Tracking starts when the editor shows (its text before the first edit is what diffs are made from).
    await waitFor(() => nextEdit.controller.isTracked(doc.uri.toString()), 5000, 'the editor to be tracked');
    return editor;
  }

  /** Renames the parameter in the signature, as one edit (a rename typed or pasted over the selection). */
  async function renameParameter(editor: vscode.TextEditor): Promise<void> {
    const line = editor.document.lineAt(0).text;
    const at = line.indexOf('items');
    await editor.edit((b) => b.replace(new vscode.Range(0, at, 0, at + 5), 'prices'));
    editor.selection = new vscode.Selection(0, at + 6, 0, at + 6);
  }

  suiteSetup(async () => {
    const api = await activateExtension();
    services = api.services;
    assert.ok(api.nextEdit, 'the extension registers next edit suggestions');
    nextEdit = api.nextEdit;
    folder = vscode.workspace.workspaceFolders![0].uri;
    fake = await startFake();
    // Completions would answer the same edits with ghost text (and then next edits rightly stay away).
    await vscode.workspace.getConfiguration('bedrockHaiku').update('completions.enabled', false, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('bedrockHaiku').update('completions.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('bedrockHaiku').update('nextEdit.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('bedrockHaiku').update('nextEdit.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    services?.bedrock.resetCredentials();
    await fake?.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of created) fs.rmSync(f, { force: true });
  });

  setup(() => {
    fake.reset();
    fake.respond((req) => ({ text: nextEditReply(req.promptText), chunkDelayMs: 5 }));
  });

  const withFake = (fn: () => Promise<void>) => () =>
    withFakeEnv(fake, async () => {
      services.bedrock.resetCredentials();
      await fn();
    });

  test(
    'a renamed parameter: the use below is suggested; Tab goes there, Tab applies it, one undo takes it back',
    withFake(async () => {
      const editor = await open('rename.ts');
      const counts = () => ({ ...(services.acceptance?.day().byLanguage.get('nextEdit:typescript') ?? { shown: 0, accepted: 0 }) });
      const before = counts();
      await renameParameter(editor);
      const s = await waitFor(() => nextEdit.controller.suggestion, 20_000, 'a suggestion');
      assert.deepStrictEqual([s.edit.start.line, s.edit.removed, s.edit.text], [3, 'items', 'prices']);
      assert.strictEqual(fake.requests.length, 1, 'one request for the edit pause');
      assert.match(fake.requests[0].promptText, /-export function total\(items: number\[\]\): number \{\n\+export function total\(prices: number\[\]\): number \{/);
      assert.strictEqual(fake.requests[0].sigv4Valid, true);

      await vscode.commands.executeCommand('bedrockHaiku.nextEdit.accept');
      assert.strictEqual(editor.selection.active.line, 3, 'the first Tab moves the cursor to the edit');
      assert.strictEqual(editor.document.lineAt(3).text, '  for (const x of items) sum += x;', 'and changes nothing');

      await vscode.commands.executeCommand('bedrockHaiku.nextEdit.accept');
      assert.strictEqual(editor.document.lineAt(3).text, '  for (const x of prices) sum += x;');
      assert.strictEqual(nextEdit.controller.suggestion, undefined);
      // Counted locally: one shown (the jump is the same suggestion), one accepted.
      assert.deepStrictEqual([counts().shown - before.shown, counts().accepted - before.accepted], [1, 1]);
      // The chain: the accepted edit is itself a recent edit, and the next one is asked for at once.
      await waitFor(() => fake.requests.length >= 2 || undefined, 10_000, 'the chained request');

      await vscode.commands.executeCommand('undo');
      assert.strictEqual(editor.document.lineAt(3).text, '  for (const x of items) sum += x;', 'one undo removes exactly the applied edit');
      assert.strictEqual(editor.document.lineAt(0).text, 'export function total(prices: number[]): number {');
    }),
  );

  test(
    'Escape dismisses a suggestion; an excluded file sends nothing',
    withFake(async () => {
      const editor = await open('dismiss.ts');
      await renameParameter(editor);
      await waitFor(() => nextEdit.controller.suggestion, 20_000, 'a suggestion');
      await vscode.commands.executeCommand('bedrockHaiku.nextEdit.dismiss');
      assert.strictEqual(nextEdit.controller.suggestion, undefined);
      assert.strictEqual(editor.document.lineAt(3).text, '  for (const x of items) sum += x;');

      fake.reset();
      fake.respond((req) => ({ text: nextEditReply(req.promptText) }));
      const secret = await open('prod.env', SOURCE);
      await renameParameter(secret);
      await new Promise((r) => setTimeout(r, 1500));
      assert.strictEqual(fake.requests.length, 0, 'a .env file is never sent');
      assert.strictEqual(nextEdit.controller.suggestion, undefined);
    }),
  );

  test('the setting: a workspace may turn next edits off, but not back on over the user', async () => {
    const c = vscode.workspace.getConfiguration('bedrockHaiku');
    assert.strictEqual(nextEditEnabled(), true, 'on by default');
    await c.update('nextEdit.enabled', false, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(nextEditEnabled(), false);
    await c.update('nextEdit.enabled', false, vscode.ConfigurationTarget.Global);
    await c.update('nextEdit.enabled', true, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(nextEditEnabled(), false, 'the user turned it off');
    await c.update('nextEdit.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await c.update('nextEdit.enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  test('Turn Next Edit Suggestions On or Off (status-bar menu) flips the user setting', async () => {
    const c = vscode.workspace.getConfiguration('bedrockHaiku');
    await vscode.commands.executeCommand('bedrockHaiku.nextEdit.toggle');
    assert.strictEqual(vscode.workspace.getConfiguration('bedrockHaiku').inspect<boolean>('nextEdit.enabled')?.globalValue, false);
    assert.strictEqual(nextEditEnabled(), false, 'off after the first toggle');
    await vscode.commands.executeCommand('bedrockHaiku.nextEdit.toggle');
    assert.strictEqual(nextEditEnabled(), true, 'on again after the second');
    await c.update('nextEdit.enabled', undefined, vscode.ConfigurationTarget.Global);
  });
});
