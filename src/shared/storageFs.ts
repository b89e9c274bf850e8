// The few file operations the stores need, behind an interface so tests can make any of them fail the way a
// full disk, a read-only mount or a permission problem does. Plus the habits every store shares: atomic
// replace, leftover temporary files removed at start, a damaged file set aside rather than trusted or deleted.
// No Node import here: the usage store's helpers also run in the usage view's webview bundle.

export interface StorageFs {
  /** Rejects with ENOENT when the file does not exist. */
  readFile(file: string): Promise<string>;
  /** The bytes from `start` to the end (a tail read of an append-only file). */
  readFrom(file: string, start: number): Promise<Uint8Array>;
  writeFile(file: string, text: string, opts?: { exclusive?: boolean }): Promise<void>;
  appendFile(file: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; a missing one is not an error. */
  rm(file: string): Promise<void>;
  /** Rejects with ENOENT when the folder does not exist. */
  readdir(dir: string): Promise<string[]>;
  stat(file: string): Promise<{ size: number; mtimeMs: number }>;
  mkdir(dir: string): Promise<void>;
  /** Calls `onChange` when something in `dir` changes; best effort (undefined where watching fails). */
  watch?(dir: string, onChange: () => void): { close(): void } | undefined;
}

export function errorCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Node accepts '/' on every platform. */
export const joinPath = (dir: string, name: string) => `${dir.replace(/[\\/]+$/, '')}/${name}`;

export const isMissing = (e: unknown) => errorCode(e) === 'ENOENT';

const TMP_RE = /\.tmp$/;
let tmpSeq = 0;

/** Replaces `file` whole: a reader sees the old text or the new, never half; a failed write leaves no temporary file. */
export async function atomicWrite(fs: StorageFs, file: string, text: string): Promise<void> {
  const tmp = `${file}.${Math.random().toString(36).slice(2, 10)}${++tmpSeq}.tmp`;
  try {
    await fs.writeFile(tmp, text);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Removes temporary files a crash or a full disk left behind. Only old ones: another window may be
 * between writing its temporary file and renaming it right now.
 */
export async function cleanTemps(fs: StorageFs, dir: string, now: number, olderThanMs = 60_000): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names.filter((n) => TMP_RE.test(n))) {
    const file = joinPath(dir, name);
    try {
      if (now - (await fs.stat(file)).mtimeMs < olderThanMs) continue;
      await fs.rm(file);
      removed++;
    } catch {
      // Gone already, or not ours to remove: try again next start.
    }
  }
  return removed;
}

/** Renames a file of the wrong shape to `<name>.corrupt-<time>`, kept for the user to look at; undefined if that failed. */
export async function setAside(fs: StorageFs, file: string, now: number): Promise<string | undefined> {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const to = `${file}.corrupt-${stamp}`;
  try {
    await fs.rename(file, to);
    return to;
  } catch {
    return undefined;
  }
}

/** What an append-only file gained since a reader's offset. */
export type AppendedLines =
  | { missing: true }
  | {
      missing: false;
      /** The file is shorter than the offset (compacted or replaced): `text` is read from its start. */
      reset: boolean;
      /** Whole lines only (a line still being written waits for its end); '' when none came. */
      text: string;
      /** Where the next read starts. */
      next: number;
    };

/**
 * Reads what was appended to `file` since `offset`, for the stores every window appends its own lines to.
 * A failed stat is a missing file; a failed read rejects (the caller logs it and tries again later).
 */
export async function readAppendedLines(fs: StorageFs, file: string, offset: number): Promise<AppendedLines> {
  let size: number;
  try {
    size = (await fs.stat(file)).size;
  } catch {
    return { missing: true };
  }
  const reset = size < offset;
  const from = reset ? 0 : offset;
  if (size === from) return { missing: false, reset, text: '', next: from };
  const bytes = await fs.readFrom(file, from);
  const end = bytes.lastIndexOf(10);
  // No whole line yet: a line being written, or a half line a full disk left (the next line starts with a newline).
  if (end < 0) return { missing: false, reset, text: '', next: from };
  return { missing: false, reset, text: new TextDecoder().decode(bytes.subarray(0, end + 1)), next: from + end + 1 };
}

/**
 * Runs `job` while holding `lockFile` (created exclusively), so two windows' read-merge-write steps do not
 * interleave. A lock older than `staleMs` was left by a crash and is broken; after `waitMs` the job runs
 * anyway, and a disk that cannot take the lock file (full, read-only) runs it unlocked: saving matters more
 * than the lock, and the write itself reports the failure.
 */
export async function withLock<T>(fs: StorageFs, lockFile: string, job: () => Promise<T>, waitMs = 2000, staleMs = 10_000): Promise<T> {
  const deadline = Date.now() + waitMs;
  let held = false;
  for (;;) {
    try {
      await fs.writeFile(lockFile, String(Date.now()), { exclusive: true });
      held = true;
      break;
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') {
        // A full disk may have created it empty before failing: an empty lock of ours would stall every window.
        await fs.rm(lockFile).catch(() => undefined);
        break;
      }
    }
    try {
      if (Date.now() - (await fs.stat(lockFile)).mtimeMs > staleMs) {
        await fs.rm(lockFile);
        continue;
      }
    } catch {
      continue;
    }
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 10 + Math.random() * 20));
  }
  try {
    return await job();
  } finally {
    if (held) await fs.rm(lockFile).catch(() => undefined);
  }
}
