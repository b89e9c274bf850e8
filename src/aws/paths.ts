// Where the AWS CLI and SDK keep their files. Resolved on every call, from the environment, the way the
// SDK does it: tests and the extension host change HOME / AWS_CONFIG_FILE at run time.

import * as os from 'node:os';
import * as path from 'node:path';

export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? `C:${path.sep}`}${env.HOMEPATH}`;
  return os.homedir();
}

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  return p.startsWith('~/') ? path.join(homeDir(env), p.slice(2)) : p;
}

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return expandHome(env.AWS_CONFIG_FILE || path.join(homeDir(env), '.aws', 'config'), env);
}

export function credentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return expandHome(env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir(env), '.aws', 'credentials'), env);
}

export function ssoCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(homeDir(env), '.aws', 'sso', 'cache');
}
