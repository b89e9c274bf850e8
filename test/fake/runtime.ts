// Turns a scripted FakeReply into Bedrock runtime bytes on the wire: JSON for Converse/InvokeModel,
// event-stream frames for the streaming APIs, HTTP errors, in-stream exceptions, cuts.
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import type * as http2 from 'node:http2';
import { anthropicChunk, anthropicEvents, converseFrames, exceptionFrame, type StreamUsage } from './eventStream';
import { chunkText, estimateTokens, httpErrorSpec, streamErrorMessage, type CountTokensReply, type FakeReply, type LoggedRequest } from './replies';

export type AnyReq = http.IncomingMessage | http2.Http2ServerRequest;
export type AnyRes = http.ServerResponse | http2.Http2ServerResponse;

/** One Bedrock request in flight, as the server hands it over. */
export interface Exchange {
  log: LoggedRequest;
  res: AnyRes;
  /** Fires when the exchange closed (client left, or the fake is closing). */
  signal: AbortSignal;
  /** We ended it ourselves, so a later close is not the client's doing. */
  markEnded(): void;
  /** drop: destroy the TCP socket; reset: RST_STREAM (HTTP/1.1: socket destroy). */
  cutConnection(kind: 'drop' | 'reset'): void;
}

/** Waits ms, or less when the signal fires (so a cancelled request leaves no timer behind). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
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

/** Resolves when the exchange closes (the client left, or the fake is closing). */
export function untilClosed(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Bedrock's HTTP error shape: x-amzn-errortype `Name:namespace` and a JSON {"message"}. */
export function sendBedrockError(x: Exchange, status: number, name: string, message: string): void {
  x.log.status = status;
  x.markEnded();
  x.res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
  });
  x.res.end(JSON.stringify({ message }));
}

const NON_STREAM_STATUS: Record<NonNullable<FakeReply['streamError']>['kind'], [number, string]> = {
  throttlingException: [429, 'ThrottlingException'],
  modelStreamErrorException: [424, 'ModelErrorException'],
  internalServerException: [500, 'InternalServerException'],
  serviceUnavailableException: [503, 'ServiceUnavailableException'],
  validationException: [400, 'ValidationException'],
};

export async function answer(x: Exchange, reply: FakeReply): Promise<void> {
  const { log, res, signal } = x;
  const gone = () => signal.aborted;
  await sleep(reply.firstByteDelayMs ?? 0, signal);
  if (reply.hangBeforeHeaders) return await untilClosed(signal);
  if (gone()) return;

  if (reply.httpError) {
    const spec = httpErrorSpec(reply.httpError, log.modelId);
    sendBedrockError(x, spec.status, spec.name, reply.errorMessage ?? spec.message);
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

  if (log.api === 'converse' || log.api === 'invoke') {
    if (reply.streamError) {
      // Without a stream, the same failure is an HTTP error.
      const [status, name] = NON_STREAM_STATUS[reply.streamError.kind];
      sendBedrockError(x, status, name, reply.errorMessage ?? streamErrorMessage(reply.streamError.kind));
      return;
    }
    const out =
      log.api === 'converse'
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
    log.status = 200;
    log.chunksSent = chunks.length;
    log.outputTokensSent = usage.outputTokens;
    log.completed = true;
    x.markEnded();
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-amzn-requestid': randomUUID(),
      ...(log.api === 'invoke'
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
  const converse = log.api === 'converseStream';
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
  const cut = async (kind: 'drop' | 'reset') => {
    // Let the chunks already written reach the client before cutting, as on a real network.
    await lastWrite;
    await sleep(10, signal);
    x.cutConnection(kind);
  };
  const perChunkDelay = (c: string) =>
    reply.chunkDelayMs ?? (reply.tokensPerSecond ? (estimateTokens(c) * 1000) / reply.tokensPerSecond : 0);

  write(converse ? converseFrames.start() : anthropicChunk(anthropicEvents.start(log.modelId, usage)));
  if (!converse) write(anthropicChunk(anthropicEvents.blockStart()));

  for (let i = 0; i <= chunks.length; i++) {
    if (gone()) return;
    if (reply.dropAfterChunks === i) return await cut('drop');
    if (reply.resetAfterChunks === i) return await cut('reset');
    if (reply.hangAfterChunks === i) return await untilClosed(signal);
    if (reply.pause?.afterChunks === i) await Promise.race([reply.pause.until, untilClosed(signal)]);
    if (reply.streamError && reply.streamError.afterChunks === i) {
      write(exceptionFrame(reply.streamError.kind, reply.errorMessage ?? streamErrorMessage(reply.streamError.kind)));
      x.markEnded();
      res.end();
      return;
    }
    if (i === chunks.length) break;
    if (i > 0) await sleep(perChunkDelay(chunks[i]), signal);
    if (gone()) return;
    const c = chunks[i];
    write(converse ? converseFrames.delta(c) : anthropicChunk(anthropicEvents.delta(c)));
    log.chunksSent++;
    log.outputTokensSent += estimateTokens(c);
  }
  if (reply.hang) return; // held open until the client leaves; the server's close handler records it
  if (converse) {
    write(converseFrames.blockStop());
    if (reply.toolUse) writeToolUse(write, reply.toolUse);
    write(converseFrames.stop(reply.toolUse ? 'tool_use' : stopReason));
    write(converseFrames.metadata(usage, latencyMs(), perf));
  } else {
    write(anthropicChunk(anthropicEvents.blockStop()));
    write(anthropicChunk(anthropicEvents.messageDelta(stopReason, usage.outputTokens)));
    write(anthropicChunk(anthropicEvents.stop(usage, latencyMs())));
  }
  log.outputTokensSent = usage.outputTokens;
  log.completed = true;
  x.markEnded();
  res.end();
}

/** A toolUse block after the text block: its input JSON split in two deltas, as Bedrock streams it. */
function writeToolUse(write: (f: Uint8Array) => void, t: NonNullable<FakeReply['toolUse']>): void {
  const json = JSON.stringify(t.input ?? {});
  const half = Math.ceil(json.length / 2);
  write(converseFrames.toolStart(1, t.toolUseId ?? `tooluse_${randomUUID().slice(0, 12)}`, t.name));
  write(converseFrames.toolDelta(1, json.slice(0, half)));
  write(converseFrames.toolDelta(1, json.slice(half)));
  write(converseFrames.blockStop(1));
}

/** CountTokens: `{"inputTokens": n}`, or an error as Bedrock words it. */
export async function answerCountTokens(x: Exchange, reply: CountTokensReply): Promise<void> {
  if (typeof reply === 'number') {
    x.log.status = 200;
    x.log.completed = true;
    x.markEnded();
    x.res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
    x.res.end(JSON.stringify({ inputTokens: reply }));
    return;
  }
  if (reply.delayMs) await sleep(reply.delayMs, x.signal);
  if (x.signal.aborted) return;
  const spec = httpErrorSpec(reply.httpError, x.log.modelId);
  sendBedrockError(x, spec.status, spec.name, reply.errorMessage ?? spec.message);
}
