// Runs the extension in a real VS Code: code-server (VS Code 1.139.1 with a Node extension host), driven by
// headless Chromium (browser.ts). Every run gets its own folder under .vscode-test/runs/ (runDir.ts) for user
// data, extensions, XDG dirs, TMPDIR and a copy of the fixture workspace, so nothing leaks between runs or
// into the developer's ~/.config. The server runs in its own process group, killed as a whole (cleanup.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import type * as net from 'node:net';
import * as path from 'node:path';
import { groupAlive, hookSignals, killGroup, onCleanup, shortTempDir, trackGroup } from './cleanup';
import { repoRoot, sleep } from './common';
import { ensureCodeServer, installExtension, type CodeServerInstall } from './install';
import { freePort, newRunDir, prepareWorkspace, writeUserSettings } from './runDir';

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

type RunDirs = Record<'userData' | 'extensions' | 'home' | 'config' | 'data' | 'cache' | 'state' | 'tmp', string>;

function makeRunDirs(runDir: string): RunDirs {
  const dirs: RunDirs = {
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
  return dirs;
}

/** Our environment without what must not reach code-server, pointed at the run's own folders. */
function serverEnv(cs: CodeServerInstall, dirs: RunDirs, socketDir: string, opts: StartOptions): NodeJS.ProcessEnv {
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
  return env;
}

function serverArgs(port: number, runDir: string, dirs: RunDirs, mode: NonNullable<StartOptions['extension']>, opts: StartOptions): string[] {
  fs.writeFileSync(path.join(runDir, 'code-server.yaml'), '# flags are passed on the command line\nauth: none\n');
  return [
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
}

/** The server in its own process group behind the dead man's switch; `exited()` is its code once it ended. */
function spawnServer(cs: CodeServerInstall, args: string[], workspaceDir: string, env: NodeJS.ProcessEnv, logFile: string) {
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
  let exited: number | string | null | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, sig) => {
      exited = code ?? sig;
      resolve();
    }),
  );
  return { child, pgid, exitPromise, exited: () => exited };
}

async function waitForHealth(base: string, exited: () => number | string | null | undefined, logTail: () => string): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (exited() !== undefined) throw new Error(`code-server exited (${exited()}) before answering:\n${logTail()}`);
    if (Date.now() - started > 60_000) throw new Error(`code-server did not answer /healthz within 60 s:\n${logTail()}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
}

function workbenchUrlFor(base: string, port: number, mode: StartOptions['extension'], workspaceDir: string) {
  return (w: WorkbenchOptions = {}): string => {
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
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  hookSignals();
  const cs = ensureCodeServer();
  const runDir = opts.runDir ?? newRunDir(opts.label);
  const dirs = makeRunDirs(runDir);
  // Unix sockets allow ~107-byte paths: a clone deep in the tree would overflow, so they go in a short dir.
  const socketDir = shortTempDir();
  const workspaceDir = opts.workspace ?? prepareWorkspace(path.join(runDir, 'workspace'), opts.files);
  writeUserSettings(dirs.userData, opts);
  const env = serverEnv(cs, dirs, socketDir, opts);

  const mode = opts.extension ?? 'payload';
  if (mode === 'installed') installExtension(dirs.extensions, 'copy');
  const link = mode === 'linked' ? installExtension(dirs.extensions, 'link') : undefined;
  const port = opts.port ?? (await freePort());
  const logFile = path.join(runDir, 'code-server.log');
  const server = spawnServer(cs, serverArgs(port, runDir, dirs, mode, opts), workspaceDir, env, logFile);
  const { pgid } = server;
  const untrack = trackGroup(pgid);

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
    forget();
    killGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + 4000;
    while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
    if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
    await Promise.race([server.exitPromise, sleep(1000)]);
    untrack();
    fs.rmSync(socketDir, { recursive: true, force: true });
    // A link back to the repo inside the repo is a loop for tools that follow links: don't leave it.
    if (link) fs.rmSync(link, { force: true });
  };
  const forget = onCleanup(close);

  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base, server.exited, logTail);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    url: base,
    port,
    runDir,
    workspaceDir,
    userDataDir: dirs.userData,
    logFile,
    env,
    process: server.child,
    workbenchUrl: workbenchUrlFor(base, port, mode, workspaceDir),
    logTail,
    close,
  };
}
