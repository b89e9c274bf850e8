// The ConverseStream request shape (system and messages with cache points, inference settings, latency-optimized
// inference, tools) and the tool-use blocks gathered back from the stream.

import type { findModel } from './catalog';
import type { ResolvedModel, StreamRequest, ToolUse } from './types';

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

export interface ToolStreamEvent {
  contentBlockStart?: { contentBlockIndex?: number; start?: { toolUse?: { toolUseId?: string; name?: string } } };
  contentBlockDelta?: { contentBlockIndex?: number; delta?: { toolUse?: { input?: string } } };
  contentBlockStop?: { contentBlockIndex?: number };
}

/** Gathers toolUse blocks: a start names the tool, deltas carry its input JSON in pieces, the stop ends it. */
export class ToolUseCollector {
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
