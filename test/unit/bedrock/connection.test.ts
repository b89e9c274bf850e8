// Connection reuse through BedrockService with the real SDK against the fake: one connection for many
// streams (cancelled ones too), surviving GOAWAY, idle close, drops and a dead connection; preconnect.
import * as assert from 'node:assert/strict';
import type { BedrockService, BedrockServiceOptions } from '../../../src/bedrock/client';
import type { Config } from '../../../src/shared/config';
import type { StreamRequest } from '../../../src/bedrock/types';
import { startFake, type Fake } from '../../fake/bedrockFake';
import { startDelayProxy } from '../../fake/proxy';
import { fakeConfig, fakeService, useFakeEnv } from '../../support/bedrock';

const ask: StreamRequest = { feature: 'completion', messages: [{ role: 'user', text: 'complete this' }], maxTokens: 20 };

describe('BedrockService connection reuse (real SDK, fake)', function () {
  this.timeout(30_000);
  let fake: Fake;
  let config: Config;
  let restoreEnv: () => void;
  const services: BedrockService[] = [];
  const service = (opts: Partial<BedrockServiceOptions> = {}) => {
    const s = fakeService(() => config, opts);
    services.push(s);
    return s;
  };
  /** Sends n requests one after the other; every `cancelEvery`-th is cancelled after its first text. */
  const run = async (s: BedrockService, n: number, cancelEvery = 0) => {
    const outcomes: string[] = [];
    for (let i = 1; i <= n; i++) {
      const controller = new AbortController();
      const cancel = cancelEvery > 0 && i % cancelEvery === 0;
      const r = await s.stream(ask, { signal: controller.signal, onText: () => void (cancel && controller.abort()) });
      outcomes.push(r.outcome);
    }
    return outcomes;
  };

  before(async () => {
    fake = await startFake();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.connections.h2Sessions = 0;
    fake.sso.writeToken();
    restoreEnv = useFakeEnv(fake);
    config = fakeConfig('');
    fake.respond({ text: 'return result; // and some more text', chunkChars: 6, chunkDelayMs: 3 });
  });
  afterEach(() => {
    for (const s of services.splice(0)) s.dispose();
    restoreEnv();
  });

  it('20 streams, a third of them cancelled, share one connection (the SDK default opens 20)', async () => {
    const ours = await run(service(), 20, 3);
    assert.equal(ours.filter((o) => o === 'aborted').length, 6);
    assert.equal(ours.filter((o) => o === 'complete').length, 14);
    await fake.waitForRequests(20);
    assert.ok(fake.requests.filter((r) => r.closedByClient).length >= 6, 'each cancel ended its stream at the server');
    assert.equal(fake.connections.h2Sessions, 1);

    fake.reset();
    fake.connections.h2Sessions = 0;
    await run(service({ connectionReuse: false }), 20, 3);
    assert.equal(fake.connections.h2Sessions, 20, 'baseline: the SDK\'s handler, a connection per event stream');
  });

  it('a cancelled stream ends at the server at once while the connection stays up', async () => {
    const s = service();
    fake.respond({ text: 'x'.repeat(2000), chunkChars: 10, chunkDelayMs: 20 });
    const controller = new AbortController();
    const r = await s.stream(ask, { signal: controller.signal, onText: (_d, all) => void (all.length >= 20 && controller.abort()) });
    assert.equal(r.outcome, 'aborted');
    await fake.waitForRequests(1);
    assert.equal(fake.requests[0].closedByClient, true);
    assert.ok(fake.requests[0].chunksSent < 20, `stopped after ${fake.requests[0].chunksSent} of 200 chunks`);
    fake.respond({ text: 'next' });
    assert.equal((await s.stream(ask)).text, 'next');
    assert.equal(fake.connections.h2Sessions, 1);
  });

  it('completions and a chat answer stream at the same time on the one connection', async () => {
    const s = service();
    fake.respond((req) => ({ text: `answer to ${req.promptText}`, chunkDelayMs: 10 }));
    const results = await Promise.all([
      s.stream({ ...ask, feature: 'chat', messages: [{ role: 'user', text: 'chat' }] }),
      s.stream({ ...ask, messages: [{ role: 'user', text: 'one' }] }),
      s.stream({ ...ask, messages: [{ role: 'user', text: 'two' }] }),
    ]);
    assert.deepEqual(results.map((r) => r.text), ['answer to chat', 'answer to one', 'answer to two']);
    assert.equal(fake.connections.h2Sessions, 1);
  });

  it('GOAWAY: the stream in flight finishes, the next request opens a new connection, no error', async () => {
    const s = service();
    await run(s, 1);
    fake.respond({ text: 'finishing after goaway', chunkDelayMs: 20 });
    const inFlight = s.stream(ask, { onText: (_d, all) => void (all.length > 0 && fake.goAway()) });
    assert.equal((await inFlight).outcome, 'complete');
    fake.respond({ text: 'on a new connection' });
    const next = await s.stream(ask);
    assert.equal(next.outcome, 'complete', next.error?.detail);
    assert.equal(fake.connections.h2Sessions, 2);
  });

  it('idle close (a bare FIN) and a dropped connection: the next request reconnects transparently', async () => {
    const s = service();
    await run(s, 1);
    assert.equal(fake.closeIdleConnections(), 1);
    await new Promise((r) => setTimeout(r, 50));
    const r = await s.stream(ask);
    assert.equal(r.outcome, 'complete', r.error?.detail);
    fake.dropConnections();
    const again = await s.stream(ask);
    assert.equal(again.outcome, 'complete', again.error?.detail);
    assert.equal(fake.connections.h2Sessions, 3);
  });

  it('a connection that went silent (sleep, NAT) is found dead by a PING and the request moves to a new one', async () => {
    const relay = await startDelayProxy({ host: '127.0.0.1', port: fake.port }, 1);
    try {
      config.aws.endpoint = `http://127.0.0.1:${relay.port}`;
      const s = service({ pool: { pingAfterIdleMs: 50, pingTimeoutMs: 300 } });
      await run(s, 1);
      relay.blackHole();
      await new Promise((r) => setTimeout(r, 100));
      const r = await s.stream(ask);
      assert.equal(r.outcome, 'complete', r.error?.detail);
      assert.equal(relay.connections, 2);
      assert.equal(s.connectionStats().retried, 1);
    } finally {
      await relay.close();
    }
  });

  it('preconnect opens the connection and loads credentials before the first request, which then opens none', async () => {
    const s = service();
    const portalCalls = () => fake.sso.requests.filter((r) => r.api === 'getRoleCredentials').length;
    const before = portalCalls();
    await s.preconnect();
    assert.equal(fake.connections.h2Sessions, 1);
    assert.equal(portalCalls(), before + 1, 'role credentials fetched');
    assert.deepEqual(await run(s, 3), ['complete', 'complete', 'complete']);
    assert.equal(fake.connections.h2Sessions, 1);
    assert.equal(portalCalls(), before + 1, 'and reused');
  });

  it('a request that timed out ends only its stream: the next one goes out on the same connection', async () => {
    const s = service({ timeouts: { completion: { firstByteMs: 200 } } });
    await run(s, 1);
    fake.respond({ hangBeforeHeaders: true });
    assert.equal((await s.stream(ask)).error?.kind, 'timedOut');
    fake.respond({ text: 'still here' });
    assert.equal((await s.stream(ask)).text, 'still here');
    await fake.waitForRequests(3);
    assert.equal(fake.requests[1].closedByClient, true, 'the hung request was closed at the server');
    assert.equal(fake.connections.h2Sessions, 1);
  });

  it('signing in again (new credentials, new SDK client) keeps the connection', async () => {
    const s = service();
    await run(s, 1);
    s.resetCredentials();
    assert.deepEqual(await run(s, 1), ['complete']);
    assert.equal(fake.connections.h2Sessions, 1);
  });

  it('preconnect while signed out, then a sign-in: the first request works', async () => {
    fake.sso.writeToken({ expired: true, refreshable: false });
    const s = service();
    await s.preconnect();
    fake.sso.writeToken();
    const r = await s.stream(ask);
    assert.equal(r.outcome, 'complete', r.error?.detail);
  });

  it('preconnect never throws, even with nothing to connect to', async () => {
    config.aws.endpoint = 'http://127.0.0.1:9';
    await service().preconnect();
  });
});
