// What the profile picker shows: every profile the SDK can use, how it gets credentials, and what is
// wrong with it in words a user can act on. Also the two config edits the picker offers: a new SSO
// profile (a [profile] + [sso-session] pair) and converting a legacy SSO profile to a refreshable one.

import type { ConfigDocument } from './configFile';

export type ProfileKind = 'sso' | 'ssoLegacy' | 'keys' | 'assumeRole' | 'process' | 'webIdentity' | 'other';

export interface ProfileInfo {
  name: string;
  kind: ProfileKind;
  inConfig: boolean;
  inCredentials: boolean;
  region?: string;
  ssoSession?: string;
  startUrl?: string;
  ssoRegion?: string;
  accountId?: string;
  roleName?: string;
  /** What prevents or weakens this profile, in one sentence. */
  problem?: string;
  /** How to fix it. */
  fix?: string;
}

export const SSO_SCOPES = 'sso:account:access';

export function listProfiles(config: ConfigDocument, credentials?: ConfigDocument): ProfileInfo[] {
  const byName = new Map<string, ProfileInfo>();
  for (const s of config.sections()) {
    if (s.kind !== 'profile' && s.kind !== 'default') continue;
    if (byName.has(s.name)) continue;
    byName.set(s.name, describe(s.name, config.values(s.kind, s.name), config, true));
  }
  // The credentials file names sections without the `profile ` prefix; `[default]` parses as kind default.
  for (const s of credentials?.sections() ?? []) {
    const name = s.kind === 'other' || s.kind === 'default' ? s.name : undefined;
    if (!name) continue;
    const existing = byName.get(name);
    if (existing) {
      existing.inCredentials = true;
      if (existing.kind === 'other') existing.kind = 'keys';
      continue;
    }
    const values = credentials!.values(s.kind, name);
    byName.set(name, { ...describe(name, values, config, false), inCredentials: true });
  }
  return [...byName.values()].sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

function describe(name: string, v: Record<string, string>, config: ConfigDocument, inConfig: boolean): ProfileInfo {
  const info: ProfileInfo = { name, kind: 'other', inConfig, inCredentials: false, region: v.region };
  if (v.sso_session) {
    const session = config.values('sso-session', v.sso_session);
    Object.assign(info, {
      kind: 'sso', ssoSession: v.sso_session, startUrl: session.sso_start_url, ssoRegion: session.sso_region,
      accountId: v.sso_account_id, roleName: v.sso_role_name,
    });
    if (!session.sso_start_url || !session.sso_region) {
      info.problem = `Its [sso-session ${v.sso_session}] section is missing or lacks sso_start_url / sso_region.`;
      info.fix = `Add the [sso-session ${v.sso_session}] section with sso_start_url and sso_region, or create the profile again with "New SSO profile…".`;
    } else if (!v.sso_account_id || !v.sso_role_name) {
      info.problem = 'It names no sso_account_id or sso_role_name, so it cannot get role credentials.';
      info.fix = 'Create it again with "New SSO profile…", which lets you pick the account and role.';
    }
  } else if (v.sso_start_url || v.sso_account_id || v.sso_role_name) {
    Object.assign(info, {
      kind: 'ssoLegacy', startUrl: v.sso_start_url, ssoRegion: v.sso_region,
      accountId: v.sso_account_id, roleName: v.sso_role_name,
    });
    info.problem = 'Legacy SSO form (sso_start_url in the profile): its session cannot be refreshed, so you must sign in again every time it expires.';
    info.fix = 'Move sso_start_url and sso_region into an [sso-session] section and set sso_session in the profile (the picker can do it, keeping a backup).';
  } else if (v.role_arn) {
    info.kind = 'assumeRole';
  } else if (v.credential_process) {
    info.kind = 'process';
  } else if (v.web_identity_token_file) {
    info.kind = 'webIdentity';
  } else if (v.aws_access_key_id) {
    info.kind = 'keys';
  }
  return info;
}

/** The name the SSO token cache file is keyed by: the session name, or the start URL for the legacy form. */
export function tokenCacheId(p: Pick<ProfileInfo, 'kind' | 'ssoSession' | 'startUrl'>): string | undefined {
  if (p.kind === 'sso') return p.ssoSession;
  if (p.kind === 'ssoLegacy') return p.startUrl;
  return undefined;
}

export interface NewSsoProfile {
  profile: string;
  sessionName: string;
  startUrl: string;
  ssoRegion: string;
  accountId: string;
  roleName: string;
  region: string;
}

/** An existing session with this start URL and SSO region, which a new profile should share. */
export function findSession(config: ConfigDocument, startUrl: string, ssoRegion: string): string | undefined {
  const norm = (u: string) => u.trim().replace(/\/+$/, '').replace(/#.*$/, '');
  for (const s of config.sections()) {
    if (s.kind !== 'sso-session') continue;
    const v = config.values('sso-session', s.name);
    if (v.sso_start_url && norm(v.sso_start_url) === norm(startUrl) && v.sso_region === ssoRegion) return s.name;
  }
  return undefined;
}

/** A session name that reads well and is free: the portal's subdomain (`d-1234567890`, `my-company`). */
export function suggestSessionName(config: ConfigDocument, startUrl: string): string {
  let base = 'sso';
  try {
    const host = new URL(startUrl).hostname.split('.')[0];
    if (host) base = host.replace(/[^\w-]/g, '-');
  } catch {
    // Not a URL: keep the generic name.
  }
  return freeName(base, (n) => !!config.section('sso-session', n));
}

export function suggestProfileName(config: ConfigDocument, accountName: string, roleName: string): string {
  const base = `${accountName}-${roleName}`.toLowerCase().replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '') || 'bedrock';
  return freeName(base, (n) => !!config.section('profile', n));
}

function freeName(base: string, taken: (n: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

export function addSsoProfile(config: ConfigDocument, p: NewSsoProfile): void {
  if (config.section('profile', p.profile) || (p.profile === 'default' && config.section('default', 'default'))) {
    throw new Error(`A profile named "${p.profile}" already exists.`);
  }
  const existing = config.values('sso-session', p.sessionName);
  if (existing.sso_start_url && existing.sso_start_url !== p.startUrl) {
    throw new Error(`The sso-session "${p.sessionName}" already points to ${existing.sso_start_url}.`);
  }
  const entries: [string, string][] = [
    ['sso_session', p.sessionName],
    ['sso_account_id', p.accountId],
    ['sso_role_name', p.roleName],
    ['region', p.region],
  ];
  if (p.profile === 'default') config.addSection('default', 'default', entries);
  else config.addSection('profile', p.profile, entries);
  if (!existing.sso_start_url) {
    config.addSection('sso-session', p.sessionName, [
      ['sso_start_url', p.startUrl],
      ['sso_region', p.ssoRegion],
      ['sso_registration_scopes', SSO_SCOPES],
    ]);
  }
}

/**
 * Turns a legacy SSO profile into the refreshable form in place: the profile keeps its position and other
 * keys, gains `sso_session`, and loses sso_start_url / sso_region (now in the session). Returns the
 * session name used. The old token cache is keyed by the start URL, so a new sign-in is needed after.
 */
export function convertLegacyProfile(config: ConfigDocument, profile: string): string {
  const kind = profile === 'default' && config.section('default', 'default') ? 'default' : 'profile';
  const v = config.values(kind, profile);
  if (!v.sso_start_url || !v.sso_region) throw new Error(`Profile "${profile}" has no sso_start_url and sso_region to move.`);
  const session = findSession(config, v.sso_start_url, v.sso_region) ?? suggestSessionName(config, v.sso_start_url);
  if (!config.section('sso-session', session)) {
    config.addSection('sso-session', session, [
      ['sso_start_url', v.sso_start_url],
      ['sso_region', v.sso_region],
      ['sso_registration_scopes', SSO_SCOPES],
    ]);
  }
  config.set(kind, profile, 'sso_session', session);
  config.delete(kind, profile, 'sso_start_url');
  config.delete(kind, profile, 'sso_region');
  return session;
}
