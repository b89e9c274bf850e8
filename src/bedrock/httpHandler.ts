// One long-lived HTTP/2 connection per Bedrock endpoint, shared by completions, chat and explain. The
// SDK's default handler opens a connection (TCP + TLS handshakes) for every event stream and closes it
// after; here each request is a stream on the shared session, and cancelling one sends RST_STREAM, which
// ends it at the server at once and leaves the connection up. HTTP/2 rather than an HTTP/1.1 keep-alive
// pool: a cancelled HTTP/1.1 response costs its socket (see test/bench/network.ts for the figures).
// A request that fails on a reused connection before any answer (GOAWAY, idle close, reset, a connection
// dead after sleep) is sent once more on a fresh one.

import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Readable } from 'node:stream';
import { caFor, proxyFor, tunnel } from './connect';
import type { Logger } from '../shared/logger';
import { currentTrace, type Trace } from '../shared/trace';

/** The parts of the SDK's HttpRequest a handler reads. */
export interface HandlerRequest {
  protocol: string;
  hostname: string;
  port?: number;
  method: string;
  path: string;
  query?: Record<string, string | (string | null)[] | null>;
  fragment?: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface HandlerResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Readable;
}

/** What the SDK calls on a `requestHandler`. */
export interface SdkRequestHandler {
  metadata: { handlerProtocol: string };
  /** The SDK types abortSignal as its own interface; what arrives is the AbortSignal given to send(). */
  handle(request: HandlerRequest, options?: { abortSignal?: unknown }): Promise<{ response: HandlerResponse }>;
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

export interface PoolOptions {
  /** Read at each connect: HTTPS_PROXY, HTTP_PROXY, NO_PROXY, AWS_CA_BUNDLE, NODE_EXTRA_CA_CERTS. */
  env?: () => NodeJS.ProcessEnv;
  /** A proxy URL that wins over the environment (e.g. the editor's proxy setting). */
  proxy?: () => string | undefined;
  /** A connection idle this long is checked with a PING when next used (sleep/wake, silent NAT expiry). */
  pingAfterIdleMs?: number;
  /** No PING answer within this time: the connection is dead; the request moves to a fresh one. */
  pingTimeoutMs?: number;
  log?: Logger;
}

export interface PoolStats {
  /** Connections opened (TCP, and TLS for https). */
  connects: number;
  /** Requests sent again on a fresh connection after the reused one failed before answering. */
  retried: number;
  /** Streams opened. */
  streams: number;
}

interface Conn {
  origin: string;
  session: http2.ClientHttp2Session;
  active: number;
  /** Streams ever opened on it: the first one's failure is not a stale connection's. */
  opened: number;
  lastUsed: number;
}

interface Slot {
  promise: Promise<Conn>;
  /** Set once connected. */
  conn?: Conn;
}

/** Node's own list of headers HTTP/2 forbids (it throws on them). */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);
const RETRY = Symbol('retryOnFreshConnection');

export class ConnectionPool {
  readonly stats: PoolStats = { connects: 0, retried: 0, streams: 0 };
  private readonly conns = new Map<string, Slot>();
  private readonly origins = new Set<string>();
  private destroyed = false;

  constructor(private readonly opts: PoolOptions = {}) {}

  /** A `requestHandler` for an SDK client. Its destroy() leaves the pool up: clients come and go, the connection stays. */
  handler(): SdkRequestHandler {
    return {
      metadata: { handlerProtocol: 'h2' },
      handle: (request, options) => this.handle(request, options?.abortSignal as AbortSignal | undefined),
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
      destroy: () => undefined,
    };
  }

  /** Origins requests went to so far (scheme://host:port). */
  knownOrigins(): string[] {
    return [...this.origins];
  }

  /**
   * Opens the connection to `origin` now (or checks an idle one with a PING), so the next request does
   * not wait for handshakes. Never throws: a failure here is met again, and reported, by the request.
   */
  async preconnect(origin: string): Promise<void> {
    try {
      const key = originKey(new URL(origin));
      const conn = await this.acquire(key);
      if (conn.active === 0 && Date.now() - conn.lastUsed >= this.pingAfterIdleMs() && !(await this.alive(conn))) {
        this.forget(conn, new Error('connection did not answer a PING'));
        await this.acquire(key);
      }
    } catch (e) {
      this.opts.log?.info(`Bedrock preconnect to ${origin} failed: ${(e as Error).message}`);
    }
  }

  destroy(): void {
    this.destroyed = true;
    for (const slot of this.conns.values()) void slot.promise.then((c) => c.session.destroy(), () => undefined);
    this.conns.clear();
  }

  async handle(request: HandlerRequest, signal?: AbortSignal): Promise<{ response: HandlerResponse }> {
    if (signal?.aborted) throw abortError();
    // Only the UI latency benchmark traces (trace.ts); listeners run outside the caller's context: keep it.
    const trace = currentTrace();
    trace?.mark('handled');
    const key = originKey(new URL(`${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`));
    this.origins.add(key);
    const conn = await this.acquire(key);
    try {
      return await this.exchange(conn, request, signal, trace);
    } catch (e) {
      if (!(e as { [RETRY]?: boolean })[RETRY] || signal?.aborted || !replayable(request.body)) throw e;
      this.opts.log?.info(`Bedrock connection to ${key} failed before answering (${(e as Error).message}): sending again on a new one`);
      this.stats.retried++;
      this.forget(conn, e as Error);
      return await this.exchange(await this.acquire(key), request, signal);
    }
  }

  private pingAfterIdleMs(): number {
    return this.opts.pingAfterIdleMs ?? 10_000;
  }

  private acquire(key: string): Promise<Conn> {
    if (this.destroyed) return Promise.reject(new Error('the Bedrock connection pool was disposed'));
    let slot = this.conns.get(key);
    const s = slot?.conn?.session;
    if (s && (s.destroyed || s.closed)) slot = undefined; // its close event has not been handled yet
    if (!slot) {
      const fresh: Slot = { promise: this.connect(key) };
      fresh.promise.then(
        (c) => (fresh.conn = c),
        () => this.conns.get(key) === fresh && this.conns.delete(key),
      );
      this.conns.set(key, fresh);
      slot = fresh;
    }
    return slot.promise;
  }

  /** Stops handing out `conn` (streams in flight on it go on); `why` set: destroy it now. */
  private forget(conn: Conn, why?: Error): void {
    if (this.conns.get(conn.origin)?.conn === conn) this.conns.delete(conn.origin);
    if (why && !conn.session.destroyed) conn.session.destroy(why);
  }

  private async connect(key: string): Promise<Conn> {
    const url = new URL(key);
    const env = this.opts.env?.() ?? process.env;
    const ca = url.protocol === 'https:' ? caFor(env) : undefined;
    const proxy = proxyFor(url, env, this.opts.proxy?.());
    const tunnelled = proxy ? await tunnel(proxy, url, ca) : undefined;
    const servername = net.isIP(url.hostname) ? undefined : url.hostname;
    const session = http2.connect(key, {
      ...(ca ? { ca } : {}),
      ...(servername ? { servername } : {}),
      settings: { enablePush: false },
      ...(tunnelled
        ? { createConnection: () => (url.protocol === 'https:' ? tls.connect({ socket: tunnelled, servername, ALPNProtocols: ['h2'], ...(ca ? { ca } : {}) }) : tunnelled) }
        : {}),
    });
    this.stats.connects++;
    const conn: Conn = { origin: key, session, active: 0, opened: 0, lastUsed: Date.now() };
    await new Promise<void>((resolve, reject) => {
      session.once('connect', () => resolve());
      session.once('error', reject);
    });
    session.unref(); // an idle connection never keeps the process alive
    // GOAWAY: streams in flight finish on this session, new ones go to a new connection.
    session.on('goaway', () => this.forget(conn));
    session.on('close', () => this.forget(conn));
    session.on('error', (e) => this.opts.log?.info(`Bedrock connection to ${key} failed: ${e.message}`));
    return conn;
  }

  /** True when the peer answers a PING within pingTimeoutMs. */
  private alive(conn: Conn): Promise<boolean> {
    const timeoutMs = this.opts.pingTimeoutMs ?? 2000;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      try {
        conn.session.ping((err) => {
          clearTimeout(timer);
          resolve(!err);
        });
      } catch {
        clearTimeout(timer);
        resolve(false);
      }
    });
  }

  private exchange(conn: Conn, request: HandlerRequest, signal?: AbortSignal, trace?: Trace): Promise<{ response: HandlerResponse }> {
    const reused = conn.opened > 0;
    const idleFor = Date.now() - conn.lastUsed;
    return new Promise((resolve, reject) => {
      let answered = false;
      const fail = (e: Error, retry: boolean) => {
        if (answered) return;
        answered = true;
        reject(retry ? Object.assign(e, { [RETRY]: true }) : e);
      };
      let stream: http2.ClientHttp2Stream;
      try {
        stream = conn.session.request(requestHeaders(request), { endStream: request.body === undefined || request.body === null });
      } catch (e) {
        return fail(e as Error, true); // the session closed or went away under us: never sent
      }
      this.stats.streams++;
      conn.opened++;
      conn.active++;
      conn.session.ref();
      const onAbort = () => {
        stream.close(http2.constants.NGHTTP2_CANCEL); // RST_STREAM: the server stops at once, the connection stays
        fail(abortError(), false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      stream.once('response', (headers) => {
        trace?.mark('headers');
        answered = true;
        resolve({ response: { statusCode: Number(headers[':status'] ?? -1), headers: responseHeaders(headers), body: stream } });
      });
      stream.on('error', (e) => fail(e, reused || refused(stream)));
      stream.once('close', () => {
        signal?.removeEventListener('abort', onAbort);
        conn.active--;
        conn.lastUsed = Date.now();
        if (conn.active === 0 && !conn.session.destroyed) conn.session.unref();
        fail(new Error(`HTTP/2 stream closed before a response (code ${stream.rstCode ?? '?'})`), reused || refused(stream));
      });
      if (reused && idleFor >= this.pingAfterIdleMs()) {
        // After sleep or a silent NAT expiry the socket may be dead without knowing it: ask, and move on if it is.
        void this.alive(conn).then((ok) => {
          if (!ok && !answered) this.forget(conn, Object.assign(new Error('connection did not answer a PING'), { code: 'ERR_HTTP2_PING_TIMEOUT' }));
        });
      }
      writeBody(stream, request.body);
      trace?.mark('sent');
    });
  }
}

function originKey(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.protocol}//${url.hostname}:${port}`;
}

function refused(stream: http2.ClientHttp2Stream): boolean {
  return stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM;
}

function replayable(body: unknown): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}

function requestHeaders(request: HandlerRequest): http2.OutgoingHttpHeaders {
  const out: http2.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(request.headers)) if (!CONNECTION_HEADERS.has(k.toLowerCase())) out[k] = v;
  let path = request.path;
  const query = request.query ? queryString(request.query) : '';
  if (query) path += `?${query}`;
  if (request.fragment) path += `#${request.fragment}`;
  out[':method'] = request.method;
  out[':path'] = path;
  // :authority from the signed Host header, so SigV4 sees what was signed.
  const host = request.headers.host ?? request.headers.Host;
  if (host) out[':authority'] = host;
  return out;
}

function responseHeaders(headers: http2.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!k.startsWith(':') && v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : String(v);
  return out;
}

/** The SDK's query encoding (RFC 3986, keys sorted). */
function queryString(query: NonNullable<HandlerRequest['query']>): string {
  const esc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const parts: string[] = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (Array.isArray(value)) for (const v of value) parts.push(`${esc(key)}=${esc(v ?? '')}`);
    else parts.push(value === null ? esc(key) : `${esc(key)}=${esc(value)}`);
  }
  return parts.join('&');
}

function writeBody(stream: http2.ClientHttp2Stream, body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    stream.end(body);
    return;
  }
  if (typeof (body as Readable).pipe === 'function') {
    (body as Readable).pipe(stream);
    return;
  }
  stream.end(Buffer.from(String(body)));
}
