// An in-process stand-in for Bedrock with realistic timing, on a virtual clock: time to first token,
// then tokens at a steady rate; honours max tokens, the abort signal and the onText early stop like the real
// BedrockService does. The typing-trace benchmark and the engine's unit tests run on it, so they are
// deterministic and take milliseconds. (The loopback fake over HTTP/2 is exercised by the extension-host tests.)

import type { ModelStreamer, StreamOptions, StreamRequest, StreamResult } from '../../src/bedrock/types';
import type { VirtualClock } from './virtualClock';

export interface SimTiming {
  firstTokenMs: number;
  tokensPerSecond: number;
  /** Characters per token of the model output. */
  charsPerToken: number;
}

export const REALISTIC: SimTiming = { firstTokenMs: 300, tokensPerSecond: 50, charsPerToken: 3.5 };

export interface SimCall {
  request: StreamRequest;
  startedAt: number;
  endedAt?: number;
  outcome?: StreamResult['outcome'];
  /** Tokens sent to the client before it stopped or aborted. */
  tokensSent: number;
  /** Tokens of the full answer (what would have been billed without early stop or abort). */
  tokensFull: number;
  stoppedEarly: boolean;
  firstTokenAt?: number;
  /** The text the client received (what its tokens carried). */
  text?: string;
}

/** `reply` decides the model's full answer for a request (it may look at the prompt). */
export class SimModel implements ModelStreamer {
  readonly calls: SimCall[] = [];
  failWith: StreamResult['error'] | undefined;

  constructor(
    private readonly clock: VirtualClock,
    private readonly reply: (request: StreamRequest) => string,
    private readonly timing: SimTiming = REALISTIC,
  ) {}

  async stream(request: StreamRequest, options: StreamOptions = {}): Promise<StreamResult> {
    const full = this.reply(request);
    const call: SimCall = { request, startedAt: this.clock.now(), tokensSent: 0, tokensFull: Math.ceil(full.length / this.timing.charsPerToken), stoppedEarly: false };
    this.calls.push(call);
    const { signal, onText } = options;
    const finish = (outcome: StreamResult['outcome'], text: string): StreamResult => {
      call.endedAt = this.clock.now();
      call.outcome = outcome;
      call.text = text;
      return {
        outcome,
        text,
        usage: { inputTokens: Math.ceil(JSON.stringify(request.messages).length / 3.5), outputTokens: call.tokensSent, cacheReadTokens: 0, cacheWriteTokens: 0 },
        timings: { firstTokenMs: call.firstTokenAt !== undefined ? call.firstTokenAt - call.startedAt : undefined, totalMs: this.clock.now() - call.startedAt },
        cost: { usd: 0, estimate: true, cacheSavingsUsd: 0 },
        model: { displayName: 'sim', invokeId: 'sim', region: 'us-east-1' },
        latencyOptimized: false,
        ...(outcome === 'error' ? { error: this.failWith } : {}),
      };
    };
    if (this.failWith) {
      await this.clock.sleep(this.timing.firstTokenMs / 3, signal);
      return finish('error', '');
    }
    await this.clock.sleep(this.timing.firstTokenMs, signal);
    if (signal?.aborted) return finish('aborted', '');
    let text = '';
    const step = this.timing.charsPerToken;
    for (let i = 0; i < full.length; i += step) {
      if (i > 0) await this.clock.sleep(1000 / this.timing.tokensPerSecond, signal);
      if (signal?.aborted) return finish('aborted', text);
      const delta = full.slice(Math.round(i), Math.round(i + step));
      text += delta;
      call.tokensSent++;
      call.firstTokenAt ??= this.clock.now();
      if (onText?.(delta, text) === false) {
        call.stoppedEarly = true;
        return finish('complete', text);
      }
      // Like Bedrock: generation ends at the request's max tokens.
      if (request.maxTokens && call.tokensSent >= request.maxTokens) return finish('complete', text);
    }
    return finish('complete', text);
  }
}
