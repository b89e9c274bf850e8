/**
 * Loopback fake of Amazon Bedrock runtime + the AWS SSO portal + SSO-OIDC, for every test layer.
 *
 *   const fake = await startFake();               // 127.0.0.1, random port. opts: port, home, tokenExpired,
 *                                                 // profileName, sessionName, rejectBadSignatures, onRequestEnd
 *   await withFakeEnv(fake, async () => {...});   // process.env = fake.env (other AWS_* removed), restored after
 *   fake.respond({ text: 'hi', chunkDelayMs: 5 }) // every later request; or a function (req) => reply
 *   fake.enqueue({ httpError: 'throttled' }, {})  // one-shot replies, used in order before the respond() one
 *   fake.requests[0]: api, modelId (decoded), promptText, body, headers, sigv4Valid (+sigv4Problem),
 *                     accessKeyId, closedByClient, completed, chunksSent, requestedLatency, httpVersion
 *   await fake.waitForRequests(2);  // n requests *ended*
 *   fake.reset(); await fake.close();
 *
 * Replies (FakeReply in ./replies.ts): text | chunks, chunkChars, firstByteDelayMs, chunkDelayMs |
 * tokensPerSecond, usage (incl. cacheRead/WriteInputTokens), stopReason, servedLatency, httpError
 * (throttled, accessDenied, validation, needsProfile, inputTooLong, modelRetired, modelNotFound,
 * unavailable, internal, expiredCredentials, badCredentials; errorMessage overrides the text),
 * streamError {afterChunks, kind}, dropAfterChunks (SDK iterator ends silently), resetAfterChunks
 * (SDK throws ERR_HTTP2_STREAM_ERROR), hang (hold open after the text until the client leaves), hangAfterChunks
 * (silent mid-stream), hangBeforeHeaders (never answers). Extra profiles (credential_process, odd names): ./profiles.ts.
 * APIs: converse-stream, converse, invoke-with-response-stream (Anthropic events as chunk.bytes), invoke,
 * count-tokens (countTokensWith(fn): a count or an error; default a quarter of the characters + 7).
 *
 * SSO (fake.sso, ./sso.ts): writeToken({expired?, expiresInMs?, refreshable?, remove?}), readToken(),
 * expireAccessTokens(), rejectAllTokens, issueCredentials() (static keys the signer check accepts),
 * deviceFlow = {pendingPolls, slowDown, outcome: approve|deny|expire|manual, interval}, approve(), deny(),
 * deviceAuthorizations, requests (portal/OIDC log), onRequest. GET {url}/device?user_code=X approves too.
 * Found with the real SDK: a portal 401 reaches callers of fromSSO as CredentialsProviderError with
 * message "UnauthorizedException: ..." (no $metadata), not as UnauthorizedException.
 * Portal lists (the "new SSO profile" flow): fake.sso.accounts (account, name, email, roles; default
 * defaultPortalAccounts(): 111122223333 "Haiku Dev", 444455556666 "Sandbox", 777788889999 "Production")
 * answer ListAccounts / ListAccountRoles, paged by portalPageSize (2); GetRoleCredentials accepts any
 * listed account + role, and fake.sso.lookup(key) tells which one a signer's keys were issued for.
 *
 * Bedrock control plane (fake.controlPlane, ./controlPlane.ts): ListFoundationModels and
 * ListInferenceProfiles from scriptable `models` / `profiles` (default: the catalog's Haiku models with
 * AWS lifecycle fields, plus Claude 3 Haiku, Sonnet 4.5, a provisioned-only variant and Nova Micro),
 * filtered by the SigV4 scope's region and the query filters; `denyListing` (403 AccessDeniedException),
 * `profilesPageSize` (5), `requests` (log with sigv4Valid, region; not in fake.requests), `resetData()`.
 *
 * fake.env: AWS_ENDPOINT_URL_BEDROCK_RUNTIME / _BEDROCK / _SSO / _SSO_OIDC = fake.url, HOME (temp dir with
 * .aws/config profile `haiku-test`, session `haiku`, token cache valid 8 h), AWS_CONFIG_FILE,
 * AWS_SHARED_CREDENTIALS_FILE (empty), AWS_PROFILE, AWS_REGION=us-east-1, AWS_EC2_METADATA_DISABLED.
 * The SDK's token refresher allows one refresh per 30 s per session name per process: tests of refresh
 * should pass a distinct `sessionName`.
 *
 * One cleartext port speaks HTTP/2 (BedrockRuntimeClient's default) and HTTP/1.1 (the SSO clients,
 * NodeHttpHandler). `fake.requests` holds Bedrock runtime calls only. `npm run fake` runs ./cli.ts.
 * startFake({tls: true}) also serves runtime on https://localhost:N (`fake.runtimeUrl`, env's
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME) with a throwaway CA (`fake.caFile`, env's AWS_CA_BUNDLE; ./certs.ts).
 * On the runtime port: fake.connections {tcp, tlsHandshakes, h2Sessions}; goAway(), closeIdleConnections()
 * (bare FIN), dropConnections() (./front.ts). A TCP delay proxy and a CONNECT proxy: ./proxy.ts.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultCountTokens, defaultReply, promptTextOf, type CountTokensReply, type FakeReply, type LoggedRequest, type Responder } from './replies';
import { ControlPlaneState } from './controlPlane';
import { answer, answerCountTokens, sendBedrockError, type AnyReq, type AnyRes, type Exchange } from './runtime';
import { verifySigV4 } from './sigv4';
import { testCertificates } from './certs';
import { startFront, type ConnectionStats } from './front';
import { SsoState } from './sso';
import { flatHeaders, readBody, safeDecode, trackHome, untrackHome } from './util';
export { withFakeEnv } from './util';

export type { FakeReply, LoggedRequest, Responder, HttpErrorKind, StreamErrorKind } from './replies';
export { plausibleReply, defaultReply } from './replies';
export type { ConnectionStats } from './front';
export type { DeviceFlowScript, SsoLogEntry, PortalAccount } from './sso';
export { SsoState, ACCOUNT_ID, ROLE_NAME, START_URL, defaultPortalAccounts } from './sso';
export type { FakeFoundationModel, FakeInferenceProfile, ControlPlaneLogEntry } from './controlPlane';
export { ControlPlaneState, defaultControlPlaneData, CLAUDE_3_HAIKU, SONNET_4_5 } from './controlPlane';

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
  /**
   * Serve Bedrock runtime over TLS too, on a second port (`runtimeUrl`, https://localhost), with a
   * certificate from a throwaway CA (`caFile`, also set as AWS_CA_BUNDLE in `env`).
   */
  tls?: boolean;
}

export interface Fake {
  url: string;
  port: number;
  /** Where Bedrock runtime is served: `url`, or the TLS port's https://localhost:N in TLS mode. */
  runtimeUrl: string;
  /** TLS mode: the CA that signed the server certificate. */
  caFile?: string;
  /** Connections and handshakes on the runtime port. */
  connections: ConnectionStats;
  /** Runtime port: GOAWAY on every HTTP/2 session (streams in flight finish). */
  goAway(): void;
  /** Runtime port: FIN on connections with nothing in flight; returns how many. */
  closeIdleConnections(): number;
  /** Runtime port: destroys every connection. */
  dropConnections(): void;
  env: Record<string, string>;
  home: string;
  /** Reply to every later request (after queued ones). */
  respond(r: FakeReply | Responder): void;
  /** One-shot replies, consumed in order before the respond() one. */
  enqueue(...r: (FakeReply | Responder)[]): void;
  /** How CountTokens answers (POST /model/{id}/count-tokens); default defaultCountTokens. Not consumed by the queue. */
  countTokensWith(r?: (req: LoggedRequest) => CountTokensReply): void;
  requests: LoggedRequest[];
  /** Resolves when at least n Bedrock requests have *ended* (answered, failed or closed). */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  /** Clears the log, the queue and the responder (SSO state and files stay). */
  reset(): void;
  close(): Promise<void>;
  sso: SsoState;
  /** Bedrock's ListFoundationModels / ListInferenceProfiles (AWS_ENDPOINT_URL_BEDROCK). */
  controlPlane: ControlPlaneState;
  rejectBadSignatures: boolean;
}


const API_BY_SUFFIX: [string, LoggedRequest['api']][] = [
  ['converse-stream', 'converseStream'],
  ['invoke-with-response-stream', 'invokeStream'],
  ['converse', 'converse'],
  ['count-tokens', 'countTokens'],
  ['invoke', 'invoke'],
];

export async function startFake(opts: FakeOptions = {}): Promise<Fake> {
  const ownHome = !opts.home;
  const home = opts.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-fake-home-'));
  if (ownHome) trackHome(home);
  fs.mkdirSync(home, { recursive: true });

  const requests: LoggedRequest[] = [];
  const queue: (FakeReply | Responder)[] = [];
  let responder: FakeReply | Responder | undefined;
  let countTokens: (req: LoggedRequest) => CountTokensReply = defaultCountTokens;
  let nextId = 1;
  const waiters = new Set<() => void>();
  const inFlight = new Set<AbortController>();
  let closing = false;

  const h2 = http2.createServer();
  const h1 = http.createServer();
  const front = await startFront(h2, h1, { port: opts.port });
  const url = front.url;
  // TLS mode: Bedrock runtime behind TLS on a second port; SSO and the control plane stay on the first.
  const certs = opts.tls ? testCertificates() : undefined;
  const runtimeFront = certs ? await startFront(h2, h1, { tls: certs }) : front;
  const fronts = runtimeFront === front ? [front] : [front, runtimeFront];

  const sso = new SsoState({
    home,
    url,
    profileName: opts.profileName ?? 'haiku-test',
    sessionName: opts.sessionName ?? 'haiku',
    tokenExpired: !!opts.tokenExpired,
  });
  sso.writeFiles();

  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: runtimeFront.url,
    ...(certs ? { AWS_CA_BUNDLE: certs.caFile } : {}),
    AWS_ENDPOINT_URL_BEDROCK: url,
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
    port: front.port,
    runtimeUrl: runtimeFront.url,
    caFile: certs?.caFile,
    connections: runtimeFront.stats,
    goAway: () => runtimeFront.goAway(),
    closeIdleConnections: () => runtimeFront.closeIdle(),
    dropConnections: () => runtimeFront.dropAll(),
    env,
    home,
    sso,
    controlPlane: new ControlPlaneState(),
    requests,
    rejectBadSignatures: !!opts.rejectBadSignatures,
    respond(r) {
      responder = r;
    },
    enqueue(...r) {
      queue.push(...r);
    },
    countTokensWith(r) {
      countTokens = r ?? defaultCountTokens;
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
      countTokens = defaultCountTokens;
      nextId = 1;
    },
    async close() {
      closing = true;
      for (const c of inFlight) c.abort();
      for (const f of fronts) await f.close();
      h2.close();
      h1.close();
      if (ownHome) {
        fs.rmSync(home, { recursive: true, force: true });
        untrackHome(home);
      }
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

    if (ControlPlaneState.claims(method, rawPath)) {
      const sig = await verifySigV4({ method, path: rawPath, headers, body }, (k) => sso.lookup(k));
      const cp = fake.controlPlane.handle(rawPath, headers, sig, fake.rejectBadSignatures);
      res.writeHead(cp.status, cp.headers);
      res.end(cp.body);
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
      // CountTokens carries the Converse request inside `input.converse`.
      promptText: promptTextOf(api === 'countTokens' ? (parsed as { input?: { converse?: unknown } } | undefined)?.input?.converse : parsed),
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

    const x: Exchange = {
      log,
      res,
      signal: over.signal,
      markEnded: () => {
        endedByUs = true;
      },
      cutConnection: (kind) => {
        endedByUs = true;
        if (kind === 'reset' && 'stream' in req) {
          req.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
        } else {
          // The raw TCP socket: http2's session.socket proxy refuses destroy().
          const session = 'stream' in req ? (req.stream.session as http2.Http2Session) : undefined;
          const raw = session ? fronts.map((f) => f.socketOf(session)).find(Boolean) : (req.socket as net.Socket);
          raw?.destroy();
        }
        finish(log);
      },
    };

    if (api === 'other') {
      sendBedrockError(x, 404, 'UnknownOperationException', `fake: no route for ${method} ${pathname}`);
      return;
    }
    if (!sig.valid && fake.rejectBadSignatures) {
      const unknownKey = sig.problem === 'unknown access key';
      sendBedrockError(
        x,
        403,
        unknownKey ? 'UnrecognizedClientException' : 'InvalidSignatureException',
        unknownKey
          ? 'The security token included in the request is invalid.'
          : 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
      return;
    }

    if (api === 'countTokens') return answerCountTokens(x, countTokens(log));
    const next = queue.shift() ?? responder ?? defaultReply;
    await answer(x, typeof next === 'function' ? await next(log) : next);
  }

  return fake;
}

