// Lines waiting to be appended to day files (usage records, acceptance counts). Appends run one at a time,
// a file's lines in one write; a failed append keeps its lines (the next `add` or `flush` tries again) and
// is told to the user once through `notices`, naming what is kept only in this window.

import type { Logger } from './logger';
import { isMissing, joinPath, type StorageFs } from './storageFs';
import type { StorageNotices, StoredData } from './storageNotice';

export interface AppendTarget {
  dir: string;
  fs: StorageFs;
  notices?: StorageNotices;
  log?: Logger;
}

export class AppendQueue {
  private pending: { file: string; line: string; at: number }[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly kind: StoredData,
    private readonly disk: AppendTarget,
  ) {}

  /** Queues `line` for `file` (a name in the folder) and starts writing; `at`: when its data was made. */
  add(file: string, line: string, at: number): void {
    this.pending.push({ file, line, at });
    void this.flush();
  }

  /** Resolves when every line added so far was written or failed. */
  flush(): Promise<void> {
    return (this.writing ??= this.writeLoop().finally(() => (this.writing = undefined)));
  }

  private async writeLoop(): Promise<void> {
    const { notices, log } = this.disk;
    while (this.pending.length) {
      const file = this.pending[0].file;
      const batch = this.pending.filter((p) => p.file === file);
      try {
        await this.append(file, batch.map((p) => p.line).join(''));
      } catch (e) {
        // Kept in memory (this window still counts them); the next add or flush tries again.
        if (notices) notices.writeFailed(this.kind, e, this.pending[0].at);
        else log?.warn(`${this.kind}: could not save: ${String(e)}`);
        return;
      }
      this.pending = this.pending.filter((p) => !batch.includes(p));
      notices?.writeWorked(this.kind);
    }
  }

  /** Appends, creating the folder if it went missing (removed by hand, or never made). */
  private async append(name: string, text: string): Promise<void> {
    const { fs, dir } = this.disk;
    const file = joinPath(dir, name);
    try {
      await fs.appendFile(file, text);
    } catch (e) {
      if (!isMissing(e)) throw e;
      await fs.mkdir(dir);
      await fs.appendFile(file, text);
    }
  }
}
