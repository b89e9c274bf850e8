// The next suggestion ready on accept. While a suggestion is on screen, ask for what would follow it once
// accepted (the document with the suggestion applied, the cursor after it), so that when Tab (or the
// last partial accept, or typing its last character) lands the cursor there, the answer is in the cache or
// on its way. Bounded: only once the suggestion has stayed on screen for a moment without a keystroke, one
// speculative request at a time (the engine has one flight), cancelled by any other keystroke (the engine
// aborts a flight the next position does not take over), and only while the person's recent suggestions
// were accepted often enough to pay for it.

import type { CompletionDocument, CompletionRequest, LineSource, Position } from './types';

export interface SpeculationOptions {
  /** How long a suggestion stays on screen without a keystroke before its follow-up is asked for. */
  dwellMs: number;
  /** The same wait after a keystroke that typed part of the suggestion (a pause in typing it, not a gap between keys). */
  partwayDwellMs: number;
  /** Outcomes of recent suggestions (that stayed on screen that long) the acceptance rate is taken over. */
  window: number;
  /** Fewer outcomes known than this: speculate (nothing learnt yet). */
  minSamples: number;
  /** Stop speculating while the recent whole-accept rate is below this. */
  minRate: number;
}

// Chosen with the typing-trace replay (`npm run bench:completions`, "Next suggestion ready on accept").
export const DEFAULT_SPECULATION: SpeculationOptions = { dwellMs: 100, partwayDwellMs: 300, window: 20, minSamples: 3, minRate: 0.5 };

/** A suggestion on screen, in engine offsets (a line break counts one). */
export interface Displayed {
  uri: string;
  offset: number;
  insertText: string;
  /** Where it is shown, for building the document with it applied. */
  document: CompletionDocument;
  position: Position;
  replaceSuffixChars: number;
  /** Stayed on screen for the dwell time: its outcome teaches the acceptance rate. */
  dwelt: boolean;
  /**
   * Shown where an accept left the cursor: its outcome teaches nothing. It is the follow-up when the gate was
   * open and whatever the end of the accepted line gets when it was closed, so counting it would let a
   * closed gate keep itself closed (each accept followed by a poor suggestion typed over).
   */
  afterAccept?: boolean;
}

/**
 * Where a request at `offset` (with `prefix` before it) stands with the suggestion on screen: at its end with
 * its text typed or accepted, part of the way through it, at the same place (the editor asking again), or
 * somewhere else.
 */
export type Progress = 'accepted' | 'partway' | 'same' | 'left';

export function progress(d: Displayed, uri: string, offset: number, prefix: string): Progress {
  const n = offset - d.offset;
  if (d.uri !== uri || n < 0 || n > d.insertText.length || n > prefix.length) return 'left';
  if (n === 0) return 'same';
  if (prefix.slice(prefix.length - n) !== d.insertText.slice(0, n)) return 'left';
  return n === d.insertText.length ? 'accepted' : 'partway';
}

export interface SpeculatorDeps {
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Asks for what follows `d` once accepted; the engine owns the request. */
  start(d: Displayed): void;
  options?: Partial<SpeculationOptions>;
}

export interface SpeculationStats {
  /** Speculative requests started. */
  started: number;
  /** Suggestions that dwelt but were not followed up because the acceptance rate was low. */
  skippedLowRate: number;
  /** Whole accepts of suggestions that dwelt. */
  accepted: number;
  dwelt: number;
}

export class Speculator {
  readonly options: SpeculationOptions;
  readonly stats: SpeculationStats = { started: 0, skippedLowRate: 0, accepted: 0, dwelt: 0 };
  private displayed: Displayed | undefined;
  private timer: AbortController | undefined;
  private readonly outcomes: boolean[] = [];
  /** Where the latest accept left the cursor, until the next keystroke or suggestion. */
  private acceptedAt: { uri: string; offset: number } | undefined;

  constructor(private readonly deps: SpeculatorDeps) {
    this.options = { ...DEFAULT_SPECULATION, ...deps.options };
  }

  /** Every request, once its context is known: settles the outcome of the suggestion on screen. */
  observe(uri: string, offset: number, prefix: string): Progress | undefined {
    if (this.acceptedAt && (this.acceptedAt.uri !== uri || this.acceptedAt.offset !== offset)) this.acceptedAt = undefined;
    const d = this.displayed;
    if (!d) return undefined;
    const p = progress(d, uri, offset, prefix);
    if (p === 'same') return p;
    if (p === 'accepted') this.acceptedAt = { uri, offset };
    // A keystroke: the suggestion has not stayed on screen untouched. One typed partway still stands: the
    // dwell starts over, so a pause in typing it (not each key) may ask ahead for its end.
    this.cancelTimer();
    if (p === 'partway') {
      if (!d.dwelt) this.startDwell(d, this.options.partwayDwellMs);
      return p;
    }
    this.displayed = undefined;
    if (d.dwelt && !d.afterAccept) this.record(p === 'accepted');
    return p;
  }

  /** A keystroke whose context was not looked at (a skipped request): the dwell starts over. */
  interrupt(): void {
    this.acceptedAt = undefined;
    this.cancelTimer();
  }

  /**
   * A suggestion returned to the editor. A fresh one starts the dwell; the rest of one being typed through
   * does not (no request while typing a shown suggestion).
   */
  shown(shown: Omit<Displayed, 'dwelt'>, typedThrough: boolean): void {
    if (typedThrough) return;
    const was = this.displayed;
    if (was && was.uri === shown.uri && was.offset === shown.offset && was.insertText === shown.insertText) return;
    this.cancelTimer();
    const at = this.acceptedAt;
    this.acceptedAt = undefined;
    const d: Displayed = { ...shown, dwelt: false, afterAccept: at?.uri === shown.uri && at.offset === shown.offset };
    this.displayed = d;
    this.startDwell(d, this.options.dwellMs);
  }

  private startDwell(d: Displayed, ms: number): void {
    const timer = new AbortController();
    this.timer = timer;
    void this.deps.sleep(ms, timer.signal).then(() => {
      if (timer.signal.aborted || this.displayed !== d) return;
      this.timer = undefined;
      d.dwelt = true;
      this.stats.dwelt++;
      if (!this.paysOff()) {
        this.stats.skippedLowRate++;
        return;
      }
      this.stats.started++;
      this.deps.start(d);
    });
  }

  /** The recent share of suggestions accepted whole, or undefined while too few are known. */
  acceptanceRate(): number | undefined {
    if (this.outcomes.length < this.options.minSamples) return undefined;
    return this.outcomes.filter(Boolean).length / this.outcomes.length;
  }

  /** Whether a follow-up is worth asking for: most follow-ups of a person who rarely accepts are thrown away. */
  paysOff(): boolean {
    const rate = this.acceptanceRate();
    return rate === undefined || rate >= this.options.minRate;
  }

  dispose(): void {
    this.cancelTimer();
    this.displayed = undefined;
  }

  private record(accepted: boolean): void {
    if (accepted) this.stats.accepted++;
    this.outcomes.push(accepted);
    if (this.outcomes.length > this.options.window) this.outcomes.shift();
  }

  private cancelTimer(): void {
    this.timer?.abort();
    this.timer = undefined;
  }
}

/**
 * `document` as it reads with `insertText` inserted at `position` (replacing `replaceSuffixChars` characters
 * after it), and the position after the insertion. Lines are served on demand: nothing copies the document.
 */
export function withInsertion(document: CompletionDocument, position: Position, insertText: string, replaceSuffixChars: number): { document: CompletionDocument; position: Position } {
  const line = document.lineAt(position.line);
  const after = line.slice(position.character + replaceSuffixChars);
  const changed = (line.slice(0, position.character) + insertText + after).split('\n');
  const extra = changed.length - 1;
  const at = position.line;
  const base = document;
  const applied: CompletionDocument = {
    uri: base.uri,
    relativePath: base.relativePath,
    languageId: base.languageId,
    version: base.version,
    eol: base.eol,
    get lineCount() {
      return base.lineCount + extra;
    },
    lineAt: (i: number) => (i < at ? base.lineAt(i) : i <= at + extra ? changed[i - at] : base.lineAt(i - extra)),
  };
  return { document: applied, position: { line: at + extra, character: changed[extra].length - after.length } };
}

/** A line after which the editor indents one level more. */
const OPENS = /(?:[{([:]|=>)\s*$/;

/** Indentation the editor most likely gives a new line opened after `line` (one unit deeper after an opener). */
export function nextLineIndent(doc: LineSource, line: number): string {
  const text = doc.lineAt(line);
  const indent = /^[ \t]*/.exec(text)![0];
  if (!OPENS.test(text)) return indent;
  if (indent.includes('\t')) return indent + '\t';
  // The document's own unit: the smallest step between the indentations of nearby lines.
  let unit = 0;
  for (let i = Math.max(1, line - 60); i <= line; i++) {
    const a = /^ */.exec(doc.lineAt(i - 1))![0].length;
    const b = /^ */.exec(doc.lineAt(i))![0].length;
    if (b > a && doc.lineAt(i).trim() && (!unit || b - a < unit)) unit = b - a;
  }
  return indent + ' '.repeat(unit || 4);
}

/**
 * Where to ask ahead for what follows `d` once accepted: right after it, or, when it ends its line, at the
 * start of the line the person opens next (`lead` is that line break and indentation: the ghost text shown
 * on accept starts with it, as the rest of the line has nothing to offer).
 */
export function followUp(d: Displayed): CompletionRequest & { lead: string } {
  const applied = withInsertion(d.document, d.position, d.insertText, d.replaceSuffixChars);
  const offset = d.offset + d.insertText.length;
  const rest = applied.document.lineAt(applied.position.line).slice(applied.position.character);
  if (rest.trim() || !d.insertText.trim()) return { ...applied, offset, trigger: 'automatic', lead: '' };
  const lead = '\n' + nextLineIndent(applied.document, applied.position.line);
  const opened = withInsertion(applied.document, applied.position, lead, rest.length);
  return { ...opened, offset: offset + lead.length, trigger: 'automatic', lead };
}
