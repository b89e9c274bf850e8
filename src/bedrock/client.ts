// The one way features reach Bedrock. ConverseStream, not InvokeModelWithResponseStream: one request shape
// for every model in the catalog (and any model id a user types), cachePoint blocks for prompt caching,
// performanceConfig for latency-optimized inference, and usage with cache read/write counts in `metadata`.

import { findModel, resolveModel, tokensForChars } from './catalog';
import { credentialError, credentialProcessFailure, profileCause } from './credentialCause';
import { classifyError, isAbortError, isAuthKind, bedrockError, type ErrorContext } from './errors';
import { costOf } from './pricing';
import { countTokensInput } from './countTokens';
import { resolveRegion } from './profileRegion';
import { emptyUsage, type BedrockError, type Feature, type RequestTags, type ResolvedModel, type StreamOptions, type StreamRequest, type StreamResult, type StreamTimeouts, type Usage } from './types';
import { DEFAULT_TIMEOUTS, StreamWatchdog } from './watchdog';
import { buildConverseInput, ToolUseCollector, type ToolStreamEvent } from './converse';
import { ConnectionPool, type PoolOptions } from './httpHandler';
import { redactSecrets } from '../privacy/redact';
import type { Config } from '../shared/config';
import type { Logger } from '../shared/logger';
import { Emitter } from '../shared/emitter';

export type SdkModule = typeof import('./sdk');

/** Decides whether a request may go out (budget guard); a returned error is reported instead of sending. */
export type RequestGate = (feature: Feature) => Promise<BedrockError | undefined> | BedrockError | undefined;

/** The parts of a ConverseStream event we read. */
interface ConverseStreamEvent extends ToolStreamEvent {
  contentBlockDelta?: { contentBlockIndex?: number; delta?: { text?: string; toolUse?: { input?: string } } };
  messageStop?: { stopReason?: string };
  metadata?: { usage?: { inputTokens?: number; outputTokens?: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number } };
}

/** What one stream has gathered so far. */
interface RunState {
  text: string;
  usage: Usage;
  firstTokenMs?: number;
  stopReason?: string;
  gotStop: boolean;
  gotMetadata: boolean;
  /** onText returned false: the caller has what it needs. */
  stoppedByCaller: boolean;
  /** The response headers arrived (send() resolved). */
  responseStarted: boolean;
  tools: ToolUseCollector;
}

interface ClientEntry {
  key: string;
  client: InstanceType<SdkModule['BedrockRuntimeClient']>;
}

export interface BedrockServiceOptions {
  config: () => Config;
  loadSdk: () => SdkModule;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  /** Per-feature overrides of DEFAULT_TIMEOUTS (watchdog.ts). */
  timeouts?: Partial<Record<Feature, Partial<StreamTimeouts>>>;
  /** false: the SDK's default handler (a connection per stream), for comparison in benchmarks. */
  connectionReuse?: boolean;
  /** Another SDK request handler (benchmarks compare them); wins over connectionReuse. */
  requestHandler?: unknown;
  /** Proxy override, PING timings (httpHandler.ts). */
  pool?: Omit<PoolOptions, 'env' | 'log'>;
}

export class BedrockService {
  private sdk: SdkModule | undefined;
  private clients = new Map<string, ClientEntry>();
  private readonly pool: ConnectionPool;
  private preconnecting: Promise<void> | undefined;
  private lastAuthProblem: BedrockError | undefined;
  private readonly started = new Emitter<[Feature]>();
  private readonly finished = new Emitter<[StreamResult, Feature, RequestTags]>();
  private readonly credentialsChanged = new Emitter<[]>();
  readonly onDidStart = this.started.event;
  readonly onDidFinish = this.finished.event;
  readonly onDidChangeCredentials = this.credentialsChanged.event;
  private gate: RequestGate | undefined;
  /** A request was asked for: too late to install a gate (it would have let that one through). */
  private asked = false;

  constructor(private readonly opts: BedrockServiceOptions) {
    this.pool = new ConnectionPool({ ...opts.pool, env: () => this.env, log: opts.log });
  }

  /**
   * The check every request passes before it is sent (budget, known-expired session). The composition root
   * installs it once, before any feature can send; a second gate, or one after the first request, is a
   * wiring mistake and throws.
   */
  installGate(gate: RequestGate): void {
    if (this.gate) throw new Error('BedrockService: a request gate is already installed');
    if (this.asked) throw new Error('BedrockService: the request gate must be installed before the first request');
    this.gate = gate;
  }

  /** Connections opened and requests re-sent by the shared connection pool. */
  connectionStats(): ConnectionPool['stats'] {
    return this.pool.stats;
  }

  /**
   * Gets the connection and credentials ready, so the next request waits for neither: for the adapters
   * to call when the editor gains focus or on the first keystroke after a while idle. Cheap when warm
   * (a PING on a connection idle for a while); never throws.
   */
  preconnect(): Promise<void> {
    // Callers may ask on every focus and keystroke: one at a time.
    this.preconnecting ??= this.doPreconnect().finally(() => (this.preconnecting = undefined));
    return this.preconnecting;
  }

  private async doPreconnect(): Promise<void> {
    try {
      const config = this.opts.config();
      const region = this.resolved().region;
      const profile = config.aws.profile.trim() || this.env.AWS_PROFILE || '';
      const entry = this.clientFor(profile, region, config.aws.endpoint);
      const origins = this.pool.knownOrigins();
      const target = origins.length ? origins : [endpointOrigin(config.aws.endpoint, region, this.env)];
      await Promise.all([
        ...target.map((o) => this.pool.preconnect(o)),
        // A failure is not memoized by the SDK (tested): the request after a sign-in reads the files again.
        entry.client.config.credentials().catch(() => undefined),
      ]);
    } catch (e) {
      this.opts.log.info(`Bedrock preconnect skipped: ${(e as Error).message}`);
    }
  }

  sdkLoaded(): boolean {
    return this.sdk !== undefined;
  }

  private get env(): NodeJS.ProcessEnv {
    return this.opts.env ?? process.env;
  }

  private now(): number {
    return (this.opts.now ?? performance.now.bind(performance))();
  }

  resolved(model?: string): ResolvedModel {
    const c = this.opts.config();
    return resolveModel(model ?? c.model, resolveRegion(c.aws.region, c.aws.profile.trim(), this.env), c.route);
  }

  authProblem(): BedrockError | undefined {
    return this.lastAuthProblem;
  }

  /** Drops clients and their memoized credentials: the next request resolves them afresh. */
  resetCredentials(): void {
    for (const e of this.clients.values()) e.client.destroy();
    this.clients.clear();
    this.lastAuthProblem = undefined;
    this.credentialsChanged.fire();
  }

  private clientFor(profile: string, region: string, endpoint: string): ClientEntry {
    const key = `${profile}\u0000${region}\u0000${endpoint}`;
    let entry = this.clients.get(key);
    if (!entry) {
      this.sdk ??= this.opts.loadSdk();
      const { BedrockRuntimeClient, fromNodeProviderChain } = this.sdk;
      const client = new BedrockRuntimeClient({
        region,
        ...(endpoint ? { endpoint } : {}),
        // ignoreCache: a fresh `aws sso login` is read from disk instead of a stale in-memory token.
        credentials: fromNodeProviderChain({ ...(profile ? { profile } : {}), ignoreCache: true }),
        ...this.requestHandler(),
      });
      entry = { key, client };
      this.clients.set(key, entry);
    }
    return entry;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private requestHandler(): { requestHandler?: any } {
    if (this.opts.requestHandler) return { requestHandler: this.opts.requestHandler };
    return this.opts.connectionReuse === false ? {} : { requestHandler: this.pool.handler() };
  }

  async stream(request: StreamRequest, options: StreamOptions = {}): Promise<StreamResult> {
    this.asked = true;
    const config = this.opts.config();
    const model = this.resolved(request.model);
    const catalog = model.catalogId ? findModel(model.catalogId) : undefined;
    const latencyOptimized = config.latencyOptimized && (!catalog || !!catalog.latencyOptimized?.regions.includes(model.region));
    const t0 = this.now();
    const run: RunState = { text: '', usage: emptyUsage(), gotStop: false, gotMetadata: false, stoppedByCaller: false, responseStarted: false, tools: new ToolUseCollector(options.onToolUse) };

    const finish = (outcome: StreamResult['outcome'], error?: BedrockError): StreamResult => {
      const { text, usage } = run;
      // Bedrock does not bill a request refused before it answered (throttled, denied, invalid): estimate
      // only what was really under way — an answer that started, or one the caller aborted.
      const billed = text.length > 0 || outcome === 'aborted';
      if (!run.gotMetadata && billed) estimateUsage(usage, request, text, catalog?.charsPerToken);
      const estimatedUsage = !run.gotMetadata && billed;
      const cost = costOf(catalog, usage, { latencyOptimized, overrides: config.pricing, route: model.route });
      if (estimatedUsage) cost.estimate = true;
      const result: StreamResult = {
        outcome, text, stopReason: run.stopReason, usage, cost, model, latencyOptimized, error,
        timings: { firstTokenMs: run.firstTokenMs, totalMs: Math.round(this.now() - t0) },
        ...(run.tools.done.length ? { toolUses: run.tools.done } : {}),
      };
      if (error && isAuthKind(error.kind)) this.lastAuthProblem = error;
      else if (outcome === 'complete') this.lastAuthProblem = undefined;
      this.finished.fire(result, request.feature, tagsOf(request));
      return result;
    };

    const gateError = await this.gate?.(request.feature);
    if (gateError) return this.notSent(gateError, request, model, latencyOptimized);

    const controller = new AbortController();
    const onAbort = () => controller.abort();
    if (options.signal?.aborted) controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // Aborting our controller is what keeps the SDK from retrying a request we gave up on.
    const watchdog = new StreamWatchdog(this.timeoutsFor(request.feature, options), () => controller.abort());
    this.started.fire(request.feature);
    const profile = config.aws.profile.trim() || this.env.AWS_PROFILE || undefined;
    const ctx = { profile, model: model.displayName, region: model.region };
    const timedOut = () => {
      const t = watchdog.expiredWith!;
      this.opts.log.warn(`Bedrock ${request.feature} request timed out: ${t.message} (${run.text.length} chars arrived)`);
      return finish('error', bedrockError('timedOut', t.message, ctx));
    };
    let entry: ClientEntry | undefined;
    try {
      entry = this.clientFor(profile ?? '', model.region, config.aws.endpoint);
      const command = new this.sdk!.ConverseStreamCommand(buildConverseInput(request, model, catalog, latencyOptimized));
      watchdog.start();
      const response = await watchdog.race(entry.client.send(command, { abortSignal: controller.signal }));
      run.responseStarted = true;
      await this.consume(watchdog.events(response.stream), run, options, controller, t0);
      // The SDK ends an aborted or dropped HTTP/2 stream silently: tell the cases apart here.
      if (run.stoppedByCaller) return finish('complete');
      if (watchdog.expiredWith) return timedOut();
      if (options.signal?.aborted) return finish('aborted');
      if (!run.gotStop) {
        this.opts.log.warn(`Bedrock stream ended without a stop event after ${run.text.length} chars`);
        return finish('cutOff', bedrockError('cutOff', 'stream ended without messageStop', ctx));
      }
      return finish('complete');
    } catch (e) {
      if (run.stoppedByCaller) return finish('complete');
      if (watchdog.expiredWith) return timedOut();
      if (options.signal?.aborted || isAbortError(e)) return finish('aborted');
      const error = await this.classify(e, run, profile, ctx);
      this.opts.log.warn(`Bedrock ${request.feature} request failed (${error.kind}): ${error.detail}`);
      if ((isAuthKind(error.kind) || error.kind === 'credentialProcess') && entry) {
        // A failed credential lookup is memoized by the client: rebuild it so the next call reads disk again.
        entry.client.destroy();
        this.clients.delete(entry.key);
      }
      return finish('error', error);
    } finally {
      watchdog.stop();
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Bedrock's CountTokens for `text` as one user message, with the foundation model behind `model` (free;
   * not usage, no budget gate). Rejects with a BedrockError (see countTokensFailure).
   */
  async countTokens(model: string, text: string, signal?: AbortSignal): Promise<number> {
    const config = this.opts.config();
    const resolved = this.resolved(model);
    const catalog = resolved.catalogId ? findModel(resolved.catalogId) : undefined;
    const profile = config.aws.profile.trim() || this.env.AWS_PROFILE || undefined;
    const ctx = { profile, model: resolved.displayName, region: resolved.region };
    if (!catalog) throw bedrockError('modelNotFound', `no foundation model known behind ${resolved.invokeId} to count tokens with`, ctx);
    try {
      const entry = this.clientFor(profile ?? '', resolved.region, config.aws.endpoint);
      const out = await entry.client.send(new this.sdk!.CountTokensCommand(countTokensInput(catalog.baseId, text)), { abortSignal: signal });
      return out.inputTokens ?? 0;
    } catch (e) {
      throw classifyError(e, ctx);
    }
  }

  private notSent(error: BedrockError, request: StreamRequest, model: ResolvedModel, latencyOptimized: boolean): StreamResult {
    const r: StreamResult = {
      outcome: 'error', text: '', usage: emptyUsage(), model, latencyOptimized, error, notSent: true,
      cost: { usd: 0, estimate: false, cacheSavingsUsd: 0 }, timings: { totalMs: 0 },
    };
    if (isAuthKind(error.kind)) this.lastAuthProblem = error;
    this.finished.fire(r, request.feature, tagsOf(request));
    return r;
  }

  private timeoutsFor(feature: Feature, options: StreamOptions): StreamTimeouts {
    return { ...DEFAULT_TIMEOUTS[feature], ...this.opts.timeouts?.[feature], ...options.timeouts };
  }

  /** Reads the event stream into `run`; returns when it ends or the caller has what it needs. */
  private async consume(events: AsyncIterable<ConverseStreamEvent>, run: RunState, options: StreamOptions, controller: AbortController, t0: number): Promise<void> {
    for await (const event of events) {
      if (run.tools.take(event)) continue;
      const delta = event.contentBlockDelta?.delta?.text;
      if (delta) {
        run.firstTokenMs ??= Math.round(this.now() - t0);
        run.text += delta;
        if (options.onText?.(delta, run.text) === false) {
          run.stoppedByCaller = true;
          controller.abort();
          return;
        }
      } else if (event.messageStop) {
        run.gotStop = true;
        run.stopReason = event.messageStop.stopReason;
      } else if (event.metadata?.usage) {
        const u = event.metadata.usage;
        run.gotMetadata = true;
        run.usage.inputTokens = u.inputTokens ?? 0;
        run.usage.outputTokens = u.outputTokens ?? 0;
        run.usage.cacheReadTokens = u.cacheReadInputTokens ?? 0;
        run.usage.cacheWriteTokens = u.cacheWriteInputTokens ?? 0;
      }
    }
  }

  /** The kind of a failure, with its real cause where the SDK's own error hides it. */
  private async classify(e: unknown, run: RunState, profile: string | undefined, ctx: ErrorContext): Promise<BedrockError> {
    const error = classifyError(e, ctx);
    // A reset once the answer had started is Bedrock (or a proxy) dropping this stream, not an unreachable service.
    if (error.kind === 'network' && run.responseStarted) return bedrockError('streamReset', error.detail, ctx);
    const fromService = (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode !== undefined;
    if (fromService || run.responseStarted || !(isAuthKind(error.kind) || error.kind === 'unknown')) return error;
    // The provider chain only says "could not load credentials": name the real cause from the files.
    const named = credentialError(error, profile, profileCause(profile ?? 'default', this.env), ctx);
    if (named.kind !== 'credentialProcess') return named;
    if (error.kind === 'unknown') return error; // a process that failed surfaces as "could not load credentials", not this
    const why = await credentialProcessFailure(() => this.sdk!.fromProcess({ profile: profile ?? 'default', ignoreCache: true })());
    return why ? { ...named, detail: redactSecrets(`credential_process: ${why}`).text } : named;
  }

  dispose(): void {
    for (const e of this.clients.values()) e.client.destroy();
    this.clients.clear();
    this.pool.destroy();
    this.started.dispose();
    this.finished.dispose();
    this.credentialsChanged.dispose();
  }
}

/** Where Bedrock runtime requests go, as the SDK decides it (setting, then the AWS_ENDPOINT_URL_* variables). */
export function endpointOrigin(setting: string, region: string, env: NodeJS.ProcessEnv): string {
  const configured = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true' ? undefined : env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME || env.AWS_ENDPOINT_URL;
  return new URL(setting.trim() || configured || `https://bedrock-runtime.${region}.amazonaws.com`).origin;
}

/** Without a metadata event (aborted, cut off) we still owe the user an honest estimate of what was billed. */
function estimateUsage(usage: Usage, request: StreamRequest, text: string, charsPerToken?: number): void {
  const promptChars = (request.system?.length ?? 0) + request.messages.reduce((n, m) => n + m.text.length, 0);
  usage.inputTokens = tokensForChars(promptChars, charsPerToken);
  usage.outputTokens = tokensForChars(text.length, charsPerToken);
}

/** What onDidFinish hands to the usage record besides the result; never part of what is sent. */
function tagsOf(request: StreamRequest): RequestTags {
  return request.languageId ? { languageId: request.languageId } : {};
}
