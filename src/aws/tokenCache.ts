// The SSO token cache shared with the AWS CLI and SDK: ~/.aws/sso/cache/<sha1(id)>.json, where id is the
// sso-session name (or the start URL for legacy profiles). We write the file the way the CLI v2 does
// (same keys, same order, timestamps to the second, json.dumps spacing) so each tool reads the others'.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { ssoCacheDir } from './paths';

export interface SsoToken {
  startUrl: string;
  region: string;
  accessToken: string;
  /** ISO 8601, UTC. */
  expiresAt: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  refreshToken?: string;
}

const KEY_ORDER: (keyof SsoToken)[] = [
  'startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken',
];

export function tokenCachePath(id: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(ssoCacheDir(env), `${createHash('sha1').update(id).digest('hex')}.json`);
}

/** `2026-11-25T10:15:00Z`, as the CLI writes it. */
export function cliTimestamp(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/** Python's json.dumps layout (", " and ": "), which is what the CLI produces. */
export function serializeToken(token: SsoToken): string {
  const extra = Object.keys(token).filter((k) => !(KEY_ORDER as string[]).includes(k));
  const keys = [...KEY_ORDER, ...extra].filter((k) => (token as unknown as Record<string, unknown>)[k] !== undefined);
  const body = keys.map((k) => `${JSON.stringify(k)}: ${JSON.stringify((token as unknown as Record<string, unknown>)[k])}`);
  return `{${body.join(', ')}}`;
}

export async function readToken(id: string, env: NodeJS.ProcessEnv = process.env): Promise<SsoToken | undefined> {
  let text: string;
  try {
    text = await fs.readFile(tokenCachePath(id, env), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const t = JSON.parse(text) as Partial<SsoToken>;
    if (typeof t.accessToken !== 'string' || typeof t.expiresAt !== 'string') return undefined;
    return t as SsoToken;
  } catch {
    return undefined;
  }
}

export function expiresAtMs(token: Pick<SsoToken, 'expiresAt'>): number | undefined {
  const ms = Date.parse(token.expiresAt);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Writes atomically (temp file + rename), readable only by the user: it holds a bearer token. */
export async function writeToken(id: string, token: SsoToken, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const file = tokenCachePath(id, env);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, serializeToken(token), { mode: 0o600 });
  await fs.rename(tmp, file);
  return file;
}
