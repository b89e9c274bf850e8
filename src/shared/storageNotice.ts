// Telling the user that something was not saved: once per kind of data while the trouble lasts (not once per
// write, which would bury them in pop-ups), again only after a write of that kind has worked since. The
// stores call this; the adapter turns `notify` into a VS Code warning.

import type { Logger } from './logger';
import { errorCode } from './storageFs';

export type StoredData = 'chat' | 'usage' | 'acceptance';

const WHAT: Record<StoredData, { title: string; kept: string }> = {
  chat: { title: 'Chat history', kept: 'Turns since {time} are kept in this window only.' },
  usage: { title: 'Usage records', kept: 'Requests since {time} count in this window only (totals and the daily budget).' },
  acceptance: { title: 'Acceptance counts', kept: 'Suggestions since {time} count in this window only.' },
};

/** A cause a person can act on, from a file-system error. */
export function describeFsError(e: unknown): string {
  switch (errorCode(e)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'disk full';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EISDIR':
    case 'ENOTDIR':
      // Something else (a folder, a file) sits where the extension keeps its data.
      return 'a folder or file is in the way in the extension\'s storage';
    case 'ENAMETOOLONG':
    case 'ELOOP':
      return 'the storage path cannot be used';
    default:
      return errorCode(e) ?? (e instanceof Error ? e.message : String(e));
  }
}

export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export class StorageNotices {
  private failing = new Set<StoredData>();
  private setAsideTold = new Set<StoredData>();

  constructor(
    private readonly notify: (message: string) => void,
    private readonly log: Logger,
  ) {}

  /** A write failed. `since`: when the oldest data not on disk was made. */
  writeFailed(kind: StoredData, e: unknown, since: number): void {
    const cause = describeFsError(e);
    this.log.warn(`${kind}: could not save: ${String(e)}`);
    if (this.failing.has(kind)) return;
    this.failing.add(kind);
    const w = WHAT[kind];
    this.notify(`${w.title} could not be saved: ${cause}. ${w.kept.replace('{time}', clockTime(since))}`);
  }

  /** A write of this kind worked: a later failure is news again. */
  writeWorked(kind: StoredData): void {
    if (this.failing.delete(kind)) this.log.info(`${kind}: saving works again; nothing was lost`);
  }

  /** A stored file of the wrong shape was renamed and is no longer read. */
  setAside(kind: StoredData, file: string, renamedTo: string | undefined): void {
    this.log.warn(`${kind}: ${file} has the wrong shape; ${renamedTo ? `set aside as ${renamedTo}` : 'ignored (renaming it failed)'}`);
    if (this.setAsideTold.has(kind)) return;
    this.setAsideTold.add(kind);
    const where = renamedTo ? ` It was kept as ${renamedTo}.` : '';
    this.notify(`${WHAT[kind].title}: a stored file could not be read and is no longer used.${where}`);
  }
}
