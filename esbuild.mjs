// Bundles the extension (Node, CommonJS, `vscode` external), the webview scripts (browser, IIFE)
// and the extension-host test suite. `--production` minifies and drops source maps; `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Files under `dir` ending in `suffix` (Node 20 has no fs.globSync). */
function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

const production = process.argv.includes('--production');
// A release starts clean: no source maps or stale bundles from a development build.
if (production) rmSync('dist', { recursive: true, force: true });
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts', sdk: 'src/bedrock/sdk.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // The AWS SDK is its own bundle (dist/sdk.js), required on the first request, never at activation.
    mainFields: ['module', 'main'],
  },
  {
    ...common,
    entryPoints: { chat: 'src/chat/webview/main.ts', usage: 'src/status/webview/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (!production) {
  // Extension-host tests: each suite file compiled on its own, `vscode` provided by the host.
  const suites = findFiles('test/vscode', '.ts');
  if (suites.length) {
    builds.push({
      ...common,
      minify: false,
      sourcemap: 'inline',
      entryPoints: suites,
      outdir: 'out/test/vscode',
      outbase: 'test/vscode',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
    });
  }
}

// A missing entry is a broken build, not one to skip: the extension would ship without it.
const missing = builds
  .flatMap((b) => (Array.isArray(b.entryPoints) ? b.entryPoints : Object.values(b.entryPoints)))
  .filter((e) => !existsSync(e));
if (missing.length) {
  console.error(`esbuild.mjs: missing entry point(s): ${missing.join(', ')}`);
  process.exit(1);
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
