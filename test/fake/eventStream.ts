// Bedrock's streaming answers are application/vnd.amazon.eventstream frames; the SDK decodes them
// with the same codec, so encoding with it keeps the fake byte-compatible.
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function str(value: string): { type: 'string'; value: string } {
  return { type: 'string', value };
}

/** One `:message-type: event` frame; `eventType` is the union member name (camelCase). */
export function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': str('event'),
      ':event-type': str(eventType),
      ':content-type': str('application/json'),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** An in-stream exception; the SDK's iterator throws it as the matching modelled error. */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': str('exception'),
      ':exception-type': str(exceptionType),
      ':content-type': str('application/json'),
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}

/** Decodes a buffer of concatenated frames (for tests of the fake itself). */
export function decodeFrames(buf: Uint8Array): { headers: Record<string, string>; body: unknown }[] {
  const out: { headers: Record<string, string>; body: unknown }[] = [];
  let offset = 0;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  while (offset + 4 <= buf.byteLength) {
    const len = view.getUint32(offset);
    const msg = codec.decode(buf.subarray(offset, offset + len));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(msg.headers)) headers[k] = String(v.value);
    out.push({ headers, body: JSON.parse(toUtf8(msg.body)) });
    offset += len;
  }
  return out;
}

export interface StreamUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
}

/** Frames of a ConverseStream answer, in the order Bedrock sends them. */
export const converseFrames = {
  start: (): Uint8Array => eventFrame('messageStart', { role: 'assistant' }),
  delta: (text: string): Uint8Array =>
    eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text } }),
  blockStop: (index = 0): Uint8Array => eventFrame('contentBlockStop', { contentBlockIndex: index }),
  toolStart: (index: number, toolUseId: string, name: string): Uint8Array =>
    eventFrame('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId, name } } }),
  toolDelta: (index: number, input: string): Uint8Array => eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input } } }),
  stop: (stopReason: string): Uint8Array => eventFrame('messageStop', { stopReason }),
  metadata: (u: StreamUsage, latencyMs: number, extra: Record<string, unknown> = {}): Uint8Array =>
    eventFrame('metadata', {
      ...extra,
      usage: {
        inputTokens: u.inputTokens,
        outputTokens: u.outputTokens,
        totalTokens: u.inputTokens + u.outputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens,
        cacheReadInputTokens: u.cacheReadInputTokens,
        cacheWriteInputTokens: u.cacheWriteInputTokens,
      },
      metrics: { latencyMs },
    }),
};

/** InvokeModelWithResponseStream wraps each Anthropic Messages event as `chunk {bytes: base64}`. */
export function anthropicChunk(event: unknown): Uint8Array {
  return eventFrame('chunk', { bytes: Buffer.from(JSON.stringify(event)).toString('base64') });
}

export const anthropicEvents = {
  start: (model: string, u: StreamUsage): unknown => ({
    type: 'message_start',
    message: {
      id: `msg_bdrk_fake${Date.now().toString(36)}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: u.inputTokens,
        output_tokens: 1,
        cache_read_input_tokens: u.cacheReadInputTokens,
        cache_creation_input_tokens: u.cacheWriteInputTokens,
      },
    },
  }),
  blockStart: (): unknown => ({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  delta: (text: string): unknown => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
  blockStop: (): unknown => ({ type: 'content_block_stop', index: 0 }),
  messageDelta: (stopReason: string, outputTokens: number): unknown => ({
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: outputTokens },
  }),
  stop: (u: StreamUsage, latencyMs: number): unknown => ({
    type: 'message_stop',
    'amazon-bedrock-invocationMetrics': {
      inputTokenCount: u.inputTokens,
      outputTokenCount: u.outputTokens,
      invocationLatency: latencyMs,
      firstByteLatency: Math.min(latencyMs, 5),
      cacheReadInputTokenCount: u.cacheReadInputTokens,
      cacheWriteInputTokenCount: u.cacheWriteInputTokens,
    },
  }),
};
