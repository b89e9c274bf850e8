// One completion from request to item: the checks that make a request pointless, reuse of what is on
// screen and in the cache, the debounce, cancellation of stale requests, the streamed call with its early
// stop, and post-processing. Everything it needs comes in through `EngineDeps`, so it runs in plain Node.

import { emptyUsage, type BedrockError, type ModelStreamer, type StreamResult } from '../bedrock/types';
import { isAuthKind, isPermanentKind } from '../bedrock/errors';
import { SIZE_LIMITS } from '../privacy/sendable';
import type { Logger } from '../shared/logger';
import { redactSecrets } from '../privacy/redact';
import type { ExclusionResult } from '../privacy/exclude';
import { buildDocumentContext, nearbyText, type DocumentContext } from './context';
import { SnippetIndex, WINDOW_LINES, type Snippet, type SnippetSource } from './snippets';
import { buildPrompt } from './prompt';
import { isCompleteEnough, postProcess } from './postprocess';
import { skipReason, wantsMultiline } from './syntax';
import { CompletionCache, ShownSuggestion } from './cache';
import type { CompletionState } from './state';
import { TypingRhythm, type RhythmOptions } from './rhythm';
import { agreement, type InFlight } from './flight';
import type { CompletionDocument, CompletionItem, CompletionOutcome, CompletionRequest } from './types';

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
  /** Indexing time per request for the snippet search (default INDEX_BUDGET_MS); the recall benchmark lifts it. */
  indexBudgetMs?: number;
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
}

export const DEFAULT_TUNING: EngineTuning = { adaptiveDebounce: true, stopAtBlockClose: true };

/** Shares of the context budget: the code before the cursor matters most. */
export const BUDGET_SHARES = { prefix: 0.6, suffix: 0.15, snippets: 0.25 };


export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

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
}

/** The cursor ends a partial word: the person is most likely still typing it. */
const WORD_END = /[\p{L}\p{N}_$]$/u;

/** Tests the last code point only: the end-anchored regex would scan a 160,000-letter line from every start. */
function endsWord(linePrefix: string): boolean {
  return WORD_END.test(linePrefix.slice(-2));
}

/** The engine counts every line break as one character; the editor counts a CRLF as two. */
export function engineOffset(request: CompletionRequest): number {
  return request.document.eol === '\r\n' ? request.offset - request.position.line : request.offset;
}

/** How long a stream outlives its last waiter, for the editor's immediate re-ask to take it over. */
export const HANDOVER_MS = 50;
const TAIL_CHECK = 200;

export class CompletionEngine {
  readonly cache = new CompletionCache();
  readonly shown = new ShownSuggestion();
  readonly stats: EngineStats = { requests: 0, aborted: 0, fromCache: 0, typedThrough: 0, reusedInFlight: 0, staleDropped: 0, errors: 0 };
  private readonly snippets: SnippetIndex;
  private readonly tuning: EngineTuning;
  private readonly rhythm: TypingRhythm | undefined;
  private inFlight: InFlight | undefined;
  /** The position of the latest call: only its answer may be shown. */
  private latestAt = '';

  constructor(private readonly deps: EngineDeps) {
    this.snippets = new SnippetIndex(deps.now);
    this.tuning = { ...DEFAULT_TUNING, ...deps.tuning };
    const adaptive = this.tuning.adaptiveDebounce;
    this.rhythm = adaptive ? new TypingRhythm(deps.now ?? Date.now, adaptive === true ? {} : adaptive) : undefined;
  }

  /** How long an automatic request waits for the next keystroke before it is sent. */
  debounceMs(linePrefix = '', document?: CompletionDocument): number {
    const base = this.deps.settings(document).debounceMs;
    return this.rhythm ? this.rhythm.debounce(base, endsWord(linePrefix)) : base;
  }

  /** Prompt context for a position (also used by the recall benchmark). */
  buildContext(request: CompletionRequest): { ctx: DocumentContext; snippets: Snippet[] } {
    const { document, position } = request;
    const totalChars = Math.max(400, this.deps.settings(document).maxContextTokens * this.deps.model().charsPerToken);
    const snippetChars = Math.floor(totalChars * BUDGET_SHARES.snippets);
    const wide = buildDocumentContext(document, position, {
      prefixChars: Math.floor(totalChars * (BUDGET_SHARES.prefix + BUDGET_SHARES.snippets)),
      suffixChars: Math.floor(totalChars * BUDGET_SHARES.suffix),
    });
    const current: SnippetSource = {
      uri: document.uri,
      relativePath: document.relativePath,
      languageId: document.languageId,
      version: document.version,
      lines: document,
      lastActive: Number.MAX_SAFE_INTEGER,
    };
    const snippets = this.snippets.retrieve(nearbyText(wide), this.deps.otherDocuments(), {
      languageId: document.languageId,
      budgetChars: snippetChars,
      indexBudgetMs: this.deps.indexBudgetMs,
      current: { source: current, skipFrom: wide.prefixStartLine, skipTo: wide.suffixEndLine, cursorLine: position.line },
    });
    // The snippets' unused share goes back to the prefix; cut the wide prefix from the top to fit.
    const used = snippets.reduce((n, s) => n + s.text.length + s.relativePath.length + 32, 0);
    const prefixChars = Math.floor(totalChars * BUDGET_SHARES.prefix) + (snippetChars - used);
    const ctx = trimPrefix(wide, prefixChars);
    // Snippets from the current file that the trimmed prefix now covers would repeat it.
    const kept = snippets.filter((s) => s.relativePath !== document.relativePath || s.startLine + WINDOW_LINES < ctx.prefixStartLine || s.startLine > ctx.suffixEndLine);
    return { ctx, snippets: kept };
  }

  async provide(request: CompletionRequest, signal: AbortSignal): Promise<CompletionOutcome> {
    const explicit = request.trigger === 'explicit';
    const { document } = request;
    if (signal.aborted) return { skipped: 'cancelled' };
    request = { ...request, offset: engineOffset(request) };
    const at = `${document.uri}@${request.offset}`;
    this.latestAt = at;
    if (!explicit) this.rhythm?.key(`${at}#${document.version}`);
    const blocked = this.deps.state.blocked({ explicit });
    if (blocked) return this.abandon({ skipped: blocked.reason });
    if (request.hasSelection) return this.abandon({ skipped: 'selection' });
    if (this.deps.isExcluded(document).excluded) return this.abandon({ skipped: 'excluded' });
    // Minified code or a data blob on the cursor line, wherever it is in the file (the document check
    // samples only its start): not worth a request unless asked for.
    if (!explicit && document.lineAt(request.position.line).length > SIZE_LIMITS.lineChars) return this.abandon({ skipped: 'longLine' });

    const { ctx, snippets } = this.buildContext(request);

    const through = this.shown.continuation(document.uri, request.offset, ctx.prefix, ctx.lineSuffix);
    if (through && through.insertText.trim()) {
      this.stats.typedThrough++;
      return this.abandon({ item: through });
    }
    // The request in flight still fits if what was typed since is what it is streaming: wait for it, even
    // where a new request would not be made (typing its ";" must not throw the rest of its block away).
    const reusable = this.reusable(request, ctx);
    if (reusable) {
      const out = await this.await(reusable.flight, signal, at, reusable.typed);
      // The stream turned out to say something else: ask afresh for this position (the pause is already there).
      if (!(reusable.flight.contradicted && !signal.aborted && this.latestAt === at)) return out;
      if (skipReason(ctx, { explicit, hasSelection: request.hasSelection })) return out;
      return this.request(request, ctx, snippets, wantsMultiline(ctx), signal, at);
    }
    const skip = skipReason(ctx, { explicit, hasSelection: request.hasSelection });
    if (skip) return this.abandon({ skipped: skip });

    const multiline = wantsMultiline(ctx);
    const cached = this.cache.get(document.uri, ctx.prefix, ctx.lineSuffix, multiline);
    if (cached) {
      this.stats.fromCache++;
      const item: CompletionItem = { ...cached, source: 'cache' };
      this.shown.remember(document.uri, request.offset, ctx.prefix, item);
      return this.abandon({ item });
    }

    // Otherwise it is stale: abort it so its stream closes at the server, even while this one debounces.
    this.abandon();

    if (!explicit) {
      await (this.deps.sleep ?? abortableSleep)(this.debounceMs(ctx.linePrefix, document), signal);
      if (signal.aborted) return { skipped: 'cancelled' };
      // A later call took over while this one waited.
      if (this.latestAt !== at) return { skipped: 'stale' };
    }
    return this.request(request, ctx, snippets, multiline, signal, at);
  }

  /** Sends the request for this position and waits for its answer. */
  private request(request: CompletionRequest, ctx: DocumentContext, snippets: Snippet[], multiline: boolean, signal: AbortSignal, at: string): Promise<CompletionOutcome> {
    const { document } = request;
    this.abandon();

    const model = this.deps.model();
    const prompt = buildPrompt({
      ctx,
      prefix: redactSecrets(ctx.prefix).text,
      suffix: redactSecrets(ctx.suffix).text,
      snippets: snippets.map((s) => ({ ...s, text: redactSecrets(s.text).text })),
      relativePath: document.relativePath,
      languageId: document.languageId,
      multiline,
      acceptsPrefill: model.acceptsPrefill,
      maxTokens: multiline ? this.tuning.multilineMaxTokens : undefined,
    });
    const shape = { ctx, multiline, prefilled: prompt.prefilled };
    const stop = { atBlockClose: this.tuning.stopAtBlockClose };
    const controller = new AbortController();
    const flight: InFlight = {
      controller, uri: document.uri, offset: request.offset, prefixTail: ctx.prefix.slice(-TAIL_CHECK), lineSuffix: ctx.lineSuffix,
      shape, textSoFar: '', waiters: 0, result: Promise.resolve(undefined as unknown as StreamResult), id: this.stats.requests + 1,
    };
    this.inFlight = flight;
    this.stats.requests++;
    this.deps.state.noteRequestSent();
    flight.result = this.deps.streamer
      .stream(prompt.request, {
        signal: controller.signal,
        onText: (_delta, soFar) => {
          flight.textSoFar = soFar;
          // The person typed on while the answer was unknown; once it contradicts them, stop paying for it.
          if (flight.typed && agreement(flight, flight.typed) === 'contradicts') {
            flight.contradicted = true;
            controller.abort();
            return true;
          }
          return !isCompleteEnough(soFar, shape, stop);
        },
      })
      .then((result) => {
        if (this.inFlight === flight) this.inFlight = undefined;
        if (result.outcome === 'error') this.onError(result);
        else {
          if (this.deps.state.isSignedOut()) this.deps.state.setSignedOut(undefined);
          this.deps.state.setFailing(undefined);
        }
        if (result.outcome === 'aborted' || controller.signal.aborted) this.stats.aborted++;
        if (result.outcome === 'complete' && !controller.signal.aborted) {
          flight.processed = postProcess({ raw: result.text, ...shape }) ?? null;
          if (flight.processed) {
            this.cache.set(document.uri, ctx.prefix, ctx.lineSuffix, { ...flight.processed, multiline, requestId: flight.id });
            // Even if the caller left a moment ago, the next keystroke can type on through this answer.
            this.shown.remember(document.uri, request.offset, ctx.prefix, { ...flight.processed, source: 'network', multiline, requestId: flight.id });
          }
        }
        return result;
      })
      .catch((e: unknown): StreamResult => {
        // A streamer that throws (the real one reports failures in its result) must not wedge the engine.
        if (this.inFlight === flight) this.inFlight = undefined;
        this.deps.log?.warn(`completion request threw: ${e instanceof Error ? e.message : String(e)}`);
        return {
          outcome: 'error', text: '', usage: emptyUsage(), timings: { totalMs: 0 }, cost: { usd: 0, estimate: false, cacheSavingsUsd: 0 },
          model: { displayName: '', invokeId: '', region: '' }, latencyOptimized: false,
          error: { kind: 'unknown', message: 'The completion request failed.', detail: e instanceof Error ? e.message : String(e) },
        };
      });
    return this.await(flight, signal, at, '');
  }

  /** Waits for `flight` on behalf of one caller; `typed` is what the caller typed since the flight began. */
  private async await(flight: InFlight, signal: AbortSignal, at: string, typed: string): Promise<CompletionOutcome> {
    flight.waiters++;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      flight.waiters--;
      // The editor cancels a call on every keystroke and asks again at once: give the next call a moment
      // to take the stream over before closing it at the server.
      if (flight.waiters === 0 && !flight.processed) {
        void (this.deps.sleep ?? abortableSleep)(HANDOVER_MS, new AbortController().signal).then(() => {
          if (flight.waiters === 0) flight.controller.abort();
        });
      }
    };
    signal.addEventListener('abort', leave, { once: true });
    try {
      const result = await flight.result;
      if (result.outcome === 'error') return { skipped: 'error' };
      if (result.outcome !== 'complete' || flight.controller.signal.aborted) return { skipped: 'cancelled' };
      // Never show an answer for a position the user has left.
      if (signal.aborted || this.latestAt !== at) {
        this.stats.staleDropped++;
        return { skipped: 'stale' };
      }
      const processed = flight.processed;
      if (!processed) return { skipped: 'empty' };
      const full: CompletionItem = { ...processed, source: 'network', multiline: flight.shape.multiline, requestId: flight.id };
      // Remembered at the flight's own position, so typing on through it keeps working.
      this.shown.remember(flight.uri, flight.offset, flight.shape.ctx.prefix, full);
      if (!typed) return { item: full };
      if (!processed.insertText.startsWith(typed) || processed.insertText.length === typed.length) {
        this.stats.staleDropped++;
        return { skipped: 'stale' };
      }
      this.stats.reusedInFlight++;
      return { item: { ...full, insertText: processed.insertText.slice(typed.length), source: 'inFlight' } };
    } finally {
      signal.removeEventListener('abort', leave);
      leave();
    }
  }

  /**
   * The flight in progress, if the caller's position is the flight's plus characters typed that agree
   * with what the model has streamed so far (as far as it got).
   */
  private reusable(request: CompletionRequest, ctx: DocumentContext): { flight: InFlight; typed: string } | undefined {
    const f = this.inFlight;
    if (!f || f.uri !== request.document.uri || f.controller.signal.aborted) return undefined;
    const n = request.offset - f.offset;
    if (n <= 0 || n > ctx.prefix.length || ctx.lineSuffix !== f.lineSuffix) return undefined;
    const typed = ctx.prefix.slice(ctx.prefix.length - n);
    const before = ctx.prefix.slice(0, ctx.prefix.length - n);
    if (!before.endsWith(f.prefixTail.slice(-Math.min(f.prefixTail.length, before.length)))) return undefined;
    if (f.processed !== undefined) return undefined;
    const verdict = agreement(f, typed);
    const agrees = verdict === 'confirms' || (verdict === 'unknown' && this.deps.reuseUnconfirmed !== false);
    if (!agrees) return undefined;
    f.typed = typed;
    return { flight: f, typed };
  }

  /** Aborts the flight in progress (its position is no longer the user's); passes `outcome` through. */
  private abandon<T>(outcome?: T): T {
    const f = this.inFlight;
    if (f && !f.processed) {
      f.controller.abort();
      this.inFlight = undefined;
    }
    return outcome as T;
  }

  /** Called when credentials, settings or the model may have changed: paused completions try again. */
  resume(): void {
    this.deps.state.setSignedOut(undefined);
    this.deps.state.setFailing(undefined);
  }

  dispose(): void {
    this.abandon();
  }

  private onError(result: StreamResult): void {
    this.stats.errors++;
    const error = result.error as BedrockError | undefined;
    // Failures never pop up: they become a quiet pause the status bar shows.
    if (error && isAuthKind(error.kind)) this.deps.state.setSignedOut(error.message);
    else if (error && isPermanentKind(error.kind)) this.deps.state.setFailing(error.message);
    else if (error?.kind === 'throttled') this.deps.state.setThrottled();
    this.deps.log?.debug(`completion failed: ${error?.kind ?? 'unknown'}: ${error?.detail ?? ''}`);
  }
}

/** Drops whole lines from the top of the prefix until it fits in `chars`. */
export function trimPrefix(ctx: DocumentContext, chars: number): DocumentContext {
  if (ctx.prefix.length <= chars) return ctx;
  let cut = 0;
  let start = ctx.prefixStartLine;
  while (ctx.prefix.length - cut > chars) {
    const nl = ctx.prefix.indexOf('\n', cut);
    if (nl < 0) break;
    cut = nl + 1;
    start++;
  }
  return { ...ctx, prefix: ctx.prefix.slice(cut), prefixStartLine: start };
}
