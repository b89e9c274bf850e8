// The region of an AWS profile, read the way the SDK reads it (AWS_CONFIG_FILE, else ~/.aws/config),
// so the status bar can name the region before any request, without loading the SDK.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_REGION } from '../shared/config';

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_CONFIG_FILE || path.join(env.HOME || os.homedir(), '.aws', 'config');
}

export function regionFromConfigText(text: string, profile: string): string | undefined {
  const wanted = profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
  let inSection = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      inSection = wanted.includes(header[1].replace(/\s+/g, ' '));
      continue;
    }
    const kv = /^region\s*=\s*(\S+)/.exec(line);
    if (inSection && kv) return kv[1];
  }
  return undefined;
}

/** Setting, else the profile's region, else AWS_REGION, else us-east-1. */
export function resolveRegion(setting: string, profile: string, env: NodeJS.ProcessEnv = process.env): string {
  if (setting.trim()) return setting.trim();
  const name = profile || env.AWS_PROFILE || 'default';
  try {
    const fromProfile = regionFromConfigText(fs.readFileSync(configFilePath(env), 'utf8'), name);
    if (fromProfile) return fromProfile;
  } catch {
    // No config file: fall through to the environment.
  }
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_REGION;
}
