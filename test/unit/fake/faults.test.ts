// The fake's fault scripts, seen from the real SDK: a request that never gets headers, a stream that
// goes silent, a reset after text, and credential_process profiles in the temp AWS config.
import * as assert from 'node:assert/strict';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { fromNodeProviderChain, fromProcess } from '@aws-sdk/credential-providers';
import { startFake, withFakeEnv, type Fake } from '../../fake/bedrockFake';
import { addConfigSection, addProcessProfile } from '../../fake/profiles';

const MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const command = () => new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
const client = () => new BedrockRuntimeClient({ maxAttempts: 1, credentials: fromNodeProviderChain({ profile: 'haiku-test' }) });
const later = (ms: number) => new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms));

describe('fake Bedrock: faults', function () {
  this.timeout(20_000);
  let fake: Fake;
  before(async () => {
    fake = await startFake();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('hangBeforeHeaders: send() stays pending until the client aborts, and the fake sees it leave', async () => {
    fake.respond({ hangBeforeHeaders: true });
    await withFakeEnv(fake, async () => {
      const c = client();
      const ac = new AbortController();
      const sent = c.send(command(), { abortSignal: ac.signal });
      sent.catch(() => undefined);
      assert.equal(await Promise.race([sent, later(300)]), 'pending');
      ac.abort();
      await assert.rejects(sent, (e: Error) => e.name === 'AbortError');
      c.destroy();
    });
    await fake.waitForRequests(1);
    assert.deepEqual([fake.requests[0].closedByClient, fake.requests[0].status], [true, undefined]);
  });

  it('hangAfterChunks: the text so far arrives, then nothing, until the client leaves', async () => {
    fake.respond({ chunks: ['one ', 'two ', 'three'], hangAfterChunks: 2 });
    await withFakeEnv(fake, async () => {
      const c = client();
      const ac = new AbortController();
      const res = await c.send(command(), { abortSignal: ac.signal });
      const it = res.stream![Symbol.asyncIterator]();
      let text = '';
      for (;;) {
        const next = await Promise.race([it.next(), later(300)]);
        if (next === 'pending') break;
        if (next.done) assert.fail('the stream ended instead of hanging');
        text += next.value.contentBlockDelta?.delta?.text ?? '';
      }
      assert.equal(text, 'one two ');
      ac.abort();
      c.destroy();
    });
    await fake.waitForRequests(1);
    assert.deepEqual([fake.requests[0].closedByClient, fake.requests[0].chunksSent], [true, 2]);
  });

  it('resetAfterChunks: RST_STREAM after the text, thrown by the SDK as an HTTP/2 stream error', async () => {
    fake.respond({ chunks: ['one ', 'two ', 'three'], chunkDelayMs: 5, resetAfterChunks: 2 });
    await withFakeEnv(fake, async () => {
      const c = client();
      let text = '';
      await assert.rejects(
        (async () => {
          const res = await c.send(command());
          for await (const ev of res.stream!) text += ev.contentBlockDelta?.delta?.text ?? '';
        })(),
        (e: Error & { code?: string }) => e.code === 'ERR_HTTP2_STREAM_ERROR',
      );
      assert.equal(text, 'one two ');
      c.destroy();
    });
  });

  // ignoreCache: the SDK keeps the config file it read first, and these profiles come later.
  it('credential_process profiles: one that signs, one that fails in its own words, one that prints garbage', async () => {
    addProcessProfile(fake, 'p-ok', { ok: true });
    addProcessProfile(fake, 'p-fail', { exitCode: 2, stderr: 'mfa device not present' });
    addProcessProfile(fake, 'p-garbage', { stdout: 'not json' });
    fake.respond({ text: 'signed' });
    await withFakeEnv(fake, async () => {
      const c = new BedrockRuntimeClient({ maxAttempts: 1, credentials: fromNodeProviderChain({ profile: 'p-ok', ignoreCache: true }) });
      const res = await c.send(command());
      for await (const _ of res.stream!) void _;
      c.destroy();
      await assert.rejects(fromProcess({ profile: 'p-fail', ignoreCache: true })(), /mfa device not present/);
      await assert.rejects(fromProcess({ profile: 'p-garbage', ignoreCache: true })(), /invalid JSON/);
      // The chain hides the cause: what BedrockService must see through.
      await assert.rejects(fromNodeProviderChain({ profile: 'p-fail', ignoreCache: true })(), /Could not load credentials from any providers/);
    });
    assert.equal(fake.requests[0].sigv4Valid, true, 'signed with keys the fake issued');
  });

  it('a section written verbatim: the SDK skips a profile header with a space in the name', async () => {
    addConfigSection(fake, 'profile with space', ['sso_session = haiku', 'sso_account_id = 111122223333', 'sso_role_name = HaikuDev']);
    await withFakeEnv(fake, async () => {
      await assert.rejects(fromNodeProviderChain({ profile: 'with space', ignoreCache: true })(), /Could not load credentials/);
    });
  });
});
