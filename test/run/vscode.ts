// `npm run test:vscode`: the extension-host suite (out/test/vscode/index.js) inside a real VS Code 1.139.1
// (code-server) opened by headless Chromium. The workbench reports the suite's log lines through
// window.codeAutomationLog and its result through window.codeAutomationExit; we exit with that code.
//
// Options: --grep <pattern> (mocha grep), --timeout <seconds> (default 360), --no-build, --verbose (all
// workbench log lines; they are always in the run folder's automation.log), --keep (leave the server up
// until Ctrl+C, to look at it in a browser).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { launchBrowser } from './browser';
import { cleanupAll, startTestFake, stoppingBySignal } from './cleanup';
import { startCodeServer } from './codeServer';
import { log, repoRoot } from './common';
import { buildIfNeeded, ensureCodeServer } from './install';

interface Args {
  grep?: string;
  timeoutS: number;
  build: boolean;
  keep: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { timeoutS: Number(process.env.VSCODE_TEST_TIMEOUT_S) || 360, build: true, keep: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--grep' || arg === '-g') a.grep = argv[++i];
    else if (arg === '--timeout') a.timeoutS = Number(argv[++i]);
    else if (arg === '--no-build') a.build = false;
    else if (arg === '--keep') a.keep = true;
    else if (arg === '--verbose') a.verbose = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  return a;
}

let timedOut = false;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  // Covers everything (install, build, server, suite): a hung suite never calls codeAutomationExit.
  let serverLogTail = () => '';
  const overall = setTimeout(() => {
    timedOut = true;
    log(`timed out after ${args.timeoutS} s: the suite never settled. Last server log lines:\n${serverLogTail()}`);
    void cleanupAll().finally(() => process.exit(124));
  }, args.timeoutS * 1000);
  if (args.build) buildIfNeeded();
  ensureCodeServer();

  const fake = await startTestFake();
  const server = await startCodeServer({ label: 'vscode-tests', env: fake.env });
  serverLogTail = () => server.logTail(30);
  log(`code-server up at ${server.url} after ${since()} (run folder ${path.relative(repoRoot, server.runDir)})`);
  const browser = await launchBrowser(server.runDir, server.env);
  const { page } = browser;

  const lines: string[] = [];
  let settled = false;
  let settle!: (code: number) => void;
  const exitCode = new Promise<number>((resolve) => (settle = resolve));
  void exitCode.then(() => (settled = true));

  const automationLog = fs.createWriteStream(path.join(server.runDir, 'automation.log'));
  await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => {
    const text = formatLogMessage(message);
    lines.push(text);
    automationLog.write(`[${level}] ${text}\n`);
    // After the result, only the workbench's complaints about the server going away remain.
    if (settled || (!args.verbose && noise.some((re) => re.test(text)))) return;
    process.stdout.write(level === 'error' || level === 'warn' ? `[${level}] ${text}\n` : `${text}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => settle(Number(code) || 0));
  page.on('crash', () => {
    log('the browser page crashed');
    settle(90);
  });

  await page.goto(
    server.workbenchUrl({
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'vscode', 'index.js'),
      extensionEnvironment: {
        ...(args.grep ? { MOCHA_GREP: args.grep } : {}),
        BEDROCK_FAKE_URL: fake.url,
      },
    }),
  );
  const code = await exitCode;

  const passing = lastMatch(lines, /(\d+) passing/);
  const failing = lastMatch(lines, /(\d+) failing/);
  const pending = lastMatch(lines, /(\d+) pending/);
  const summary =
    `extension-host tests: ${code === 0 ? 'PASSED' : `FAILED (exit ${code})`} · ` +
    `${passing ?? '?'} passing, ${failing ?? 0} failing, ${pending ?? 0} pending · ${since()} in VS Code 1.139.1 (code-server)`;

  if (args.keep) {
    log(`${summary}\nkept running: ${server.workbenchUrl()} — Ctrl+C to stop`);
    clearTimeout(overall);
    await browser.close();
    await new Promise(() => undefined);
  }
  clearTimeout(overall);
  await browser.close();
  await cleanupAll();
  process.stdout.write(`\n${summary}\n`);
  if (code !== 0) process.stdout.write(`server log: ${path.relative(repoRoot, server.logFile)}\n`);
  return code;
}

/** The workbench sends console arguments as a JSON array whose first element may be a printf format. */
export function formatLogMessage(message: unknown): string {
  let value = message;
  if (typeof value === 'string' && value.startsWith('[')) {
    try {
      value = JSON.parse(value);
    } catch {
      // plain text that happens to start with a bracket
    }
  }
  if (Array.isArray(value)) return util.format(...(value as unknown[]));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Workbench chatter that says nothing about the suite (shown with --verbose, always in automation.log). */
const noise = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /ENOTFOUND open-vsx\.org/,
  /github.*auth.*time/i,
];

function lastMatch(lines: string[], re: RegExp): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = re.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    if (timedOut || stoppingBySignal()) return; // the timer or signal handler is already cleaning up and exiting
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanupAll();
    process.exit(1);
  },
);
