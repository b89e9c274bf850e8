// A run's own folder under .vscode-test/runs (user data, extensions, XDG dirs, TMPDIR, a copy of the fixture
// workspace), the settings it starts from, and a port.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fixtureWorkspace, mtime, runsRoot } from './common';

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

/** User settings: baseSettings, then what a reused folder already has, then the caller's. */
export function writeUserSettings(userDataDir: string, opts: { settings?: Record<string, unknown>; workspaceTrust?: boolean }): void {
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
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
}
