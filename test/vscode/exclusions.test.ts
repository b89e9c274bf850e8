// One set of exclusion rules for every feature: the same file under the same `.haikuignore`, user-level
// `bedrockHaiku.exclude` (which the workspace tries to clear) and secret-name rule gets the same verdict, with
// the same reason, from completions, a chat attachment and explain — and nothing of it reaches the fake.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startFake, withFakeEnv, type Fake } from '../fake/bedrockFake';
import { CompletionProvider } from '../../src/completion/index.vscode';
import { CompletionState } from '../../src/completion/state';
import type { DiagnosticContext } from '../../src/explain/diagnosticContext';
import type { ExplainResult } from '../../src/explain/index.vscode';
import type { FixOutcome } from '../../src/explain/fix.vscode';
import type { AttachmentView } from '../../src/shared/protocol';
import type { Services } from '../../src/services';
import { activateExtension } from '../support/extension';

const PLANS_SECRET = 'launchDate = "2031-04-01"';

interface Verdicts {
  completion: string | undefined;
  chat: { notices: string[]; attachments: AttachmentView[] };
  explain: FixOutcome | undefined;
}

suite('exclusions', () => {
  let fake: Fake;
  let services: Services;
  let folder: vscode.Uri;
  let provider: CompletionProvider;
  let outsideDir: string;
  const created: string[] = [];
  const explicit: vscode.InlineCompletionContext = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };

  function write(file: string, text: string): vscode.Uri {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    created.push(file);
    return vscode.Uri.file(file);
  }

  // A function, so TypeScript does not keep the `undefined` assigned before the call.
  const lastSkipped = () => provider.lastOutcome?.skipped;

  /** Asks all three features about one file, the way a user would reach each. */
  async function verdicts(uri: vscode.Uri): Promise<Verdicts> {
    return withFakeEnv(fake, async () => {
      services.bedrock.resetCredentials();
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      // Chat and explain first: they must see a .haikuignore written a moment ago without waiting for the watcher.
      const chat = await vscode.commands.executeCommand<Verdicts['chat']>('_bedrockHaiku.chat.attach', 'file');
      const explain = await vscode.commands.executeCommand<FixOutcome | undefined>('bedrockHaiku.fixWithHaiku', {
        uri: uri.toString(),
        range: [0, 0, 0, 5],
        message: 'Cannot find name "launch".',
      });
      provider.lastOutcome = undefined;
      const source = new vscode.CancellationTokenSource();
      await provider.provideInlineCompletionItems(doc, doc.lineAt(doc.lineCount - 1).range.end, explicit, source.token);
      source.dispose();
      return { completion: lastSkipped(), chat, explain };
    });
  }

  /** All three refused with this reason, and nothing was sent. */
  function assertRefused(v: Verdicts, name: string, reason: string): void {
    assert.strictEqual(v.completion, 'excluded', `completions did not skip ${name}`);
    assert.deepStrictEqual(v.chat.attachments, [], `chat attached ${name}`);
    assert.deepStrictEqual(v.chat.notices, [`${name} is not sent: ${reason}.`]);
    assert.strictEqual(v.explain?.applied, false);
    assert.strictEqual(v.explain?.problem, `${name} is not sent to Bedrock: ${reason}.`);
    assert.strictEqual(fake.requests.length, 0, `a request was sent for ${name}`);
  }

  suiteSetup(async () => {
    services = (await activateExtension()).services;
    folder = vscode.workspace.workspaceFolders![0].uri;
    fake = await startFake();
    await vscode.workspace.getConfiguration('editor').update('inlineSuggest.enabled', false, vscode.ConfigurationTarget.Global);
    const config = vscode.workspace.getConfiguration('bedrockHaiku');
    await config.update('exclude', ['*.generated.ts'], vscode.ConfigurationTarget.Global);
    // A cloned repository trying to switch the user's patterns off.
    await config.update('exclude', [], vscode.ConfigurationTarget.Workspace);
    // This test counts requests; asking ahead after a suggestion is covered in test/unit/completion/speculate.test.ts.
    provider = new CompletionProvider(services, new CompletionState(), { settings: () => ({ debounceMs: 0, maxContextTokens: 1500 }), speculation: false });
    outsideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-outside-'));
  });

  suiteTeardown(async () => {
    provider?.dispose();
    const config = vscode.workspace.getConfiguration('bedrockHaiku');
    await config.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('exclude', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('editor').update('inlineSuggest.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    services?.bedrock.resetCredentials();
    await fake?.close();
    for (const f of created) fs.rmSync(f, { force: true });
    if (outsideDir) fs.rmSync(outsideDir, { recursive: true, force: true });
  });

  setup(() => {
    fake.reset();
    provider.engine.cache.clear();
  });

  test('a file in a folder named by a just-written .haikuignore is refused by all three, with the same reason', async () => {
    const plans = write(path.join(folder.fsPath, 'exclusions', 'private', 'plans.ts'), `export const ${PLANS_SECRET};\nexport const launch = `);
    write(path.join(folder.fsPath, '.haikuignore'), '# customer data\nexclusions/private/\n');
    const v = await verdicts(plans);
    assertRefused(v, 'exclusions/private/plans.ts', 'it matches .haikuignore "exclusions/private/"');
    assert.deepStrictEqual(services.exclusions.isExcluded(plans), { excluded: true, reason: 'it matches .haikuignore "exclusions/private/"' });
  });

  test('the user\'s bedrockHaiku.exclude holds in all three although the workspace sets it to []', async () => {
    const report = write(path.join(folder.fsPath, 'exclusions', 'report.generated.ts'), 'export const total = ');
    assertRefused(await verdicts(report), 'exclusions/report.generated.ts', 'it matches bedrockHaiku.exclude "*.generated.ts"');
  });

  test('a secret-named file is refused by all three', async () => {
    const env = vscode.Uri.joinPath(folder, 'completion', '.env');
    assertRefused(await verdicts(env), 'completion/.env', 'its name looks like a secrets file');
  });

  test('outside the workspace the exclude globs still apply, in all three', async () => {
    const file = path.join(outsideDir, 'notes.generated.ts');
    const uri = write(file, 'export const notes = ');
    assertRefused(await verdicts(uri), vscode.workspace.asRelativePath(uri, false), 'it matches bedrockHaiku.exclude "*.generated.ts"');
  });

  test('an ordinary file is attached, completed and explained; an excluded related location is named but not read', async () => {
    const open = write(path.join(folder.fsPath, 'exclusions', 'open.ts'), 'import { launch } from "./private/plans";\nexport const when = launch;\nexport const x = ');
    const plans = vscode.Uri.file(path.join(folder.fsPath, 'exclusions', 'private', 'plans.ts'));
    assert.ok(fs.existsSync(plans.fsPath) && fs.existsSync(path.join(folder.fsPath, '.haikuignore')), 'the first test\'s files are gone');
    const diagnostics = vscode.languages.createDiagnosticCollection('haiku-exclusions-test');
    try {
      const d = new vscode.Diagnostic(new vscode.Range(1, 20, 1, 26), 'launch is not a date', vscode.DiagnosticSeverity.Error);
      d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(plans, new vscode.Range(0, 13, 0, 23)), 'launchDate is declared here')];
      diagnostics.set(open, [d]);
      fake.respond({ text: '1;</insert>' });
      const result = await withFakeEnv(fake, async () => {
        services.bedrock.resetCredentials();
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(open));
        const chat = await vscode.commands.executeCommand<Verdicts['chat']>('_bedrockHaiku.chat.attach', 'file');
        assert.ok(chat.attachments.some((a) => a.label === 'exclusions/open.ts'), `not attached: ${chat.notices.join(' ')}`);
        assert.ok(!chat.attachments.some((a) => a.label === 'exclusions/private/plans.ts'), 'an excluded file is among the chips');
        const doc = await vscode.workspace.openTextDocument(open);
        const source = new vscode.CancellationTokenSource();
        const items = await provider.provideInlineCompletionItems(doc, doc.lineAt(2).range.end, explicit, source.token);
        source.dispose();
        assert.strictEqual(items?.[0]?.insertText, '1;', `no completion (${provider.lastOutcome?.skipped})`);
        return vscode.commands.executeCommand<ExplainResult | undefined>('bedrockHaiku.explainError', {
          uri: open.toString(),
          range: [1, 20, 1, 26],
          message: 'launch is not a date',
        });
      });
      assert.ok(result, 'explain refused an ordinary file');
      const related = (result.context as DiagnosticContext).related;
      assert.deepStrictEqual(related.map((r) => [r.path, r.excluded, r.lineText]), [['exclusions/private/plans.ts', true, undefined]]);
      assert.strictEqual(fake.requests.length, 2, 'one completion and one explanation');
      for (const req of fake.requests) assert.ok(!req.promptText.includes('2031-04-01'), 'the excluded file\'s text was sent');
    } finally {
      diagnostics.dispose();
    }
  });
});
