// The language-model provider's logic, without `vscode`: one VS Code chat request becomes one Bedrock
// ConverseStream through the same facade as every feature (budget gate, usage as `lmChat`, cost), text and
// tool calls are handed back as they arrive, and cancellation aborts the stream.

import { estimateTokens, findModel } from '../bedrock/catalog';
import type { ModelStreamer, StreamResult } from '../bedrock/types';
import { toConverse, toToolSpecs, ToolNames, type LmMessage, type LmTool } from './convert';
import { lmModels, type LmModelInfo } from './models';
import { TokenCounter, type TokenCounterLimits } from './tokenCount';

export interface LmSink {
  text(delta: string): void;
  toolCall(callId: string, name: string, input: object): void;
}

export interface LmRequestOptions {
  tools?: readonly LmTool[];
  /** VS Code's LanguageModelChatToolMode.Required: the model must call a tool. */
  toolRequired?: boolean;
  signal?: AbortSignal;
}

/** An error VS Code shows where the answer would have been. */
export class LmChatError extends Error {
  constructor(message: string, readonly kind: string) {
    super(message);
  }
}

export interface LmChatDeps {
  bedrock: ModelStreamer;
  configuredModel: () => string;
  log?: (m: string) => void;
  /** Bedrock's CountTokens (BedrockService.countTokens); without it, token counts are estimates. */
  countTokens?: (model: string, text: string, signal: AbortSignal) => Promise<number>;
  /** The Region requests go to: CountTokens is offered in some only. */
  region?: () => string;
  tokenLimits?: TokenCounterLimits;
}

export class LmChatProvider {
  readonly tokens: TokenCounter;

  constructor(private readonly deps: LmChatDeps) {
    this.tokens = new TokenCounter({ count: deps.countTokens, log: deps.log }, deps.tokenLimits);
  }

  models(): LmModelInfo[] {
    return lmModels(this.deps.configuredModel());
  }

  async respond(model: Pick<LmModelInfo, 'id' | 'maxOutputTokens'>, messages: readonly LmMessage[], opts: LmRequestOptions, sink: LmSink): Promise<StreamResult> {
    const names = new ToolNames();
    const tools = opts.tools?.length ? toToolSpecs(opts.tools, names) : undefined;
    const converted = toConverse(messages, names);
    if (converted.redactions) this.deps.log?.(`VS Code chat request: ${converted.redactions} secret(s) replaced before sending`);
    if (!converted.messages.length) throw new LmChatError('Nothing to send: the request had no text.', 'empty');
    const result = await this.deps.bedrock.stream(
      {
        feature: 'lmChat',
        model: model.id,
        messages: converted.messages,
        maxTokens: model.maxOutputTokens,
        ...(tools ? { tools, toolChoice: opts.toolRequired ? ('required' as const) : ('auto' as const) } : {}),
      },
      {
        signal: opts.signal,
        onText: (delta) => sink.text(delta),
        onToolUse: (t) => sink.toolCall(t.toolUseId, names.vscodeName(t.name), (t.input && typeof t.input === 'object' ? t.input : {}) as object),
      },
    );
    if (result.outcome === 'error' && result.error) throw new LmChatError(result.error.message, result.error.kind);
    if (result.outcome === 'cutOff') throw new LmChatError('The answer was cut off (the connection dropped). Try again.', 'cutOff');
    return result;
  }

  /** Bedrock's count where the model and Region offer CountTokens, else the catalog's estimate (tokenCount.ts). */
  tokenCount(model: Pick<LmModelInfo, 'id' | 'catalogId'>, text: string, signal?: AbortSignal): Promise<number> {
    const catalog = model.catalogId ? findModel(model.catalogId) : undefined;
    const estimate = (t: string) => estimateTokens(t, catalog);
    // An unknown profile has no foundation model to count with.
    if (!catalog) return Promise.resolve(estimate(text));
    return this.tokens.count(model.id, this.deps.region?.() ?? '', text, estimate, signal);
  }
}

/** The text a VS Code message would count as, for token estimates. */
export function messageText(m: LmMessage): string {
  return m.parts.map((p) => (p.type === 'toolCall' ? `${p.name} ${JSON.stringify(p.input)}` : p.text)).join('\n');
}
