// Shapes shared by everything that talks to Bedrock. No `vscode` here: callers run in plain Node too.

/** Every feature that sends requests, in the order the usage view lists them. */
export const FEATURES = ['completion', 'nextEdit', 'chat', 'explain', 'lmChat', 'test'] as const;
export type Feature = (typeof FEATURES)[number];

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface Timings {
  /** ms from send to the first text delta; undefined when none arrived. */
  firstTokenMs?: number;
  totalMs: number;
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
  /** Put a prompt-cache checkpoint after this turn (honoured only when the prefix is long enough). */
  cachePoint?: boolean;
  /** Structured content (tool calls and results) sent instead of `text`; `text` still counts for estimates. */
  content?: ContentBlock[];
}

/** Converse content blocks beyond plain text: what agent-mode tool calling needs. */
export type ContentBlock =
  | { text: string }
  | { toolUse: ToolUse }
  | { toolResult: { toolUseId: string; content: { text: string }[]; status?: 'success' | 'error' } };

export interface ToolUse {
  toolUseId: string;
  name: string;
  input: unknown;
}

/** A tool the model may call (Converse toolSpec); inputSchema is a JSON schema object. */
export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: object;
}

export interface StreamRequest {
  feature: Feature;
  /** This request only: a model as `bedrockHaiku.model` would name it (VS Code's chat picks per request). */
  model?: string;
  system?: string;
  /** Put a prompt-cache checkpoint after the system prompt. */
  systemCachePoint?: boolean;
  messages: ChatTurn[];
  maxTokens: number;
  temperature?: number;
  stopSequences?: string[];
  /** Tools offered to the model (Converse toolConfig); `required` makes it call one. */
  tools?: ToolSpec[];
  toolChoice?: 'auto' | 'required';
  /** The document's language (completions, next edit): kept in the local usage record only, never sent. */
  languageId?: string;
}

/** What the usage record keeps of a request besides its result (onDidFinish hands it over). */
export interface RequestTags {
  languageId?: string;
}

/**
 * complete: the stream's stop event arrived. aborted: the caller's signal fired.
 * cutOff: the stream ended without a stop event and nobody aborted it (a dropped connection).
 * error: Bedrock or the credentials failed; `error` says how.
 */
export type Outcome = 'complete' | 'aborted' | 'cutOff' | 'error';

import type { ErrorActionId, ErrorKind } from '../shared/errorKinds';
export type { ErrorActionId, ErrorKind };

export interface ErrorAction {
  id: ErrorActionId;
  label: string;
}

export interface BedrockError {
  kind: ErrorKind;
  /** One sentence a user can act on; never contains credentials. */
  message: string;
  action?: ErrorAction;
  /** The SDK's error name and message, for the log. */
  detail: string;
}

export interface ResolvedModel {
  /** Catalog id when the setting named a catalog model, else undefined. */
  catalogId?: string;
  displayName: string;
  /** What is sent as modelId: a profile id, model id or ARN. */
  invokeId: string;
  region: string;
  /** How the request is routed (prices differ per route); undefined when not known (an uncatalogued id). */
  route?: Route;
  /** The application inference profile the request goes through, when the setting is one. */
  profileArn?: string;
  /** Its name (GetInferenceProfile), once known: the usage view groups by it. */
  profileName?: string;
}

/** See catalog.ts: global / geographic cross-Region profiles, or the base model id in the request's Region. */
export type Route = 'global' | 'geographic' | 'inRegion';

export interface Cost {
  usd: number;
  /** True when a price came from an unconfirmed list (shown as "est."). */
  estimate: boolean;
  /** What the cache reads would have cost as plain input, minus what they cost. */
  cacheSavingsUsd: number;
}

export interface StreamResult {
  outcome: Outcome;
  text: string;
  stopReason?: string;
  usage: Usage;
  timings: Timings;
  cost: Cost;
  model: ResolvedModel;
  latencyOptimized: boolean;
  error?: BedrockError;
  /** True when a gate (budget, known-expired session) stopped the request before anything was sent. */
  notSent?: boolean;
  /** Tool calls the model made, in order (stopReason is then `tool_use`). */
  toolUses?: ToolUse[];
}

/** Our own limits on a stream (see watchdog.ts); 0 turns one off. */
export interface StreamTimeouts {
  /** From sending to the first event (response headers and messageStart). */
  firstByteMs: number;
  /** Between two events once the stream has started. */
  idleMs: number;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Overrides the feature's default timeouts (timedOut ends the request, keeping the text that arrived). */
  timeouts?: Partial<StreamTimeouts>;
  /** Called for each text delta as it arrives. Return false to stop the stream early (counted as complete). */
  onText?: (delta: string, textSoFar: string) => boolean | void;
  /** Called for each tool call once its input is complete. */
  onToolUse?: (toolUse: ToolUse) => void;
}

/** What the features depend on; the real implementation is BedrockService in client.ts. */
export interface ModelStreamer {
  stream(request: StreamRequest, options?: StreamOptions): Promise<StreamResult>;
}

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
