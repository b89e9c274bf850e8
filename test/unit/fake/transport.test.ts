// The fake's transport side, seen from plain node clients and the real SDK: TLS mode with its throwaway
// CA, connection counts, GOAWAY / idle close / drop, the delay relay and the CONNECT proxy.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import * as net from 'node:net';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startFake, withFakeEnv, type Fake } from '../../fake/bedrockFake';
import { startConnectProxy, startDelayProxy } from '../../fake/proxy';

const MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const PATH = `/model/${encodeURIComponent(MODEL)}/converse-stream`;
const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });

/** One unsigned ConverseStream on `session`; resolves with the raw bytes of the answer. */
function rawStream(session: http2.ClientHttp2Session): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = session.request({ ':method': 'POST', ':path': PATH, 'content-type': 'application/json' });
    let out = '';
    s.on('data', (c: Buffer) => (out += c.toString('latin1')));
    s.on('end', () => resolve(out));
    s.on('error', reject);
    s.end(body);
  });
}

describe('fake Bedrock: transport', function () {
  this.timeout(20_000);
  let fake: Fake;
  before(async () => {
    fake = await startFake({ tls: true });
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    Object.assign(fake.connections, { tcp: 0, tlsHandshakes: 0, h2Sessions: 0 });
    fake.respond({ text: 'hello over tls' });
  });

  it('TLS mode: runtime on https://localhost with a CA the env names; SSO stays on the cleartext url', () => {
    assert.match(fake.runtimeUrl, /^https:\/\/localhost:\d+$/);
    assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(fake.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME, fake.runtimeUrl);
    assert.equal(fake.env.AWS_ENDPOINT_URL_SSO, fake.url);
    assert.equal(fake.env.AWS_CA_BUNDLE, fake.caFile);
    assert.match(fs.readFileSync(fake.caFile!, 'utf8'), /BEGIN CERTIFICATE/);
  });

  it('counts TCP connections, TLS handshakes and HTTP/2 sessions; streams on one session count once', async () => {
    const session = http2.connect(fake.runtimeUrl, { ca: fs.readFileSync(fake.caFile!) });
    for (let i = 0; i < 3; i++) assert.match(await rawStream(session), /hello/);
    session.close();
    assert.deepEqual({ ...fake.connections }, { tcp: 1, tlsHandshakes: 1, h2Sessions: 1 });
  });

  it('refuses a client that does not trust the CA (no handshake counted)', async () => {
    const session = http2.connect(fake.runtimeUrl);
    const err = await new Promise<Error>((resolve) => session.once('error', resolve));
    assert.match(String((err as NodeJS.ErrnoException).code), /SELF_SIGNED|UNABLE_TO_VERIFY/);
    assert.equal(fake.connections.tlsHandshakes, 0);
  });

  it('speaks HTTP/1.1 over TLS too, and the SDK signs what the fake verifies', async () => {
    await withFakeEnv(fake, async () => {
      const agent = new https.Agent({ keepAlive: true, ca: fs.readFileSync(fake.caFile!) });
      const c = new BedrockRuntimeClient({ maxAttempts: 1, credentials: fromNodeProviderChain({ profile: 'haiku-test' }), requestHandler: new NodeHttpHandler({ httpsAgent: agent }) });
      const res = await c.send(new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
      let text = '';
      for await (const ev of res.stream!) text += ev.contentBlockDelta?.delta?.text ?? '';
      assert.equal(text, 'hello over tls');
      c.destroy();
      agent.destroy();
    });
    assert.deepEqual([fake.requests[0].httpVersion, fake.requests[0].sigv4Valid], ['1.1', true]);
  });

  it('goAway() lets the stream in flight finish; closeIdleConnections() ends idle ones; dropConnections() cuts all', async () => {
    fake.respond({ chunks: ['a', 'b', 'c'], chunkDelayMs: 30 });
    const ca = fs.readFileSync(fake.caFile!);
    const s1 = http2.connect(fake.runtimeUrl, { ca });
    const goaway = new Promise((r) => s1.once('goaway', r));
    const answer = rawStream(s1);
    await new Promise((r) => setTimeout(r, 20));
    fake.goAway();
    await goaway;
    assert.match(await answer, /messageStop/, 'the stream in flight finished');
    assert.equal(fake.requests[0].completed, true);

    fake.respond({ text: 'x' });
    const s2 = http2.connect(fake.runtimeUrl, { ca });
    await rawStream(s2);
    const closed = new Promise((r) => s2.once('close', r));
    assert.equal(fake.closeIdleConnections(), 1);
    await closed;

    const s3 = http2.connect(fake.runtimeUrl, { ca });
    await rawStream(s3);
    const dropped = new Promise((r) => s3.once('close', r));
    fake.dropConnections();
    await dropped;
    assert.equal(fake.connections.tcp, 3);
  });

  it('the delay relay forwards both ways, counts connections, and can black-hole them', async () => {
    const relay = await startDelayProxy({ host: '127.0.0.1', port: Number(new URL(fake.runtimeUrl).port) }, 5);
    try {
      const session = http2.connect(`https://localhost:${relay.port}`, { ca: fs.readFileSync(fake.caFile!) });
      assert.match(await rawStream(session), /"hello ".*"over tls"/s);
      relay.blackHole();
      const ping = await new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('no answer'), 300);
        session.ping(() => {
          clearTimeout(timer);
          resolve('answered');
        });
      });
      assert.equal(ping, 'no answer');
      session.destroy();
      assert.equal(relay.connections, 1);
    } finally {
      await relay.close();
    }
  });

  it('the CONNECT proxy tunnels, logs the target, and asks for credentials when told to', async () => {
    const proxy = await startConnectProxy();
    const connect = (auth?: string) =>
      new Promise<string>((resolve) => {
        const p = new URL(proxy.url);
        const s = net.connect(Number(p.port), p.hostname, () => s.write(`CONNECT localhost:${new URL(fake.runtimeUrl).port} HTTP/1.1\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`));
        s.once('data', (d) => {
          resolve(d.toString('latin1').split('\r\n')[0]);
          s.destroy();
        });
      });
    try {
      assert.equal(await connect(), 'HTTP/1.1 200 Connection Established');
      assert.deepEqual(proxy.tunnels, [`localhost:${new URL(fake.runtimeUrl).port}`]);
      proxy.credentials = { user: 'u', pass: 'p' };
      assert.match(await connect(), /^HTTP\/1\.1 407/);
      assert.match(await connect(`Basic ${Buffer.from('u:p').toString('base64')}`), /^HTTP\/1\.1 200/);
    } finally {
      await proxy.close();
    }
  });
});
