// What must keep working on the shared connection: TLS with a CA from AWS_CA_BUNDLE or
// NODE_EXTRA_CA_CERTS, HTTPS_PROXY (CONNECT, NO_PROXY, proxy credentials), the endpoint overrides, SigV4.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { BedrockService, BedrockServiceOptions } from '../../../src/bedrock/client';
import type { Config } from '../../../src/shared/config';
import type { StreamRequest } from '../../../src/bedrock/types';
import { startFake, type Fake } from '../../fake/bedrockFake';
import { startConnectProxy, type ConnectProxy } from '../../fake/proxy';
import { fakeConfig, fakeService, useFakeEnv } from '../../support/bedrock';

const ask: StreamRequest = { feature: 'test', messages: [{ role: 'user', text: 'hello' }], maxTokens: 20 };

describe('Bedrock transport over TLS, proxies and endpoint overrides (real SDK, fake)', function () {
  this.timeout(30_000);
  let fake: Fake;
  let proxy: ConnectProxy;
  let config: Config;
  let restoreEnv: () => void;
  const services: BedrockService[] = [];
  const service = (opts: Partial<BedrockServiceOptions> = {}) => {
    const s = fakeService(() => config, opts);
    services.push(s);
    return s;
  };
  const times = async (s: BedrockService, n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await s.stream(ask);
      out.push(r.outcome === 'complete' ? r.outcome : `${r.outcome}: ${r.error?.detail}`);
    }
    return out;
  };

  before(async () => {
    fake = await startFake({ tls: true });
    proxy = await startConnectProxy();
  });
  after(async () => {
    await proxy.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    Object.assign(fake.connections, { tcp: 0, tlsHandshakes: 0, h2Sessions: 0 });
    proxy.tunnels.length = 0;
    proxy.credentials = undefined;
    fake.sso.writeToken();
    restoreEnv = useFakeEnv(fake, { alsoClear: /^(https?_proxy|no_proxy)$/i });
    config = fakeConfig('');
    fake.respond({ text: 'over tls' });
  });
  afterEach(() => {
    for (const s of services.splice(0)) s.dispose();
    restoreEnv();
  });

  it('TLS trusted through AWS_CA_BUNDLE: ten signed requests, one handshake', async () => {
    assert.deepEqual(await times(service(), 10), Array(10).fill('complete'));
    assert.ok(fake.requests.every((r) => r.sigv4Valid && r.httpVersion === '2'));
    assert.deepEqual([fake.connections.tcp, fake.connections.tlsHandshakes], [1, 1]);
  });

  it('an untrusted certificate is a network error that points at the network settings', async () => {
    delete process.env.AWS_CA_BUNDLE;
    const r = await service().stream(ask);
    assert.equal(r.error?.kind, 'network', r.error?.detail);
    assert.match(r.error!.detail, /certificate/i);
    assert.equal(fake.requests.length, 0);
  });

  it('an AWS_CA_BUNDLE that cannot be read is named in the error', async () => {
    process.env.AWS_CA_BUNDLE = '/nonexistent/ca.pem';
    const r = await service().stream(ask);
    assert.equal(r.error?.kind, 'network');
    assert.match(r.error!.detail, /AWS_CA_BUNDLE file \/nonexistent\/ca\.pem cannot be read/);
  });

  it('NODE_EXTRA_CA_CERTS alone is trusted (node reads it at start-up: tried in a child process)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: fake.caFile };
    delete env.AWS_CA_BUNDLE;
    const child = path.join(__dirname, 'streamOnce.child.ts');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', child], { env, cwd: path.join(__dirname, '../../..') }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    const r = JSON.parse(out.trim().split('\n').pop()!);
    assert.deepEqual(r, { outcome: 'complete', text: 'over tls' });
  });

  it('HTTPS_PROXY: every request goes through one CONNECT tunnel', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    assert.deepEqual(await times(service(), 5), Array(5).fill('complete'));
    assert.deepEqual(proxy.tunnels, [new URL(fake.runtimeUrl).host]);
    assert.ok(fake.requests.every((r) => r.sigv4Valid));
  });

  it('NO_PROXY skips the proxy for the endpoint', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = 'example.com,localhost';
    assert.deepEqual(await times(service(), 2), ['complete', 'complete']);
    assert.deepEqual(proxy.tunnels, []);
  });

  it('proxy credentials from the URL are sent; refused ones are a network error naming the proxy', async () => {
    proxy.credentials = { user: 'dev', pass: 'p@ss:word' };
    process.env.HTTPS_PROXY = proxy.url.replace('http://', `http://dev:${encodeURIComponent('p@ss:word')}@`);
    assert.deepEqual(await times(service(), 1), ['complete']);
    process.env.HTTPS_PROXY = proxy.url.replace('http://', 'http://dev:wrong@');
    const r = await service().stream(ask);
    assert.equal(r.error?.kind, 'network', r.error?.detail);
    assert.match(r.error!.detail, /proxy .*407/);
  });

  it('AWS_ENDPOINT_URL_BEDROCK_RUNTIME is honoured, and the endpoint setting wins over it', async () => {
    assert.deepEqual(await times(service(), 1), ['complete']);
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = 'https://localhost:9';
    config.aws.endpoint = fake.runtimeUrl;
    assert.deepEqual(await times(service(), 1), ['complete']);
    assert.equal(fake.requests.length, 2);
  });

  it('the SDK\'s own handler ignores AWS_CA_BUNDLE (why ours reads it)', async () => {
    const r = await service({ connectionReuse: false }).stream(ask);
    assert.equal(r.error?.kind, 'network', r.error?.detail);
    assert.match(r.error!.detail, /certificate/i);
  });
});
