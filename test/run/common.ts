// What every runner in test/run shares: where things are, one log line format, and two small helpers.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
export const runsRoot = path.join(repoRoot, '.vscode-test', 'runs');
export const fixtureWorkspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');
export const testResultsDir = path.join(repoRoot, 'test-results');

export function log(message: string): void {
  process.stderr.write(`[vscode-run] ${message}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Modification time in ms, 0 when the path does not exist. */
export function mtime(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}
