// StorageFs on Node's file system (the extension host). Kept apart from storageFs.ts, which the webview bundle may reach.

import { promises as fsp, watch as fsWatch } from 'node:fs';
import type { StorageFs } from './storageFs';

/** Files hold the user's code, questions and spending: readable by the user only, like the SSO cache. */
export const nodeFs: StorageFs = {
  readFile: (file) => fsp.readFile(file, 'utf8'),
  async readFrom(file, start) {
    const h = await fsp.open(file, 'r');
    try {
      const { size } = await h.stat();
      const buf = Buffer.alloc(Math.max(0, size - start));
      let off = 0;
      while (off < buf.length) {
        const { bytesRead } = await h.read(buf, off, buf.length - off, start + off);
        if (!bytesRead) break;
        off += bytesRead;
      }
      return buf.subarray(0, off);
    } finally {
      await h.close();
    }
  },
  writeFile: (file, text, opts) => fsp.writeFile(file, text, { encoding: 'utf8', mode: 0o600, flag: opts?.exclusive ? 'wx' : 'w' }),
  appendFile: (file, text) => fsp.appendFile(file, text, { encoding: 'utf8', mode: 0o600 }),
  rename: (from, to) => fsp.rename(from, to),
  rm: (file) => fsp.rm(file, { force: true }),
  readdir: (dir) => fsp.readdir(dir),
  stat: (file) => fsp.stat(file),
  mkdir: async (dir) => {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  },
  watch(dir, onChange) {
    try {
      const w = fsWatch(dir, { persistent: false }, () => onChange());
      w.on('error', () => w.close());
      return w;
    } catch {
      return undefined;
    }
  },
};

