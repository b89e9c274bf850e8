// A StorageFs that fails on cue the way real disks do: ENOSPC part-way through a write (the first bytes land),
// EROFS or EACCES before anything lands, on writes, appends or renames. Reusable by any store's tests.

import * as fs from 'node:fs';
import type { StorageFs } from '../../../src/shared/storageFs';
import { nodeFs } from '../../../src/shared/storageNodeFs';

export type FaultOp = 'writeFile' | 'appendFile' | 'rename' | 'mkdir' | 'readFile' | 'readFrom';
export type FaultCode = 'ENOSPC' | 'EROFS' | 'EACCES' | 'EIO';

export interface Fault {
  op: FaultOp;
  code: FaultCode;
  /** Only paths matching this fail. */
  match?: RegExp;
  /** How many calls fail; unlimited when absent. */
  times?: number;
}

export function fsError(code: string, op = 'write', file = ''): NodeJS.ErrnoException {
  const e = new Error(`${code}: ${op} '${file}'`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

export class FaultyFs implements StorageFs {
  private faults: Fault[] = [];
  /** Calls that failed, by op. */
  readonly failed: Record<string, number> = {};

  constructor(private readonly inner: StorageFs = nodeFs) {}

  fail(fault: Fault): this {
    this.faults.push({ ...fault });
    return this;
  }

  /** The disk has room again, the mount is writable again. */
  heal(): void {
    this.faults = [];
  }

  private check(op: FaultOp, file: string): Fault | undefined {
    const f = this.faults.find((x) => x.op === op && (!x.match || x.match.test(file)) && (x.times === undefined || x.times > 0));
    if (!f) return undefined;
    if (f.times !== undefined) f.times--;
    this.failed[op] = (this.failed[op] ?? 0) + 1;
    return f;
  }

  /** A full disk takes the first bytes of a write and refuses the rest; the other faults refuse it whole. */
  private async partial(f: Fault, file: string, text: string, append: boolean): Promise<never> {
    if (f.code === 'ENOSPC' && text.length > 1) {
      const half = text.slice(0, Math.floor(text.length / 2));
      if (append) fs.appendFileSync(file, half);
      else fs.writeFileSync(file, half);
    }
    throw fsError(f.code, append ? 'append' : 'write', file);
  }

  readFile(file: string): Promise<string> {
    const f = this.check('readFile', file);
    return f ? Promise.reject(fsError(f.code, 'read', file)) : this.inner.readFile(file);
  }

  readFrom(file: string, start: number): Promise<Uint8Array> {
    const f = this.check('readFrom', file);
    return f ? Promise.reject(fsError(f.code, 'read', file)) : this.inner.readFrom(file, start);
  }

  async writeFile(file: string, text: string, opts?: { exclusive?: boolean }): Promise<void> {
    const f = this.check('writeFile', file);
    if (f) return this.partial(f, file, text, false);
    return this.inner.writeFile(file, text, opts);
  }

  async appendFile(file: string, text: string): Promise<void> {
    const f = this.check('appendFile', file);
    if (f) return this.partial(f, file, text, true);
    return this.inner.appendFile(file, text);
  }

  rename(from: string, to: string): Promise<void> {
    const f = this.check('rename', to);
    return f ? Promise.reject(fsError(f.code, 'rename', to)) : this.inner.rename(from, to);
  }

  mkdir(dir: string): Promise<void> {
    const f = this.check('mkdir', dir);
    return f ? Promise.reject(fsError(f.code, 'mkdir', dir)) : this.inner.mkdir(dir);
  }

  rm(file: string): Promise<void> {
    return this.inner.rm(file);
  }

  readdir(dir: string): Promise<string[]> {
    return this.inner.readdir(dir);
  }

  stat(file: string): Promise<{ size: number; mtimeMs: number }> {
    return this.inner.stat(file);
  }
}

/** Collects what the user was told. */
export function noticeLog(): { notify: (m: string) => void; messages: string[] } {
  const messages: string[] = [];
  return { notify: (m) => messages.push(m), messages };
}
