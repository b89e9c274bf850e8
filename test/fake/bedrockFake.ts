/**
 * Loopback fake of Amazon Bedrock runtime + the AWS SSO portal + SSO-OIDC, for every test layer.
 *
 *   const fake = await startFake();              // 127.0.0.1, random port; opts: port, home, tokenExpired,
 *                                                // profileName, sessionName, rejectBadSignatures
 *   await withFakeEnv(fake, async () => {...});   // process.env = fake.env (other AWS_* removed), restored after
 *   fake.respond({ text: 'hi', chunkDelayMs: 5 }) // every later request; or a function (req) => reply
 *   fake.enqueue({ httpError: 'throttled' })     // one-shot replies, used before the respond() one
 *   fake.requests[0].promptText / .modelId / .sigv4Valid / .closedByClient / .completed / .chunksSent
 *   await fake.waitForRequests(2); fake.reset(); await fake.close();
 *   fake.sso.writeToken({ expired: true }); fake.sso.deviceFlow = { pendingPolls: 2, slowDown: true, outcome: 'approve' };
 *   fake.sso.approve(); fake.sso.requests (portal/OIDC log); fake.sso.issueCredentials() (static keys it accepts)
 *
 * fake.env: AWS_ENDPOINT_URL_BEDROCK_RUNTIME / _SSO / _SSO_OIDC = fake.url, HOME (temp dir with
 * .aws/config profile `haiku-test`, session `haiku`, token cache valid 8 h), AWS_CONFIG_FILE,
 * AWS_SHARED_CREDENTIALS_FILE (empty), AWS_PROFILE, AWS_REGION=us-east-1, AWS_EC2_METADATA_DISABLED.
 * The SDK token refresher allows one refresh per 30 s per session name per process: tests of refresh
 * should pass a distinct `sessionName`.
 *
 * One cleartext server speaks HTTP/2 (BedrockRuntimeClient's default) and HTTP/1.1 (the SSO clients,
 * NodeHttpHandler) on the same port. `fake.requests` holds Bedrock runtime calls only.
 * Reply options and the error table: ./replies.ts (FakeReply, HttpErrorKind, StreamErrorKind).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { anthropicChunk, anthropicEvents, converseFrames, exceptionFrame, type StreamUsage } from './eventStream';
import {
  chunkText,
  defaultReply,
  estimateTokens,
  httpErrorSpec,
  promptTextOf,
  streamErrorMessage,
  type FakeReply,
  type LoggedRequest,
  type Responder,
} from './replies';
import { verifySigV4 } from './sigv4';
import { SsoState } from './sso';

export type { FakeReply, LoggedRequest, Responder, HttpErrorKind, StreamErrorKind } from './replies';
export { plausibleReply, defaultReply } from './replies';
export type { DeviceFlowScript, SsoLogEntry } from './sso';
export { SsoState, ACCOUNT_ID, ROLE_NAME, START_URL } from './sso';

export interface FakeOptions {
  port?: number;
  /** Temp HOME to use (created if missing); default a fresh dir under the OS temp dir, removed on close. */
  home?: string;
  /** Write the token cache already expired (still refreshable). */
  tokenExpired?: boolean;
  profileName?: string;
  sessionName?: string;
  /** Answer requests whose SigV4 does not verify with 403 InvalidSignatureException. */
  rejectBadSignatures?: boolean;
  /** Called after each Bedrock request ends (for the CLI's one-line log). */
  onRequestEnd?: (req: LoggedRequest) => void;
}

export interface Fake {
  url: string;
  port: number;
  env: Record<string, string>;
  home: string;
  /** Reply to every later request (after queued ones). */
  respond(r: FakeReply | Responder): void;
  /** One-shot replies, consumed in order before the respond() one. */
  enqueue(...r: (FakeReply | Responder)[]): void;
  requests: LoggedRequest[];
  /** Resolves when at least n Bedrock requests have *ended* (answered, failed or closed). */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  /** Clears the log, the queue and the responder (SSO state and files stay). */
  reset(): void;
  close(): Promise<void>;
  sso: SsoState;
  rejectBadSignatures: boolean;
}

type AnyReq = http.IncomingMessage | http2.Http2ServerRequest;
type AnyRes = http.ServerResponse | http2.Http2ServerResponse;

const API_BY_SUFFIX: [string, LoggedRequest['api']][] = [
  ['converse-stream', 'converseStream'],
  ['invoke-with-response-stream', 'invokeStream'],
  ['converse', 'converse'],
  ['invoke', 'invoke'],
];

/** Waits ms, or less when the signal fires (so a cancelled request leaves no timer behind). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : String(v);
  return out;
}

function readBody(req: AnyReq): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

export async function startFake(opts: FakeOptions = {}): Promise<Fake> {
  const ownHome = !opts.home;
  const home = opts.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-fake-home-'));
  fs.mkdirSync(home, { recursive: true });

  const requests: LoggedRequest[] = [];
  const queue: (FakeReply | Responder)[] = [];
  let responder: FakeReply | Responder | undefined;
  let nextId = 1;
  const waiters = new Set<() => void>();
  const rawSockets = new Set<net.Socket>();
  const inFlight = new Set<AbortController>();
  let closing = false;
  const sessionSockets = new WeakMap<http2.Http2Session, net.Socket>();
  let pendingRaw: net.Socket | undefined;

  const h2 = http2.createServer();
  const h1 = http.createServer();
  h2.on('session', (s) => {
    if (pendingRaw) sessionSockets.set(s, pendingRaw);
  });

  // One port, two protocols: peek at the first bytes for the HTTP/2 connection preface.
  const front = net.createServer((socket) => {
    rawSockets.add(socket);
    socket.on('close', () => rawSockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first.subarray(0, 3).toString('latin1') === 'PRI') {
        pendingRaw = socket;
        h2.emit('connection', socket);
        pendingRaw = undefined;
      } else {
        h1.emit('connection', socket);
        socket.resume();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (front.address() as net.AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const sso = new SsoState({
    home,
    url,
    profileName: opts.profileName ?? 'haiku-test',
    sessionName: opts.sessionName ?? 'haiku',
    tokenExpired: !!opts.tokenExpired,
  });
  sso.writeFiles();

  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url,
    AWS_ENDPOINT_URL_SSO: url,
    AWS_ENDPOINT_URL_SSO_OIDC: url,
    HOME: home,
    AWS_CONFIG_FILE: sso.configFile,
    AWS_SHARED_CREDENTIALS_FILE: sso.credentialsFile,
    AWS_PROFILE: sso.profileName,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };

  const fake: Fake = {
    url,
    port,
    env,
    home,
    sso,
    requests,
    rejectBadSignatures: !!opts.rejectBadSignatures,
    respond(r) {
      responder = r;
    },
    enqueue(...r) {
      queue.push(...r);
    },
    waitForRequests(n, timeoutMs = 10_000) {
      const done = () => requests.filter((r) => r.endedAt !== undefined).length >= n;
      if (done()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (done()) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const ended = requests.filter((r) => r.endedAt !== undefined).length;
          reject(new Error(`fake: waited ${timeoutMs} ms for ${n} requests, ${ended} ended (${requests.length} started)`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      responder = undefined;
      nextId = 1;
    },
    async close() {
      closing = true;
      for (const c of inFlight) c.abort();
      for (const s of rawSockets) s.destroy();
      await new Promise<void>((r) => front.close(() => r()));
      h2.close();
      h1.close();
      if (ownHome) fs.rmSync(home, { recursive: true, force: true });
    },
  };

  const finish = (log: LoggedRequest) => {
    if (log.endedAt !== undefined) return;
    log.endedAt = Date.now();
    opts.onRequestEnd?.(log);
    for (const w of [...waiters]) w();
  };

  const handler = (req: AnyReq, res: AnyRes) => {
    handle(req, res).catch((err) => {
      try {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake error: ${String(err?.stack ?? err)}`);
        } else res.destroy();
      } catch {
        /* the client is gone */
      }
    });
  };
  h2.on('request', handler);
  h1.on('request', handler);

  async function handle(req: AnyReq, res: AnyRes): Promise<void> {
    const method = req.method ?? 'GET';
    const rawPath = req.url ?? '/';
    const headers = flatHeaders(req.headers);
    const body = await readBody(req);

    const ssoAnswer = sso.handle(method, rawPath, headers, body);
    if (ssoAnswer) {
      res.writeHead(ssoAnswer.status, ssoAnswer.headers);
      res.end(ssoAnswer.body);
      return;
    }

    const pathname = rawPath.split('?')[0];
    const m = /^\/model\/([^/]+)\/([a-z-]+)$/.exec(pathname);
    const api = (m && API_BY_SUFFIX.find(([s]) => s === m[2])?.[1]) || 'other';
    let parsed: unknown;
    try {
      parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
    } catch {
      parsed = undefined;
    }
    const log: LoggedRequest = {
      id: nextId++,
      api,
      method,
      path: rawPath,
      modelId: m ? safeDecode(m[1]) : '',
      httpVersion: req.httpVersion === '2.0' ? '2' : '1.1',
      headers,
      body: parsed,
      promptText: promptTextOf(parsed),
      requestedLatency:
        (parsed as { performanceConfig?: { latency?: string } } | undefined)?.performanceConfig?.latency ??
        headers['x-amzn-bedrock-performanceconfig-latency'],
      sigv4Valid: false,
      startedAt: Date.now(),
      closedByClient: false,
      completed: false,
      chunksSent: 0,
      outputTokensSent: 0,
    };
    const sig = await verifySigV4({ method, path: rawPath, headers, body }, (k) => sso.lookup(k));
    log.sigv4Valid = sig.valid;
    log.accessKeyId = sig.accessKeyId;
    if (sig.problem) log.sigv4Problem = sig.problem;
    requests.push(log);

    // Who ended the exchange: us (finish/drop/reset) or the client.
    let endedByUs = false;
    const over = new AbortController(); // fires when the exchange closes, or the fake does
    inFlight.add(over);
    res.on('close', () => {
      inFlight.delete(over);
      if (!endedByUs && !closing) log.closedByClient = true;
      over.abort();
      finish(log);
    });
    const gone = () => over.signal.aborted;

    const sendError = (status: number, name: string, message: string) => {
      log.status = status;
      endedByUs = true;
      res.writeHead(status, {
        'content-type': 'application/json',
        'x-amzn-requestid': randomUUID(),
        'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      });
      res.end(JSON.stringify({ message }));
    };

    if (api === 'other') {
      sendError(404, 'UnknownOperationException', `fake: no route for ${method} ${pathname}`);
      return;
    }
    if (!sig.valid && fake.rejectBadSignatures) {
      sendError(
        403,
        sig.problem === 'unknown access key' ? 'UnrecognizedClientException' : 'InvalidSignatureException',
        sig.problem === 'unknown access key'
          ? 'The security token included in the request is invalid.'
          : 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
      return;
    }

    const next = queue.shift() ?? responder ?? defaultReply;
    const reply: FakeReply = typeof next === 'function' ? await next(log) : next;

    await sleep(reply.firstByteDelayMs ?? 0, over.signal);
    if (gone()) return;

    if (reply.httpError) {
      const spec = httpErrorSpec(reply.httpError, log.modelId);
      sendError(spec.status, spec.name, reply.errorMessage ?? spec.message);
      return;
    }

    const text = reply.text ?? (reply.chunks ? reply.chunks.join('') : '');
    const chunks = reply.chunks ?? chunkText(text, reply.chunkChars ?? 8);
    const usage: StreamUsage = {
      inputTokens: reply.usage?.inputTokens ?? estimateTokens(log.promptText),
      outputTokens: reply.usage?.outputTokens ?? estimateTokens(text),
      cacheReadInputTokens: reply.usage?.cacheReadInputTokens ?? 0,
      cacheWriteInputTokens: reply.usage?.cacheWriteInputTokens ?? 0,
    };
    const stopReason = reply.stopReason ?? 'end_turn';
    const served = reply.servedLatency ?? log.requestedLatency;
    const perf = served ? { performanceConfig: { latency: served } } : {};
    const perfHeader: Record<string, string> = served ? { 'x-amzn-bedrock-performanceconfig-latency': served } : {};
    const latencyMs = () => Date.now() - log.startedAt;

    if (api === 'converse' || api === 'invoke') {
      if (reply.streamError) {
        const s = reply.streamError.kind;
        const name = s.charAt(0).toUpperCase() + s.slice(1);
        const status = { throttlingException: 429, modelStreamErrorException: 424, internalServerException: 500, serviceUnavailableException: 503, validationException: 400 }[s];
        sendError(status, name === 'ModelStreamErrorException' ? 'ModelErrorException' : name, reply.errorMessage ?? streamErrorMessage(s));
        return;
      }
      log.status = 200;
      endedByUs = true;
      const out =
        api === 'converse'
          ? {
              output: { message: { role: 'assistant', content: [{ text }] } },
              stopReason,
              usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens },
              metrics: { latencyMs: latencyMs() },
              ...perf,
            }
          : {
              id: `msg_bdrk_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
              type: 'message',
              role: 'assistant',
              model: log.modelId,
              content: [{ type: 'text', text }],
              stop_reason: stopReason,
              stop_sequence: null,
              usage: {
                input_tokens: usage.inputTokens,
                output_tokens: usage.outputTokens,
                cache_read_input_tokens: usage.cacheReadInputTokens,
                cache_creation_input_tokens: usage.cacheWriteInputTokens,
              },
            };
      log.chunksSent = chunks.length;
      log.outputTokensSent = usage.outputTokens;
      log.completed = true;
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-amzn-requestid': randomUUID(),
        ...(api === 'invoke'
          ? {
              ...perfHeader,
              'x-amzn-bedrock-input-token-count': String(usage.inputTokens),
              'x-amzn-bedrock-output-token-count': String(usage.outputTokens),
              'x-amzn-bedrock-invocation-latency': String(latencyMs()),
            }
          : {}),
      });
      res.end(JSON.stringify(out));
      return;
    }

    // Streaming APIs.
    const converse = api === 'converseStream';
    log.status = 200;
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': randomUUID(),
      ...(converse ? {} : { 'x-amzn-bedrock-content-type': 'application/json', ...perfHeader }),
    });
    let lastWrite: Promise<void> = Promise.resolve();
    const write = (frame: Uint8Array) => {
      if (gone()) return;
      const buf = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
      lastWrite = new Promise((r) => (res as { write(chunk: Buffer, cb: () => void): boolean }).write(buf, () => r()));
    };
    write(converse ? converseFrames.start() : anthropicChunk(anthropicEvents.start(log.modelId, usage)));
    if (!converse) write(anthropicChunk(anthropicEvents.blockStart()));

    const perChunkDelay = (c: string) =>
      reply.chunkDelayMs ?? (reply.tokensPerSecond ? (estimateTokens(c) * 1000) / reply.tokensPerSecond : 0);

    const cut = async (kind: 'drop' | 'reset') => {
      // Let the chunks already written reach the client before cutting, as on a real network.
      await lastWrite;
      await sleep(10, over.signal);
      endedByUs = true;
      if (kind === 'reset' && 'stream' in req) {
        req.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      } else {
        const raw = 'stream' in req ? sessionSockets.get(req.stream.session as http2.Http2Session) : (req.socket as net.Socket);
        raw?.destroy();
      }
      finish(log);
    };

    for (let i = 0; i <= chunks.length; i++) {
      if (gone()) return;
      if (reply.dropAfterChunks === i) return await cut('drop');
      if (reply.resetAfterChunks === i) return await cut('reset');
      if (reply.streamError && reply.streamError.afterChunks === i) {
        write(exceptionFrame(reply.streamError.kind, reply.errorMessage ?? streamErrorMessage(reply.streamError.kind)));
        endedByUs = true;
        res.end();
        return;
      }
      if (i === chunks.length) break;
      if (i > 0) await sleep(perChunkDelay(chunks[i]), over.signal);
      if (gone()) return;
      const c = chunks[i];
      write(converse ? converseFrames.delta(c) : anthropicChunk(anthropicEvents.delta(c)));
      log.chunksSent++;
      log.outputTokensSent += estimateTokens(c);
    }
    if (reply.hang) return; // held open until the client leaves; `res.on('close')` records it
    if (converse) {
      write(converseFrames.blockStop());
      write(converseFrames.stop(stopReason));
      write(converseFrames.metadata(usage, latencyMs(), perf));
    } else {
      write(anthropicChunk(anthropicEvents.blockStop()));
      write(anthropicChunk(anthropicEvents.messageDelta(stopReason, usage.outputTokens)));
      write(anthropicChunk(anthropicEvents.stop(usage, latencyMs())));
    }
    log.outputTokensSent = usage.outputTokens;
    log.completed = true;
    endedByUs = true;
    res.end();
  }

  return fake;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Runs fn with process.env pointing at the fake: every AWS_* variable removed, fake.env applied;
 * restores the previous values afterwards (also when fn throws).
 */
export async function withFakeEnv<T>(fake: Pick<Fake, 'env'>, fn: () => T | Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  const touched = new Set([...Object.keys(process.env).filter((k) => k.startsWith('AWS_')), ...Object.keys(fake.env)]);
  for (const k of touched) saved[k] = process.env[k];
  for (const k of touched) delete process.env[k];
  Object.assign(process.env, fake.env);
  try {
    return await fn();
  } finally {
    for (const k of touched) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}
