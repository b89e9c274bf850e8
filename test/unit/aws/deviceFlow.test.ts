import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fromSSO } from '@aws-sdk/credential-providers';
import { deviceSignIn, DeviceFlowError, type DeviceCode } from '../../../src/aws/deviceFlow';
import * as sdk from '../../../src/aws/sdk';
import { readToken, tokenCachePath } from '../../../src/aws/tokenCache';
import { SSO_SCOPES } from '../../../src/aws/profiles';
import { startFake, withFakeEnv, START_URL, type Fake } from '../../fake/bedrockFake';
import { TestClock } from '../../support/testClock';

const loadSdk = () => sdk;

describe('device authorization sign-in against the fake IAM Identity Center', () => {
  let fake: Fake;
  let n = 0;
  let session: string;

  beforeEach(async () => {
    // A distinct session name per case: the SDK keeps per-session refresh state for the whole process.
    session = `dev-flow-${++n}`;
    fake = await startFake({ sessionName: session, profileName: `p${n}` });
    fake.sso.writeToken({ remove: true });
  });
  afterEach(() => fake.close());

  function run(clock: TestClock, extra: { signal?: AbortSignal; onCode?: (c: DeviceCode) => void } = {}) {
    return withFakeEnv(fake, () =>
      deviceSignIn({
        startUrl: START_URL, ssoRegion: 'us-east-1', cacheId: session, scopes: [SSO_SCOPES],
        onCode: extra.onCode ?? (() => undefined), signal: extra.signal, clock, loadSdk,
      }),
    );
  }

  it('waits through authorization_pending and slow_down, then writes a cache file the SDK\'s own SSO provider accepts', async () => {
    fake.sso.deviceFlow = { pendingPolls: 2, slowDown: true, outcome: 'approve', interval: 1 };
    const clock = new TestClock();
    const codes: DeviceCode[] = [];
    const { file, token } = await run(clock, { onCode: (c) => codes.push(c) });

    // The user saw the code the service issued, and the page to type it in.
    assert.equal(codes.length, 1);
    assert.equal(codes[0].userCode, fake.sso.deviceAuthorizations[0].userCode);
    assert.match(codes[0].verificationUriComplete!, /user_code=/);
    // Polled at the service's 1 s interval, 5 s slower after slow_down.
    assert.deepEqual(clock.sleeps, [1000, 1000, 6000, 6000]);

    assert.equal(file, tokenCachePath(session, fake.env));
    const text = fs.readFileSync(file, 'utf8');
    // The CLI's layout: its key order, json.dumps spacing, timestamps to the second.
    assert.match(text, /^\{"startUrl": "https:\/\/example\.awsapps\.com\/start", "region": "us-east-1", "accessToken": "[^"]+", "expiresAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "clientId": "[^"]+", "clientSecret": "[^"]+", "registrationExpiresAt": "[^"]+Z", "refreshToken": "[^"]+"\}$/);
    assert.equal((fs.statSync(file).mode & 0o777).toString(8), '600');
    assert.deepEqual(await withFakeEnv(fake, () => readToken(session)), token);

    // The SDK reads the same file and trades the token for role credentials at the fake portal.
    const creds = await withFakeEnv(fake, () => fromSSO({ profile: `p${n}`, ignoreCache: true })());
    assert.ok(fake.sso.issued.some((c) => c.accessKeyId === creds.accessKeyId));
    assert.ok(fake.sso.requests.some((r) => r.api === 'getRoleCredentials' && r.status === 200));
  });

  it('stops with "denied" when the user rejects the request, writing nothing', async () => {
    fake.sso.deviceFlow = { pendingPolls: 1, outcome: 'deny' };
    await assert.rejects(run(new TestClock()), (e: DeviceFlowError) => e.kind === 'denied' && /denied/.test(e.message));
    assert.equal(fs.existsSync(tokenCachePath(session, fake.env)), false);
  });

  it('stops with "expired" when the service says the code expired', async () => {
    fake.sso.deviceFlow = { pendingPolls: 1, outcome: 'expire' };
    await assert.rejects(run(new TestClock()), (e: DeviceFlowError) => e.kind === 'expired' && /expired/.test(e.message));
    assert.equal(fs.existsSync(tokenCachePath(session, fake.env)), false);
  });

  it('gives up by itself once the code\'s lifetime has passed, even if the service keeps saying pending', async () => {
    fake.sso.deviceFlow = { outcome: 'manual', interval: 120 };
    const clock = new TestClock();
    await assert.rejects(run(clock), (e: DeviceFlowError) => e.kind === 'expired');
    // 600 s lifetime at 120 s per poll: 4 polls, then the deadline.
    assert.equal(fake.sso.deviceAuthorizations[0].polls, 4);
  });

  it('can be cancelled while the code is shown and while polling', async () => {
    const atCode = new AbortController();
    await assert.rejects(run(new TestClock(), { signal: atCode.signal, onCode: () => atCode.abort() }), (e: DeviceFlowError) => e.kind === 'cancelled');
    assert.equal(fake.sso.deviceAuthorizations[0].polls, 0);

    fake.sso.deviceFlow = { outcome: 'manual' };
    const midPoll = new AbortController();
    const clock = new TestClock();
    const sleep = clock.sleep.bind(clock);
    clock.sleep = (ms, signal) => (clock.sleeps.length === 3 ? (midPoll.abort(), sleep(ms, signal)) : sleep(ms, signal));
    await assert.rejects(run(clock, { signal: midPoll.signal }), (e: DeviceFlowError) => e.kind === 'cancelled');
    assert.equal(fake.sso.deviceAuthorizations[1].polls, 3);
    assert.equal(fs.existsSync(tokenCachePath(session, fake.env)), false);
  });

  it('points at the SSO region and the network when Identity Center cannot be reached', async () => {
    const e = await withFakeEnv(fake, () =>
      deviceSignIn({
        startUrl: START_URL, ssoRegion: 'us-east-1', cacheId: session, onCode: () => undefined, clock: new TestClock(),
        endpoint: 'http://127.0.0.1:9', loadSdk,
      }).catch((x) => x),
    );
    assert.ok(e instanceof DeviceFlowError);
    assert.equal(e.kind, 'network');
    assert.match(e.message, /us-east-1/);
  });
});
