// Typing-trace replay: a simulated person types real code with human timing (bursts, pauses at line ends
// and to think, typos fixed with backspace), while the engine runs exactly as the provider drives it —
// every keystroke cancels the previous call and asks again, as VS Code does. The model is SimModel on a
// virtual clock (300 ms to the first token, 50 tokens/s), an oracle that knows the file and is right with
// a set probability. Auto-indent is simulated: Enter inserts the next line's indentation.

import { CompletionEngine, type EngineTuning } from '../../../src/completion/engine';
import type { SpeculationOptions } from '../../../src/completion/speculate';
import { CompletionState } from '../../../src/completion/state';
import { linesOf } from '../../../src/completion/context';
import { opensBlock } from '../../../src/completion/syntax';
import type { CompletionDocument, CompletionItem } from '../../../src/completion/types';
import type { StreamRequest } from '../../../src/bedrock/types';
import { REALISTIC, SimModel, VirtualClock, type SimCall, type SimTiming } from './simModel';
import { logNormal, percentile, rng } from './util';

export type Behaviour = 'ignore' | 'typeSuggestion' | 'tabAccept';

export interface TraceSpec {
  name: string;
  /** The file being written, its language, and the region the person types. */
  text: string;
  relativePath: string;
  languageId: string;
  regionStart: number;
  regionLength: number;
  seed: number;
  /** Probability that the model's suggestion is what the person was going to type. */
  accuracy: number;
  behaviour: Behaviour;
  /** Milliseconds per keystroke (median) within words. */
  keyMs?: number;
  /** How long a right suggestion is on screen before the Tab-accepting person accepts it (default 250 ms). */
  acceptAfterMs?: number;
}

export interface ReplayOptions {
  timing?: SimTiming;
  reuseUnconfirmed?: boolean;
  tuning?: Partial<EngineTuning>;
  /** Ask ahead for what follows a shown suggestion (off unless given). */
  speculation?: Partial<SpeculationOptions> | false;
}

/** A Tab accept counts as served when the next ghost text, from a request asked ahead, shows this soon after it. */
export const SERVED_MS = 50;

export interface ReplayResult {
  name: string;
  keystrokes: number;
  pauses: number;
  requests: number;
  aborted: number;
  fromCache: number;
  typedThrough: number;
  shown: number;
  staleShown: number;
  /** Most requests (not asked ahead) in one gap between keystrokes. */
  maxRequestsPerGap: number;
  /** Requests (not asked ahead) made while the person types a shown suggestion. */
  requestsWhileTypingSuggestion: number;
  /** Requests asked ahead for a suggestion's end during a pause while typing it (partwayDwellMs). */
  speculationsWhileTypingSuggestion: number;
  accepted: number;
  tokensStreamed: number;
  /** Output tokens streamed then thrown away: cut streams, answers never used, and what came after the used part. */
  tokensWasted: number;
  /** The same split three ways. */
  wastedCut: number;
  wastedUnused: number;
  wastedBeyond: number;
  /** The figure as counted before (tokens of every call not shown from the network counted whole). */
  tokensWastedOld: number;
  tokensSavedByEarlyStop: number;
  /** Input tokens of every request sent (what the requests cost before any output). */
  inputTokens: number;
  latency: number[];
  latencyMinusModel: number[];
  /**
   * Per keystroke whose ghost text became a block (a new suggestion of several lines): ms from the keystroke to
   * the first ghost text (its first line, or the block itself) and to the whole block.
   */
  blockFirst: number[];
  blockFull: number[];
  /** Times the engine asked the editor to ask again for a block, and first lines shown before their block. */
  reasks: number;
  firstLines: number;
  /** Requests asked ahead for what follows a shown suggestion. */
  speculations: number;
  /** Per Tab accept: ms until the next ghost text (Infinity if none before the next keystroke), and whether it came from a request asked ahead. */
  afterAccept: { ms: number; speculative: boolean }[];
  /** Tab accepts followed within SERVED_MS by ghost text from a request asked ahead. */
  acceptsServed: number;
  /** Most speculative requests in one gap between keystrokes. */
  maxSpeculationsPerGap: number;
  virtualMs: number;
  /** Every model call and whether its answer reached the screen (for the breakdown of waste). */
  calls: SimCall[];
  shownCalls: Set<number>;
  /** Cursor offset in the trace's text when each call was made. */
  callCursor: number[];
}

function lineStartOf(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

/** What the oracle model would answer at `at` in the true text (single line or a block). */
function oracleAnswer(truth: string, at: number, multiline: boolean, blockClause = false): string {
  const lineEnd = truth.indexOf('\n', at);
  const restOfLine = truth.slice(at, lineEnd < 0 ? truth.length : lineEnd);
  // Asked for one line that opens a block, the model goes on with the block (dynamic multi-line).
  const opens = blockClause && opensBlock(truth.slice(lineStartOf(truth, at), at) + restOfLine);
  if (!multiline && !opens) {
    // Models run on past the line; the early stop cuts them.
    const next = truth.slice(lineEnd + 1, truth.indexOf('\n', lineEnd + 1) >>> 0);
    return `${restOfLine}\n${next}\n</insert>`;
  }
  const lines = truth.slice(at).split('\n').slice(0, 10);
  return `${lines.join('\n')}\n</insert>`;
}

/** Where in the text before `<CURSOR/>` of a prompt's file the cursor is in `truth`, if that text is truth's up to there. */
function cursorInTruth(truth: string, prompt: string, from: number): number | undefined {
  const beforeCursor = prompt.slice(0, prompt.indexOf('<CURSOR/>'));
  const fileStart = beforeCursor.lastIndexOf('<file ');
  const body = beforeCursor.slice(beforeCursor.indexOf('\n', fileStart) + 1).replace(/^…\n/, '');
  const tail = body.slice(-300);
  const j = truth.indexOf(tail, Math.max(0, from - tail.length));
  return j >= 0 && j <= from + 2000 ? j + tail.length : undefined;
}

export async function replay(spec: TraceSpec, debounceMs: number, opts: ReplayOptions = {}): Promise<ReplayResult> {
  const timing = opts.timing ?? REALISTIC;
  const rand = rng(spec.seed);
  const truth = spec.text;
  // The region ends at a line end, so nothing sits right of the cursor while the person types.
  const nl = spec.text.indexOf('\n', spec.regionStart + spec.regionLength);
  const regionEnd = nl < 0 ? spec.text.length : nl;
  const before = truth.slice(0, spec.regionStart);
  const after = truth.slice(regionEnd);
  // `typed` is the document's text inside the region; `pos` the index in `truth` the person has reached.
  let typed = '';
  let pos = spec.regionStart;
  let version = 0;
  let docText = before + after;

  const clock = new VirtualClock();
  let currentCursor = spec.regionStart;
  // Where the cursor was when each call was made, and how many lines of its answer reached the screen.
  const callCursor: number[] = [];
  const textUsed = new Map<number, string>();
  const speculative = new Set<number>();
  const model = new SimModel(
    clock,
    (req: StreamRequest): string => {
      const id = callCursor.length + 1;
      const multiline = /rest of the current block/.test(req.messages[0].text);
      // A request asked ahead is for the document with the shown suggestion applied: the oracle knows
      // that place in the truth only if the suggestion was right.
      const ahead = speculative.has(id) ? cursorInTruth(truth, req.messages[0].text, currentCursor) : undefined;
      const cursor = ahead ?? currentCursor;
      callCursor.push(cursor);
      // The oracle is right only when the document matches the truth so far (no pending typo).
      const aligned = ahead !== undefined || (!speculative.has(id) && before + typed === truth.slice(0, currentCursor));
      // Temperature 0: the same question gets the same answer. The draw depends on the position only, so
      // the person's typing (its own random stream) is the same whatever the engine does.
      const draw = rng(spec.seed * 1_000_003 + cursor * 2 + (multiline ? 1 : 0));
      if (aligned && draw() < spec.accuracy) return oracleAnswer(truth, cursor, multiline, /opening a block/.test(req.messages[0].text));
      // A plausible wrong line from elsewhere in the file.
      const lines = truth.split('\n').filter((l) => l.trim().length > 8);
      return `${lines[Math.floor(draw() * lines.length)].trim()}\n</insert>`;
    },
    timing,
  );
  const state = new CompletionState(undefined, clock.now);
  const engine = new CompletionEngine({
    streamer: model,
    state,
    settings: () => ({ debounceMs, maxContextTokens: 1500 }),
    model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }),
    isExcluded: () => ({ excluded: false }),
    otherDocuments: () => [],
    reuseUnconfirmed: opts.reuseUnconfirmed,
    tuning: opts.tuning,
    speculation: opts.speculation,
    onSpeculation: (id) => speculative.add(id),
    // VS Code's Show Next Inline Suggestion: asks again only while the ghost text is on screen.
    reask: () => {
      result.reasks++;
      if (visible?.item.partial) reaskNow();
    },
    sleep: clock.sleep,
    now: clock.now,
  });

  const result: ReplayResult = {
    name: spec.name, keystrokes: 0, pauses: 0, requests: 0, aborted: 0, fromCache: 0, typedThrough: 0, shown: 0, staleShown: 0,
    maxRequestsPerGap: 0, requestsWhileTypingSuggestion: 0, accepted: 0, tokensStreamed: 0, tokensWasted: 0, wastedCut: 0, wastedUnused: 0, wastedBeyond: 0, tokensWastedOld: 0,
    tokensSavedByEarlyStop: 0, inputTokens: 0,
    latency: [], latencyMinusModel: [], blockFirst: [], blockFull: [], reasks: 0, firstLines: 0, virtualMs: 0, speculations: 0, afterAccept: [], acceptsServed: 0, maxSpeculationsPerGap: 0, speculationsWhileTypingSuggestion: 0, calls: [], shownCalls: new Set(), callCursor: [],
  };

  let controller: AbortController | undefined;
  let visible: { item: CompletionItem; version: number; cursor: number } | undefined;
  let lastKeyAt = 0;
  const shownCalls = new Set<number>();

  // Calls started between one ask and the next belong to that ask's provide call.
  let callsAtLastAsk = 0;
  let speculatedAtLastAsk = 0;
  let lastAskWhileTypingSuggestion = false;
  const settleLastAsk = () => {
    if (!lastAskWhileTypingSuggestion) return;
    const started = model.calls.length - callsAtLastAsk;
    const ahead = speculative.size - speculatedAtLastAsk;
    if (started > ahead) result.requestsWhileTypingSuggestion++;
    if (ahead > 0) result.speculationsWhileTypingSuggestion++;
  };
  let afterAccept: { ms: number; speculative: boolean } | undefined;
  /** When the current keystroke's first ghost text showed. */
  let gap: { firstAt?: number } = {};
  /** A block shown for the current keystroke: its first line, or the block. */
  const noteShown = (item: CompletionItem) => {
    gap.firstAt ??= clock.now();
    if (item.partial) result.firstLines++;
    const block = !item.partial && item.insertText.includes('\n') && item.insertText.split('\n', 1)[0].trim() !== '';
    if (block && (item.source === 'network' || item.source === 'inFlight')) {
      result.blockFirst.push(gap.firstAt - lastKeyAt);
      result.blockFull.push(clock.now() - lastKeyAt);
    }
  };
  /** The editor asking again where it is, without a keystroke (the previous call has returned). */
  const reaskNow = () => {
    const v = version;
    const cursor = spec.regionStart + typed.length;
    const c = new AbortController();
    controller = c;
    void engine.provide({ document: currentDocument(v), ...positionOf(cursor), offset: cursor, trigger: 'explicit' }, c.signal).then((out) => {
      if (!out.item || c.signal.aborted) return;
      if (v !== version) result.staleShown++;
      visible = { item: out.item, version: v, cursor };
      shownAt = clock.now();
      noteUsed(out.item, cursor);
      noteShown(out.item);
    });
  };
  const currentDocument = (v: number): CompletionDocument => {
    const lines = linesOf(docText);
    return { uri: 'file:///w/' + spec.relativePath, relativePath: spec.relativePath, languageId: spec.languageId, version: v, eol: '\n', lineCount: lines.lineCount, lineAt: lines.lineAt };
  };
  const positionOf = (cursor: number) => ({ position: { line: docText.slice(0, cursor).split('\n').length - 1, character: cursor - lineStartOf(docText, cursor) } });
  /** Whatever the source, the answer of the request behind it was used, as far as it reaches. */
  const noteUsed = (item: CompletionItem, cursor: number) => {
    const id = item.requestId;
    if (id !== undefined && callCursor[id - 1] !== undefined && cursor >= callCursor[id - 1]) {
      const used = docText.slice(callCursor[id - 1], cursor) + item.insertText;
      if (used.length > (textUsed.get(id - 1)?.length ?? -1)) textUsed.set(id - 1, used);
    }
  };
  const ask = (typingSuggestion = false, accepted = false) => {
    settleLastAsk();
    afterAccept = accepted ? { ms: Number.POSITIVE_INFINITY, speculative: false } : undefined;
    if (afterAccept) result.afterAccept.push(afterAccept);
    const thisAccept = afterAccept;
    const askedAt = clock.now();
    callsAtLastAsk = model.calls.length;
    speculatedAtLastAsk = speculative.size;
    lastAskWhileTypingSuggestion = typingSuggestion;
    controller?.abort();
    const c = new AbortController();
    controller = c;
    visible = undefined;
    gap = {};
    const v = version;
    const cursor = spec.regionStart + typed.length;
    currentCursor = cursor;
    void engine.provide({ document: currentDocument(v), ...positionOf(cursor), offset: cursor, trigger: 'automatic' }, c.signal).then((out) => {
      if (!out.item || c.signal.aborted) return;
      result.shown++;
      if (v !== version) result.staleShown++;
      visible = { item: out.item, version: v, cursor };
      shownAt = clock.now();
      if (thisAccept && thisAccept === afterAccept) {
        thisAccept.ms = clock.now() - askedAt;
        thisAccept.speculative = out.item.requestId !== undefined && speculative.has(out.item.requestId);
      }
      noteUsed(out.item, cursor);
      noteShown(out.item);
      if (out.item.source === 'network' || out.item.source === 'inFlight') {
        const i = model.calls.length - 1;
        const call = model.calls[i];
        shownCalls.add(i);
        result.latency.push(clock.now() - lastKeyAt);
        // Only the model time after the last keystroke counts against the wait the person saw.
        const modelAfterKey = Math.max(0, (call.endedAt ?? clock.now()) - Math.max(call.startedAt, lastKeyAt));
        result.latencyMinusModel.push(clock.now() - lastKeyAt - modelAfterKey);
      }
    });
  };

  const edit = (insert: string, removeBefore = 0) => {
    typed = typed.slice(0, typed.length - removeBefore) + insert;
    docText = before + typed + after;
    version++;
  };

  // The person reacts to what is on screen at the moment of each keystroke.
  let gapRequests = 0;
  let t = 0;
  let shownAt = 0;
  const press = async (delay: number) => {
    t += delay;
    const before = model.calls.length;
    const speculatedBefore = speculative.size;
    await clock.advanceTo(t);
    // The keep-target is about the requests typing makes; the ones asked ahead are counted on their own.
    gapRequests += model.calls.length - before - (speculative.size - speculatedBefore);
    result.maxSpeculationsPerGap = Math.max(result.maxSpeculationsPerGap, speculative.size - speculatedBefore);
    if (delay >= 600) result.pauses++;
    result.maxRequestsPerGap = Math.max(result.maxRequestsPerGap, gapRequests);
    gapRequests = 0;
    result.keystrokes++;
  };
  ask(); // the editor asks once when the person puts the cursor there
  while (pos < regionEnd) {
    const ch = truth[pos];
    let text = ch;
    let delay: number;
    if (ch === '\n') {
      const nextLineEnd = truth.indexOf('\n', pos + 1);
      const nextLine = truth.slice(pos + 1, nextLineEnd < 0 ? truth.length : nextLineEnd);
      text = '\n' + /^[ \t]*/.exec(nextLine)![0];
      // Pause at the end of a line: read, think.
      delay = logNormal(rand, 700, 0.6);
    } else {
      delay = logNormal(rand, spec.keyMs ?? 110, 0.35);
      if (/[\s(){}[\].,;:=]/.test(truth[pos - 1] ?? '')) delay += 40;
      // Now and then the person stops to think mid-line.
      if (rand() < 0.025) delay += logNormal(rand, 1500, 0.5);
    }
    const typo = spec.behaviour !== 'typeSuggestion' && ch !== '\n' && /[a-z]/.test(ch) && rand() < 0.03;
    await press(delay);

    const matchesNow = () => !!visible && visible.version === version && visible.item.insertText.length > 0 && truth.startsWith(visible.item.insertText, pos);
    const matches = matchesNow();
    if (spec.behaviour === 'tabAccept' && matches && clock.now() - shownAt >= (spec.acceptAfterMs ?? 250)) {
      result.accepted++;
      const accepted = visible!.item.insertText;
      edit(accepted);
      pos += accepted.length;
      lastKeyAt = clock.now();
      ask(false, true);
      continue;
    }
    if (typo) {
      edit(String.fromCharCode(97 + Math.floor(rand() * 26)));
      lastKeyAt = clock.now();
      ask();
      await press(logNormal(rand, 260, 0.3));
      edit('', 1);
      lastKeyAt = clock.now();
      ask();
      await press(logNormal(rand, spec.keyMs ?? 110, 0.35));
    }
    // Typing the last character finishes the suggestion: the next request is a new one.
    const typingSuggestion = matchesNow() && visible!.item.insertText.startsWith(text) && visible!.item.insertText.length > text.length;
    edit(text);
    pos += text.length;
    lastKeyAt = clock.now();
    ask(typingSuggestion);
  }
  // Let the last request finish.
  await clock.advance(5000);
  settleLastAsk();
  controller?.abort();
  await clock.runAll();

  result.requests = model.calls.length;
  for (const [i, call] of model.calls.entries()) {
    result.tokensStreamed += call.tokensSent;
    result.inputTokens += Math.ceil(((call.request.system?.length ?? 0) + call.request.messages.reduce((n, m) => n + m.text.length, 0)) / 3.5);
    if (speculative.has(i + 1)) result.speculations++;
    if (call.outcome === 'aborted') result.aborted++;
    if (!(call.outcome === 'complete' && shownCalls.has(i))) result.tokensWastedOld += call.tokensSent;
    const used = textUsed.get(i);
    if (call.outcome !== 'complete') result.wastedCut += call.tokensSent;
    else if (used === undefined) result.wastedUnused += call.tokensSent;
    else result.wastedBeyond += call.tokensSent - Math.min(call.tokensSent, tokensNeeded(call.text ?? '', used, timing.charsPerToken));
    if (call.stoppedEarly) result.tokensSavedByEarlyStop += Math.max(0, call.tokensFull - call.tokensSent);
  }
  result.acceptsServed = result.afterAccept.filter((a) => a.speculative && a.ms <= SERVED_MS).length;
  result.tokensWasted = result.wastedCut + result.wastedUnused + result.wastedBeyond;
  result.fromCache = engine.stats.fromCache;
  result.typedThrough = engine.stats.typedThrough;
  result.virtualMs = clock.now();
  result.calls = model.calls;
  result.shownCalls = shownCalls;
  result.callCursor = callCursor;
  return result;
}

/**
 * Tokens of `raw` (the SimModel's chunks of `charsPerToken` characters) up to the end of as many lines as
 * `used` (the insertion that reached the screen) has, and the line break after them, which is what tells
 * the engine the line is done. All of them when only the closing tag follows.
 */
export function tokensNeeded(raw: string, used: string, charsPerToken: number): number {
  const lines = used.split('\n').length;
  const open = raw.indexOf('<insert>');
  let i = open >= 0 ? open + '<insert>'.length : 0;
  // Blank lines the answer starts with are dropped when the insertion starts with code; they are part of the way to it.
  if (used.split('\n')[0].trim()) for (let nl = raw.indexOf('\n', i); nl >= 0 && !raw.slice(i, nl).trim(); nl = raw.indexOf('\n', i)) i = nl + 1;
  let end = i - 1;
  for (let k = 0; k < lines; k++) {
    end = raw.indexOf('\n', end + 1);
    if (end < 0) return Number.POSITIVE_INFINITY;
  }
  if (!raw.slice(end).replace('</insert>', '').trim()) return Number.POSITIVE_INFINITY;
  let n = 0;
  while (Math.round(n * charsPerToken) <= end) n++;
  return n;
}

export function summarize(results: ReplayResult[]) {
  const all = (f: (r: ReplayResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const latency = results.flatMap((r) => r.latency);
  const minus = results.flatMap((r) => r.latencyMinusModel);
  return {
    keystrokes: all((r) => r.keystrokes),
    requests: all((r) => r.requests),
    aborted: all((r) => r.aborted),
    fromCache: all((r) => r.fromCache),
    typedThrough: all((r) => r.typedThrough),
    shown: all((r) => r.shown),
    staleShown: all((r) => r.staleShown),
    wasted: all((r) => r.tokensWasted) / Math.max(1, all((r) => r.tokensStreamed)),
    wastedOld: all((r) => r.tokensWastedOld) / Math.max(1, all((r) => r.tokensStreamed)),
    wastedCut: all((r) => r.wastedCut) / Math.max(1, all((r) => r.tokensStreamed)),
    wastedUnused: all((r) => r.wastedUnused) / Math.max(1, all((r) => r.tokensStreamed)),
    wastedBeyond: all((r) => r.wastedBeyond) / Math.max(1, all((r) => r.tokensStreamed)),
    p50: percentile(latency, 50),
    p90: percentile(latency, 90),
    p50minus: percentile(minus, 50),
    p90minus: percentile(minus, 90),
  };
}
