// The AWS CLI as an alternative way to sign in: found on PATH, run in a terminal with a quoted profile.

import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export async function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext.toLowerCase());
      try {
        await fs.access(candidate, platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
        return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return undefined;
}

/** `aws sso login --profile X`, quoted for the shell so an odd profile name cannot run anything else. */
export function ssoLoginCommand(profile: string, platform = process.platform): string {
  if (/^[\w.@+:/-]+$/.test(profile)) return `aws sso login --profile ${profile}`;
  const quoted = platform === 'win32' ? `"${profile.replace(/"/g, '""')}"` : `'${profile.replace(/'/g, `'\\''`)}'`;
  return `aws sso login --profile ${quoted}`;
}
