// When to ask and what to show: after an edit and a pause, one request per pause, cancelled by the next
// keystroke, never while completion ghost text is visible; the answer validated against the document as it
// is when it arrives; Tab jumps, Tab again applies; an accepted edit asks for the next one (chains).
// Everything comes in through `NextEditDeps`, so it runs in plain Node with a virtual clock.

import type { ModelStreamer, StreamResult } from '../bedrock/types';
import type { ExclusionResult } from '../privacy/exclude';
import type { Logger } from '../shared/logger';
import { Emitter } from '../shared/emitter';
import { stillApplies, validateAnswer, type DropReason, type LineRange } from './answer';
import { EditHistory } from './history';
import { buildPrompt, DEFAULT_BUDGET, takeSnapshot, type FileSnapshot, type PromptBudget } from './prompt';
import type { NextEditDocument, OutlineSymbol, Pos, ProposedEdit, TextChange } from './types';

export interface NextEditSettings {
  enabled: boolean;
  /** Pause after the last edit before asking. */
  pauseMs: number;
}

export interface NextEditDeps {
  streamer: ModelStreamer;
  settings(): NextEditSettings;
  charsPerToken(): number;
  isExcluded(doc: NextEditDocument): ExclusionResult;
  /** The adapter's answer to "is completion ghost text on screen now?" */
  ghostTextVisible(): boolean;
  outline?(doc: NextEditDocument, signal: AbortSignal): Promise<readonly OutlineSymbol[] | undefined>;
  log?: Logger;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  budget?: PromptBudget;
}

export interface Suggestion {
  uri: string;
  edit: ProposedEdit;
  /** True once Tab has moved the cursor to it: the next Tab applies. */
  jumped: boolean;
}

export interface NextEditStats {
  requests: number;
  aborted: number;
  shown: number;
  accepted: number;
  dismissed: number;
  dropped: Partial<Record<DropReason, number>>;
  skippedGhostText: number;
}

export type AcceptStep = { kind: 'jump'; to: Pos } | { kind: 'apply'; edit: ProposedEdit } | { kind: 'none' };

interface Tracked {
  history: EditHistory;
  snapshot?: FileSnapshot;
  lastEditLine: number;
  /** Lines changed since the request in flight was built. */
  changedSince: LineRange[];
  /** Some change since the last request reworked existing code (see `reworks`). */
  worthAsking: boolean;
}

/** Closers an editor types by itself: text after the cursor that does not make an edit "mid-line". */
const ONLY_CLOSERS = /^[\s)\]}>'"`;,]*$/;

/**
 * Does a change rework existing code (replace or remove text, insert inside a line, paste several lines)?
 * Typing new code at the end of a line is what completions are for; asking then would double the requests.
 * `removed` is the text the change replaced: typing over a closer the editor inserted (`)` over `)`) and
 * Backspace at the end of the line being written are typing too, not rework.
 */
export function reworks(c: TextChange, doc: NextEditDocument, removed = ''): boolean {
  const lines = c.text.split('\n');
  if (lines.length > 2) return true;
  const sameLine = c.start.line === c.end.line;
  if (removed && !(sameLine && (removed === c.text || (c.text === '' && !removed.includes('\n'))))) return true;
  if (!removed && !sameLine) return true;
  const endLine = c.start.line + lines.length - 1;
  const endChar = (lines.length === 1 ? c.start.character : 0) + lines[lines.length - 1].length;
  return !ONLY_CLOSERS.test(doc.lineAt(endLine).slice(endChar));
}

/** The text a change replaces, read from the document as it was before the change. */
function replacedText(history: EditHistory, c: TextChange): string {
  if (c.start.line === c.end.line) return history.lineAt(c.start.line).slice(c.start.character, c.end.character);
  const parts = [history.lineAt(c.start.line).slice(c.start.character)];
  for (let l = c.start.line + 1; l < c.end.line; l++) parts.push(history.lineAt(l));
  parts.push(history.lineAt(c.end.line).slice(0, c.end.character));
  return parts.join('\n');
}

const MAX_TRACKED = 20;
/** Snapshots older than the prompt cache's lifetime gain nothing from staying the same. */
const SNAPSHOT_MAX_AGE_MS = 4 * 60_000;

export class NextEditController {
  private readonly docs = new Map<string, Tracked>();
  private pending: AbortController | undefined;
  private current: Suggestion | undefined;
  private readonly changed = new Emitter<[Suggestion | undefined]>();
  readonly onDidChange = this.changed.event;
  readonly stats: NextEditStats = { requests: 0, aborted: 0, shown: 0, accepted: 0, dismissed: 0, dropped: {}, skippedGhostText: 0 };
  /** The last finished request (tests and the benchmark read it). */
  lastResult: StreamResult | undefined;

  constructor(private readonly deps: NextEditDeps) {}

  get suggestion(): Suggestion | undefined {
    return this.current;
  }

  /** Starts following a document (its text now, before the next change). */
  track(doc: NextEditDocument, text: string): void {
    if (this.docs.has(doc.uri)) return;
    if (this.docs.size >= MAX_TRACKED) this.docs.delete(this.docs.keys().next().value as string);
    this.docs.set(doc.uri, { history: new EditHistory(text), lastEditLine: 0, changedSince: [], worthAsking: false });
  }

  isTracked(uri: string): boolean {
    return this.docs.has(uri);
  }

  forget(uri: string): void {
    this.docs.delete(uri);
    if (this.current?.uri === uri) this.show(undefined);
  }

  /**
   * The typing path: record the change, cancel what is in flight, keep the suggestion only if the change
   * left it intact, and ask again after the pause. `cursor` is where the edit left the cursor.
   */
  didChange(doc: NextEditDocument, changes: readonly TextChange[], cursor: Pos, how: 'typed' | 'accepted' | 'undoRedo' = 'typed'): void {
    const fromAccept = how === 'accepted';
    const t = this.docs.get(doc.uri);
    if (!t || changes.length === 0) return;
    const removed = changes.map((c) => replacedText(t.history, c));
    t.history.apply(changes);
    for (const c of changes) {
      const added = c.text.split('\n').length - 1;
      t.changedSince.push([c.start.line, c.start.line + added]);
    }
    t.lastEditLine = changes[0].start.line;
    t.worthAsking ||= fromAccept || changes.some((c, i) => reworks(c, doc, removed[i]));
    this.cancel();
    if (this.current && !fromAccept) this.keepIfIntact(doc, changes);
    // Undo and redo are the developer taking something back: no new suggestion for it.
    if (!this.deps.settings().enabled || how === 'undoRedo' || !t.worthAsking) return;
    void this.schedule(doc, cursor, fromAccept ? 0 : this.deps.settings().pauseMs);
  }

  private keepIfIntact(doc: NextEditDocument, changes: readonly TextChange[]): void {
    const s = this.current!;
    if (s.uri !== doc.uri) return;
    let { start, end } = s.edit;
    for (const c of changes) {
      if (c.start.line > s.edit.end.line) continue;
      if (c.end.line >= s.edit.start.line) return this.show(undefined);
      const delta = c.text.split('\n').length - 1 - (c.end.line - c.start.line);
      start = { ...start, line: start.line + delta };
      end = { ...end, line: end.line + delta };
    }
    const edit = { ...s.edit, start, end, anchorLines: [s.edit.anchorLines[0] + start.line - s.edit.start.line, s.edit.anchorLines[1] + start.line - s.edit.start.line] as [number, number] };
    if (stillApplies(doc, edit)) this.current = { ...s, edit };
    else this.show(undefined);
  }

  /** Completion ghost text appeared: nothing of ours is asked for or shown alongside it. */
  ghostTextShown(): void {
    this.cancel();
    if (this.current) this.show(undefined);
  }

  private cancel(): void {
    if (!this.pending) return;
    this.pending.abort();
    this.pending = undefined;
  }

  private async schedule(doc: NextEditDocument, cursor: Pos, pauseMs: number): Promise<void> {
    const controller = new AbortController();
    this.pending = controller;
    await this.deps.sleep(pauseMs, controller.signal);
    if (controller.signal.aborted) return;
    try {
      await this.request(doc, cursor, controller.signal);
    } catch (e) {
      this.deps.log?.warn(`next edit failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (this.pending === controller) this.pending = undefined;
    }
  }

  private snapshotFor(t: Tracked, doc: NextEditDocument, cursor: Pos): FileSnapshot {
    const s = t.snapshot;
    const budget = this.deps.budget ?? DEFAULT_BUDGET;
    const margin = s ? Math.floor((s.endLine - s.startLine) / 8) : 0;
    const fresh =
      s &&
      this.deps.now() - s.takenAt < SNAPSHOT_MAX_AGE_MS &&
      // Every edit since the snapshot must still be in the diff list, or the model would see a stale file.
      t.history.serial - s.serial <= t.history.recent().length &&
      (s.whole || (cursor.line >= s.startLine + margin && cursor.line <= s.endLine - margin));
    if (fresh) return s;
    t.snapshot = takeSnapshot(doc, cursor.line, budget, this.deps.charsPerToken(), this.deps.now(), t.history.serial);
    return t.snapshot;
  }

  private async request(doc: NextEditDocument, cursor: Pos, signal: AbortSignal): Promise<void> {
    const t = this.docs.get(doc.uri);
    if (!t || this.deps.isExcluded(doc).excluded) return;
    if (this.deps.ghostTextVisible()) {
      this.stats.skippedGhostText++;
      return;
    }
    const outline = await this.deps.outline?.(doc, signal).catch(() => undefined);
    if (signal.aborted) return;
    const budget = this.deps.budget ?? DEFAULT_BUDGET;
    const snapshot = this.snapshotFor(t, doc, cursor);
    const request = buildPrompt({ document: doc, snapshot, recent: t.history.recent(), cursor, lastEditLine: t.lastEditLine, outline, budget });
    t.changedSince = [];
    this.stats.requests++;
    const result = await this.deps.streamer.stream(request, { signal });
    this.lastResult = result;
    if (result.outcome === 'aborted' || signal.aborted) {
      this.stats.aborted++;
      return;
    }
    // Answered: the rework has had its request (a cancelled one leaves it for the next pause).
    t.worthAsking = false;
    if (result.outcome !== 'complete') return;
    const { edits, dropped } = validateAnswer(result.text, {
      document: doc,
      changedSince: t.changedSince,
      recent: t.history.recent(),
      truncated: result.stopReason === 'max_tokens',
    });
    for (const r of dropped) this.stats.dropped[r] = (this.stats.dropped[r] ?? 0) + 1;
    if (edits.length === 0 || this.deps.ghostTextVisible()) return;
    this.show({ uri: doc.uri, edit: edits[0], jumped: false });
  }

  private show(s: Suggestion | undefined): void {
    if (s) this.stats.shown++;
    this.current = s;
    this.changed.fire(s);
  }

  /**
   * Tab. Away from the edit: jump to it. At it (or on its line): apply it, exactly as shown, if the
   * document still holds what it was validated against.
   */
  accept(doc: NextEditDocument, cursor: Pos): AcceptStep {
    const s = this.current;
    if (!s || s.uri !== doc.uri) return { kind: 'none' };
    if (!stillApplies(doc, s.edit)) {
      this.show(undefined);
      return { kind: 'none' };
    }
    const onIt = cursor.line >= s.edit.start.line && cursor.line <= s.edit.end.line;
    if (!s.jumped && !onIt) {
      this.current = { ...s, jumped: true };
      this.changed.fire(this.current);
      return { kind: 'jump', to: s.edit.start };
    }
    this.stats.accepted++;
    this.current = undefined;
    this.changed.fire(undefined);
    return { kind: 'apply', edit: s.edit };
  }

  /** The adapter applied an accepted edit: record it and ask for the next one at once (the chain). */
  applied(doc: NextEditDocument, edit: ProposedEdit, cursor: Pos): void {
    this.didChange(doc, [{ start: edit.start, end: edit.end, text: edit.text }], cursor, 'accepted');
  }

  /** The editor applied the suggestion itself (Tab on its ghost text): an accept, and the chain goes on. */
  appliedByEditor(doc: NextEditDocument, edit: ProposedEdit, cursor: Pos): void {
    this.stats.accepted++;
    this.current = undefined;
    this.changed.fire(undefined);
    this.applied(doc, edit, cursor);
  }

  dismiss(): void {
    this.cancel();
    if (!this.current) return;
    this.stats.dismissed++;
    this.show(undefined);
  }

  dispose(): void {
    this.cancel();
    this.changed.dispose();
    this.docs.clear();
  }
}
