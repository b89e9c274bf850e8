// Network benchmark: Bedrock behind TLS and a delay proxy, so that handshakes cost what they cost.
// In one run, through BedrockService with the real SDK: the SDK's default HTTP/2 handler (a connection
// per event stream), an HTTP/1.1 keep-alive pool (the SDK's NodeHttpHandler), and our shared HTTP/2
// connection. Per 100 completions with a realistic share cancelled: TCP connections and TLS handshakes
// at the server, warm time to first token p50/p90, against the floor measured in the same run (a bare
// HTTP/2 stream on an open connection: one round trip + the fake's own time). Prints; asserts nothing.
//   npm run bench:network [-- --delay 25 --requests 100 --cancel 0.48]
import { spawnSync } from 'node:child_process';
import * as https from 'node:https';
import * as os from 'node:os';
import * as http2 from 'node:http2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { BedrockServiceOptions } from '../../src/bedrock/client';
import type { StreamRequest } from '../../src/bedrock/types';
import { startFake } from '../fake/bedrockFake';
import { testCertificates } from '../fake/certs';
import { startDelayProxy } from '../fake/proxy';
import { fakeConfig, fakeService, useFakeEnv } from '../support/bedrock';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const DELAY_MS = arg('delay', 25);
const REQUESTS = arg('requests', 100);
// Share of completion requests cancelled in the typing-trace replay at the default debounce
// (test/bench/RESULTS.md: 564 of 1,186 requests aborted).
const CANCEL_SHARE = arg('cancel', 0.48);
const WARMUP = 5;
const REPLY = { chunks: ['return ', 'items', '.filter(Boolean)', ';'], chunkDelayMs: 5 };
const ask: StreamRequest = { feature: 'completion', messages: [{ role: 'user', text: 'function compact(items) {\n  ' }], maxTokens: 64 };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const ms = (n: number) => n.toFixed(1);

/** Deterministic: the same requests are cancelled for every handler. */
function cancelPlan(n: number, share: number): boolean[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  return Array.from({ length: n }, () => rnd() < share);
}

interface Row {
  name: string;
  tcp: number;
  tls: number;
  ttft: number[];
  cancelled: number;
  errors: number;
  /** First request of a new service: send → first text, ms. */
  coldMs?: number;
}

interface Contender {
  row: Row;
  send(cancel: boolean): Promise<void>;
  dispose(): void;
}

/** A BedrockService with the given handler, warmed up (SDK loaded, credentials, connection if it keeps one). */
async function serviceContender(name: string, relayPort: number, opts: Partial<BedrockServiceOptions>, preconnect = false): Promise<Contender> {
  const config = fakeConfig(`https://localhost:${relayPort}`);
  const service = fakeService(() => config, opts);
  const row: Row = { name, tcp: 0, tls: 0, ttft: [], cancelled: 0, errors: 0 };
  const t0 = performance.now();
  if (preconnect) await service.preconnect();
  const cold = await service.stream(ask);
  if (cold.timings.firstTokenMs !== undefined) row.coldMs = performance.now() - t0 - (cold.timings.totalMs - cold.timings.firstTokenMs);
  for (let i = 1; i < WARMUP; i++) await service.stream(ask);
  return {
    row,
    async send(cancel) {
      const controller = new AbortController();
      const r = await service.stream(ask, { signal: controller.signal, onText: () => void (cancel && controller.abort()) });
      if (r.timings.firstTokenMs !== undefined) row.ttft.push(r.timings.firstTokenMs);
      if (r.outcome === 'aborted') row.cancelled++;
      else if (r.outcome !== 'complete') row.errors++;
    },
    dispose: () => service.dispose(),
  };
}

/** The floor: a bare, unsigned HTTP/2 stream on an open connection, from sending to the first text event. */
async function floorContender(url: string): Promise<Contender> {
  const session = http2.connect(url);
  await new Promise((r) => session.once('connect', r));
  const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: ask.messages[0].text }] }] });
  const row: Row = { name: 'floor: bare HTTP/2 stream, open connection', tcp: 0, tls: 0, ttft: [], cancelled: 0, errors: 0 };
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const s = session.request({ ':method': 'POST', ':path': '/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse-stream', 'content-type': 'application/json' });
      let seen = '';
      s.on('data', (c: Buffer) => {
        seen += c.toString('latin1');
        if (seen.includes('contentBlockDelta')) {
          resolve(performance.now() - t0);
          s.close(http2.constants.NGHTTP2_CANCEL);
        }
      });
      s.on('error', reject);
      s.end(body);
    });
  for (let i = 0; i < WARMUP; i++) await once();
  return { row, send: async () => void row.ttft.push(await once()), dispose: () => session.close() };
}

async function main(): Promise<void> {
  const fake = await startFake({ tls: true });
  // AWS_CA_BUNDLE left out: the CA is trusted through NODE_EXTRA_CA_CERTS, so that every handler trusts it.
  useFakeEnv(fake, { omit: ['AWS_CA_BUNDLE'] });
  fake.respond(REPLY);
  const tlsPort = Number(new URL(fake.runtimeUrl).port);
  const relay = await startDelayProxy({ host: '127.0.0.1', port: tlsPort }, DELAY_MS);
  const contenders: Contender[] = [];
  try {
    const loopback = await floorContender(fake.runtimeUrl);
    for (let i = 0; i < 50; i++) await loopback.send(false);
    loopback.dispose();
    contenders.push(
      await floorContender(`https://localhost:${relay.port}`),
      await serviceContender('SDK default (HTTP/2, a connection per stream)', relay.port, { connectionReuse: false }),
      await serviceContender('HTTP/1.1 keep-alive pool (NodeHttpHandler)', relay.port, {
        requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 4 }) }),
      }),
      await serviceContender('ours: one shared HTTP/2 connection', relay.port, {}),
    );
    const preconnected = await serviceContender('ours', relay.port, {}, true);
    preconnected.dispose();
    // Interleaved rounds (order rotated) so load on a shared machine falls on every handler alike. Requests
    // are sequential, so the connections the fake sees during one belong to its handler.
    const plan = cancelPlan(REQUESTS, CANCEL_SHARE);
    for (let i = 0; i < REQUESTS; i++) {
      for (let j = 0; j < contenders.length; j++) {
        const c = contenders[(i + j) % contenders.length];
        const before = { ...fake.connections };
        await c.send(plan[i]);
        c.row.tcp += fake.connections.tcp - before.tcp;
        c.row.tls += fake.connections.tlsHandshakes - before.tlsHandshakes;
        await new Promise((r) => setTimeout(r, 20)); // a typing pause between completions
      }
    }
    report(contenders.map((c) => c.row), preconnected.row.coldMs, loopback.row.ttft);
  } finally {
    for (const c of contenders) c.dispose();
    await relay.close();
    await fake.close();
  }
}

function report(rows: Row[], preconnectedColdMs: number | undefined, loopback: number[]): void {
  const [floor, ...handlers] = rows;
  const f50 = pct(floor.ttft, 50);
  const per100 = (n: number) => ms((n * 100) / REQUESTS);
  console.log(`\n## Network (${REQUESTS} completions each, ${Math.round(CANCEL_SHARE * 100)} % cancelled after the first text, TLS, ${DELAY_MS} ms each way, Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, ${new Date().toISOString().slice(0, 10)})\n`);
  console.log('| handler | TCP connections / 100 | TLS handshakes / 100 | warm TTFT p50 ms | warm TTFT p90 ms | p50 − floor ms | first request of a new service, TTFT ms | errors |');
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(`| ${floor.name} | 0 | 0 | ${ms(f50)} | ${ms(pct(floor.ttft, 90))} | 0 | - | - |`);
  for (const r of handlers) {
    console.log(`| ${r.name} | ${per100(r.tcp)} | ${per100(r.tls)} | ${ms(pct(r.ttft, 50))} | ${ms(pct(r.ttft, 90))} | ${ms(pct(r.ttft, 50) - f50)} | ${r.coldMs === undefined ? '-' : ms(r.coldMs)} | ${r.errors} |`);
  }
  console.log(`\nFloor = one round trip (${2 * DELAY_MS} ms) + the fake's own time (${ms(pct(loopback, 50))} ms p50 for the same bare stream on loopback).`);
  console.log(`Ours with preconnect() before the first request: first request TTFT ${preconnectedColdMs === undefined ? '-' : ms(preconnectedColdMs)} ms, preconnect included (it overlaps the credential fetch with the handshakes).`);
  console.log(`Cancelled: ${handlers.map((r) => r.cancelled).join(' / ')}. TTFT is BedrockService's firstTokenMs (send → first text): signing and the SDK's own work included.`);
}

// NODE_EXTRA_CA_CERTS is read by node at start-up: run the benchmark in a child that has it.
if (!process.env.HAIKU_BENCH_CHILD) {
  const certs = testCertificates();
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, HAIKU_BENCH_CHILD: '1', HAIKU_FAKE_TLS_DIR: certs.dir, NODE_EXTRA_CA_CERTS: certs.caFile, NODE_NO_WARNINGS: '1' },
  });
  process.exit(r.status ?? 1);
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
