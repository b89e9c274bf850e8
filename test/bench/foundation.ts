// Foundation benchmark: activation cost, bundle and .vsix size, cold vs warm request against the loopback
// fake, and the loopback floor (a bare SDK call) measured in the same run. Prints a table; asserts nothing.
//   npm run bench:foundation            (builds first)
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Module from 'node:module';
import { startFake, withFakeEnv } from '../fake/bedrockFake';

const root = path.resolve(__dirname, '../..');
const dist = path.join(root, 'dist');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const f = (n: number) => n.toFixed(1);

/** A vscode module in which every member exists and does nothing: enough to run activate() in Node. */
function vscodeStub(): unknown {
  const handler: ProxyHandler<() => void> = {
    get(_t, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.iterator) return () => [][Symbol.iterator]();
      if (prop === Symbol.toPrimitive) return () => '';
      return stub;
    },
    set: () => true,
    apply: () => stub,
    construct: () => stub as object,
  };
  const stub: unknown = new Proxy(function () {}, handler);
  return stub;
}

/** The bundle copies the module's own keys (esbuild's __toESM), so name the API's namespaces and classes. */
function vscodeModule(): Record<string, unknown> {
  const names = ['lm', 'window', 'commands', 'workspace', 'languages', 'env', 'debug', 'tasks', 'extensions', 'l10n', 'Uri',
    'StatusBarAlignment', 'ThemeColor', 'ThemeIcon', 'MarkdownString', 'ProgressLocation', 'ConfigurationTarget', 'EventEmitter',
    'Disposable', 'Range', 'Position', 'Selection', 'WorkspaceEdit', 'CodeAction', 'CodeActionKind', 'InlineCompletionItem',
    'InlineCompletionList', 'InlineCompletionTriggerKind', 'DiagnosticSeverity', 'RelativePattern', 'ViewColumn', 'TextEdit',
    'QuickPickItemKind', 'CancellationTokenSource', 'FileType', 'UIKind', 'LogLevel', 'SnippetString', 'EndOfLine', 'DecorationRangeBehavior', 'OverviewRulerLane', 'TextDocumentChangeReason', 'TextEditorRevealType'];
  return Object.fromEntries(names.map((n) => [n, vscodeStub()]));
}

async function child(mode: string): Promise<void> {
  if (mode === 'activate') {
    const resolve = (Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string })._resolveFilename;
    (Module as unknown as { _resolveFilename: unknown })._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
    };
    require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscodeModule() } as NodeJS.Module;
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const store = new Map<string, unknown>();
    const context = {
      subscriptions: [] as unknown[],
      globalState: { get: (k: string) => store.get(k), update: async (k: string, v: unknown) => void store.set(k, v), keys: () => [...store.keys()], setKeysForSync() {} },
      workspaceState: { get: () => undefined, update: async () => {}, keys: () => [] },
      extension: { packageJSON: pkg },
      extensionUri: vscodeStub(),
      globalStorageUri: { fsPath: fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-bench-')), scheme: 'file', toString: () => 'file:///tmp/haiku-bench' },
      extensionPath: root,
    };
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(path.join(dist, 'extension.js'));
    const t1 = performance.now();
    const api = await ext.activate(context);
    const t2 = performance.now();
    const sdkInCache = Object.keys(require.cache).some((k) => k.endsWith(`${path.sep}sdk.js`));
    process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, sdkLoaded: api.sdkLoaded(), sdkInCache, treeSitter: Object.keys(require.cache).some((k) => k.includes('tree-sitter')) }));
    process.exit(0);
  }
  if (mode === 'requireSdk') {
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(dist, 'sdk.js'));
    process.stdout.write(JSON.stringify({ ms: performance.now() - t0 }));
    process.exit(0);
  }
  if (mode === 'cold') {
    // Inherited env points at the fake started by the parent.
    const t0 = performance.now();
    const { BedrockService } = await import('../../src/bedrock/client');
    const svc = new BedrockService({
      config: () => ({ aws: { profile: 'haiku-test', region: 'us-east-1', endpoint: '' }, model: 'claude-haiku-4-5', latencyOptimized: false, pricing: {}, completions: { enabled: true, debounceMs: 0, maxContextTokens: 1500 }, exclude: [], budget: { dailyUsd: undefined } }),
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loadSdk: () => require(path.join(dist, 'sdk.js')),
      log: { trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
    const r = await svc.stream({ feature: 'test', messages: [{ role: 'user', text: 'hi' }], maxTokens: 8 });
    process.stdout.write(JSON.stringify({ firstTokenMs: performance.now() - t0, outcome: r.outcome }));
    svc.dispose();
    process.exit(0);
  }
}

/** Asynchronous, so the fake in this process keeps answering while the child runs. */
async function runChild(mode: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, number | boolean | string>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', __filename, mode], { env, cwd: root, encoding: 'utf8' });
  return JSON.parse(stdout);
}

async function times<T>(n: number, fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(dist, 'sdk.js'))) execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  const rows: [string, string][] = [];
  const size = (p: string) => (fs.existsSync(p) ? `${(fs.statSync(p).size / 1024).toFixed(1)} KB` : 'not built');

  // Activation in a fresh process each time, against requiring the SDK bundle alone (the cost avoided).
  const acts = await times(5, () => runChild('activate'));
  const sdkReq = (await times(5, () => runChild('requireSdk'))).map((r) => r.ms as number);
  const actMs = acts.map((a) => (a.requireMs as number) + (a.activateMs as number));
  rows.push(['activation (require + activate), p50', `${f(pct(actMs, 50))} ms`]);
  rows.push(['requiring the SDK bundle alone, p50 (avoided at activation)', `${f(pct(sdkReq, 50))} ms`]);
  rows.push(['activation / SDK require', `${(pct(actMs, 50) / pct(sdkReq, 50)).toFixed(2)}×`]);
  rows.push(['SDK loaded by activation', String(acts.some((a) => a.sdkLoaded || a.sdkInCache))]);
  rows.push(['dist/extension.js (dev build)', size(path.join(dist, 'extension.js'))]);
  rows.push(['dist/sdk.js (dev build)', size(path.join(dist, 'sdk.js'))]);
  rows.push(['.vsix (npm run package)', size(path.join(root, 'dist-vsix', 'bedrock-haiku.vsix'))]);

  const fake = await startFake();
  fake.respond({ text: 'ok' });
  try {
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('AWS_')) delete env[k];
    Object.assign(env, fake.env);
    const cold = (await times(5, () => runChild('cold', env))).map((r) => r.firstTokenMs as number);

    await withFakeEnv(fake, async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const sdk = require(path.join(dist, 'sdk.js'));
      const { BedrockService } = await import('../../src/bedrock/client');
      const svc = new BedrockService({
        config: () => ({ aws: { profile: 'haiku-test', region: 'us-east-1', endpoint: '' }, model: 'claude-haiku-4-5', latencyOptimized: false, pricing: {}, completions: { enabled: true, debounceMs: 0, maxContextTokens: 1500 }, exclude: [], budget: { dailyUsd: undefined } }),
        loadSdk: () => sdk,
        log: { trace() {}, debug() {}, info() {}, warn() {}, error() {} },
      });
      await svc.stream({ feature: 'test', messages: [{ role: 'user', text: 'warm-up' }], maxTokens: 8 });
      const warm: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t0 = performance.now();
        await svc.stream({ feature: 'test', messages: [{ role: 'user', text: 'hi' }], maxTokens: 8 }, { onText: () => false });
        warm.push(performance.now() - t0);
      }
      // The floor: the same request through a bare SDK client, no service around it.
      const creds = await sdk.fromNodeProviderChain({ profile: 'haiku-test' })();
      const bare = new sdk.BedrockRuntimeClient({ region: 'us-east-1', credentials: creds });
      const floor: number[] = [];
      for (let i = 0; i < 51; i++) {
        const t0 = performance.now();
        const res = await bare.send(new sdk.ConverseStreamCommand({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 8 } }));
        for await (const ev of res.stream) if (ev.contentBlockDelta) break;
        if (i > 0) floor.push(performance.now() - t0);
      }
      bare.destroy();
      svc.dispose();
      rows.push(['cold first request (new process: require + client + SSO creds + request), p50', `${f(pct(cold, 50))} ms`]);
      rows.push(['warm request to first token, p50 / p90', `${f(pct(warm, 50))} / ${f(pct(warm, 90))} ms`]);
      rows.push(['loopback floor: bare SDK call to first token, p50 / p90', `${f(pct(floor, 50))} / ${f(pct(floor, 90))} ms`]);
      rows.push(['warm / floor (p50)', `${(pct(warm, 50) / pct(floor, 50)).toFixed(2)}×`]);
    });
  } finally {
    await fake.close();
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log('\nFoundation benchmark\n');
  console.log(`| ${'measure'.padEnd(w)} | value |\n|${'-'.repeat(w + 2)}|-------|`);
  for (const [k, v] of rows) console.log(`| ${k.padEnd(w)} | ${v} |`);
}

const mode = process.argv[2];
if (mode) void child(mode);
else void main();
