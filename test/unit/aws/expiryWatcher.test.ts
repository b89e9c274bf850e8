import * as assert from 'node:assert/strict';
import { ExpiryWatcher, type SessionStatus, type TokenStatus } from '../../../src/aws/expiryWatcher';
import { loadActiveSession, tokenStatus } from '../../../src/aws/session';
import { refreshToken } from '../../../src/aws/tokenRefresh';
import * as sdk from '../../../src/aws/sdk';
import { readToken } from '../../../src/aws/tokenCache';
import { startFake, withFakeEnv } from '../../fake/bedrockFake';
import { TestClock } from '../../support/testClock';

const MIN = 60_000;

function setup(token: TokenStatus | 'notSso' | undefined, refresh?: () => Promise<boolean>) {
  const clock = new TestClock();
  const seen: SessionStatus[] = [];
  const state = { token };
  const w = new ExpiryWatcher({ read: async () => state.token, refresh, clock, onChange: (s) => seen.push(s) });
  return { clock, seen, state, w, kinds: () => seen.map((s) => s.kind) };
}

describe('SSO expiry watcher', () => {
  it('warns ten minutes before a non-refreshable session ends, then reports it expired', async () => {
    const clock0 = new TestClock();
    const { clock, w, kinds } = setup({ expiresAt: clock0.now() + 60 * MIN, refreshable: false });
    await w.check();
    assert.deepEqual(kinds(), ['valid']);
    await clock.advance(49 * MIN);
    assert.deepEqual(kinds(), ['valid']);
    await clock.advance(1 * MIN);
    assert.deepEqual(kinds(), ['valid', 'expiringSoon']);
    await clock.advance(9 * MIN);
    assert.deepEqual(kinds(), ['valid', 'expiringSoon']);
    await clock.advance(1 * MIN);
    assert.deepEqual(kinds(), ['valid', 'expiringSoon', 'expired']);
    w.dispose();
  });

  it('renews a refreshable session quietly instead of warning', async () => {
    const start = new TestClock().now();
    let refreshes = 0;
    const ctx = setup({ expiresAt: start + 30 * MIN, refreshable: true }, async () => {
      refreshes++;
      ctx.state.token = { expiresAt: ctx.clock.now() + 60 * MIN, refreshable: true };
      return true;
    });
    await ctx.w.check();
    await ctx.clock.advance(20 * MIN);
    assert.equal(refreshes, 1);
    assert.deepEqual(ctx.kinds(), ['valid', 'valid']);
    assert.equal((ctx.w.status() as { expiresAt: number }).expiresAt, start + 80 * MIN);
    ctx.w.dispose();
  });

  it('warns when the refresh fails (the session itself is ending), and tries only once per token', async () => {
    let refreshes = 0;
    const start = new TestClock().now();
    const { clock, w, kinds } = setup({ expiresAt: start + 15 * MIN, refreshable: true }, async () => (refreshes++, false));
    await w.check();
    await clock.advance(5 * MIN);
    assert.deepEqual(kinds(), ['valid', 'expiringSoon']);
    await clock.advance(10 * MIN);
    assert.deepEqual(kinds(), ['valid', 'expiringSoon', 'expired']);
    assert.equal(refreshes, 1);
    w.dispose();
  });

  it('sees a sign-in made elsewhere (file changed) and clears the warning', async () => {
    const start = new TestClock().now();
    const { clock, state, w, kinds } = setup({ expiresAt: start - MIN, refreshable: false });
    await w.check();
    assert.deepEqual(kinds(), ['expired']);
    state.token = { expiresAt: clock.now() + 8 * 60 * MIN, refreshable: false };
    await w.check();
    assert.deepEqual(kinds(), ['expired', 'valid']);
    // Only the new warning is scheduled; the old timers are gone.
    assert.deepEqual(clock.scheduled, [clock.now() + 8 * 60 * MIN - 10 * MIN]);
    w.dispose();
  });

  it('reports a missing token and stays silent for profiles that are not SSO', async () => {
    const missing = setup(undefined);
    await missing.w.check();
    assert.deepEqual(missing.kinds(), ['missing']);
    const keys = setup('notSso');
    await keys.w.check();
    assert.deepEqual(keys.kinds(), ['notSso']);
    assert.deepEqual(keys.clock.scheduled, []);
  });

  it('reads the real token cache of the active profile and renews it at the fake', async () => {
    const fake = await startFake({ sessionName: 'watch-refresh', profileName: 'watched' });
    try {
      await withFakeEnv(fake, async () => {
        fake.sso.writeToken({ expiresInMs: 5 * MIN });
        const s = await loadActiveSession('');
        assert.equal(s.profileName, 'watched');
        const st = tokenStatus(s, Date.now());
        assert.ok(st && st !== 'notSso' && st.refreshable);
        const renewed = await refreshToken({ cacheId: s.cacheId!, token: s.token!, loadSdk: () => sdk });
        assert.ok(Date.parse(renewed.expiresAt) > Date.now() + 60 * MIN);
        assert.equal((await readToken('watch-refresh'))!.accessToken, renewed.accessToken);
        assert.ok(fake.sso.requests.some((r) => r.api === 'createToken' && r.grantType === 'refresh_token' && r.status === 200));
        // A legacy-form token has no refresh token: the watcher must warn instead.
        fake.sso.writeToken({ expiresInMs: 5 * MIN, refreshable: false });
        const legacy = tokenStatus(await loadActiveSession('watched'), Date.now());
        assert.ok(legacy && legacy !== 'notSso' && !legacy.refreshable);
      });
    } finally {
      await fake.close();
    }
  });
});

describe('active session', () => {
  it('is not an SSO session when the SDK would take keys from the environment', async () => {
    const s = await loadActiveSession('', { ...process.env, AWS_PROFILE: '', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' });
    assert.equal(tokenStatus(s, Date.now()), 'notSso');
  });
});
