// Every failure is classified once, here, into a kind with a message and an action. The UI maps the
// action id to a button; completions only show the kind in the status bar.

import type { BedrockError, ErrorAction, ErrorKind } from './types';
import { redactSecrets } from '../privacy/redact';
import { isAuthKind } from '../shared/errorKinds';

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
  cause?: unknown;
}

const signIn: ErrorAction = { id: 'signIn', label: 'Sign in' };
const selectProfile: ErrorAction = { id: 'selectProfile', label: 'Choose profile' };
const switchModel: ErrorAction = { id: 'switchModel', label: 'Switch model' };
const useDefault: ErrorAction = { id: 'useDefaultModel', label: 'Use the default model' };
const openAccess: ErrorAction = { id: 'openModelAccess', label: 'Enable model access' };
const retry: ErrorAction = { id: 'retry', label: 'Retry' };
const openSettings: ErrorAction = { id: 'openSettings', label: 'Open settings' };

export function bedrockError(kind: ErrorKind, detail: string, ctx: ErrorContext = {}): BedrockError {
  const profile = ctx.profile ? `profile "${ctx.profile}"` : 'your AWS profile';
  const model = ctx.model ?? 'this model';
  const region = ctx.region ?? 'this region';
  switch (kind) {
    case 'expiredSso':
      return { kind, detail, action: signIn, message: `Your AWS SSO session for ${profile} has expired or is missing. Sign in to continue.` };
    case 'unknownProfile':
      return { kind, detail, action: selectProfile, message: `The AWS ${profile} was not found in your AWS config file.` };
    case 'noCredentials':
      return { kind, detail, action: signIn, message: 'No AWS credentials were found. Sign in with AWS SSO or choose a profile.' };
    case 'accessDenied':
      return { kind, detail, action: openAccess, message: `Access to ${model} in ${region} is denied: enable model access in the Bedrock console or check your role's permissions.` };
    case 'modelRetired':
      return { kind, detail, action: useDefault, message: `${model} has reached its end of life on Bedrock. Switch to an active model.` };
    case 'needsInferenceProfile':
      return { kind, detail, action: switchModel, message: `${model} needs an inference profile (e.g. "us.…") in ${region}. Pick it from the model list.` };
    case 'modelNotFound':
      return { kind, detail, action: switchModel, message: `Bedrock does not know the model "${model}" in ${region}.` };
    case 'throttled':
      return { kind, detail, action: retry, message: 'Bedrock is throttling requests (quota reached). Try again in a moment.' };
    case 'inputTooLong':
      return { kind, detail, action: retry, message: 'The request was longer than the model accepts. Attach less context and retry.' };
    case 'serviceError':
      return { kind, detail, action: retry, message: 'Bedrock had a temporary service error. Try again.' };
    case 'network':
      return { kind, detail, action: retry, message: 'Could not reach Bedrock: check your network, proxy or endpoint setting.' };
    case 'cutOff':
      return { kind, detail, action: retry, message: 'The answer was cut off: the connection dropped before it finished.' };
    case 'timedOut':
      return { kind, detail, action: retry, message: 'Bedrock stopped answering. What arrived is kept; retry to ask again.' };
    case 'streamReset':
      return { kind, detail, action: retry, message: 'Bedrock reset the answer stream part-way. What arrived is kept; retry to ask again.' };
    case 'credentialProcess':
      return { kind, detail, action: selectProfile, message: `The credential_process of ${profile} failed: run it in a terminal to see why, or choose another profile.` };
    case 'budget':
      return { kind, detail, action: { id: 'overrideBudget', label: 'Allow for today' }, message: 'Today\'s Bedrock budget is spent. Allow more for today to go on, or raise the daily budget.' };
    default:
      return { kind: 'unknown', detail, action: openSettings, message: `Bedrock request failed: ${firstLine(detail)}` };
  }
}

export interface ErrorContext {
  profile?: string;
  model?: string;
  region?: string;
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export { isAuthKind, isTransientKind } from '../shared/errorKinds';

/**
 * Kinds that asking again will not fix until the settings, credentials or model change: completions pause
 * on them instead of retrying at every typing pause.
 */
export function isPermanentKind(kind: ErrorKind): boolean {
  return isAuthKind(kind) || kind === 'credentialProcess' || kind === 'accessDenied' || kind === 'modelRetired' ||
    kind === 'needsInferenceProfile' || kind === 'modelNotFound';
}

export function isAbortError(e: unknown): boolean {
  const err = e as SdkLikeError | undefined;
  return err?.name === 'AbortError' || err?.code === 'ABORT_ERR';
}

/** Decides the kind from a real SDK or credential-provider error. */
export function classifyError(e: unknown, ctx: ErrorContext = {}): BedrockError {
  const err = (e ?? {}) as SdkLikeError;
  const name = err.name ?? '';
  const msg = err.message ?? String(e);
  // Redacted once, here: the detail reaches the log, the tooltip and the chat.
  const detail = redactSecrets(`${name || 'Error'}: ${msg}`).text;
  const kind = kindOf(err, name, msg);
  return bedrockError(kind, detail, ctx);
}

function kindOf(err: SdkLikeError, name: string, msg: string): ErrorKind {
  const lower = msg.toLowerCase();
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    if (/profile .* was not found|profile \S+ could not be found/i.test(msg)) return 'unknownProfile';
    if (/sso|token/i.test(msg)) return 'expiredSso';
    return 'noCredentials';
  }
  if (name === 'UnauthorizedException' || name === 'ExpiredTokenException' || name === 'InvalidGrantException') return 'expiredSso';
  if (/security token included in the request is expired|token has expired|sso session/i.test(msg)) return 'expiredSso';
  if (name === 'UnrecognizedClientException' || name === 'InvalidSignatureException') return 'noCredentials';
  if (name === 'AccessDeniedException') return 'accessDenied';
  if (name === 'ResourceNotFoundException') return /end of (its )?life|legacy|deprecated/i.test(msg) ? 'modelRetired' : 'modelNotFound';
  if (name === 'ValidationException') {
    if (/end of (its )?life/i.test(msg)) return 'modelRetired';
    if (/inference profile|on-demand throughput/i.test(msg)) return 'needsInferenceProfile';
    if (/too long|too many (input )?tokens|exceeds? .*context|prompt is too long|input length/i.test(msg)) return 'inputTooLong';
    if (/model identifier is invalid|model id|model not found/i.test(msg)) return 'modelNotFound';
    return 'unknown';
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException' || name === 'ServiceQuotaExceededException') return 'throttled';
  if (['ServiceUnavailableException', 'InternalServerException', 'ModelStreamErrorException', 'ModelNotReadyException', 'ModelTimeoutException', 'ModelErrorException'].includes(name)) return 'serviceError';
  const status = err.$metadata?.httpStatusCode;
  if (status === 429) return 'throttled';
  if (status !== undefined && status >= 500) return 'serviceError';
  const code = err.code ?? '';
  if (/^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|ERR_HTTP2_\w+)$/.test(code) || name === 'TimeoutError') return 'network';
  // An untrusted or mismatched certificate (a TLS-inspecting proxy without AWS_CA_BUNDLE), a refusing proxy.
  if (/^(UNABLE_TO_\w+|SELF_SIGNED_\w+|CERT_\w+|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_\w+)$/.test(code) || name === 'ProxyError' || name === 'CaBundleError') return 'network';
  if (/could not load credentials from any providers/i.test(lower)) return 'noCredentials';
  if (/econnrefused|enotfound|socket hang up|network|getaddrinfo/i.test(lower)) return 'network';
  return 'unknown';
}
