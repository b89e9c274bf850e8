// Cleanup: whatever happens (failure, Ctrl+C, uncaught error), the process groups, browsers and fakes we
// started die with us. Also the short socket folders under /tmp they need.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { log, repoRoot } from './common';

const cleanups = new Set<() => Promise<void>>();
const groupsToKill = new Set<number>();
let signalsHooked = false;
let stopping = false;

/** True once Ctrl+C or SIGTERM started the shutdown: errors from then on are its echo, not news. */
export function stoppingBySignal(): boolean {
  return stopping;
}

export function hookSignals(): void {
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

export function killGroup(pgid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch {
    return false;
  }
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` at cleanupAll() (end of run, Ctrl+C); returns a function that forgets it (after closing by hand). */
export function onCleanup(fn: () => Promise<void>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** A process group killed with SIGKILL if we exit without closing it. */
export function trackGroup(pgid: number): () => void {
  groupsToKill.add(pgid);
  return () => groupsToKill.delete(pgid);
}

const socketRoot = fs.existsSync('/tmp') ? '/tmp' : os.tmpdir();
let sweptSocketDirs = false;

/** /tmp/bh-<pid>-XXXXXX; folders left by runs that were killed outright are removed on the next run. */
export function shortTempDir(): string {
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

// ---------------------------------------------------------------------------------------------------------
// The loopback fake (test/fake/bedrockFake.ts), closed with the other cleanups.

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
    forget();
    await fake.close().catch(() => undefined);
  };
  const forget = onCleanup(close);
  return fake;
}
