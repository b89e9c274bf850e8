// ChatStorage on a folder (the extension's global storage). Writes go to a temporary file that is then
// renamed over the target, so a crash mid-write leaves the old file, not half of the new one.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ChatStorage } from './historyStore';

const NAME_RE = /^[A-Za-z0-9_.-]+$/;

export class FolderStorage implements ChatStorage {
  private seq = 0;

  constructor(private readonly dir: string) {}

  private file(name: string): string {
    // Names come from our own code, but a path separator here would escape the folder: refuse it.
    if (!NAME_RE.test(name) || name.startsWith('.')) throw new Error(`bad storage name: ${name}`);
    return path.join(this.dir, name);
  }

  async read(name: string): Promise<string | undefined> {
    try {
      return await fs.readFile(this.file(name), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async write(name: string, text: string): Promise<void> {
    const target = this.file(name);
    // Conversations hold the user's code and questions: readable by the user only, like the SSO cache.
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${target}.${process.pid}.${++this.seq}.tmp`;
    await fs.writeFile(tmp, text, { encoding: 'utf8', mode: 0o600 });
    await fs.rename(tmp, target);
  }

  async remove(name: string): Promise<void> {
    await fs.rm(this.file(name), { force: true });
  }

  async list(): Promise<string[]> {
    try {
      return (await fs.readdir(this.dir)).filter((n) => !n.endsWith('.tmp'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }
}
