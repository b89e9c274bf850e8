// Less central fake behaviours other tests lean on: HTTP/1.1 clients, parallel streams,
// latency-optimized echo and fallback, held-open streams.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { BedrockRuntimeClient, ConverseStreamCommand, InvokeModelCommand, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startFake, withFakeEnv, type Fake } from '../../fake/bedrockFake';

const MODEL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';

function h1Client(agent: http.Agent): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    maxAttempts: 1,
    credentials: fromNodeProviderChain({ profile: 'haiku-test' }),
    requestHandler: new NodeHttpHandler({ httpAgent: agent }),
  });
}

async function collect(c: BedrockRuntimeClient, text: string, opts: { abortAfter?: number; latency?: 'optimized' | 'standard' } = {}) {
  const ac = new AbortController();
  const res = await c.send(
    new ConverseStreamCommand({
      modelId: MODEL,
      messages: [{ role: 'user', content: [{ text }] }],
      ...(opts.latency ? { performanceConfig: { latency: opts.latency } } : {}),
    }),
    { abortSignal: ac.signal },
  );
  const events: ConverseStreamOutput[] = [];
  let out = '';
  let n = 0;
  for await (const ev of res.stream!) {
    events.push(ev);
    if (ev.contentBlockDelta?.delta?.text) {
      out += ev.contentBlockDelta.delta.text;
      if (++n === opts.abortAfter) ac.abort();
    }
  }
  return { text: out, events };
}

describe('fake Bedrock: extras', () => {
  let fake: Fake;
  before(async () => {
    fake = await startFake();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('streams to an HTTP/1.1 keep-alive client, with a valid signature over `host`, on one connection', async () => {
    fake.respond((req) => ({ text: `re: ${req.promptText}` }));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const connections = new Set<unknown>();
    agent.on('free', (s) => connections.add(s));
    try {
      const texts = await withFakeEnv(fake, async () => {
        const c = h1Client(agent);
        try {
          return [(await collect(c, 'one')).text, (await collect(c, 'two')).text];
        } finally {
          c.destroy();
        }
      });
      assert.deepEqual(texts, ['re: one', 're: two']);
    } finally {
      agent.destroy();
    }
    assert.deepEqual(fake.requests.map((r) => [r.httpVersion, r.sigv4Valid]), [['1.1', true], ['1.1', true]]);
    assert.equal(connections.size, 1, 'keep-alive reused the connection');
  });

  it('sees an HTTP/1.1 client abort as closedByClient', async () => {
    fake.respond({ text: 'y'.repeat(300), chunkChars: 3, chunkDelayMs: 15 });
    const agent = new http.Agent({ keepAlive: true });
    try {
      await withFakeEnv(fake, async () => {
        const c = h1Client(agent);
        try {
          await collect(c, 'go', { abortAfter: 2 }).catch(() => undefined);
        } finally {
          c.destroy();
        }
      });
    } finally {
      agent.destroy();
    }
    await fake.waitForRequests(1);
    assert.equal(fake.requests[0].closedByClient, true);
    assert.ok(fake.requests[0].chunksSent < 100);
  });

  it('answers parallel streams independently (responder keyed on the prompt)', async () => {
    fake.respond((req) => ({ text: `answer to ${req.promptText}`, chunkChars: 3, chunkDelayMs: 2 }));
    const prompts = ['a', 'b', 'c', 'd', 'e'];
    const texts = await withFakeEnv(fake, async () => {
      const c = new BedrockRuntimeClient({ maxAttempts: 1, credentials: fromNodeProviderChain({ profile: 'haiku-test' }) });
      try {
        return await Promise.all(prompts.map((p) => collect(c, p).then((r) => r.text)));
      } finally {
        c.destroy();
      }
    });
    assert.deepEqual(texts, prompts.map((p) => `answer to ${p}`));
    assert.equal(fake.requests.length, 5);
    assert.ok(fake.requests.every((r) => r.completed && r.sigv4Valid));
  });

  it('echoes the latency tier asked for, and can report a fallback to standard', async () => {
    const metadataOf = async () =>
      withFakeEnv(fake, async () => {
        const c = new BedrockRuntimeClient({ maxAttempts: 1, credentials: fromNodeProviderChain({ profile: 'haiku-test' }) });
        try {
          return (await collect(c, 'fast please', { latency: 'optimized' })).events.find((e) => e.metadata)?.metadata;
        } finally {
          c.destroy();
        }
      });
    assert.equal((await metadataOf())?.performanceConfig?.latency, 'optimized');
    assert.equal(fake.requests[0].requestedLatency, 'optimized');
    fake.respond({ text: 'ok', servedLatency: 'standard' });
    assert.equal((await metadataOf())?.performanceConfig?.latency, 'standard');
  });

  it('InvokeModel reports the latency tier in its response header', async () => {
    const out = await withFakeEnv(fake, async () => {
      const c = new BedrockRuntimeClient({ maxAttempts: 1, credentials: fromNodeProviderChain({ profile: 'haiku-test' }) });
      try {
        return await c.send(
          new InvokeModelCommand({
            modelId: MODEL,
            contentType: 'application/json',
            accept: 'application/json',
            performanceConfigLatency: 'optimized',
            body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
          }),
        );
      } finally {
        c.destroy();
      }
    });
    assert.equal(out.performanceConfigLatency, 'optimized');
    assert.equal(fake.requests[0].requestedLatency, 'optimized');
  });

  it('hang keeps the stream open after the text until the client aborts', async () => {
    fake.respond({ chunks: ['partial ', 'answer'], hang: true });
    const got = await withFakeEnv(fake, async () => {
      const c = new BedrockRuntimeClient({ maxAttempts: 1, credentials: fromNodeProviderChain({ profile: 'haiku-test' }) });
      try {
        return await collect(c, 'x', { abortAfter: 2 });
      } finally {
        c.destroy();
      }
    });
    assert.equal(got.text, 'partial answer');
    assert.equal(got.events.some((e) => e.messageStop), false);
    await fake.waitForRequests(1);
    assert.equal(fake.requests[0].closedByClient, true);
    assert.equal(fake.requests[0].chunksSent, 2);
  });

  it('waitForRequests rejects with a useful message when too few requests end', async () => {
    await assert.rejects(fake.waitForRequests(1, 50), /waited 50 ms for 1 requests, 0 ended/);
  });
});
