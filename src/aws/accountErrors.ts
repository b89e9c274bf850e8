// Account operations (reading or writing the AWS config, asking the SSO portal for accounts and roles) fail
// in a few ways a user can act on. The kind is decided here, once; the adapter shows the message and offers
// the action. The raw error goes to the log only: it can quote paths, tokens' shapes or SDK internals.

export type AccountErrorKind = 'sessionExpired' | 'forbidden' | 'throttled' | 'network' | 'notPermitted' | 'readOnly' | 'unknown';
export type AccountOperation = 'readConfig' | 'writeConfig' | 'listAccounts' | 'listRoles' | 'signIn';
/** signIn: run the device flow again; openConfig: show the file. */
export type AccountActionId = 'signIn' | 'openConfig';

export interface AccountError {
  kind: AccountErrorKind;
  /** One sentence for the user, without the raw error text. */
  message: string;
  action?: { id: AccountActionId; label: string };
  /** For the log (name and code, never shown in a notification). */
  detail: string;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export function accountErrorKind(e: unknown): AccountErrorKind {
  const err = (e ?? {}) as ErrorLike;
  const status = err.$metadata?.httpStatusCode;
  if (err.name === 'UnauthorizedException' || status === 401) return 'sessionExpired';
  if (err.name === 'ForbiddenException' || err.name === 'AccessDeniedException' || status === 403) return 'forbidden';
  if (err.name === 'TooManyRequestsException' || status === 429) return 'throttled';
  if (err.name === 'TimeoutError' || (err.code && NETWORK_CODES.has(err.code))) return 'network';
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'notPermitted';
  if (err.code === 'EROFS') return 'readOnly';
  return 'unknown';
}

const WHAT: Record<AccountOperation, string> = {
  readConfig: 'could not read the AWS config',
  writeConfig: 'could not write the AWS config',
  listAccounts: 'could not list your AWS accounts',
  listRoles: 'could not list your roles in this account',
  signIn: 'sign-in failed',
};

const WHY: Record<AccountErrorKind, string> = {
  sessionExpired: 'the sign-in session ended. Sign in again.',
  forbidden: 'the portal refused access. Ask your administrator for access to this account.',
  throttled: 'the portal is busy. Run the command again in a moment.',
  network: 'the portal could not be reached. Check the network or proxy, then run the command again.',
  notPermitted: 'permission denied. Check the file\'s owner and permissions.',
  readOnly: 'the file system is read-only.',
  unknown: 'details are in the output channel "Haiku for Bedrock".',
};

const ACTION: Record<AccountErrorKind, AccountError['action']> = {
  sessionExpired: { id: 'signIn', label: 'Sign in' },
  forbidden: undefined,
  throttled: undefined,
  network: undefined,
  notPermitted: { id: 'openConfig', label: 'Open file' },
  readOnly: undefined,
  unknown: undefined,
};

/** What to tell the user about `e`, raised while doing `operation` (`target` names the file or account). */
export function accountError(operation: AccountOperation, e: unknown, target?: string): AccountError {
  const kind = accountErrorKind(e);
  const err = (e ?? {}) as ErrorLike;
  const what = target ? `${WHAT[operation]} (${target})` : WHAT[operation];
  return {
    kind,
    message: `Haiku: ${what}: ${WHY[kind]}`,
    action: ACTION[kind],
    detail: `${operation} failed: ${err.name ?? 'Error'}${err.code ? ` ${err.code}` : ''}: ${err.message ?? String(e)}`,
  };
}
