// ChatStorage on a folder (the extension's global storage), shared by every VS Code window. Writes go to a
// temporary file that is then renamed over the target, so a crash mid-write leaves the old file, not half of
// the new one; the history's read-merge-write steps run under a lock file so two windows take turns.

import * as path from 'node:path';
import { atomicWrite, cleanTemps, isMissing, setAside, withLock, type StorageFs } from '../shared/storageFs';
import { nodeFs } from '../shared/storageNodeFs';
import type { ChatStorage } from './historyStore';

const NAME_RE = /^[A-Za-z0-9_.-]+$/;
const LOCK = 'history.lock';

export class FolderStorage implements ChatStorage {
  constructor(
    private readonly dir: string,
    private readonly fs: StorageFs = nodeFs,
    private readonly now: () => number = Date.now,
  ) {}

  private file(name: string): string {
    // Names come from our own code, but a path separator here would escape the folder: refuse it.
    if (!NAME_RE.test(name) || name.startsWith('.')) throw new Error(`bad storage name: ${name}`);
    return path.join(this.dir, name);
  }

  async read(name: string): Promise<string | undefined> {
    try {
      return await this.fs.readFile(this.file(name));
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async write(name: string, text: string): Promise<void> {
    // Conversations hold the user's code and questions: readable by the user only, like the SSO cache.
    await this.fs.mkdir(this.dir);
    await atomicWrite(this.fs, this.file(name), text);
  }

  async remove(name: string): Promise<void> {
    await this.fs.rm(this.file(name));
  }

  async list(): Promise<string[]> {
    try {
      return (await this.fs.readdir(this.dir)).filter((n) => !n.endsWith('.tmp') && n !== LOCK);
    } catch (e) {
      if (isMissing(e)) return [];
      throw e;
    }
  }

  async exclusive<T>(job: () => Promise<T>): Promise<T> {
    await this.fs.mkdir(this.dir).catch(() => undefined);
    return withLock(this.fs, path.join(this.dir, LOCK), job);
  }

  setAside(name: string): Promise<string | undefined> {
    return setAside(this.fs, this.file(name), this.now()).then((to) => (to ? path.basename(to) : undefined));
  }

  async clean(): Promise<void> {
    await cleanTemps(this.fs, this.dir, this.now());
  }
}
