// The fake's SSO side must satisfy the real credential providers and the real SSO-OIDC client,
// so that sign-in, refresh and expiry tests elsewhere exercise the code paths users hit.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { GetRoleCredentialsCommand, SSOClient } from '@aws-sdk/client-sso';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  type CreateTokenCommandOutput,
} from '@aws-sdk/client-sso-oidc';
import { fromNodeProviderChain, fromSSO } from '@aws-sdk/credential-providers';
import { ACCOUNT_ID, ROLE_NAME, START_URL, startFake, withFakeEnv, type Fake } from '../../fake/bedrockFake';

// The SDK allows one token refresh per 30 s per session name per process: a fresh name per fake.
let sessionCounter = 0;
function sessionName(): string {
  return `haiku-t${process.pid}-${++sessionCounter}`;
}

async function errorOf(p: Promise<unknown>): Promise<Error & { $metadata?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('fake SSO: files and the portal', () => {
  let fake: Fake;
  beforeEach(async () => {
    fake = await startFake({ sessionName: sessionName() });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('writes a profile, an sso-session and a token cache valid for hours', () => {
    const config = fs.readFileSync(fake.env.AWS_CONFIG_FILE, 'utf8');
    assert.match(config, /\[profile haiku-test\]\nsso_session = /);
    assert.match(config, /sso_account_id = 111122223333\nsso_role_name = HaikuDev\nregion = us-east-1/);
    assert.match(config, /sso_start_url = https:\/\/example\.awsapps\.com\/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access/);
    assert.equal(fs.readFileSync(fake.env.AWS_SHARED_CREDENTIALS_FILE, 'utf8'), '');
    const token = fake.sso.readToken()!;
    assert.equal(token.startUrl, START_URL);
    assert.ok(Date.parse(token.expiresAt) - Date.now() > 7 * 3600_000);
    for (const k of ['accessToken', 'clientId', 'clientSecret', 'refreshToken', 'registrationExpiresAt']) assert.ok(token[k], k);
    assert.equal(fake.env.HOME, fake.home);
    assert.ok(fake.sso.tokenFile.startsWith(fake.home));
  });

  it('fromSSO gets fresh role credentials from the portal, which the fake then accepts', async () => {
    const creds = await withFakeEnv(fake, () => fromSSO({ profile: 'haiku-test' })());
    assert.match(creds.accessKeyId, /^ASIA/);
    assert.ok(creds.sessionToken);
    assert.ok(creds.expiration!.getTime() > Date.now());
    assert.deepEqual(fake.sso.lookup(creds.accessKeyId)?.secretAccessKey, creds.secretAccessKey);
    assert.equal(fake.sso.requests.filter((r) => r.api === 'getRoleCredentials' && r.status === 200).length, 1);
    const again = await withFakeEnv(fake, () => fromNodeProviderChain({ profile: 'haiku-test', ignoreCache: true })());
    assert.notEqual(again.accessKeyId, creds.accessKeyId, 'each portal call issues new keys');
  });

  it('the portal answers 401 UnauthorizedException for an unknown or expired token', async () => {
    const client = new SSOClient({ region: 'us-east-1', endpoint: fake.url });
    try {
      const send = (accessToken: string) =>
        errorOf(client.send(new GetRoleCredentialsCommand({ accessToken, accountId: ACCOUNT_ID, roleName: ROLE_NAME })));
      const unknown = await send('not-a-token');
      assert.equal(unknown.name, 'UnauthorizedException');
      const valid = fake.sso.readToken()!.accessToken;
      fake.sso.expireAccessTokens();
      assert.equal((await send(valid)).name, 'UnauthorizedException');
    } finally {
      client.destroy();
    }
  });

  it('a revoked session surfaces from the provider as CredentialsProviderError naming UnauthorizedException', async () => {
    fake.sso.rejectAllTokens = true;
    const err = await errorOf(withFakeEnv(fake, () => fromSSO({ profile: 'haiku-test' })()));
    assert.equal(err.name, 'CredentialsProviderError');
    assert.match(err.message, /^UnauthorizedException: /);
    assert.equal(err.$metadata, undefined);
  });

  it('an expired, non-refreshable token fails with the "aws sso login" advice', async () => {
    fake.sso.writeToken({ expired: true, refreshable: false });
    const err = await errorOf(withFakeEnv(fake, () => fromSSO({ profile: 'haiku-test' })()));
    assert.match(err.message, /aws sso login/);
    assert.equal(fake.sso.requests.length, 0, 'no portal call with an expired token');
  });

  it('a missing token cache fails with "not found or is invalid"', async () => {
    fake.sso.writeToken({ remove: true });
    const err = await errorOf(withFakeEnv(fake, () => fromSSO({ profile: 'haiku-test' })()));
    assert.match(err.message, /was not found or is invalid/);
  });
});

describe('fake SSO: token refresh', () => {
  it('an expired token is refreshed through SSO-OIDC, the cache rewritten, and credentials issued', async () => {
    const fake = await startFake({ tokenExpired: true, sessionName: sessionName() });
    try {
      const before = fake.sso.readToken()!;
      const creds = await withFakeEnv(fake, () => fromSSO({ profile: 'haiku-test' })());
      assert.match(creds.accessKeyId, /^ASIA/);
      const refresh = fake.sso.requests.find((r) => r.api === 'createToken');
      assert.equal(refresh?.grantType, 'refresh_token');
      assert.equal(refresh?.status, 200);
      const after = fake.sso.readToken()!;
      assert.notEqual(after.accessToken, before.accessToken);
      assert.notEqual(after.refreshToken, before.refreshToken);
      assert.ok(Date.parse(after.expiresAt) > Date.now() + 3600_000);
    } finally {
      await fake.close();
    }
  });

  it('a used refresh token is refused, so an expired token then needs a new login', async () => {
    const fake = await startFake({ sessionName: sessionName() });
    const client = new SSOOIDCClient({ region: 'us-east-1', endpoint: fake.url });
    try {
      const t = fake.sso.readToken()!;
      const input = { clientId: t.clientId, clientSecret: t.clientSecret, grantType: 'refresh_token', refreshToken: t.refreshToken };
      const ok = await client.send(new CreateTokenCommand(input));
      assert.ok(ok.accessToken && ok.refreshToken);
      assert.equal((await errorOf(client.send(new CreateTokenCommand(input)))).name, 'InvalidGrantException');
      const badClient = await errorOf(client.send(new CreateTokenCommand({ ...input, clientSecret: 'wrong' })));
      assert.equal(badClient.name, 'InvalidClientException');
    } finally {
      client.destroy();
      await fake.close();
    }
  });
});

describe('fake SSO: device authorization with the real SSO-OIDC client', () => {
  let fake: Fake;
  beforeEach(async () => {
    fake = await startFake({ sessionName: sessionName() });
  });
  afterEach(async () => {
    await fake.close();
  });

  /** Registers, starts device authorization, then polls up to `maxPolls` times; returns the error names seen. */
  async function deviceLogin(maxPolls = 10, between?: (poll: number) => void | Promise<void>) {
    return withFakeEnv(fake, async () => {
      const client = new SSOOIDCClient({ region: 'us-east-1' }); // endpoint from AWS_ENDPOINT_URL_SSO_OIDC
      try {
        const reg = await client.send(new RegisterClientCommand({ clientName: 'haiku-test', clientType: 'public', scopes: ['sso:account:access'] }));
        const auth = await client.send(
          new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: START_URL }),
        );
        const seen: string[] = [];
        let token: CreateTokenCommandOutput | undefined;
        for (let poll = 1; poll <= maxPolls && !token; poll++) {
          await between?.(poll);
          try {
            token = await client.send(
              new CreateTokenCommand({
                clientId: reg.clientId,
                clientSecret: reg.clientSecret,
                grantType: 'urn:ietf:params:oauth:grant-type:device_code',
                deviceCode: auth.deviceCode,
              }),
            );
          } catch (e) {
            const name = (e as Error).name;
            seen.push(name);
            if (name !== 'AuthorizationPendingException' && name !== 'SlowDownException') break;
          }
        }
        return { seen, token, auth };
      } finally {
        client.destroy();
      }
    });
  }

  it('answers pending, slow_down, pending, then a token the portal accepts', async () => {
    fake.sso.deviceFlow = { pendingPolls: 2, slowDown: true, outcome: 'approve' };
    const { seen, token, auth } = await deviceLogin();
    assert.deepEqual(seen, ['AuthorizationPendingException', 'SlowDownException', 'AuthorizationPendingException']);
    assert.ok(token?.accessToken && token.refreshToken);
    assert.equal(token.tokenType, 'Bearer');
    assert.ok(token.expiresIn! > 3600);
    assert.match(auth.userCode!, /^[0-9A-F]{4}-[0-9A-F]{4}$/);
    assert.ok(auth.verificationUriComplete!.startsWith(fake.url));
    assert.equal(auth.interval, 1);

    const sso = new SSOClient({ region: 'us-east-1', endpoint: fake.url });
    try {
      const out = await sso.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: ACCOUNT_ID, roleName: ROLE_NAME }));
      assert.match(out.roleCredentials!.accessKeyId!, /^ASIA/);
    } finally {
      sso.destroy();
    }
  });

  it('a denied request ends with AccessDeniedException', async () => {
    fake.sso.deviceFlow = { pendingPolls: 1, outcome: 'deny' };
    const { seen, token } = await deviceLogin();
    assert.equal(token, undefined);
    assert.deepEqual(seen, ['AuthorizationPendingException', 'AccessDeniedException']);
  });

  it('an expired request ends with ExpiredTokenException', async () => {
    fake.sso.deviceFlow = { pendingPolls: 0, outcome: 'expire' };
    const { seen, token } = await deviceLogin();
    assert.equal(token, undefined);
    assert.deepEqual(seen, ['ExpiredTokenException']);
  });

  it('manual mode stays pending until approve()', async () => {
    fake.sso.deviceFlow = { outcome: 'manual' };
    const { seen, token } = await deviceLogin(10, (poll) => {
      if (poll === 4) fake.sso.approve();
    });
    assert.deepEqual(seen, ['AuthorizationPendingException', 'AuthorizationPendingException', 'AuthorizationPendingException']);
    assert.ok(token?.accessToken);
  });

  it('opening the verification URL approves, as the user would in the browser', async () => {
    fake.sso.deviceFlow = { outcome: 'manual' };
    let page = '';
    const { token } = await deviceLogin(10, async (poll) => {
      if (poll === 2) {
        const url = fake.sso.deviceAuthorizations.at(-1)!;
        const res = await fetch(`${fake.url}/device?user_code=${url.userCode}`);
        page = await res.text();
      }
    });
    assert.match(page, /Approved/);
    assert.ok(token?.accessToken);
  });
});
