// The fake must look like Bedrock to the real SDK: these tests drive it with BedrockRuntimeClient
// and SSO credentials from the fake's own profile, as the extension does.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as http2 from 'node:http2';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type ConverseStreamCommandInput,
  type ConverseStreamOutput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-bedrock-runtime';
import type { FinalizeHandler, FinalizeHandlerArguments } from '@smithy/types';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { startFake, withFakeEnv, type Fake, type FakeReply } from '../../fake/bedrockFake';
import { decodeFrames } from '../../fake/eventStream';

const MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

function input(text = 'Say hello', modelId = MODEL): ConverseStreamCommandInput {
  return {
    modelId,
    system: [{ text: 'You are terse.' }],
    messages: [{ role: 'user', content: [{ text }] }],
    inferenceConfig: { maxTokens: 100 },
  };
}

function client(maxAttempts = 1): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ maxAttempts, credentials: fromNodeProviderChain({ profile: 'haiku-test' }) });
}

interface Collected {
  text: string;
  events: ConverseStreamOutput[];
  error?: { name: string; message: string; code?: string };
}

async function converse(fake: Fake, opts: { input?: ConverseStreamCommandInput; abortAfterChunks?: number; maxAttempts?: number } = {}): Promise<Collected> {
  return withFakeEnv(fake, async () => {
    const c = client(opts.maxAttempts);
    const ac = new AbortController();
    const out: Collected = { text: '', events: [] };
    try {
      const res = await c.send(new ConverseStreamCommand(opts.input ?? input()), { abortSignal: ac.signal });
      let deltas = 0;
      for await (const ev of res.stream!) {
        out.events.push(ev);
        if (ev.contentBlockDelta?.delta?.text) {
          out.text += ev.contentBlockDelta.delta.text;
          if (++deltas === opts.abortAfterChunks) ac.abort();
        }
      }
    } catch (e) {
      const err = e as Error & { code?: string };
      out.error = { name: err.name, message: err.message, code: err.code };
    } finally {
      c.destroy();
    }
    return out;
  });
}

describe('fake Bedrock: ConverseStream through the real SDK', () => {
  let fake: Fake;
  before(async () => {
    fake = await startFake();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('streams the scripted text in chunks and ends with stop + metadata', async () => {
    fake.respond({ text: 'The quick brown fox jumps over the lazy dog.', chunkChars: 6 });
    const r = await converse(fake);
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'The quick brown fox jumps over the lazy dog.');
    const deltas = r.events.filter((e) => e.contentBlockDelta).length;
    assert.ok(deltas >= 5, `expected several chunks, got ${deltas}`);
    assert.deepEqual(r.events[0].messageStart, { role: 'assistant' });
    assert.equal(r.events.find((e) => e.messageStop)?.messageStop?.stopReason, 'end_turn');
    assert.ok(r.events.at(-1)?.metadata, 'metadata comes last');
  });

  it('reports usage including cache read and write tokens', async () => {
    fake.respond({ text: 'ok', usage: { inputTokens: 1200, outputTokens: 7, cacheReadInputTokens: 4096, cacheWriteInputTokens: 512 } });
    const r = await converse(fake);
    const usage = r.events.find((e) => e.metadata)?.metadata?.usage;
    assert.deepEqual(usage, {
      inputTokens: 1200,
      outputTokens: 7,
      totalTokens: 1200 + 7 + 4096 + 512,
      cacheReadInputTokens: 4096,
      cacheWriteInputTokens: 512,
    });
  });

  it('answers with a default text when nothing is scripted, and logs the request', async () => {
    const r = await converse(fake, { input: input('What is 2+2?') });
    assert.match(r.text, /fake Bedrock/);
    await fake.waitForRequests(1);
    const [req] = fake.requests;
    assert.equal(req.api, 'converseStream');
    assert.equal(req.modelId, MODEL);
    assert.equal(req.promptText, 'You are terse.\nWhat is 2+2?');
    assert.equal(req.body.inferenceConfig.maxTokens, 100);
    assert.equal(req.completed, true);
    assert.equal(req.closedByClient, false);
    assert.ok(req.endedAt! >= req.startedAt);
  });

  it('decodes URL-encoded ARNs into modelId', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0';
    await converse(fake, { input: input('x', arn) });
    assert.equal(fake.requests[0].modelId, arn);
  });

  it('uses queued one-shot replies before the standing one, and passes the request to responder functions', async () => {
    fake.respond((req) => ({ text: `echo:${req.promptText.split('\n')[1]}` }));
    fake.enqueue({ text: 'first' });
    assert.equal((await converse(fake, { input: input('a') })).text, 'first');
    assert.equal((await converse(fake, { input: input('b') })).text, 'echo:b');
  });

  const httpRows: [NonNullable<FakeReply['httpError']>, string, RegExp][] = [
    ['throttled', 'ThrottlingException', /Too many requests/],
    ['accessDenied', 'AccessDeniedException', /don't have access/],
    ['validation', 'ValidationException', /Malformed input/],
    ['needsProfile', 'ValidationException', /on-demand throughput isn.t supported.*inference profile/],
    ['inputTooLong', 'ValidationException', /too long/],
    ['modelRetired', 'ResourceNotFoundException', /reached the end of its life/],
    ['modelNotFound', 'ValidationException', /model identifier is invalid/],
    ['unavailable', 'ServiceUnavailableException', /unable to process/],
    ['internal', 'InternalServerException', /unexpected error/],
  ];
  for (const [kind, name, message] of httpRows) {
    it(`httpError ${kind} reaches the SDK as ${name}`, async () => {
      fake.respond({ httpError: kind });
      const r = await converse(fake);
      assert.equal(r.error?.name, name);
      assert.match(r.error!.message, message);
      assert.equal(r.text, '');
    });
  }

  it('throttling is retried by the SDK (3 attempts by default), access denied is not', async () => {
    fake.respond({ httpError: 'throttled' });
    await converse(fake, { maxAttempts: 3 });
    assert.equal(fake.requests.length, 3);
    fake.reset();
    fake.respond({ httpError: 'accessDenied' });
    await converse(fake, { maxAttempts: 3 });
    assert.equal(fake.requests.length, 1);
  });

  it('the needsProfile message names the requested model', async () => {
    fake.respond({ httpError: 'needsProfile' });
    const r = await converse(fake, { input: input('x', 'anthropic.claude-haiku-4-5-20251001-v1:0') });
    assert.match(r.error!.message, /anthropic\.claude-haiku-4-5-20251001-v1:0/);
  });

  for (const [kind, name] of [
    ['throttlingException', 'ThrottlingException'],
    ['modelStreamErrorException', 'ModelStreamErrorException'],
    ['internalServerException', 'InternalServerException'],
    ['serviceUnavailableException', 'ServiceUnavailableException'],
    ['validationException', 'ValidationException'],
  ] as const) {
    it(`in-stream ${kind} is thrown by the iterator as ${name} after the earlier chunks`, async () => {
      fake.respond({ chunks: ['one ', 'two ', 'three'], streamError: { afterChunks: 2, kind } });
      const r = await converse(fake, { maxAttempts: 3 });
      assert.equal(r.text, 'one two ');
      assert.equal(r.error?.name, name);
      assert.equal(fake.requests.length, 1, 'in-stream errors are never retried');
    });
  }

  it('a dropped connection ends the iterator silently (or with ECONNRESET), without a stop event', async () => {
    fake.respond({ chunks: ['a', 'b', 'c', 'd'], dropAfterChunks: 2 });
    const r = await converse(fake);
    // Usually silent. When the SDK's GOAWAY (it closes an event stream's session on the response) reaches the
    // fake after the socket is gone, the kernel answers RST and the iterator throws ECONNRESET: a real drop does both.
    assert.ok(r.error === undefined || r.error.code === 'ECONNRESET', JSON.stringify(r.error));
    assert.equal(r.text, 'ab');
    assert.equal(r.events.some((e) => e.messageStop), false);
    await fake.waitForRequests(1);
    assert.equal(fake.requests[0].completed, false);
    assert.equal(fake.requests[0].closedByClient, false);
    assert.equal(fake.requests[0].chunksSent, 2);
  });

  it('an HTTP/2 stream reset surfaces as ERR_HTTP2_STREAM_ERROR', async () => {
    fake.respond({ chunks: ['a', 'b', 'c'], resetAfterChunks: 1 });
    const r = await converse(fake);
    assert.equal(r.error?.code, 'ERR_HTTP2_STREAM_ERROR');
    assert.equal(r.events.some((e) => e.messageStop), false);
  });

  it('a client abort mid-stream stops the fake and is logged as closedByClient', async () => {
    fake.respond({ text: 'x'.repeat(400), chunkChars: 4, chunkDelayMs: 20 });
    const r = await converse(fake, { abortAfterChunks: 3 });
    await fake.waitForRequests(1);
    const [req] = fake.requests;
    assert.equal(req.closedByClient, true);
    assert.equal(req.completed, false);
    assert.ok(req.chunksSent < 100, `fake kept sending: ${req.chunksSent} chunks`);
    assert.equal(r.events.some((e) => e.messageStop), false);
  });

  it('an abort while waiting for the first byte is seen by the fake too', async () => {
    fake.respond({ text: 'late', firstByteDelayMs: 5_000 });
    await withFakeEnv(fake, async () => {
      const c = client();
      const ac = new AbortController();
      const p = c.send(new ConverseStreamCommand(input()), { abortSignal: ac.signal });
      while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
      ac.abort();
      await assert.rejects(p, (e: Error) => e.name === 'AbortError');
      c.destroy();
    });
    await fake.waitForRequests(1);
    assert.equal(fake.requests[0].closedByClient, true);
    assert.equal(fake.requests[0].chunksSent, 0);
  });

  it('real SDK requests carry a valid SigV4 signature from the SSO role credentials', async () => {
    await converse(fake);
    const [req] = fake.requests;
    assert.equal(req.sigv4Valid, true, req.sigv4Problem);
    assert.ok(fake.sso.issued.some((c) => c.accessKeyId === req.accessKeyId));
  });

  it('a body altered after signing fails SigV4 (and is rejected when rejectBadSignatures)', async () => {
    const tampered = async () =>
      withFakeEnv(fake, async () => {
        const c = client();
        c.middlewareStack.addRelativeTo(
          (next: FinalizeHandler<ServiceInputTypes, ServiceOutputTypes>) => async (args: FinalizeHandlerArguments<ServiceInputTypes>) => {
            const req = args.request as { body: string | Uint8Array };
            const text = typeof req.body === 'string' ? req.body : new TextDecoder().decode(new Uint8Array(req.body));
            // Same length, so content-length still matches and only the signature can tell.
            req.body = text.replace('Say hello', 'Say HELLO');
            return next(args);
          },
          { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamper' },
        );
        try {
          const res = await c.send(new ConverseStreamCommand(input()));
          for await (const _ of res.stream!) void _;
          return undefined;
        } catch (e) {
          return (e as Error).name;
        } finally {
          c.destroy();
        }
      });
    assert.equal(await tampered(), undefined);
    assert.equal(fake.requests[0].sigv4Valid, false);
    assert.match(fake.requests[0].promptText, /HELLO/);
    assert.equal(fake.requests[0].sigv4Problem, 'body does not match x-amz-content-sha256');

    fake.rejectBadSignatures = true;
    try {
      assert.equal(await tampered(), 'InvalidSignatureException');
    } finally {
      fake.rejectBadSignatures = false;
    }
  });

  it('a body altered after signing with a matching content hash still fails on the signature', async () => {
    await withFakeEnv(fake, async () => {
      const c = client();
      c.middlewareStack.addRelativeTo(
        (next: FinalizeHandler<ServiceInputTypes, ServiceOutputTypes>) => async (args: FinalizeHandlerArguments<ServiceInputTypes>) => {
          const req = args.request as { body: string | Uint8Array; headers: Record<string, string> };
          const text = typeof req.body === 'string' ? req.body : new TextDecoder().decode(new Uint8Array(req.body));
          req.body = text.replace('Say hello', 'Say HELLO');
          req.headers['x-amz-content-sha256'] = createHash('sha256').update(req.body).digest('hex');
          return next(args);
        },
        { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamperAndRehash' },
      );
      try {
        const res = await c.send(new ConverseStreamCommand(input()));
        for await (const _ of res.stream!) void _;
      } finally {
        c.destroy();
      }
    });
    assert.equal(fake.requests[0].sigv4Valid, false);
    assert.equal(fake.requests[0].sigv4Problem, 'signature mismatch');
  });

  it('an unsigned request is logged as not signed', async () => {
    const session = http2.connect(fake.url);
    try {
      await new Promise<void>((resolve, reject) => {
        const s = session.request({ ':method': 'POST', ':path': `/model/${encodeURIComponent(MODEL)}/converse-stream`, 'content-type': 'application/json' });
        s.on('error', reject);
        s.on('data', () => undefined);
        s.on('end', () => resolve());
        s.end(JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
      });
    } finally {
      session.close();
    }
    await fake.waitForRequests(1);
    assert.equal(fake.requests[0].sigv4Valid, false);
    assert.equal(fake.requests[0].completed, true);
  });
});

describe('fake Bedrock: the other runtime APIs', () => {
  let fake: Fake;
  before(async () => {
    fake = await startFake();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('Converse returns the whole text and usage as JSON', async () => {
    fake.respond({ text: 'Four.', usage: { inputTokens: 9, outputTokens: 2, cacheReadInputTokens: 3 } });
    const out = await withFakeEnv(fake, async () => {
      const c = client();
      try {
        return await c.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: '2+2?' }] }] }));
      } finally {
        c.destroy();
      }
    });
    assert.equal(out.output?.message?.content?.[0].text, 'Four.');
    assert.equal(out.stopReason, 'end_turn');
    assert.equal(out.usage?.cacheReadInputTokens, 3);
    assert.equal(fake.requests[0].api, 'converse');
    assert.equal(fake.requests[0].sigv4Valid, true);
  });

  it('InvokeModelWithResponseStream streams Anthropic events wrapped as chunks', async () => {
    fake.respond({ text: 'def add(a, b): return a + b', usage: { outputTokens: 11 } });
    const events = await withFakeEnv(fake, async () => {
      const c = client();
      try {
        const res = await c.send(
          new InvokeModelWithResponseStreamCommand({
            modelId: MODEL,
            contentType: 'application/json',
            accept: 'application/json',
            body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, system: 'Complete code.', messages: [{ role: 'user', content: 'def add' }] }),
          }),
        );
        const out: { type: string; delta?: { text?: string; stop_reason?: string }; usage?: { output_tokens: number } }[] = [];
        for await (const ev of res.body!) if (ev.chunk?.bytes) out.push(JSON.parse(Buffer.from(ev.chunk.bytes).toString('utf8')));
        return out;
      } finally {
        c.destroy();
      }
    });
    assert.equal(events[0].type, 'message_start');
    assert.equal(events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta?.text).join(''), 'def add(a, b): return a + b');
    const md = events.find((e) => e.type === 'message_delta');
    assert.equal(md?.delta?.stop_reason, 'end_turn');
    assert.equal(md?.usage?.output_tokens, 11);
    assert.equal(events.at(-1)?.type, 'message_stop');
    assert.equal(fake.requests[0].promptText, 'Complete code.\ndef add');
  });

  it('InvokeModel returns an Anthropic message', async () => {
    fake.respond({ text: 'pong', stopReason: 'stop_sequence' });
    const body = await withFakeEnv(fake, async () => {
      const c = client();
      try {
        const res = await c.send(
          new InvokeModelCommand({
            modelId: MODEL,
            contentType: 'application/json',
            accept: 'application/json',
            body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'text', text: 'ping' }] }] }),
          }),
        );
        return JSON.parse(Buffer.from(res.body).toString('utf8'));
      } finally {
        c.destroy();
      }
    });
    assert.equal(body.content[0].text, 'pong');
    assert.equal(body.stop_reason, 'stop_sequence');
    assert.equal(fake.requests[0].api, 'invoke');
  });

  it('also serves Bedrock over HTTP/1.1 (a NodeHttpHandler client)', async () => {
    const res = await fetch(`${fake.url}/model/${encodeURIComponent(MODEL)}/converse-stream`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
    });
    assert.equal(res.headers.get('content-type'), 'application/vnd.amazon.eventstream');
    const frames = decodeFrames(new Uint8Array(await res.arrayBuffer()));
    assert.deepEqual(
      frames.map((f) => f.headers[':event-type']).filter((t, i, a) => a.indexOf(t) === i),
      ['messageStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'],
    );
    assert.equal(fake.requests[0].httpVersion, '1.1');
  });
});
