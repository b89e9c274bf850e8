// One completion from request to item: the checks that make a request pointless, reuse of what is on
// screen and in the cache, the debounce, cancellation of stale requests, the streamed call with its early
// stop, and post-processing. Everything it needs comes in through `EngineDeps`, so it runs in plain Node.

import type { BedrockError, StreamResult } from '../bedrock/types';
import { isAuthKind, isPermanentKind } from '../bedrock/errors';
import { SIZE_LIMITS } from '../privacy/sendable';
import { redactSecrets } from '../privacy/redact';
import type { DocumentContext } from './context';
import { budgetedContext } from './budget';
import { SnippetIndex, type Snippet } from './snippets';
import { buildPrompt } from './prompt';
import { isCompleteEnough, postProcess } from './postprocess';
import { abortableSleep, agreement, HANDOVER_MS, joinable, TAIL_CHECK, thrownResult, type Ahead, type InFlight } from './flight';
import { skipReason, wantsMultiline } from './syntax';
import { CompletionCache, ShownSuggestion } from './cache';
import { currentTrace } from '../shared/trace';
import { TypingRhythm } from './rhythm';
import { followUp, Speculator, type Displayed } from './speculate';
import { EarlyLines, FirstLine } from './earlyLine';
import { DEFAULT_TUNING, type EngineDeps, type EngineStats, type EngineTuning } from './engineDeps';
import type { CompletionDocument, CompletionItem, CompletionOutcome, CompletionRequest, SkipReason } from './types';

export type { EngineDeps, EngineSettings, EngineStats, EngineTuning, ModelTraits } from './engineDeps';
export { DEFAULT_TUNING } from './engineDeps';
export { BUDGET_SHARES, trimPrefix } from './budget';

/** Calls later than this after an edit are not taken for that keystroke's. */
const MAX_EDITOR_WAIT_MS = 500;

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

export class CompletionEngine {
  readonly cache = new CompletionCache();
  readonly shown = new ShownSuggestion();
  readonly stats: EngineStats = { requests: 0, aborted: 0, fromCache: 0, typedThrough: 0, reusedInFlight: 0, staleDropped: 0, errors: 0, speculations: 0 };
  private readonly snippets: SnippetIndex;
  private readonly tuning: EngineTuning;
  private readonly rhythm: TypingRhythm | undefined;
  private inFlight: InFlight | undefined;
  /** The position of the latest call: only its answer may be shown. */
  private latestAt = '';
  readonly speculator: Speculator | undefined;
  private ahead: Ahead | undefined;
  private readonly early: EarlyLines;

  constructor(private readonly deps: EngineDeps) {
    this.snippets = new SnippetIndex(deps.now);
    this.tuning = { ...DEFAULT_TUNING, ...deps.tuning };
    const adaptive = this.tuning.adaptiveDebounce;
    this.rhythm = adaptive ? new TypingRhythm(deps.now ?? Date.now, adaptive === true ? {} : adaptive) : undefined;
    this.early = new EarlyLines({
      now: () => this.now(), sleep: deps.sleep ?? abortableSleep, latestAt: () => this.latestAt, shown: this.shown, reask: deps.reask, delayMs: this.tuning.reaskDelayMs,
    });
    if (deps.speculation) {
      this.speculator = new Speculator({ sleep: deps.sleep ?? abortableSleep, start: (d) => this.speculate(d), options: deps.speculation });
    }
  }

  /** How long an automatic request waits for the next keystroke before it is sent. */
  debounceMs(linePrefix = '', document?: CompletionDocument): number {
    const base = this.deps.settings(document).debounceMs;
    return this.rhythm ? this.rhythm.debounce(base, endsWord(linePrefix)) : base;
  }

  /**
   * The part of `wait` not already waited since the keystroke, by the editor or by this call since it
   * `began` (the call came after the keystroke); with neither known, all of it.
   */
  private remainingWait(wait: number, uri: string, began: number): number {
    const since = this.deps.sinceEdit?.(uri);
    // Long after any edit, the call is not a keystroke's (the cursor moved): the editor's part is not known.
    const editor = since === undefined || since > Math.max(wait, MAX_EDITOR_WAIT_MS) ? 0 : since;
    return Math.max(0, wait - Math.max(editor, this.now() - began));
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

    /** Prompt context for a position (also used by the recall benchmark). */
  buildContext(request: CompletionRequest): { ctx: DocumentContext; snippets: Snippet[] } {
    const chars = this.deps.settings(request.document).maxContextTokens * this.deps.model().charsPerToken;
    return budgetedContext(request, chars, this.snippets, this.deps.otherDocuments(), this.deps.indexBudgetMs);
  }

  async provide(request: CompletionRequest, signal: AbortSignal): Promise<CompletionOutcome> {
    if (signal.aborted) return { skipped: 'cancelled' };
    request = { ...request, offset: engineOffset(request) };
    const out = await this.answer(request, signal);
    const item = out.item;
    // The first line of a block still streaming is not what would be accepted: its follow-up waits for the block.
    if (item && !signal.aborted && !item.partial) {
      const { document, position, offset } = request;
      this.speculator?.shown({ uri: document.uri, offset, insertText: item.insertText, document, position, replaceSuffixChars: item.replaceSuffixChars }, item.source === 'typedThrough');
    }
    return out;
  }

  private async answer(request: CompletionRequest, signal: AbortSignal): Promise<CompletionOutcome> {
    const began = this.now();
    const explicit = request.trigger === 'explicit';
    const { document } = request;
    // A request skipped before its context is read is still a keystroke: no follow-up for what was shown.
    const quit = (skipped: SkipReason): CompletionOutcome => {
      this.speculator?.interrupt();
      return this.abandon({ skipped });
    };
    const at = `${document.uri}@${request.offset}`;
    this.latestAt = at;
    const reasked = this.early.reasked(at);
    if (!explicit) this.rhythm?.key(`${at}#${document.version}`);
    const blocked = this.deps.state.blocked({ explicit });
    if (blocked) return quit(blocked.reason);
    if (request.hasSelection) return quit('selection');
    if (this.deps.isExcluded(document).excluded) return quit('excluded');
    // Minified code or a data blob on the cursor line, wherever it is in the file (the document check
    // samples only its start): not worth a request unless asked for.
    if (!explicit && document.lineAt(request.position.line).length > SIZE_LIMITS.lineChars) return quit('longLine');

    const { ctx, snippets } = this.buildContext(request);
    const progress = this.speculator?.observe(document.uri, request.offset, ctx.prefix);

    const through = this.shown.continuation(document.uri, request.offset, ctx.prefix, ctx.lineSuffix);
    if (through && through.insertText.trim()) {
      // The editor asking again, as asked, for the block whose first line is on screen.
      if (reasked && !through.partial) return { item: { ...through, source: 'network', completes: true } };
      this.stats.typedThrough++;
      // Asked again where the suggestion is shown, or typing it: the follow-up asked for it keeps going, and
      // so does the block of a first line on screen.
      const keep = progress === 'same' || (progress === 'partway' && this.inFlight?.speculative) || this.early.typedOn(through, this.inFlight, at);
      return keep ? { item: through } : this.abandon({ item: through });
    }
    if (progress === 'accepted') {
      const ahead = await this.fromAhead(request, ctx.prefix, signal, at);
      if (ahead) return ahead;
    }
    // The request in flight still fits if what was typed since is what it is streaming: wait for it, even
    // where a new request would not be made (typing its ";" must not throw the rest of its block away).
    const reusable = joinable(this.inFlight, request, ctx, this.deps.reuseUnconfirmed !== false);
    if (reusable) {
      const { flight, typed } = reusable;
      currentTrace()?.set({ joinedRequestId: flight.id });
      const out = await this.await(flight, signal, at, typed);
      // The stream turned out not to cover what was typed since it began (it said something else, nothing,
      // or no more than that): ask afresh for this position, once the rest of the debounce since this
      // keystroke has passed (its first text may come back between two keys of a word). Without this, the
      // last keystroke (or Alt+\) that joined it would end with no suggestion and no request.
      const missed = flight.contradicted || (typed !== '' && flight.processed !== undefined);
      if (out.item || !missed || signal.aborted || this.latestAt !== at) return out;
      if (skipReason(ctx, { explicit, hasSelection: request.hasSelection })) return out;
      const interrupted = explicit ? undefined : await this.pause(ctx.linePrefix, document, signal, at, began);
      return interrupted ?? this.request(request, ctx, snippets, wantsMultiline(ctx), signal, at);
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

    const interrupted = explicit ? undefined : await this.pause(ctx.linePrefix, document, signal, at, began);
    return interrupted ?? this.request(request, ctx, snippets, multiline, signal, at);
  }

  /** Waits what is left of the debounce since the keystroke; the outcome when the call should no longer ask. */
  private async pause(linePrefix: string, document: CompletionDocument, signal: AbortSignal, at: string, began: number): Promise<CompletionOutcome | undefined> {
    await (this.deps.sleep ?? abortableSleep)(this.remainingWait(this.debounceMs(linePrefix, document), document.uri, began), signal);
    if (signal.aborted) return { skipped: 'cancelled' };
    // A later call took over while this one waited.
    if (this.latestAt !== at) return { skipped: 'stale' };
    return undefined;
  }

  /** Sends the request for this position and waits for its answer. */
  private request(request: CompletionRequest, ctx: DocumentContext, snippets: Snippet[], multiline: boolean, signal: AbortSignal, at: string): Promise<CompletionOutcome> {
    return this.await(this.send(request, ctx, snippets, multiline), signal, at, '');
  }

  /**
   * Asks ahead for what follows `d` once accepted, into the cache (or the flight the accept takes over).
   * Never while a request for the person is in flight: one request at a time, and theirs first.
   */
  private speculate(d: Displayed): void {
    if ((this.inFlight && !this.inFlight.processed) || this.deps.state.blocked() || this.deps.isExcluded(d.document).excluded) return;
    const target = followUp(d);
    const { ctx, snippets } = this.buildContext(target);
    // Where the accept would ask nothing, there is nothing to ask ahead.
    if (skipReason(ctx, { explicit: false })) return;
    const multiline = wantsMultiline(ctx);
    const key = { prefix: ctx.prefix, lineSuffix: ctx.lineSuffix, multiline };
    const ahead: Ahead = { uri: d.uri, offset: d.offset + d.insertText.length, lead: target.lead, key };
    this.ahead = target.lead ? ahead : undefined;
    if (this.cache.get(d.uri, key.prefix, key.lineSuffix, multiline)) return;
    this.stats.speculations++;
    this.deps.onSpeculation?.(this.stats.requests + 1);
    ahead.flight = this.send(target, ctx, snippets, multiline, true);
  }

  /** On accept of a suggestion that ended its line: the line after it, asked ahead, behind its line break. */
  private async fromAhead(request: CompletionRequest, prefix: string, signal: AbortSignal, at: string): Promise<CompletionOutcome | undefined> {
    const a = this.ahead;
    this.ahead = undefined;
    if (!a || a.uri !== request.document.uri || a.offset !== request.offset) return undefined;
    if (a.flight && a.flight.processed === undefined && !a.flight.controller.signal.aborted) {
      const out = await this.await(a.flight, signal, at, '');
      if (!out.item) return out;
    }
    const answer = this.cache.get(a.uri, a.key.prefix, a.key.lineSuffix, a.key.multiline);
    if (!answer) return undefined;
    const item: CompletionItem = { ...answer, insertText: a.lead + answer.insertText, replaceSuffixChars: 0, multiline: true, source: 'cache' };
    this.shown.remember(a.uri, request.offset, prefix, item);
    return { item };
  }

  private send(request: CompletionRequest, ctx: DocumentContext, snippets: Snippet[], multiline: boolean, speculative = false): InFlight {
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
    const shape = { ctx, multiline, prefilled: prompt.prefilled, languageId: document.languageId, relativePath: document.relativePath, syntax: this.deps.syntax };
    const stop = { atBlockClose: this.tuning.stopAtBlockClose };
    const controller = new AbortController();
    const flight: InFlight = {
      controller, uri: document.uri, offset: request.offset, prefixTail: ctx.prefix.slice(-TAIL_CHECK), lineSuffix: ctx.lineSuffix,
      shape, textSoFar: '', waiters: 0, result: Promise.resolve(undefined as unknown as StreamResult), id: this.stats.requests + 1, speculative,
      first: this.tuning.earlyLine && !speculative ? new FirstLine(shape) : undefined,
    };
    this.inFlight = flight;
    // The grammar loads while the model answers: the first answer in a language can already be parsed.
    this.deps.syntax?.prepare(document.languageId);
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
          if (isCompleteEnough(soFar, shape, stop)) return false;
          // The stream runs on past a line break: the block's first line may be ready to show.
          flight.first?.see(soFar);
          return true;
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
            // Even if the caller left a moment ago, the next keystroke can type on through this answer
            // (an answer asked ahead is not on screen: the suggestion that is stays typeable).
            const replaces = this.early.completed(flight, flight.processed);
            if (!speculative && replaces) this.shown.remember(document.uri, request.offset, ctx.prefix, { ...flight.processed, source: 'network', multiline, requestId: flight.id });
          }
        }
        if (flight.processed === undefined) this.early.lost(flight);
        flight.first?.end();
        return result;
      })
      .catch((e: unknown): StreamResult => {
        // A streamer that throws (the real one reports failures in its result) must not wedge the engine.
        if (this.inFlight === flight) this.inFlight = undefined;
        this.deps.log?.warn(`completion request threw: ${e instanceof Error ? e.message : String(e)}`);
        return thrownResult(e);
      });
    return flight;
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
      // A first line on screen keeps its stream: the next call that does not take it over aborts it.
      if (flight.waiters === 0 && !flight.processed && !flight.earlyShown) {
        void (this.deps.sleep ?? abortableSleep)(HANDOVER_MS, new AbortController().signal).then(() => {
          if (flight.waiters === 0 && !flight.earlyShown) flight.controller.abort();
        });
      }
    };
    signal.addEventListener('abort', leave, { once: true });
    try {
      const early = await this.early.wait(flight, signal, at, typed);
      if (early) return { item: early };
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

  /** The person went elsewhere (another editor): nothing shown here is about to be accepted. */
  leave(): void {
    this.speculator?.dispose();
    this.ahead = undefined;
    if (this.inFlight?.speculative || this.inFlight?.earlyShown) this.abandon();
  }

  dispose(): void {
    this.speculator?.dispose();
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
