// Entry of the extension-host suite: VS Code loads this file (extensionTestsPath) inside the extension host
// and awaits run(). The same entry serves code-server (test/run/vscode.ts) and @vscode/test-electron
// (test/run/electron.ts). esbuild compiles each test/vscode/**/*.test.ts next to this file in out/test/vscode.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';

export async function run(): Promise<void> {
  // mocha 12 is an ES module; its CommonJS build loads the same in code-server's Node 24 and Electron.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require('mocha/lib/mocha.cjs') as typeof MochaType;
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    // Real VS Code: a cold SDK client, the TS server and the workbench all share two cores.
    timeout: 60_000,
    slow: 5_000,
    grep: process.env.MOCHA_GREP || undefined,
  });

  const files = (fs.readdirSync(__dirname, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    // activation.test.js first: it checks that nothing has loaded the AWS SDK yet.
    .sort((a, b) => Number(b === 'activation.test.js') - Number(a === 'activation.test.js') || a.localeCompare(b));
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  if (files.length === 0) throw new Error(`no *.test.js next to ${__filename}: run \`npm run build\``);

  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
