import * as assert from 'node:assert/strict';
import { cliTimestamp, readToken, serializeToken, tokenCachePath, writeToken } from '../../../src/aws/tokenCache';
import { tokenCacheId } from '../../../src/aws/profiles';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const smithy = require('@smithy/core/config') as { getSSOTokenFilepath(id: string): string; getSSOTokenFromFile(id: string): Promise<Record<string, string>> };

describe('SSO token cache', () => {
  it('uses the SDK\'s file for a session name and, for legacy profiles, for the start URL', () => {
    const session = tokenCacheId({ kind: 'sso', ssoSession: 'my-company', startUrl: 'https://x.awsapps.com/start' })!;
    const legacy = tokenCacheId({ kind: 'ssoLegacy', startUrl: 'https://x.awsapps.com/start' })!;
    assert.equal(session, 'my-company');
    assert.equal(tokenCachePath(session), smithy.getSSOTokenFilepath('my-company'));
    assert.equal(tokenCachePath(legacy), smithy.getSSOTokenFilepath('https://x.awsapps.com/start'));
    assert.equal(tokenCacheId({ kind: 'keys' }), undefined);
  });

  it('writes the CLI\'s layout, which the SDK reads back, and reads what others wrote', async () => {
    const token = {
      startUrl: 'https://x.awsapps.com/start', region: 'eu-west-1', accessToken: 'aoa-123', expiresAt: cliTimestamp(Date.UTC(2026, 10, 25, 10, 0, 0, 999)),
      clientId: 'cid', clientSecret: 'sec', registrationExpiresAt: '2027-02-23T10:00:00Z', refreshToken: 'aor-1',
    };
    assert.equal(token.expiresAt, '2026-11-25T10:00:00Z');
    assert.equal(
      serializeToken({ refreshToken: 'r', accessToken: 'a', startUrl: 's', region: 'r1', expiresAt: 'e' }),
      '{"startUrl": "s", "region": "r1", "accessToken": "a", "expiresAt": "e", "refreshToken": "r"}',
    );
    await writeToken('cache-test', token);
    assert.deepEqual(await smithy.getSSOTokenFromFile('cache-test'), token);
    assert.deepEqual(await readToken('cache-test'), token);
    assert.equal(await readToken('no-such-session'), undefined);
  });
});
