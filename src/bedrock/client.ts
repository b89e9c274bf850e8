// The one way features reach Bedrock. ConverseStream, not InvokeModelWithResponseStream: one request shape
// for every model in the catalog (and any model id a user types), cachePoint blocks for prompt caching,
// performanceConfig for latency-optimized inference, and usage with cache read/write counts in `metadata`.

import { findModel, resolveModel } from './catalog';
import { classifyError, isAbortError, isAuthKind, bedrockError } from './errors';
import { costOf } from './pricing';
import { profileExists, resolveRegion } from './profileRegion';
import { emptyUsage, type ToolUse, type BedrockError, type Feature, type ResolvedModel, type StreamOptions, type StreamRequest, type StreamResult, type Usage } from './types';
import type { Config } from '../shared/config';
import type { Logger } from '../shared/logger';
import { Emitter } from '../shared/emitter';

export type SdkModule = typeof import('./sdk');

/** Decides whether a request may go out (budget guard); a returned error is reported instead of sending. */
export type RequestGate = (feature: Feature) => Promise<BedrockError | undefined> | BedrockError | undefined;

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
  gate?: RequestGate;
}

export class BedrockService {
  private sdk: SdkModule | undefined;
  private clients = new Map<string, ClientEntry>();
  private lastAuthProblem: BedrockError | undefined;
  private readonly started = new Emitter<[Feature]>();
  private readonly finished = new Emitter<[StreamResult, Feature]>();
  private readonly credentialsChanged = new Emitter<[]>();
  readonly onDidStart = this.started.event;
  readonly onDidFinish = this.finished.event;
  readonly onDidChangeCredentials = this.credentialsChanged.event;
  gate: RequestGate | undefined;

  constructor(private readonly opts: BedrockServiceOptions) {
    this.gate = opts.gate;
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
    return resolveModel(model ?? c.model, resolveRegion(c.aws.region, c.aws.profile, this.env), c.route);
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
      });
      entry = { key, client };
      this.clients.set(key, entry);
    }
    return entry;
  }

  async stream(request: StreamRequest, options: StreamOptions = {}): Promise<StreamResult> {
    const config = this.opts.config();
    const model = this.resolved(request.model);
    const catalog = model.catalogId ? findModel(model.catalogId) : undefined;
    const latencyOptimized = config.latencyOptimized && (!catalog || !!catalog.latencyOptimized?.regions.includes(model.region));
    const t0 = this.now();
    const usage: Usage = emptyUsage();
    let text = '';
    let firstTokenMs: number | undefined;
    let stopReason: string | undefined;
    let gotStop = false;
    let gotMetadata = false;
    let stoppedByCaller = false;
    const tools = new ToolUseCollector(options.onToolUse);

    const finish = (outcome: StreamResult['outcome'], error?: BedrockError): StreamResult => {
      // Bedrock does not bill a request refused before it answered (throttled, denied, invalid): estimate
      // only what was really under way — an answer that started, or one the caller aborted.
      const billed = text.length > 0 || outcome === 'aborted';
      if (!gotMetadata && billed) estimateUsage(usage, request, text, catalog?.charsPerToken);
      const estimatedUsage = !gotMetadata && billed;
      const cost = costOf(catalog, usage, { latencyOptimized, overrides: config.pricing, route: model.route });
      if (estimatedUsage) cost.estimate = true;
      const result: StreamResult = {
        outcome, text, stopReason, usage, cost, model, latencyOptimized, error,
        timings: { firstTokenMs, totalMs: Math.round(this.now() - t0) },
        ...(tools.done.length ? { toolUses: tools.done } : {}),
      };
      if (error && isAuthKind(error.kind)) this.lastAuthProblem = error;
      else if (outcome === 'complete') this.lastAuthProblem = undefined;
      this.finished.fire(result, request.feature);
      return result;
    };

    const gateError = await this.gate?.(request.feature);
    if (gateError) {
      const r: StreamResult = {
        outcome: 'error', text: '', usage, model, latencyOptimized, error: gateError, notSent: true,
        cost: { usd: 0, estimate: false, cacheSavingsUsd: 0 }, timings: { totalMs: 0 },
      };
      if (isAuthKind(gateError.kind)) this.lastAuthProblem = gateError;
      this.finished.fire(r, request.feature);
      return r;
    }

    const controller = new AbortController();
    const onAbort = () => controller.abort();
    if (options.signal?.aborted) controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.started.fire(request.feature);
    const ctx = { profile: config.aws.profile || this.env.AWS_PROFILE, model: model.displayName, region: model.region };
    let entry: ClientEntry | undefined;
    try {
      entry = this.clientFor(config.aws.profile, model.region, config.aws.endpoint);
      const command = new this.sdk!.ConverseStreamCommand(buildConverseInput(request, model, catalog, latencyOptimized));
      const response = await entry.client.send(command, { abortSignal: controller.signal });
      for await (const event of response.stream ?? []) {
        if (tools.take(event)) continue;
        const delta = event.contentBlockDelta?.delta?.text;
        if (delta) {
          firstTokenMs ??= Math.round(this.now() - t0);
          text += delta;
          if (options.onText?.(delta, text) === false) {
            stoppedByCaller = true;
            controller.abort();
            break;
          }
        } else if (event.messageStop) {
          gotStop = true;
          stopReason = event.messageStop.stopReason;
        } else if (event.metadata) {
          const u = event.metadata.usage;
          if (u) {
            gotMetadata = true;
            usage.inputTokens = u.inputTokens ?? 0;
            usage.outputTokens = u.outputTokens ?? 0;
            usage.cacheReadTokens = u.cacheReadInputTokens ?? 0;
            usage.cacheWriteTokens = u.cacheWriteInputTokens ?? 0;
          }
        }
      }
      // The SDK ends an aborted or dropped HTTP/2 stream silently: tell the three cases apart here.
      if (stoppedByCaller) return finish('complete');
      if (options.signal?.aborted) return finish('aborted');
      if (!gotStop) {
        this.opts.log.warn(`Bedrock stream ended without a stop event after ${text.length} chars`);
        return finish('cutOff', bedrockError('cutOff', 'stream ended without messageStop', ctx));
      }
      return finish('complete');
    } catch (e) {
      if (stoppedByCaller) return finish('complete');
      if (options.signal?.aborted || isAbortError(e)) return finish('aborted');
      let error = classifyError(e, ctx);
      // The provider chain only says "could not load credentials": name the real cause when we can.
      const profile = config.aws.profile || this.env.AWS_PROFILE;
      if (error.kind === 'noCredentials' && profile && !profileExists(profile, this.env)) error = bedrockError('unknownProfile', error.detail, ctx);
      this.opts.log.warn(`Bedrock ${request.feature} request failed (${error.kind}): ${error.detail}`);
      if (isAuthKind(error.kind) && entry) {
        // A failed credential lookup is memoized by the client: rebuild it so the next call reads disk again.
        entry.client.destroy();
        this.clients.delete(entry.key);
      }
      return finish('error', error);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  dispose(): void {
    for (const e of this.clients.values()) e.client.destroy();
    this.clients.clear();
    this.started.dispose();
    this.finished.dispose();
    this.credentialsChanged.dispose();
  }
}

type CatalogModel = NonNullable<ReturnType<typeof findModel>>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function buildConverseInput(request: StreamRequest, model: ResolvedModel, catalog: CatalogModel | undefined, latencyOptimized: boolean): any {
  const cachePoint = { cachePoint: { type: 'default' } };
  const system = request.system ? [{ text: request.system }, ...(request.systemCachePoint ? [cachePoint] : [])] : undefined;
  const messages = request.messages.map((m) => ({
    role: m.role,
    content: [...(m.content ?? [{ text: m.text }]), ...(m.cachePoint ? [cachePoint] : [])],
  }));
  return {
    modelId: model.invokeId,
    system,
    messages,
    inferenceConfig: {
      maxTokens: request.maxTokens,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.stopSequences?.length ? { stopSequences: request.stopSequences.slice(0, 4) } : {}),
    },
    // Adaptive thinking would spend the latency budget of a completion before the first visible token.
    ...(catalog?.thinkingByDefault ? { additionalModelRequestFields: { thinking: { type: 'disabled' } } } : {}),
    ...(latencyOptimized ? { performanceConfig: { latency: 'optimized' } } : {}),
    ...(request.tools?.length ? { toolConfig: toolConfigOf(request) } : {}),
  };
}

// --- Tool calling (Converse toolConfig / toolUse blocks), for the VS Code chat provider's agent mode. ---

function toolConfigOf(request: StreamRequest): object {
  return {
    tools: request.tools!.map((t) => ({ toolSpec: { name: t.name, description: t.description, inputSchema: { json: t.inputSchema } } })),
    toolChoice: request.toolChoice === 'required' ? { any: {} } : { auto: {} },
  };
}

interface ToolStreamEvent {
  contentBlockStart?: { contentBlockIndex?: number; start?: { toolUse?: { toolUseId?: string; name?: string } } };
  contentBlockDelta?: { contentBlockIndex?: number; delta?: { toolUse?: { input?: string } } };
  contentBlockStop?: { contentBlockIndex?: number };
}

/** Gathers toolUse blocks: a start names the tool, deltas carry its input JSON in pieces, the stop ends it. */
class ToolUseCollector {
  readonly done: ToolUse[] = [];
  private readonly open = new Map<number, { toolUseId: string; name: string; json: string }>();

  constructor(private readonly onToolUse?: (t: ToolUse) => void) {}

  /** True when the event belonged to a tool call (the caller skips it). */
  take(event: ToolStreamEvent): boolean {
    const start = event.contentBlockStart?.start?.toolUse;
    if (start) {
      this.open.set(event.contentBlockStart!.contentBlockIndex ?? 0, { toolUseId: start.toolUseId ?? '', name: start.name ?? '', json: '' });
      return true;
    }
    const input = event.contentBlockDelta?.delta?.toolUse?.input;
    const open = this.open.get(event.contentBlockDelta?.contentBlockIndex ?? event.contentBlockStop?.contentBlockIndex ?? -1);
    if (input !== undefined && open) {
      open.json += input;
      return true;
    }
    if (event.contentBlockStop && open) {
      this.open.delete(event.contentBlockStop.contentBlockIndex ?? 0);
      let parsed: unknown = {};
      try {
        parsed = open.json ? JSON.parse(open.json) : {};
      } catch {
        parsed = { _unparsed: open.json };
      }
      const use = { toolUseId: open.toolUseId, name: open.name, input: parsed };
      this.done.push(use);
      this.onToolUse?.(use);
      return true;
    }
    return false;
  }
}

/** Without a metadata event (aborted, cut off) we still owe the user an honest estimate of what was billed. */
function estimateUsage(usage: Usage, request: StreamRequest, text: string, charsPerToken = 3.5): void {
  const promptChars = (request.system?.length ?? 0) + request.messages.reduce((n, m) => n + m.text.length, 0);
  usage.inputTokens = Math.ceil(promptChars / charsPerToken);
  usage.outputTokens = Math.ceil(text.length / charsPerToken);
}
