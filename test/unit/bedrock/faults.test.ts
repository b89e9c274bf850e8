// Hung streams, resets and broken credentials, produced for real by the loopback fake against the real
// AWS SDK: each ends with the kind, message and action that name its cause, and keeps what arrived.
import * as assert from 'node:assert/strict';
import type { BedrockService } from '../../../src/bedrock/client';
import { isPermanentKind } from '../../../src/bedrock/errors';
import type { Config } from '../../../src/shared/config';
import type { StreamRequest } from '../../../src/bedrock/types';
import type { Fake } from '../../fake/bedrockFake';
import { addConfigSection, addProcessProfile } from '../../fake/profiles';
import { fakeBedrockSuite } from '../../support/bedrock';

const ask: StreamRequest = { feature: 'chat', messages: [{ role: 'user', text: 'Say hello' }], maxTokens: 50 };
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('BedrockService faults against the fake (real SDK)', function () {
  this.timeout(30_000);
  let fake: Fake;
  let config: Config;
  let service: BedrockService;

  fakeBedrockSuite(
    {
      omit: ['AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'AWS_PROFILE'],
      service: { timeouts: { chat: { firstByteMs: 400, idleMs: 400 } } },
      setUpFake: (f) => {
        addProcessProfile(f, 'proc-ok', { ok: true });
        addProcessProfile(f, 'proc-fail', { exitCode: 3, stderr: 'vault: login expired, run `vault login`\n' });
        addProcessProfile(f, 'proc-garbage', { stdout: 'hello' });
        const sso = ['sso_session = haiku', 'sso_account_id = 111122223333', 'sso_role_name = HaikuDev', 'region = us-east-1'];
        addConfigSection(f, 'profile team.dev', sso);
        addConfigSection(f, 'profile team dev', sso);
        addConfigSection(f, 'profile lost-session', ['sso_session = gone', 'sso_account_id = 111122223333', 'sso_role_name = HaikuDev']);
      },
    },
    (s) => ({ fake, config, service } = s),
  );

  describe('timeouts of our own', () => {
    it('no response headers: timedOut with Retry, the request closed at the server and not retried', async () => {
      fake.respond({ hangBeforeHeaders: true });
      const r = await service.stream(ask);
      assert.equal(r.outcome, 'error');
      assert.equal(r.error?.kind, 'timedOut', r.error?.detail);
      assert.equal(r.error?.action?.id, 'retry');
      assert.match(r.error!.message, /stopped answering/);
      await fake.waitForRequests(1);
      assert.equal(fake.requests[0].closedByClient, true, 'the server saw the request end');
      await settle();
      assert.equal(fake.requests.length, 1, 'the SDK did not send it again');
    });

    it('silence mid-stream: timedOut, keeping the text that arrived', async () => {
      fake.respond({ chunks: ['Hello ', 'there, ', 'never finished'], chunkDelayMs: 5, hangAfterChunks: 2 });
      const r = await service.stream(ask);
      assert.equal(r.error?.kind, 'timedOut', r.error?.detail);
      assert.equal(r.text, 'Hello there, ');
      assert.ok(r.cost.usd > 0 && r.cost.estimate, 'what arrived is billed, so it is estimated');
      await fake.waitForRequests(1);
      assert.equal(fake.requests[0].closedByClient, true);
      await settle();
      assert.equal(fake.requests.length, 1);
    });

    it('a slow but steady answer is not cut: each event restarts the idle timer', async () => {
      // 8 gaps of 150 ms: longer in total than the 400 ms limit, never silent for that long.
      fake.respond({ chunks: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], chunkDelayMs: 150 });
      const r = await service.stream(ask);
      assert.equal(r.outcome, 'complete', r.error?.detail);
      assert.equal(r.text, 'abcdefghi');
    });

    it('a caller can set its own limits per request', async () => {
      fake.respond({ text: 'late', firstByteDelayMs: 700 });
      assert.equal((await service.stream(ask, { timeouts: { firstByteMs: 5000 } })).outcome, 'complete');
      fake.respond({ hangBeforeHeaders: true });
      const r = await service.stream({ ...ask, feature: 'completion' }, { timeouts: { firstByteMs: 200 } });
      assert.equal(r.error?.kind, 'timedOut');
    });

    it('the caller cancelling a hung request is aborted, not a timeout', async () => {
      fake.respond({ hangBeforeHeaders: true });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const r = await service.stream(ask, { signal: controller.signal });
      assert.equal(r.outcome, 'aborted');
      assert.equal(r.error, undefined);
    });
  });

  it('an HTTP/2 reset after text arrived is a stream reset with Retry, keeping the text', async () => {
    fake.respond({ chunks: ['Part one. ', 'Part two. ', 'Part three.'], chunkDelayMs: 5, resetAfterChunks: 2 });
    const r = await service.stream(ask);
    assert.equal(r.error?.kind, 'streamReset', r.error?.detail);
    assert.equal(r.error?.action?.id, 'retry');
    assert.equal(r.text, 'Part one. Part two. ');
    assert.doesNotMatch(r.error!.message, /could not reach/i);
    assert.equal(isPermanentKind('streamReset'), false);
  });

  describe('credentials', () => {
    // Default limits here: starting a credential_process (a node script) takes longer than the short ones.
    const ask: StreamRequest = { feature: 'test', messages: [{ role: 'user', text: 'Say hello' }], maxTokens: 50 };
    it('a working credential_process signs requests', async () => {
      config.aws.profile = 'proc-ok';
      fake.respond({ text: 'ok' });
      const r = await service.stream(ask);
      assert.equal(r.outcome, 'complete', r.error?.detail);
      assert.equal(fake.requests[0].sigv4Valid, true);
    });

    it('a failing credential_process says so, in its own words, and pauses until the profile changes', async () => {
      config.aws.profile = 'proc-fail';
      const r = await service.stream(ask);
      assert.equal(r.error?.kind, 'credentialProcess', r.error?.detail);
      assert.equal(r.error?.action?.id, 'selectProfile');
      assert.match(r.error!.message, /credential_process of profile "proc-fail" failed/);
      assert.doesNotMatch(r.error!.message, /sign in|SSO/i);
      assert.match(r.error!.detail, /login expired/);
      assert.equal(isPermanentKind(r.error!.kind), true);
      assert.equal(fake.requests.length, 0, 'nothing was sent');
    });

    it('a credential_process that prints no credentials is a credential_process failure', async () => {
      config.aws.profile = 'proc-garbage';
      const r = await service.stream(ask);
      assert.equal(r.error?.kind, 'credentialProcess', r.error?.detail);
      assert.match(r.error!.detail, /invalid JSON/i);
    });

    it('a dotted profile name works; a name with a space is named as unreadable, not as an expired session', async () => {
      fake.respond({ text: 'ok' });
      config.aws.profile = 'team.dev';
      assert.equal((await service.stream(ask)).outcome, 'complete');
      config.aws.profile = 'team dev';
      const r = await service.stream(ask);
      assert.equal(r.error?.kind, 'unknownProfile', r.error?.detail);
      assert.equal(r.error?.action?.id, 'selectProfile');
      assert.match(r.error!.message, /"team dev".*cannot read its name/);
    });

    it('a profile setting with spaces around the name finds the profile', async () => {
      fake.respond({ text: 'ok' });
      config.aws.profile = '  haiku-test ';
      assert.equal((await service.stream(ask)).outcome, 'complete');
    });

    it('an sso_session the SDK cannot find is named, not reported as an unknown failure', async () => {
      config.aws.profile = 'lost-session';
      const r = await service.stream(ask);
      assert.equal(r.error?.kind, 'unknownProfile', r.error?.detail);
      assert.match(r.error!.message, /sso_session "gone"/);
    });
  });
});
