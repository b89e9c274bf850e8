// What the completion engine needs from its host (engine.ts), so it runs in plain Node: the model, the
// settings, the exclusion rules, other documents, and in tests and benchmarks a virtual clock.

import type { ModelStreamer } from '../bedrock/types';
import type { Logger } from '../shared/logger';
import type { ExclusionResult } from '../privacy/exclude';
import type { SnippetSource } from './snippets';
import type { CompletionState } from './state';
import type { RhythmOptions } from './rhythm';
import type { SpeculationOptions } from './speculate';
import type { CompletionDocument } from './types';
import type { SyntaxCheck } from './parse/syntaxCheck';

export interface ModelTraits {
  acceptsPrefill: boolean;
  charsPerToken: number;
}

export interface EngineSettings {
  debounceMs: number;
  maxContextTokens: number;
}

export interface EngineDeps {
  streamer: ModelStreamer;
  state: CompletionState;
  /** The settings that apply to `document` (its folder and language may have their own). */
  settings(document?: CompletionDocument): EngineSettings;
  model(): ModelTraits;
  isExcluded(document: CompletionDocument): ExclusionResult;
  /** Other open or recently edited documents, already filtered by the exclusion rules. */
  otherDocuments(): SnippetSource[];
  log?: Logger;
  /**
   * Keep the stream in flight through keystrokes its text has not confirmed yet (default true). The
   * typing-trace benchmark measured it: several times fewer requests and input tokens, ghost text sooner;
   * a stream is aborted as soon as its text contradicts what was typed.
   */
  reuseUnconfirmed?: boolean;
  /** Switches the typing-trace benchmark compares; the defaults are what it measured best. */
  tuning?: Partial<EngineTuning>;
  /** Ask ahead for what follows a suggestion once accepted (speculate.ts); off unless given. */
  speculation?: Partial<SpeculationOptions> | false;
  /** Called with the id of each speculative request as it is sent (the benchmark tells them apart). */
  onSpeculation?: (requestId: number) => void;
  /** Indexing time per request for the snippet search (default INDEX_BUDGET_MS); the recall benchmark lifts it. */
  indexBudgetMs?: number;
  /**
   * Milliseconds since `uri` was last edited, when the host knows. The editor waits a little of its own before
   * asking; that wait counts inside the debounce setting, so the engine waits only for the rest.
   */
  sinceEdit?: (uri: string) => number | undefined;
  /**
   * Asks the editor to ask again at the cursor: the block whose first line is on screen there is complete.
   * The editor should do nothing when that line is no longer shown (dismissed, typed over).
   */
  reask?: () => void;
  /** The parse gate applied after the rules (parse/syntaxCheck.ts); absent, the rules alone decide. */
  syntax?: SyntaxCheck;
  /** Injected by tests and the benchmark (virtual time). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

export interface EngineTuning {
  /**
   * Stretch the wait from the typing rhythm (the setting stays the floor) while a word is being typed;
   * `false` for the setting alone, or options for the rhythm.
   */
  adaptiveDebounce: boolean | Partial<RhythmOptions>;
  /** Stop a multi-line stream as soon as its block is closed, not at the first line after it. */
  stopAtBlockClose: boolean;
  /** Max output tokens of a multi-line request (default MULTI_LINE_MAX_TOKENS). */
  multilineMaxTokens?: number;
  /** Show a block's first line as soon as it is complete, the rest once the block is (earlyLine.ts). */
  earlyLine: boolean;
  /** The least time between showing a first line and asking the editor again for its block (it must be on screen by then). */
  reaskDelayMs: number;
}

export const DEFAULT_TUNING: EngineTuning = { adaptiveDebounce: true, stopAtBlockClose: true, earlyLine: true, reaskDelayMs: 50 };

/** Counters the extension-host tests and the benchmark read. */
export interface EngineStats {
  requests: number;
  aborted: number;
  fromCache: number;
  typedThrough: number;
  /** Answers served to a later keystroke that typed what the stream in flight was saying. */
  reusedInFlight: number;
  staleDropped: number;
  errors: number;
  /** Requests asked ahead for what follows a suggestion on screen. */
  speculations: number;
}

