// `npm start`: runs the extension in a real VS Code you open in your browser (code-server on a fixed port).
// The repo is linked into code-server's extensions folder, so after `npm run build` (or with `npm run watch`
// in another terminal) "Developer: Reload Window" picks up the new build. State (settings, usage history)
// persists in .vscode-test/start between runs; `--fresh` starts over.
//
//   npm start                      your own AWS config (~/.aws) and SSO profile
//   npm start -- --fake            the loopback fake instead of AWS: no account needed
//   npm start -- --folder ~/code/x open that folder instead of a copy of test/fixtures/workspace
//   PORT=9000 npm start            another port (default 8765)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanupAll, stoppingBySignal } from './cleanup';
import { startCodeServer } from './codeServer';
import { log, repoRoot } from './common';
import { buildIfNeeded, ensureCodeServer } from './install';
import { portIsFree, prepareWorkspace } from './runDir';
import { plausibleReply, startFake, type Fake } from '../fake/bedrockFake';

interface Args {
  fake: boolean;
  fresh: boolean;
  build: boolean;
  folder?: string;
  port: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { fake: false, fresh: false, build: true, port: Number(process.env.PORT) || 8765 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--fake') a.fake = true;
    else if (arg === '--fresh') a.fresh = true;
    else if (arg === '--no-build') a.build = false;
    else if (arg === '--folder') a.folder = path.resolve(argv[++i] ?? '.');
    else if (arg === '--port') a.port = Number(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\nimport')[0].replace(/^\/\/ ?/gm, '') + '\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!(await portIsFree(args.port))) {
    throw new Error(`port ${args.port} is busy: stop what uses it, or run PORT=<other> npm start`);
  }
  if (args.build) buildIfNeeded();
  ensureCodeServer();

  const stateDir = path.join(repoRoot, '.vscode-test', 'start');
  if (args.fresh) fs.rmSync(stateDir, { recursive: true, force: true });
  fs.mkdirSync(stateDir, { recursive: true });
  let folder = args.folder;
  if (!folder) {
    folder = path.join(stateDir, 'workspace');
    if (!fs.existsSync(folder)) prepareWorkspace(folder);
  }

  let fake: Fake | undefined;
  if (args.fake) {
    fake = await startFake();
    fake.respond(plausibleReply);
    fake.sso.deviceFlow = { outcome: 'manual', interval: 1 };
  }

  const server = await startCodeServer({
    label: 'start',
    runDir: stateDir,
    port: args.port,
    workspace: folder,
    extension: 'linked',
    // Without the fake, the extension should see the developer's own ~/.aws.
    keepHome: !fake,
    env: fake?.env,
  });

  const url = server.workbenchUrl();
  process.stdout.write(
    [
      '',
      `Haiku for Bedrock is running in VS Code 1.139.1 (code-server):`,
      '',
      `    ${url}`,
      '',
      fake
        ? `AWS: the loopback fake at ${fake.url} (profile ${fake.sso.profileName}; answers are canned). Device sign-in: approve at ${fake.url}/device`
        : `AWS: your own configuration (~/.aws, AWS_PROFILE). Run with --fake to try it without an account.`,
      `After rebuilding (npm run build, or npm run watch in another terminal): F1 → "Developer: Reload Window".`,
      `Extension log: Output panel → "Haiku for Bedrock". Server log: ${path.relative(repoRoot, server.logFile)}`,
      '',
      `With a desktop VS Code instead: code --extensionDevelopmentPath=${repoRoot} ${folder}`,
      '',
      'Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  process.once('SIGINT', () => (stopping = true));
  process.once('SIGTERM', () => (stopping = true));
  server.process.once('exit', (code) => {
    if (stopping) return;
    log(`code-server exited (${code}); see ${server.logFile}`);
    void cleanupAll().then(() => process.exit(1));
  });
  // Runs until Ctrl+C: codeServer.ts's signal handler stops the server; the fake dies with this process.
  await new Promise(() => undefined);
}

main().catch(async (err: unknown) => {
  if (stoppingBySignal()) return;
  log(`failed: ${err instanceof Error ? err.message : String(err)}`);
  await cleanupAll();
  process.exit(1);
});
