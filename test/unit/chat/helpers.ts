// Test doubles for the chat: a scripted model streamer and an in-memory storage.

import type { ModelStreamer, ResolvedModel, StreamOptions, StreamRequest, StreamResult } from '../../../src/bedrock/types';
import type { ChatStorage } from '../../../src/chat/historyStore';

export const HAIKU_45: ResolvedModel = { catalogId: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5', invokeId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', region: 'us-east-1' };

export function result(over: Partial<StreamResult> = {}): StreamResult {
  return {
    outcome: 'complete',
    text: 'Hello',
    usage: { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 5000, cacheWriteTokens: 0 },
    timings: { firstTokenMs: 320, totalMs: 2400 },
    cost: { usd: 0.0032, estimate: true, cacheSavingsUsd: 0.0045 },
    model: HAIKU_45,
    latencyOptimized: false,
    ...over,
  };
}

export interface Script {
  chunks: string[];
  /** ms between chunks. */
  delayMs?: number;
  /** Ends the stream this way after the chunks (default complete). */
  end?: Partial<StreamResult>;
}

/** Streams scripted chunks; honours the abort signal the way the facade does (outcome aborted, text so far). */
export class FakeStreamer implements ModelStreamer {
  requests: StreamRequest[] = [];
  scripts: Script[] = [];
  /** Resolves when a stream has started delivering. */
  started: (() => void)[] = [];

  async stream(request: StreamRequest, options: StreamOptions = {}): Promise<StreamResult> {
    this.requests.push(structuredClone(request));
    const script = this.scripts.shift() ?? { chunks: ['ok'] };
    let text = '';
    for (const chunk of script.chunks) {
      if (options.signal?.aborted) break;
      if (script.delayMs) await new Promise((r) => setTimeout(r, script.delayMs));
      if (options.signal?.aborted) break;
      text += chunk;
      options.onText?.(chunk, text);
      for (const s of this.started.splice(0)) s();
    }
    if (options.signal?.aborted) return result({ outcome: 'aborted', text, ...{ cost: { usd: 0.0001, estimate: true, cacheSavingsUsd: 0 } } });
    return result({ text, ...script.end });
  }

  nextStarts(): Promise<void> {
    return new Promise((r) => this.started.push(r));
  }
}

export class MemoryStorage implements ChatStorage {
  files = new Map<string, string>();
  failWrites = false;
  async read(name: string) {
    return this.files.get(name);
  }
  async write(name: string, text: string) {
    if (this.failWrites) throw new Error('disk full');
    this.files.set(name, text);
  }
  async remove(name: string) {
    this.files.delete(name);
  }
  async list() {
    return [...this.files.keys()];
  }
}
