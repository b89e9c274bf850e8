// Sign-in without the AWS CLI: the IAM Identity Center device authorization flow (RFC 8628 over SSO-OIDC).
// Register a public client, start a device authorization, show the user code, poll CreateToken at the
// interval the service asks for (slower after slow_down), and write the CLI's token cache file.

import { systemClock, type Clock } from './clock';
import { cliTimestamp, writeToken, type SsoToken } from './tokenCache';

export type AwsSdk = typeof import('./sdk');

export interface DeviceCode {
  userCode: string;
  verificationUri: string;
  /** The same page with the code filled in, when the service offers it. */
  verificationUriComplete?: string;
  /** Epoch ms after which the code is no longer accepted. */
  expiresAt: number;
}

export type DeviceFlowErrorKind = 'cancelled' | 'denied' | 'expired' | 'badStartUrl' | 'badRegion' | 'network' | 'failed';

export class DeviceFlowError extends Error {
  constructor(readonly kind: DeviceFlowErrorKind, message: string, readonly detail = '') {
    super(message);
    this.name = 'DeviceFlowError';
  }
}

export interface DeviceFlowOptions {
  startUrl: string;
  ssoRegion: string;
  /** Token cache key: the sso-session name, or the start URL for a legacy profile. */
  cacheId: string;
  /** `sso:account:access` for sso-session profiles (gives a refresh token); none for the legacy form. */
  scopes?: string[];
  onCode(code: DeviceCode): void;
  /** After each CreateToken poll that was not yet approved. */
  onPending?(info: { polls: number; intervalMs: number }): void;
  signal?: AbortSignal;
  clock?: Clock;
  loadSdk: () => AwsSdk | Promise<AwsSdk>;
  /** SSO-OIDC endpoint override (tests); the SDK also honours AWS_ENDPOINT_URL_SSO_OIDC. */
  endpoint?: string;
  env?: NodeJS.ProcessEnv;
}

export interface DeviceFlowResult {
  token: SsoToken;
  file: string;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const SLOW_DOWN_STEP_MS = 5000;

/** The token as the AWS CLI caches it; refreshable sessions carry the registration, which the SDK needs to refresh it. */
function cachedToken(
  opts: DeviceFlowOptions,
  reg: { clientId?: string; clientSecret?: string; clientSecretExpiresAt?: number },
  t: { accessToken: string; expiresIn?: number; refreshToken?: string },
  now: number,
): SsoToken {
  const token: SsoToken = {
    startUrl: opts.startUrl,
    region: opts.ssoRegion,
    accessToken: t.accessToken,
    expiresAt: cliTimestamp(now + (t.expiresIn ?? 3600) * 1000),
  };
  if (!t.refreshToken) return token;
  return Object.assign(token, {
    clientId: reg.clientId,
    clientSecret: reg.clientSecret,
    ...(reg.clientSecretExpiresAt ? { registrationExpiresAt: cliTimestamp(reg.clientSecretExpiresAt * 1000) } : {}),
    refreshToken: t.refreshToken,
  });
}

export async function deviceSignIn(opts: DeviceFlowOptions): Promise<DeviceFlowResult> {
  const clock = opts.clock ?? systemClock;
  const signal = opts.signal;
  const checkAbort = () => {
    if (signal?.aborted) throw new DeviceFlowError('cancelled', 'Sign-in was cancelled.');
  };
  checkAbort();
  const sdk = await opts.loadSdk();
  checkAbort();
  const client = new sdk.SSOOIDCClient({ region: opts.ssoRegion, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) });
  try {
    const o = { abortSignal: signal };
    const reg = await client.send(
      new sdk.RegisterClientCommand({
        clientName: `haiku-for-bedrock-${opts.cacheId.replace(/[^\w-]/g, '-').slice(0, 40)}`,
        clientType: 'public',
        ...(opts.scopes?.length ? { scopes: opts.scopes } : {}),
      }),
      o,
    ).catch((e) => rethrow(e, opts));
    if (!reg.clientId || !reg.clientSecret) throw new DeviceFlowError('failed', 'IAM Identity Center did not register the sign-in client.');

    const auth = await client.send(
      new sdk.StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: opts.startUrl }),
      o,
    ).catch((e) => rethrow(e, opts));
    if (!auth.deviceCode || !auth.userCode || !auth.verificationUri) {
      throw new DeviceFlowError('failed', 'IAM Identity Center did not start the device authorization.');
    }
    const deadline = clock.now() + (auth.expiresIn ?? 600) * 1000;
    opts.onCode({
      userCode: auth.userCode,
      verificationUri: auth.verificationUri,
      verificationUriComplete: auth.verificationUriComplete,
      expiresAt: deadline,
    });

    let intervalMs = Math.max(1, auth.interval ?? 5) * 1000;
    let polls = 0;
    for (;;) {
      await clock.sleep(intervalMs, signal).catch(() => checkAbort());
      checkAbort();
      if (clock.now() >= deadline) throw expired();
      polls++;
      try {
        const t = await client.send(
          new sdk.CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: DEVICE_GRANT, deviceCode: auth.deviceCode }),
          o,
        );
        if (!t.accessToken) throw new DeviceFlowError('failed', 'IAM Identity Center answered without an access token.');
        const token = cachedToken(opts, reg, { ...t, accessToken: t.accessToken }, clock.now());
        checkAbort();
        const file = await writeToken(opts.cacheId, token, opts.env);
        return { token, file };
      } catch (e) {
        const name = (e as { name?: string }).name;
        if (name === 'AuthorizationPendingException') {
          opts.onPending?.({ polls, intervalMs });
          continue;
        }
        if (name === 'SlowDownException') {
          intervalMs += SLOW_DOWN_STEP_MS;
          opts.onPending?.({ polls, intervalMs });
          continue;
        }
        rethrow(e, opts);
      }
    }
  } finally {
    client.destroy();
  }
}

function expired(): DeviceFlowError {
  return new DeviceFlowError('expired', 'The sign-in code expired before it was approved. Start the sign-in again.');
}

function rethrow(e: unknown, opts: DeviceFlowOptions): never {
  if (e instanceof DeviceFlowError) throw e;
  const err = (e ?? {}) as { name?: string; code?: string; message?: string };
  const detail = `${err.name ?? 'Error'}: ${err.message ?? String(e)}`;
  if (opts.signal?.aborted || err.name === 'AbortError') throw new DeviceFlowError('cancelled', 'Sign-in was cancelled.', detail);
  switch (err.name) {
    case 'AccessDeniedException':
      throw new DeviceFlowError('denied', 'The sign-in request was denied in the browser.', detail);
    case 'ExpiredTokenException':
      throw Object.assign(expired(), { detail });
    case 'InvalidRequestException':
    case 'InvalidClientException':
    case 'UnauthorizedClientException':
      throw new DeviceFlowError('badStartUrl', `IAM Identity Center in ${opts.ssoRegion} did not accept the start URL ${opts.startUrl}. Check the URL and the SSO region.`, detail);
    case 'InvalidRequestRegionException':
      throw new DeviceFlowError('badRegion', `IAM Identity Center is not set up in ${opts.ssoRegion} for this start URL. Check the SSO region.`, detail);
  }
  if (/^(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)$/.test(err.code ?? '') || err.name === 'TimeoutError') {
    throw new DeviceFlowError('network', `Could not reach IAM Identity Center in ${opts.ssoRegion}: check the SSO region and your network or proxy.`, detail);
  }
  throw new DeviceFlowError('failed', `Sign-in failed: ${err.message ?? detail}`, detail);
}
