// When the SDK's credential chain fails it says only "Could not load credentials from any providers"
// (or throws a TypeError for a missing sso-session): that was shown as "SSO session expired, sign in"
// whatever the cause. Here we read the profile the way the SDK does to name the real cause and action.

import * as fs from 'node:fs';
import { ConfigDocument } from '../aws/configFile';
import { configFilePath, credentialsFilePath } from '../aws/paths';
import { bedrockError, type ErrorContext } from './errors';
import type { BedrockError } from './types';

export type ProfileCause =
  | { kind: 'ok'; credentialProcess?: string }
  | { kind: 'notFound' }
  /** Declared, but under a header the SDK skips (a space in the name, odd spacing or characters). */
  | { kind: 'unreadableName' }
  /** Its `sso_session` names a section the SDK cannot find. */
  | { kind: 'missingSsoSession'; session: string };

function parse(file: string): ConfigDocument {
  try {
    return ConfigDocument.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return ConfigDocument.parse('');
  }
}

/** How the SDK will see `profile`, read from the config and credentials files now. */
export function profileCause(profile: string, env: NodeJS.ProcessEnv = process.env): ProfileCause {
  const config = parse(configFilePath(env));
  const credentials = parse(credentialsFilePath(env));
  const isDefault = profile === 'default';
  const inConfig = config.sections().some((s) => (s.kind === 'profile' && s.name === profile) || (isDefault && s.kind === 'default'));
  // The credentials file has no `profile ` prefix; the SDK skips a header with a space in it there too.
  const inCredentials = !/\s/.test(profile) && credentials.sections().some((s) => (s.kind === 'other' || s.kind === 'default') && s.name === profile);
  if (!inConfig && !inCredentials) {
    const loose = (header: string) => header.replace(/["']/g, '').replace(/\s+/g, ' ').trim();
    const wanted = new Set([`profile ${loose(profile)}`, loose(profile)]);
    const declared = [...config.sections(), ...credentials.sections()].some((s) => s.kind === 'other' && wanted.has(loose(s.name)));
    return { kind: declared ? 'unreadableName' : 'notFound' };
  }
  const values = { ...credentials.values('other', profile), ...config.values(isDefault ? 'default' : 'profile', profile) };
  if (values.sso_session && !config.section('sso-session', values.sso_session)) return { kind: 'missingSsoSession', session: values.sso_session };
  return { kind: 'ok', ...(values.credential_process ? { credentialProcess: values.credential_process } : {}) };
}

/**
 * The error to show for a credential failure of `profile` (undefined: no profile was named, the SDK
 * looked at the default chain), or `error` itself when the files explain nothing better.
 */
export function credentialError(error: BedrockError, profile: string | undefined, cause: ProfileCause, ctx: ErrorContext): BedrockError {
  const name = profile ?? 'default';
  switch (cause.kind) {
    case 'notFound':
      // With no profile named, a missing [default] just means no credentials anywhere.
      return profile ? bedrockError('unknownProfile', error.detail, ctx) : error;
    case 'unreadableName':
      return {
        ...bedrockError('unknownProfile', error.detail, ctx),
        message: `The AWS profile "${name}" is in your AWS config, but the AWS SDK cannot read its name (use only letters, digits and - _ . @ + % : /, no spaces). Rename it or choose another profile.`,
      };
    case 'missingSsoSession':
      return {
        ...bedrockError('unknownProfile', error.detail, ctx),
        message: `The AWS profile "${name}" uses sso_session "${cause.session}", but no [sso-session ${cause.session}] the AWS SDK can read is in your AWS config. Fix that section or choose another profile.`,
      };
    case 'ok':
      return cause.credentialProcess ? bedrockError('credentialProcess', error.detail, ctx) : error;
  }
}

/**
 * Why a credential_process fails, in its own words: the provider chain swallows them, so run it once
 * more through the SDK's process provider (bounded: a hung process must not hold the error back).
 * Undefined when it worked this time.
 */
export async function credentialProcessFailure(run: () => Promise<unknown>, timeoutMs = 5000): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([run(), late]);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.trim() : String(e);
  } finally {
    clearTimeout(timer);
  }
}
