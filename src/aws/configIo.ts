// Reading and rewriting ~/.aws/config. A rewrite keeps a dated backup first and replaces the file in one
// rename, so an interrupted write never leaves half a config; a symlinked config (dotfiles) stays a symlink.

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { ConfigDocument } from './configFile';

export async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export async function readConfig(file: string): Promise<ConfigDocument> {
  return ConfigDocument.parse((await readText(file)) ?? '');
}

export interface EditResult {
  changed: boolean;
  /** Where the previous content was saved; undefined when there was no file or nothing changed. */
  backupPath?: string;
}

function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Applies `edit` to the file's document and writes it back only if the text changed. Fails rather than
 * overwrite when someone else changed the file between our read and our write.
 */
export async function editConfigFile(file: string, edit: (doc: ConfigDocument) => void, now = new Date()): Promise<EditResult> {
  const target = await realTarget(file);
  const before = await readText(target);
  const doc = ConfigDocument.parse(before ?? '');
  edit(doc);
  const after = doc.toString();
  if (after === before) return { changed: false };

  await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  let mode = 0o600;
  let backupPath: string | undefined;
  if (before !== undefined) {
    mode = (await fs.stat(target)).mode & 0o777;
    backupPath = await writeBackup(`${target}.bak-${stamp(now)}`, before, mode);
  }
  if ((await readText(target)) !== before) {
    throw new Error(`${target} changed while it was being edited; nothing was written. Try again.`);
  }
  const tmp = `${target}.haiku-${process.pid}-${Date.now()}.tmp`;
  await fs.writeFile(tmp, after, { mode });
  await fs.rename(tmp, target);
  return { changed: true, backupPath };
}

/** Two edits in the same second must not overwrite the first backup (it may hold the only original). */
async function writeBackup(base: string, text: string, mode: number): Promise<string> {
  for (let n = 1; ; n++) {
    const file = n === 1 ? base : `${base}-${n}`;
    try {
      await fs.writeFile(file, text, { mode, flag: 'wx' });
      return file;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw e;
    }
  }
}

async function realTarget(file: string): Promise<string> {
  try {
    return await fs.realpath(file);
  } catch {
    return file;
  }
}
