// The extension-host suite through @vscode/test-electron, for people with a desktop VS Code (not run in CI:
// these machines cannot download VS Code; CI uses `npm run test:vscode`, same suite in code-server).
//
//   VSCODE_EXECUTABLE=/usr/share/code/code npm run test:electron
//   VSCODE_EXECUTABLE="/Applications/Visual Studio Code.app/Contents/MacOS/Electron" npm run test:electron
//   npm run test:electron                 (downloads VS Code $VSCODE_VERSION, default stable, into .vscode-test/)
//   npm run test:electron -- --grep activation
//
// Like the code-server runner it starts the loopback fake and hands its env to the extension host, opens a
// copy of test/fixtures/workspace, and uses its own user-data and extensions folders under .vscode-test/runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startTestFake } from './cleanup';
import { log, repoRoot } from './common';
import { buildIfNeeded } from './install';
import { baseSettings, newRunDir, prepareWorkspace } from './runDir';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const grepAt = argv.findIndex((a) => a === '--grep' || a === '-g');
  const grep = grepAt >= 0 ? argv[grepAt + 1] : undefined;

  buildIfNeeded();
  const runDir = newRunDir('electron');
  const workspace = prepareWorkspace(path.join(runDir, 'workspace'));
  const userData = path.join(runDir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(baseSettings, null, 2));

  // test-electron hands VS Code this process's environment: the caller's AWS identity must not reach it.
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  const fake = await startTestFake();

  const { runTests } = await import('@vscode/test-electron');
  const started = Date.now();
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      version: process.env.VSCODE_VERSION || undefined,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'vscode', 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        `--user-data-dir=${userData}`,
        `--extensions-dir=${path.join(runDir, 'extensions')}`,
      ],
      extensionTestsEnv: { ...fake.env, ...(grep ? { MOCHA_GREP: grep } : {}) },
    });
    log(`extension-host tests passed in desktop VS Code (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  } catch (err) {
    log(`extension-host tests FAILED in desktop VS Code: ${err instanceof Error ? err.message : String(err)}`);
    if (!process.env.VSCODE_EXECUTABLE) log('no VSCODE_EXECUTABLE given: set it to your VS Code binary if the download failed');
    return 1;
  } finally {
    await fake.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
