// The Bedrock layer with the real AWS SDK and real SSO credential resolution, against the loopback fake.
import * as assert from 'node:assert/strict';
import { BedrockService } from '../../../src/bedrock/client';
import type { Config } from '../../../src/shared/config';
import { silentLogger } from '../../../src/shared/logger';
import type { ErrorKind, StreamRequest, StreamResult } from '../../../src/bedrock/types';
import { bedrockError } from '../../../src/bedrock/errors';
import type { Fake, FakeReply } from '../../fake/bedrockFake';
import { fakeBedrockSuite, fakeService } from '../../support/bedrock';

const ask: StreamRequest = { feature: 'test', messages: [{ role: 'user', text: 'Say hello' }], maxTokens: 50 };

describe('BedrockService against the fake (real SDK, SSO profile)', function () {
  this.timeout(30_000);
  let fake: Fake;
  let config: Config;
  let service: BedrockService;
  // Credentials come from HOME's SSO profile; the endpoint from the setting, not from AWS_ENDPOINT_URL_*.
  fakeBedrockSuite({ omit: ['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'] }, (s) => ({ fake, config, service } = s));

  it('streams text, reports usage with cache tokens, timings and cost', async () => {
    fake.respond({ chunks: ['Hel', 'lo ', 'there'], usage: { inputTokens: 1200, outputTokens: 3, cacheReadInputTokens: 5000, cacheWriteInputTokens: 100 } });
    const deltas: string[] = [];
    const r = await service.stream(ask, { onText: (d) => void deltas.push(d) });
    assert.equal(r.outcome, 'complete');
    assert.equal(r.text, 'Hello there');
    assert.deepEqual(deltas, ['Hel', 'lo ', 'there']);
    assert.deepEqual(r.usage, { inputTokens: 1200, outputTokens: 3, cacheReadTokens: 5000, cacheWriteTokens: 100 });
    assert.ok(r.timings.firstTokenMs !== undefined && r.timings.firstTokenMs <= r.timings.totalMs);
    // Haiku 4.5: $1 in, $5 out, $0.10 cache read, $1.25 cache write per million.
    const expected = (1200 * 1 + 3 * 5 + 5000 * 0.1 + 100 * 1.25) / 1e6;
    assert.equal(r.cost.usd.toFixed(8), expected.toFixed(8));
    const req = fake.requests[0];
    assert.equal(req.modelId, 'us.anthropic.claude-haiku-4-5-20251001-v1:0');
    assert.equal(req.sigv4Valid, true, 'signed with the SSO role credentials the fake issued');
    assert.ok(service.sdkLoaded());
  });

  it('does not load the SDK before the first request', () => {
    const fresh = new BedrockService({ config: () => config, loadSdk: () => assert.fail('loaded too early'), log: silentLogger });
    assert.equal(fresh.sdkLoaded(), false);
    assert.ok(fresh.resolved().invokeId.includes('haiku'));
    fresh.dispose();
  });

  it('sends prompt-cache points, stop sequences, and latency-optimized only where offered', async () => {
    config.model = 'claude-3-5-haiku';
    config.aws.region = 'us-east-2';
    config.latencyOptimized = true;
    fake.respond({ text: 'ok' });
    const r = await service.stream({
      ...ask,
      system: 'You are terse.',
      systemCachePoint: true,
      messages: [{ role: 'user', text: 'a', cachePoint: true }, { role: 'assistant', text: 'b' }, { role: 'user', text: 'c' }],
      stopSequences: ['\n\n'],
      temperature: 0.1,
    });
    assert.equal(r.latencyOptimized, true);
    const body = fake.requests[0].body;
    assert.deepEqual(body.performanceConfig, { latency: 'optimized' });
    assert.deepEqual(body.system[1], { cachePoint: { type: 'default' } });
    assert.deepEqual(body.messages[0].content[1], { cachePoint: { type: 'default' } });
    assert.deepEqual(body.inferenceConfig.stopSequences, ['\n\n']);
    // Latency-optimized 3.5 Haiku prices: $1 / $5.
    assert.ok(Math.abs(r.cost.usd - (r.usage.inputTokens * 1 + r.usage.outputTokens * 5) / 1e6) < 1e-12);

    config.aws.region = 'us-west-2';
    await service.stream(ask);
    assert.equal(fake.requests[1].body.performanceConfig, undefined, 'not offered in us-west-2');
  });

  it('turns thinking off for a model that thinks by default', async () => {
    config.model = 'claude-haiku-5-5';
    fake.respond({ text: 'ok' });
    await service.stream(ask);
    assert.deepEqual(fake.requests[0].body.additionalModelRequestFields, { thinking: { type: 'disabled' } });
  });

  it('aborts: the stream is closed at the server and the outcome is aborted', async () => {
    fake.respond({ text: 'x'.repeat(400), chunkDelayMs: 20 });
    const controller = new AbortController();
    const r = await service.stream(ask, {
      signal: controller.signal,
      onText: (_d, all) => {
        if (all.length >= 16) controller.abort();
      },
    });
    assert.equal(r.outcome, 'aborted');
    await fake.waitForRequests(1);
    assert.equal(fake.requests[0].closedByClient, true);
    assert.ok(fake.requests[0].chunksSent < 50);
    assert.ok(r.usage.outputTokens > 0, 'aborted output is still estimated for cost');
    assert.equal(r.cost.estimate, true);
  });

  it('stops early when the caller has what it needs (counted as complete), closing the stream', async () => {
    fake.respond({ text: 'line one\nline two\nline three', chunkDelayMs: 15, chunks: ['line one', '\nline', ' two\nline three'] });
    const r = await service.stream(ask, { onText: (_d, all) => !all.includes('\n') });
    assert.equal(r.outcome, 'complete');
    assert.equal(r.text, 'line one\nline');
    await fake.waitForRequests(1);
    assert.equal(fake.requests[0].closedByClient, true);
  });

  it('an abort before the answer starts is aborted, not an error', async () => {
    fake.respond({ text: 'late', firstByteDelayMs: 500 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const r = await service.stream(ask, { signal: controller.signal });
    assert.equal(r.outcome, 'aborted');
    assert.equal(r.error, undefined);
  });

  it('tells a dropped connection (cut off) from a finished answer, keeping the partial text', async () => {
    fake.respond({ text: 'partial answer that will be cut', chunkDelayMs: 5, dropAfterChunks: 2 });
    const r = await service.stream(ask);
    assert.equal(r.outcome, 'cutOff');
    assert.equal(r.error?.kind, 'cutOff');
    assert.ok(r.text.length > 0 && r.text.length < 'partial answer that will be cut'.length);
  });

  const cases: [string, FakeReply, ErrorKind][] = [
    ['throttled (after the SDK retries)', { httpError: 'throttled' }, 'throttled'],
    ['no model access', { httpError: 'accessDenied' }, 'accessDenied'],
    ['a retired model', { httpError: 'modelRetired' }, 'modelRetired'],
    ['a model that needs an inference profile', { httpError: 'needsProfile' }, 'needsInferenceProfile'],
    ['an unknown model', { httpError: 'modelNotFound' }, 'modelNotFound'],
    ['input too long', { httpError: 'inputTooLong' }, 'inputTooLong'],
    ['service unavailable', { httpError: 'unavailable' }, 'serviceError'],
    ['an internal error', { httpError: 'internal' }, 'serviceError'],
    ['expired role credentials', { httpError: 'expiredCredentials' }, 'expiredSso'],
    ['throttled inside the stream', { text: 'abcdefgh'.repeat(4), streamError: { afterChunks: 1, kind: 'throttlingException' } }, 'throttled'],
    ['a model error inside the stream', { text: 'abcdefgh'.repeat(4), streamError: { afterChunks: 1, kind: 'modelStreamErrorException' } }, 'serviceError'],
    ['a reset HTTP/2 stream', { text: 'abcdefgh'.repeat(4), chunkDelayMs: 5, resetAfterChunks: 1 }, 'streamReset'],
  ];
  for (const [name, reply, kind] of cases) {
    it(`classifies ${name} as ${kind}, with a message and an action`, async () => {
      fake.respond(reply);
      const r: StreamResult = await service.stream(ask);
      assert.equal(r.outcome, 'error');
      assert.equal(r.error?.kind, kind, r.error?.detail);
      assert.ok(r.error!.message.length > 10);
      assert.ok(r.error!.action, 'every kind offers an action');
      // Refused before answering: Bedrock bills nothing, so neither do we.
      if (reply.httpError) assert.deepEqual([r.cost.usd, r.usage.inputTokens, r.usage.outputTokens], [0, 0, 0]);
      else assert.ok(r.cost.usd > 0 && r.cost.estimate, 'a stream that failed midway is estimated');
    });
  }

  it('gives each kind its own message', () => {
    // Guard against copy-paste: the user must be able to tell kinds apart by their message.
    const kinds: ErrorKind[] = ['expiredSso', 'unknownProfile', 'noCredentials', 'accessDenied', 'modelRetired', 'needsInferenceProfile', 'modelNotFound', 'throttled', 'inputTooLong', 'serviceError', 'network', 'cutOff', 'timedOut', 'streamReset', 'credentialProcess', 'budget'];
    const messages = new Set(kinds.map((k) => bedrockError(k, '').message));
    assert.equal(messages.size, kinds.length);
  });

  it('reports a closed port as a network failure', async () => {
    config.aws.endpoint = 'http://127.0.0.1:9';
    const r = await service.stream(ask);
    assert.equal(r.error?.kind, 'network', r.error?.detail);
  });

  it('reports an unknown profile', async () => {
    config.aws.profile = 'no-such-profile';
    const r = await service.stream(ask);
    assert.equal(r.error?.kind, 'unknownProfile', r.error?.detail);
    assert.match(r.error!.message, /no-such-profile/);
  });

  it('reports no credentials at all', async () => {
    config.aws.profile = '';
    delete process.env.AWS_PROFILE;
    process.env.AWS_CONFIG_FILE = '/nonexistent/config';
    const r = await service.stream(ask);
    assert.ok(['noCredentials', 'unknownProfile'].includes(r.error!.kind), r.error?.detail);
  });

  it('an expired SSO session fails with Sign in, and a new login works without a new service', async () => {
    fake.sso.writeToken({ expired: true, refreshable: false });
    fake.respond({ text: 'ok' });
    const first = await service.stream(ask);
    assert.equal(first.error?.kind, 'expiredSso', first.error?.detail);
    assert.equal(first.error?.action?.id, 'signIn');
    assert.equal(service.authProblem()?.kind, 'expiredSso');
    assert.equal(fake.requests.length, 0, 'nothing was sent without credentials');

    fake.sso.writeToken(); // what `aws sso login` does
    const second = await service.stream(ask);
    assert.equal(second.outcome, 'complete', second.error?.detail);
    assert.equal(service.authProblem(), undefined);
  });

  it('a budget gate stops a request before it is sent', async () => {
    service.installGate((feature) => (feature === 'completion' ? bedrockError('budget', 'over') : undefined));
    const r = await service.stream({ ...ask, feature: 'completion' });
    assert.equal(r.error?.kind, 'budget');
    assert.equal(r.cost.usd, 0);
    assert.equal(fake.requests.length, 0);
    fake.respond({ text: 'ok' });
    assert.equal((await service.stream({ ...ask, feature: 'chat' })).outcome, 'complete');
  });

  it('a gate goes in once, before the first request: a later or second one is a wiring error, not a silent gap', async () => {
    service.installGate(() => undefined);
    assert.throws(() => service.installGate(() => undefined), /already installed/);
    const late = fakeService(() => config);
    fake.respond({ text: 'ok' });
    await late.stream(ask);
    assert.throws(() => late.installGate(() => bedrockError('budget', 'over')), /before the first request/);
    late.dispose();
  });

  it('tells listeners when a request starts and finishes', async () => {
    fake.respond({ text: 'ok' });
    const events: string[] = [];
    service.onDidStart((f) => events.push(`start:${f}`));
    service.onDidFinish((r, f) => events.push(`finish:${f}:${r.outcome}`));
    await service.stream(ask);
    assert.deepEqual(events, ['start:test', 'finish:test:complete']);
  });

  it('hands a request\'s language to the finish listeners (the usage record) and never sends it', async () => {
    fake.respond({ text: 'ok' });
    const tags: unknown[] = [];
    service.onDidFinish((_r, _f, t) => tags.push(t));
    await service.stream({ ...ask, languageId: 'zz-lang-tag' });
    await service.stream(ask);
    assert.deepEqual(tags, [{ languageId: 'zz-lang-tag' }, {}]);
    assert.equal(fake.requests.length, 2);
    assert.match(JSON.stringify(fake.requests[0].body), /Say hello/);
    assert.doesNotMatch(JSON.stringify(fake.requests[0].body), /zz-lang-tag/);
  });
});
