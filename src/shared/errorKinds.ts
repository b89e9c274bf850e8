// The error vocabulary shared by the extension and its webviews: what went wrong (decided once, in
// bedrock/errors.ts) and which action fixes it. The UI maps a kind to its words; these predicates group kinds
// the same way everywhere.

export const ERROR_KINDS = [
  'expiredSso', 'unknownProfile', 'noCredentials', 'accessDenied', 'modelRetired', 'needsInferenceProfile',
  'modelNotFound', 'throttled', 'inputTooLong', 'serviceError', 'network', 'cutOff', 'timedOut',
  'streamReset', 'credentialProcess', 'budget', 'unknown',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const ERROR_ACTION_IDS = [
  'signIn', 'selectProfile', 'switchModel', 'useDefaultModel', 'openModelAccess', 'retry', 'openSettings',
  'overrideBudget', 'testConnection',
] as const;
export type ErrorActionId = (typeof ERROR_ACTION_IDS)[number];

export function isErrorKind(x: unknown): x is ErrorKind {
  return (ERROR_KINDS as readonly unknown[]).includes(x);
}

export function isErrorActionId(x: unknown): x is ErrorActionId {
  return (ERROR_ACTION_IDS as readonly unknown[]).includes(x);
}

/** Sign-in kinds: completions pause until credentials change; the status bar shows the account icon. */
export function isAuthKind(kind: string): boolean {
  return kind === 'expiredSso' || kind === 'noCredentials' || kind === 'unknownProfile';
}

/** Waiting or asking again fixes these: shown as a warning, not a red failure. */
export function isTransientKind(kind: string): boolean {
  return kind === 'throttled' || kind === 'network' || kind === 'serviceError' || kind === 'cutOff' ||
    kind === 'timedOut' || kind === 'streamReset';
}
