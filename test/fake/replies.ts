// Scripted answers: what a test asks the fake to say, and how Bedrock words its failures.

export type HttpErrorKind =
  | 'throttled'
  | 'accessDenied'
  | 'validation'
  | 'needsProfile'
  | 'inputTooLong'
  | 'modelRetired'
  | 'modelNotFound'
  | 'unavailable'
  | 'internal'
  | 'expiredCredentials'
  | 'badCredentials';

export type StreamErrorKind =
  | 'throttlingException'
  | 'modelStreamErrorException'
  | 'internalServerException'
  | 'serviceUnavailableException'
  | 'validationException';

export interface FakeReply {
  /** Answer text; split into chunks of ~chunkChars (default 8) unless `chunks` is given. */
  text?: string;
  chunks?: string[];
  chunkChars?: number;
  /** Before the response headers (and so before the first event). */
  firstByteDelayMs?: number;
  /** Between chunks; or give tokensPerSecond (a chunk counts chars/4 tokens). */
  chunkDelayMs?: number;
  tokensPerSecond?: number;
  /** Default: estimated from the prompt and the text (chars/4), no cache tokens. */
  usage?: Partial<{ inputTokens: number; outputTokens: number; cacheReadInputTokens: number; cacheWriteInputTokens: number }>;
  /** Default end_turn. */
  stopReason?: string;
  /**
   * Latency tier Bedrock reports having used; default: the one requested (Converse performanceConfig
   * or the InvokeModel header). 'standard' for a request that asked for optimized = quota fallback.
   */
  servedLatency?: 'standard' | 'optimized';
  /** Answer with an HTTP error exactly as Bedrock does (x-amzn-errortype + {"message"}). */
  httpError?: HttpErrorKind;
  /** Overrides the message of httpError or streamError. */
  errorMessage?: string;
  /** Send `afterChunks` text chunks, then an in-stream exception frame. */
  streamError?: { afterChunks: number; kind: StreamErrorKind };
  /** Destroy the TCP connection after this many chunks (the SDK's iterator ends silently). */
  dropAfterChunks?: number;
  /** RST_STREAM the HTTP/2 stream after this many chunks (HTTP/1.1: destroys the socket). */
  resetAfterChunks?: number;
  /** Never finish: send the chunks, then hold the stream open until the client goes away. */
  hang?: boolean;
  /** Send this many text chunks, then nothing more: the stream stays open until the client goes away. */
  hangAfterChunks?: number;
  /** Send `afterChunks` text chunks, then wait for `until` (the test resolves it) before the rest. */
  pause?: { afterChunks: number; until: Promise<unknown> };
  /** Never answer: no response headers, the request held open until the client goes away. */
  hangBeforeHeaders?: boolean;
  /** After the text (Converse only): a toolUse block with this input, sent in pieces; stopReason tool_use. */
  toolUse?: { name: string; input: unknown; toolUseId?: string };
}

export interface LoggedRequest {
  id: number;
  api: 'converseStream' | 'invokeStream' | 'converse' | 'invoke' | 'countTokens' | 'other';
  method: string;
  path: string;
  /** URL-decoded model id, profile id or ARN. */
  modelId: string;
  httpVersion: '1.1' | '2';
  /** performanceConfig.latency (Converse) or x-amzn-bedrock-performanceconfig-latency (InvokeModel). */
  requestedLatency?: string;
  headers: Record<string, string>;
  /** Parsed JSON body (undefined when not JSON). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Text of system + messages concatenated (newline-separated), for assertions. */
  promptText: string;
  sigv4Valid: boolean;
  /** Why the signature did not verify, when it did not. */
  sigv4Problem?: string;
  accessKeyId?: string;
  startedAt: number;
  endedAt?: number;
  /** The client aborted or reset before the fake finished answering. */
  closedByClient: boolean;
  /** The fake sent the whole answer (stop event / full body). */
  completed: boolean;
  chunksSent: number;
  outputTokensSent: number;
  /** HTTP status the fake answered with. */
  status?: number;
}

export type Responder = (req: LoggedRequest) => FakeReply | Promise<FakeReply>;

/** What CountTokens answers: a count, or an error as Bedrock words it. */
export type CountTokensReply = number | { httpError: HttpErrorKind; errorMessage?: string; delayMs?: number };

/**
 * The fake's tokenizer for CountTokens: a quarter of the characters plus the message framing. Deliberately
 * not the extension's estimate, so a test can tell which one answered. Profile ids are refused as Bedrock
 * refuses them (CountTokens takes a foundation model id).
 */
export function defaultCountTokens(req: LoggedRequest): CountTokensReply {
  if (/^(global|us|eu|apac|jp|au|ca|us-gov)\.|inference-profile\//.test(req.modelId)) {
    return { httpError: 'validation', errorMessage: "The provided model doesn't support counting tokens." };
  }
  return Math.ceil(req.promptText.length / 4) + 7;
}

export interface HttpErrorSpec {
  status: number;
  name: string;
  message: string;
}

export function httpErrorSpec(kind: HttpErrorKind, modelId: string): HttpErrorSpec {
  switch (kind) {
    case 'throttled':
      return { status: 429, name: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' };
    case 'accessDenied':
      return { status: 403, name: 'AccessDeniedException', message: "You don't have access to the model with the specified model ID." };
    case 'validation':
      return { status: 400, name: 'ValidationException', message: 'Malformed input request: #: required key [messages] not found, please reformat your input and try again.' };
    case 'needsProfile':
      return {
        status: 400,
        name: 'ValidationException',
        message: `Invocation of model ID ${modelId} with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
      };
    case 'inputTooLong':
      return { status: 400, name: 'ValidationException', message: 'Input is too long for requested model.' };
    case 'modelRetired':
      return { status: 404, name: 'ResourceNotFoundException', message: 'This model version has reached the end of its life. Please refer to the AWS documentation for more details.' };
    case 'modelNotFound':
      return { status: 400, name: 'ValidationException', message: 'The provided model identifier is invalid.' };
    case 'unavailable':
      return { status: 503, name: 'ServiceUnavailableException', message: 'Bedrock is unable to process your request.' };
    case 'internal':
      return { status: 500, name: 'InternalServerException', message: 'The system encountered an unexpected error during processing. Try your request again.' };
    case 'expiredCredentials':
      return { status: 403, name: 'ExpiredTokenException', message: 'The security token included in the request is expired' };
    case 'badCredentials':
      return { status: 403, name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  }
}

export function streamErrorMessage(kind: StreamErrorKind): string {
  switch (kind) {
    case 'throttlingException':
      return 'Too many tokens, please wait before trying again.';
    case 'modelStreamErrorException':
      return 'The model encountered an error while streaming its response.';
    case 'internalServerException':
      return 'The system encountered an unexpected error during processing. Try your request again.';
    case 'serviceUnavailableException':
      return 'Bedrock is unable to process your request.';
    case 'validationException':
      return 'Output blocked by content filtering policy.';
  }
}

/** Splits text into chunks of about `size` characters, preferring to cut after a space. */
export function chunkText(text: string, size = 8): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + size);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > i + size / 2) end = space + 1;
    }
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

type Block = { text?: unknown; type?: string };

function blocksText(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return (content as Block[]).filter((b) => b && typeof b.text === 'string').map((b) => b.text as string);
}

/** All text of the system prompt and messages, for Converse and Anthropic (InvokeModel) bodies. */
export function promptTextOf(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const b = body as { system?: unknown; messages?: { content?: unknown }[] };
  const parts = [...blocksText(b.system)];
  for (const m of Array.isArray(b.messages) ? b.messages : []) parts.push(...blocksText(m?.content));
  return parts.join('\n');
}

/** The answer when a test scripted nothing: short, deterministic, mentions the prompt size. */
export function defaultReply(req: LoggedRequest): FakeReply {
  return toolReply(req) ?? { text: `Hello from the fake Bedrock (${req.promptText.length} prompt chars).` };
}

type ToolBody = { toolConfig?: { tools?: { toolSpec?: { name?: string } }[] }; messages?: { content?: Record<string, unknown>[] }[] };

/**
 * Agent mode as a model plays it: offered tools and no tool result yet, it calls the first tool; given a
 * tool result, it answers in text quoting that result. Without tools: undefined (the usual reply).
 */
export function toolReply(req: LoggedRequest): FakeReply | undefined {
  const body = req.body as ToolBody | undefined;
  const name = body?.toolConfig?.tools?.[0]?.toolSpec?.name;
  if (!name) return undefined;
  const last = body?.messages?.at(-1)?.content ?? [];
  const result = last.find((c) => 'toolResult' in c)?.toolResult as { content?: { text?: string }[] } | undefined;
  if (!result) return { text: 'Let me check. ', toolUse: { name, input: { query: 'fake' } } };
  return { text: `The tool said: ${(result.content ?? []).map((c) => c.text ?? '').join('')}` };
}

/**
 * For a person trying the extension against `npm run fake`: guess the feature from the prompt and
 * answer something that looks right (a code line for completions, markdown for chat/explain).
 */
export function plausibleReply(req: LoggedRequest): FakeReply {
  const p = req.promptText;
  const lower = p.toLowerCase();
  const usage = { cacheReadInputTokens: 0 };
  if (p.includes('You predict the next edit')) return { text: nextEditReply(p), chunkDelayMs: 15 };
  if (/<(hole|cursor|fill|fim_middle|missing)\b|complete the code|code completion|fill in|inline completion/.test(lower)) {
    return { text: completionLine(p), chunkDelayMs: 15, usage };
  }
  if (/explain|error|exception|traceback|diagnostic/.test(lower)) {
    return {
      text:
        '**What happened:** the value is `undefined` when the code reads a property of it.\n\n' +
        '**Why:** the function returns early on the empty-input path, so nothing is assigned.\n\n' +
        '**Fix:** guard before use:\n\n```ts\nif (!result) {\n  return [];\n}\n```\n',
      chunkDelayMs: 20,
    };
  }
  return {
    text:
      'Here is a short answer from the **fake Bedrock** server.\n\n' +
      '- It streams in small chunks, like the real service.\n' +
      '- Usage and cost are estimated from the text length.\n\n' +
      '```python\ndef greet(name):\n    return f"Hello, {name}!"\n```\n',
    chunkDelayMs: 20,
  };
}

function completionLine(prompt: string): string {
  if (/\bdef |import \w+$|\.py\b|python/m.test(prompt)) return 'return result';
  if (/\bfunc |package main|golang|\.go\b/.test(prompt)) return 'return nil';
  if (/\bfn |\.rs\b|rust/.test(prompt)) return 'Ok(())';
  return 'return result;';
}

// ---- Next edit suggestions (src/nextEdit): carry the last rename in "Recent edits" to the next use ----

/**
 * Answers a next-edit prompt the way the feature expects: the identifier the newest recent edit renamed,
 * renamed on the first other line of the "Current text" region that still uses the old name; else NONE.
 */
export function nextEditReply(prompt: string): string {
  const edits = /Recent edits[^\n]*\n([\s\S]*?)\n\n/.exec(prompt)?.[1];
  const region = /Current text, lines[^\n]*\n([\s\S]*?)\n\nThe cursor/.exec(prompt)?.[1];
  if (!edits || !region) return 'NONE';
  const last = edits.split(/^@@ \d+\n/m).filter(Boolean).at(-1) ?? '';
  const minus = last.split('\n').find((l) => l.startsWith('-'))?.slice(1);
  const plus = last.split('\n').find((l) => l.startsWith('+'))?.slice(1);
  const words = (s: string) => s.match(/[A-Za-z_$][\w$]*/g) ?? [];
  if (minus === undefined || plus === undefined) return 'NONE';
  const a = words(minus);
  const b = words(plus);
  const i = a.findIndex((w, k) => w !== b[k]);
  if (i < 0 || a.length !== b.length) return 'NONE';
  const name = `(?<![\\w$])${a[i].replace(/\$/g, '\\$')}(?![\\w$])`;
  for (const row of region.split('\n')) {
    const m = /^\s*(\d+)\| (.*)$/.exec(row);
    if (!m || m[2] === plus || !new RegExp(name).test(m[2])) continue;
    return `@@ ${m[1]}\n-${m[2]}\n+${m[2].replace(new RegExp(name, 'g'), b[i])}`;
  }
  return 'NONE';
}
