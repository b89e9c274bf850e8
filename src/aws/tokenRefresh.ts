// Renews a refreshable SSO token the way the SDK does (SSO-OIDC CreateToken, refresh_token grant) and
// rewrites the shared cache file, so the CLI and the SDK see the renewed session too.

import type { AwsSdk } from './deviceFlow';
import { cliTimestamp, writeToken, type SsoToken } from './tokenCache';

export function isRefreshable(token: SsoToken, now: number): boolean {
  if (!token.refreshToken || !token.clientId || !token.clientSecret) return false;
  const reg = token.registrationExpiresAt ? Date.parse(token.registrationExpiresAt) : NaN;
  return Number.isNaN(reg) || reg > now;
}

export async function refreshToken(opts: {
  cacheId: string;
  token: SsoToken;
  loadSdk: () => AwsSdk | Promise<AwsSdk>;
  now?: () => number;
  env?: NodeJS.ProcessEnv;
  endpoint?: string;
  signal?: AbortSignal;
}): Promise<SsoToken> {
  const { token } = opts;
  const sdk = await opts.loadSdk();
  const client = new sdk.SSOOIDCClient({ region: token.region, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) });
  try {
    const r = await client.send(
      new sdk.CreateTokenCommand({
        clientId: token.clientId,
        clientSecret: token.clientSecret,
        grantType: 'refresh_token',
        refreshToken: token.refreshToken,
      }),
      { abortSignal: opts.signal },
    );
    if (!r.accessToken || !r.expiresIn) throw new Error('IAM Identity Center answered the refresh without a token.');
    const now = (opts.now ?? Date.now)();
    const renewed: SsoToken = {
      ...token,
      accessToken: r.accessToken,
      expiresAt: cliTimestamp(now + r.expiresIn * 1000),
      refreshToken: r.refreshToken ?? token.refreshToken,
    };
    await writeToken(opts.cacheId, renewed, opts.env);
    return renewed;
  } finally {
    client.destroy();
  }
}
