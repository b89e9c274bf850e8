// The active profile and its SSO session, read from disk on demand (never cached: the CLI, the SDK and
// other windows change these files behind our back).

import { readConfig } from './configIo';
import type { TokenStatus } from './expiryWatcher';
import { configFilePath, credentialsFilePath } from './paths';
import { listProfiles, tokenCacheId, type ProfileInfo } from './profiles';
import { expiresAtMs, readToken, tokenCachePath, type SsoToken } from './tokenCache';
import { isRefreshable } from './tokenRefresh';

export function activeProfileName(setting: string, env: NodeJS.ProcessEnv = process.env): string {
  return setting.trim() || env.AWS_PROFILE || 'default';
}

export async function readProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileInfo[]> {
  const [config, credentials] = await Promise.all([readConfig(configFilePath(env)), readConfig(credentialsFilePath(env))]);
  return listProfiles(config, credentials);
}

export interface ActiveSession {
  profileName: string;
  /** Undefined when the profile does not exist in either file. */
  profile?: ProfileInfo;
  /** Token cache key (SSO profiles only). */
  cacheId?: string;
  tokenFile?: string;
  token?: SsoToken;
}

export async function loadActiveSession(profileSetting: string, env: NodeJS.ProcessEnv = process.env): Promise<ActiveSession> {
  const profileName = activeProfileName(profileSetting, env);
  // With no profile named anywhere, the SDK's chain takes keys from the environment before any profile.
  if (!profileSetting.trim() && !env.AWS_PROFILE && env.AWS_ACCESS_KEY_ID) return { profileName };
  const profile = (await readProfiles(env)).find((p) => p.name === profileName);
  const cacheId = profile ? tokenCacheId(profile) : undefined;
  if (!cacheId) return { profileName, profile };
  return { profileName, profile, cacheId, tokenFile: tokenCachePath(cacheId, env), token: await readToken(cacheId, env) };
}

/** What the expiry watcher needs to know about a session. */
export function tokenStatus(s: ActiveSession, now: number): TokenStatus | 'notSso' | undefined {
  if (!s.profile || !s.cacheId) return 'notSso';
  if (!s.token) return undefined;
  const expiresAt = expiresAtMs(s.token);
  if (expiresAt === undefined) return undefined;
  return { expiresAt, refreshable: s.profile.kind === 'sso' && isRefreshable(s.token, now) };
}
