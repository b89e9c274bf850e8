// Inline completions in a real VS Code against the loopback fake: the provider object is driven directly
// (VS Code has no command that runs inline completion providers), with real documents, real cancellation
// tokens, the real Bedrock client and SDK, and the fake's request log as the witness of what was sent.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startFake, withFakeEnv, type Fake } from '../fake/bedrockFake';
import { CompletionProvider } from '../../src/completion/index.vscode';
import type { WorkspaceExclusions } from '../../src/privacy/workspaceExclusions.vscode';
import { CompletionState } from '../../src/completion/state';
import type { Services } from '../../src/services';
import { readCompletionSettings } from '../../src/shared/config.vscode';
import { AcceptanceStore } from '../../src/status/acceptance';
import { zeroCounts } from '../../src/status/acceptanceAggregate';
import { activateExtension } from '../support/extension';

const DEBOUNCE_MS = 150;
/** Debounce the provider uses; the burst test raises it so a loaded machine's slow edits stay inside it. */
let debounceMs = DEBOUNCE_MS;

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && (value as unknown) !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

suite('completion', () => {
  let fake: Fake;
  let services: Services;
  let folder: vscode.Uri;
  let provider: CompletionProvider;
  let exclusions: WorkspaceExclusions;
  const created: string[] = [];
  const automatic: vscode.InlineCompletionContext = { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined };
  const explicit: vscode.InlineCompletionContext = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };

  /** A scratch file in the workspace copy, opened in an editor, cursor at the end of its last line. */
  async function scratch(name: string, text: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor; end: () => vscode.Position }> {
    const file = path.join(folder.fsPath, 'completion', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    created.push(file);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(doc);
    const end = () => doc.lineAt(doc.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end(), end());
    return { doc, editor, end };
  }

  async function type(editor: vscode.TextEditor, text: string): Promise<void> {
    const at = editor.selection.active;
    await editor.edit((b) => b.insert(at, text), { undoStopBefore: false, undoStopAfter: false });
    const pos = editor.document.positionAt(editor.document.offsetAt(at) + text.length);
    editor.selection = new vscode.Selection(pos, pos);
  }

  /** Calls the provider the way VS Code does: a fresh token per call, the previous one cancelled. */
  let lastSource: vscode.CancellationTokenSource | undefined;
  function ask(doc: vscode.TextDocument, pos: vscode.Position, context = automatic) {
    lastSource?.cancel();
    const source = new vscode.CancellationTokenSource();
    lastSource = source;
    return { source, result: provider.provideInlineCompletionItems(doc, pos, context, source.token) };
  }

  suiteSetup(async () => {
    services = (await activateExtension()).services;
    folder = vscode.workspace.workspaceFolders![0].uri;
    fake = await startFake();
    // The extension's own provider must not answer programmatic edits behind the test's back.
    await vscode.workspace.getConfiguration('editor').update('inlineSuggest.enabled', false, vscode.ConfigurationTarget.Global);
    // The extension's one shared instance: what every feature checks.
    exclusions = services.exclusions;
    provider = new CompletionProvider(services, new CompletionState(), {
      settings: () => ({ debounceMs, maxContextTokens: 1500 }),
      // These tests count requests; asking ahead after a suggestion is covered in test/unit/completion/speculate.test.ts.
      speculation: false,
    });
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('editor').update('inlineSuggest.enabled', undefined, vscode.ConfigurationTarget.Global);
    provider?.dispose();
    services?.bedrock.resetCredentials();
    await fake?.close();
    for (const f of created) fs.rmSync(f, { force: true });
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  setup(() => {
    debounceMs = DEBOUNCE_MS;
    fake.reset();
    provider.engine.cache.clear();
    provider.engine.shown.forget();
  });

  // Every test runs with the SDK pointed at the fake.
  const withFake = (fn: () => Promise<void>) => () =>
    withFakeEnv(fake, async () => {
      services.bedrock.resetCredentials();
      await fn();
    });

  test(
    'a burst of keystrokes sends one request, after the pause, and its answer becomes the ghost text',
    withFake(async () => {
      fake.respond({ text: 'a * b;</insert>', chunkDelayMs: 5 });
      const { doc, editor } = await scratch('burst.ts', 'export function square(a: number, b: number): number {\n  const product = \n}\n');
      editor.selection = new vscode.Selection(1, 18, 1, 18);
      // Each edit round-trips to the workbench, slow on a busy 2-core machine (over a second each at load 14, once):
      // the pause must be one the keystrokes never reach, or a keystroke is really a pause and asks on its own.
      debounceMs = 3000;
      let last: ReturnType<typeof ask> | undefined;
      const gaps: number[] = [];
      for (const ch of 'Math.') {
        const t0 = Date.now();
        await type(editor, ch);
        last = ask(doc, editor.selection.active);
        await sleep(30);
        gaps.push(Date.now() - t0);
      }
      // Each keystroke cancelled the previous call during its debounce: nothing was sent for them.
      const started = Date.now();
      const items = await last!.result;
      assert.ok(Date.now() - started >= 2000, 'the request did not wait for the pause');
      const sent = fake.requests.map((r) => /const product = ([^\n]*)<CURSOR\/>/.exec(r.promptText)?.[1]);
      assert.strictEqual(fake.requests.length, 1, `requests for ${JSON.stringify(sent)}, keystrokes ${gaps.join(', ')} ms apart`);
      assert.ok(items?.length === 1, 'no ghost text');
      assert.strictEqual(items[0].insertText, 'a * b;');
      assert.strictEqual(fake.requests[0].sigv4Valid, true);
      assert.match(fake.requests[0].promptText, /const product = Math\.<CURSOR\/>/);
    }),
  );

  test(
    'cancelling a call whose stream is running closes the stream at the server',
    withFake(async () => {
      fake.respond({ text: 'compute(a, b) + offset;</insert>', firstByteDelayMs: 3000 });
      const { doc, end } = await scratch('abort.ts', 'const offset = 1;\nconst total = ');
      const { source, result } = ask(doc, end(), explicit);
      await waitFor(() => fake.requests.length === 1 || undefined, 10_000, 'the request at the fake');
      source.cancel();
      assert.strictEqual(await result, undefined);
      await fake.waitForRequests(1, 10_000);
      assert.strictEqual(fake.requests[0].closedByClient, true, 'the fake saw the stream finish instead of being closed');
      assert.strictEqual(fake.requests[0].completed, false);
    }),
  );

  test(
    'a keystroke that contradicts the answer streaming closes that stream at once and asks again',
    withFake(async () => {
      // A slow first answer (about 5 s), so the keystroke surely lands while it streams.
      fake.respond(() => (fake.requests.length === 1 ? { text: 'compute(a, b) + helper(a) + other(b) + more(a, b);</insert>', chunkChars: 4, chunkDelayMs: 300 } : { text: 'ero;</insert>' }));
      const { doc, editor, end } = await scratch('contradict.ts', 'const a = 1, b = 2;\nconst total = ');
      const first = ask(doc, end(), explicit);
      await waitFor(() => fake.requests[0]?.chunksSent || undefined, 10_000, 'the first chunk');
      await type(editor, 'z');
      const second = ask(doc, editor.selection.active);
      assert.strictEqual(await first.result, undefined);
      await fake.waitForRequests(1, 10_000);
      assert.strictEqual(fake.requests[0].closedByClient, true, 'the contradicted stream ran on');
      const items = await second.result;
      assert.strictEqual(fake.requests.length, 2);
      assert.strictEqual(items?.[0].insertText, 'ero;');
    }),
  );

  test(
    'asking again at the same place is answered from the cache without a request',
    withFake(async () => {
      fake.respond({ text: 'items.length;</insert>' });
      const { doc, end } = await scratch('cache.ts', 'const items = [1, 2, 3];\nconst count = ');
      const first = await ask(doc, end(), explicit).result;
      assert.strictEqual(first?.[0].insertText, 'items.length;');
      assert.strictEqual(fake.requests.length, 1);
      provider.engine.shown.forget();
      const again = await ask(doc, end()).result;
      assert.strictEqual(again?.[0].insertText, 'items.length;');
      assert.strictEqual(provider.lastOutcome?.item?.source, 'cache');
      assert.strictEqual(fake.requests.length, 1, 'a second request was sent');
    }),
  );

  test(
    'typing what the ghost text says is served without a request',
    withFake(async () => {
      fake.respond({ text: 'items.filter((x) => x > 1);</insert>' });
      const { doc, editor, end } = await scratch('through.ts', 'const items = [1, 2, 3];\nconst big = ');
      const first = await ask(doc, end(), explicit).result;
      assert.strictEqual(first?.[0].insertText, 'items.filter((x) => x > 1);');
      await type(editor, 'item');
      const rest = await ask(doc, editor.selection.active).result;
      assert.strictEqual(rest?.[0].insertText, 's.filter((x) => x > 1);');
      assert.strictEqual(fake.requests.length, 1);
    }),
  );

  test(
    'in a CRLF file, typing through a multi-line ghost text (Enter included) keeps serving its rest',
    withFake(async () => {
      fake.respond({ text: '\n  if (!items.length) return 0;\n  return items.length;\n}</insert>' });
      const { doc, editor } = await scratch('crlf.ts', 'const items = [1, 2, 3];\r\nexport function count(): number {\r\n');
      assert.strictEqual(doc.eol, vscode.EndOfLine.CRLF);
      editor.selection = new vscode.Selection(1, 33, 1, 33);
      const first = await ask(doc, editor.selection.active, explicit).result;
      const shown = String(first?.[0].insertText ?? '');
      assert.strictEqual(shown, '\r\n  if (!items.length) return 0;\r\n  return items.length;\r\n}');
      const plain = shown.replace(/\r\n/g, '\n');
      for (let i = 0; i < plain.length - 1; i++) {
        const at = editor.selection.active;
        await editor.edit((b) => b.insert(at, plain[i]), { undoStopBefore: false, undoStopAfter: false });
        const pos = plain[i] === '\n' ? new vscode.Position(at.line + 1, 0) : at.translate(0, 1);
        editor.selection = new vscode.Selection(pos, pos);
        const rest = await ask(doc, pos).result;
        assert.strictEqual(provider.lastOutcome?.item?.source, 'typedThrough', `lost after typing ${JSON.stringify(plain.slice(0, i + 1))}`);
        assert.strictEqual(rest?.[0].insertText, plain.slice(i + 1).replace(/\n/g, '\r\n'));
      }
      assert.strictEqual(fake.requests.length, 1);
    }),
  );

  test(
    'a .env file sends nothing, even when asked explicitly',
    withFake(async () => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'completion', '.env'));
      await vscode.window.showTextDocument(doc);
      const pos = doc.lineAt(doc.lineCount - 1).range.end;
      const items = await ask(doc, pos, explicit).result;
      assert.strictEqual(items, undefined);
      assert.strictEqual(provider.lastOutcome?.skipped, 'excluded');
      await sleep(DEBOUNCE_MS + 100);
      assert.strictEqual(fake.requests.length, 0);
    }),
  );

  test(
    'a .haikuignore written at the workspace root takes effect without a reload',
    withFake(async () => {
      fake.respond({ text: 'true;</insert>' });
      const { doc, end } = await scratch('private/plans.ts', 'export const launch = ');
      const ignoreFile = path.join(folder.fsPath, '.haikuignore');
      created.push(ignoreFile);
      fs.writeFileSync(ignoreFile, '# customer data\ncompletion/private/\n');
      await waitFor(() => exclusions.isExcluded(doc.uri).excluded || undefined, 10_000, 'the watcher to read .haikuignore');
      const items = await ask(doc, end(), explicit).result;
      assert.strictEqual(items, undefined);
      assert.strictEqual(provider.lastOutcome?.skipped, 'excluded');
      assert.strictEqual(fake.requests.length, 0);
      fs.rmSync(ignoreFile);
      await waitFor(() => !exclusions.isExcluded(doc.uri).excluded || undefined, 10_000, 'the watcher to see .haikuignore removed');
    }),
  );

  test(
    'secrets in the code around the cursor reach the fake only as placeholders',
    withFake(async () => {
      fake.respond({ text: '30_000;</insert>' });
      const fixture = fs.readFileSync(path.join(folder.fsPath, 'completion', 'config.ts'), 'utf8');
      const { doc, end } = await scratch('config.scratch.ts', fixture + 'export const timeoutMs = ');
      const items = await ask(doc, end(), explicit).result;
      assert.strictEqual(items?.[0].insertText, '30_000;');
      const sent = fake.requests[0].promptText;
      assert.ok(!sent.includes('AKIAIOSFODNN7EXAMPLE'), 'the key id was sent');
      assert.ok(!sent.includes('hunter2-fixture'), 'the password was sent');
      assert.match(sent, /awsKeyId = '<redacted:aws-access-key>'/);
      assert.match(sent, /password = '<redacted:password>'/);
      assert.match(sent, /region = 'us-east-1'/);
    }),
  );

  test(
    'turned off, completions send nothing until turned on again',
    withFake(async () => {
      fake.respond({ text: '1;</insert>' });
      const { doc, end } = await scratch('off.ts', 'const one = ');
      provider.state.set('off');
      try {
        assert.strictEqual(await ask(doc, end(), explicit).result, undefined);
        assert.strictEqual(provider.lastOutcome?.skipped, 'disabled');
        assert.strictEqual(fake.requests.length, 0);
      } finally {
        provider.state.set('on');
      }
      const items = await ask(doc, end(), explicit).result;
      assert.strictEqual(items?.[0].insertText, '1;');
    }),
  );

  test(
    'a workspace may lower the completion settings, never raise them past the user\'s',
    withFake(async () => {
      fake.respond({ text: 'total;</insert>' });
      const body = Array.from({ length: 3000 }, (_, i) => `export const value${i} = ${i} * 2; // a line of ordinary code`).join('\n');
      const { doc, end } = await scratch('wsSettings.ts', body + '\nexport const total = ');
      const config = () => vscode.workspace.getConfiguration('bedrockHaiku', doc);
      const G = vscode.ConfigurationTarget.Global;
      const W = vscode.ConfigurationTarget.Workspace;
      // The provider as the extension builds it: the settings come from VS Code, not from the test.
      const real = new CompletionProvider(services, new CompletionState());
      // A written setting reaches the extension host's configuration a moment later.
      const settled = (expected: ReturnType<typeof readCompletionSettings>) =>
        waitFor(() => JSON.stringify(readCompletionSettings(doc)) === JSON.stringify(expected) || undefined, 10_000, `settings ${JSON.stringify(expected)}, have ${JSON.stringify(readCompletionSettings(doc))}`);
      const promptChars = async () => {
        fake.reset();
        real.engine.cache.clear();
        real.engine.shown.forget();
        const source = new vscode.CancellationTokenSource();
        const items = await real.provideInlineCompletionItems(doc, end(), explicit, source.token);
        return items ? fake.requests[0].promptText.length : 0;
      };
      try {
        // The user's "off" holds although the workspace turns completions on, for all files or for TypeScript.
        await config().update('completions.enabled', false, G);
        await config().update('completions.enabled', true, W);
        await config().update('completions.enabled', true, W, true);
        await waitFor(() => config().inspect('completions.enabled')?.workspaceLanguageValue === true || undefined, 10_000, 'the workspace value');
        assert.strictEqual(readCompletionSettings(doc).enabled, false);
        assert.strictEqual(await promptChars(), 0);
        assert.strictEqual(fake.requests.length, 0, 'a request was sent although the user turned completions off');
        await config().update('completions.enabled', undefined, W, true);
        await config().update('completions.enabled', undefined, W);
        await config().update('completions.enabled', undefined, G);

        // A budget of 16,000 tokens and no debounce from the workspace: the user's 1,500 and 100 ms stay.
        await config().update('completions.maxContextTokens', 16000, W);
        await config().update('completions.debounceMs', 0, W);
        await waitFor(() => config().inspect('completions.debounceMs')?.workspaceValue === 0 || undefined, 10_000, 'the workspace value');
        await settled({ enabled: true, debounceMs: 100, maxContextTokens: 1500 });
        const sent = await promptChars();
        assert.ok(sent > 2000 && sent < 1500 * 3.5 + 1500, `prompt of ${sent} characters`);

        // Lowering is allowed: a smaller budget sends less, a longer debounce applies, "off" turns them off.
        await config().update('completions.maxContextTokens', 400, W);
        await config().update('completions.debounceMs', 600, W);
        await settled({ enabled: true, debounceMs: 600, maxContextTokens: 400 });
        const smaller = await promptChars();
        assert.ok(smaller > 0 && smaller < sent / 2, `prompt of ${smaller} characters after lowering the budget (was ${sent})`);
        await config().update('completions.enabled', false, W);
        await settled({ enabled: false, debounceMs: 600, maxContextTokens: 400 });
        assert.strictEqual(await promptChars(), 0);
      } finally {
        real.dispose();
        for (const key of ['completions.enabled', 'completions.maxContextTokens', 'completions.debounceMs']) {
          await config().update(key, undefined, W);
          await config().update(key, undefined, G);
        }
      }
    }),
  );

  test(
    'access denied pauses automatic completions with the reason shown, until a setting changes',
    withFake(async () => {
      fake.respond({ httpError: 'accessDenied' });
      const { doc, editor, end } = await scratch('denied.ts', 'const limit = ');
      await ask(doc, end()).result;
      assert.strictEqual(provider.lastOutcome?.skipped, 'error');
      assert.strictEqual(fake.requests.length, 1);
      for (const ch of '10') {
        await type(editor, ch);
        await ask(doc, editor.selection.active).result;
        assert.strictEqual(provider.lastOutcome?.skipped, 'failing');
      }
      assert.strictEqual(fake.requests.length, 1, 'asked again at every typing pause');
      assert.match(provider.state.statusText() ?? '', /denied/);
      // The user fixes something in the settings (here: any Haiku setting): completions try again.
      fake.respond({ text: '0;</insert>' });
      const config = vscode.workspace.getConfiguration('bedrockHaiku');
      try {
        await config.update('completions.debounceMs', 120, vscode.ConfigurationTarget.Global);
        await waitFor(() => !provider.state.isFailing() || undefined, 10_000, 'the pause to end');
      } finally {
        await config.update('completions.debounceMs', undefined, vscode.ConfigurationTarget.Global);
      }
      const items = await ask(doc, editor.selection.active).result;
      assert.strictEqual(items?.[0].insertText, '0;');
      assert.strictEqual(provider.state.statusText(), undefined);
    }),
  );

  test(
    'a failure never throws out of the provider: signed out pauses quietly',
    withFake(async () => {
      fake.respond({ httpError: 'expiredCredentials' });
      const { doc, end } = await scratch('signedout.ts', 'const x = ');
      const items = await ask(doc, end(), explicit).result;
      assert.strictEqual(items, undefined);
      assert.ok(provider.lastOutcome?.skipped === 'error', `outcome ${JSON.stringify(provider.lastOutcome)}`);
      provider.state.setSignedOut(undefined);
    }),
  );

  test(
    'counts a suggestion typed to its end as shown once and typed through; Tab runs the command that counts it accepted',
    withFake(async () => {
      const store = new AcceptanceStore();
      provider.trackAcceptance(store);
      fake.respond({ text: 'a * b;</insert>' });
      const { doc, editor, end } = await scratch('typedthrough.ts', 'const a = 2, b = 3;\nconst product = ');
      const first = await ask(doc, end(), explicit).result;
      assert.strictEqual(first?.[0].insertText, 'a * b;');
      // The editor asks again after each keystroke but the last (then it would ask for what comes next).
      for (const ch of 'a * b') {
        await type(editor, ch);
        assert.ok((await ask(doc, editor.selection.active).result)?.length, `nothing shown after typing "${ch}"`);
      }
      await type(editor, ';');
      await waitFor(() => store.day().byFeature.completion?.typedThrough || undefined, 10_000, 'typed through counted');
      assert.deepStrictEqual(store.day().byFeature.completion, { ...zeroCounts(), shown: 1, typedThrough: 1 });
      assert.strictEqual(fake.requests.length, 1, 'typing the suggestion asked again');

      // Tab: VS Code inserts the item, then runs its command; the extension's own store counts it.
      const counts = () => services.acceptance?.day().byFeature.completion?.accepted ?? 0;
      const before = counts();
      fake.respond({ text: 'b - a;</insert>' });
      await type(editor, '\nconst diff = ');
      const item = (await ask(doc, editor.selection.active, explicit).result)?.[0];
      assert.ok(item?.command, 'the item carries no accept command');
      await editor.edit((b) => b.replace(item.range!, item.insertText as string));
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
      assert.strictEqual(counts(), before + 1);
    }),
  );
  test(
    'parse gate: nothing loaded before the first completion; then VS Code\'s own TypeScript grammar, and a broken line is cut',
    withFake(async () => {
      // Built as at activation: nothing is read until a completion asks.
      const fresh = new CompletionProvider(services, new CompletionState(), { speculation: false });
      assert.deepStrictEqual(fresh.grammars.loads, [], 'a grammar was loaded before any completion');
      fresh.dispose();
      fake.respond({ text: 'const sum = 1;</insert>' });
      const { doc, editor } = await scratch('gate.ts', 'export function total(): number {\n  \n}\n');
      editor.selection = new vscode.Selection(1, 2, 1, 2);
      await ask(doc, editor.selection.active, explicit).result;
      const load = await waitFor(() => provider.grammars.loads.find((l) => l.grammar === 'tree-sitter-typescript.wasm'), 10_000, 'the TypeScript grammar');
      assert.ok(load.ok, `not loaded from ${provider.grammars.dir}`);
      assert.ok(provider.grammars.dir.startsWith(vscode.env.appRoot), provider.grammars.dir);
      // Grammar ready: a multi-line answer whose second line leaves a paren open is cut before that line.
      provider.engine.cache.clear();
      fake.respond({ text: "const sum = 1;\n  console.log('sum', sum;\n  return sum;</insert>" });
      const items = await ask(doc, editor.selection.active, explicit).result;
      assert.strictEqual(items?.[0].insertText, 'const sum = 1;');
    }),
  );
});
