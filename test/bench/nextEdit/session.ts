// Editing sessions on a virtual clock: every file's hunks typed key by key (a think pause between them),
// the controller asking a simulated model that answers with the known next hunk; a suggestion that is the
// next hunk is taken with Tab, Tab. Counts requests, what they would cost, and times the typing path.

import { performance } from 'node:perf_hooks';
import { NextEditController } from '../../../src/nextEdit/controller';
import type { StreamRequest } from '../../../src/bedrock/types';
import type { ProposedEdit, TextChange } from '../../../src/nextEdit/types';
import { REALISTIC, SimModel } from '../../support/simModel';
import { VirtualClock } from '../../support/virtualClock';
import { linesOf, type FileHistory } from './corpus';
import { correctAnswer, expectedAfter } from './answers';
import { applyEdit, docFromLines } from './quality';

export const PAUSE_MS = 400;
const KEY_MS = 150;
const THINK_MS = 2500;
/** Longer additions are pasted in one change after this many keys. */
const MAX_TYPED = 120;

export interface SessionFigures {
  files: number;
  keystrokes: number;
  pauses: number;
  /** Most requests started between two consecutive edits (keystrokes or accepts). */
  maxPerPause: number;
  requests: number;
  aborted: number;
  shown: number;
  accepted: number;
  virtualMs: number;
  /** Per request that reached the model: prompt prefix (instructions + file) and the rest, in chars; output tokens; start time. */
  calls: { prefix: string; restChars: number; outputTokens: number; at: number }[];
  typingUs: number[];
  baselineUs: number[];
}

function applyChange(lines: string[], c: TextChange): void {
  const head = lines[c.start.line].slice(0, c.start.character);
  const tail = lines[c.end.line].slice(c.end.character);
  const inserted = (head + c.text + tail).split('\n');
  lines.splice(c.start.line, c.end.line - c.start.line + 1, ...inserted);
}

export async function runSessions(files: FileHistory[]): Promise<SessionFigures> {
  const f: SessionFigures = { files: files.length, keystrokes: 0, pauses: 0, maxPerPause: 0, requests: 0, aborted: 0, shown: 0, accepted: 0, virtualMs: 0, calls: [], typingUs: [], baselineUs: [] };
  for (const file of files) await runOne(file, f);
  return f;
}

async function runOne(file: FileHistory, f: SessionFigures): Promise<void> {
  const clock = new VirtualClock();
  const lines = linesOf(file.text);
  let k = 0;
  let version = 1;
  const reply = (r: StreamRequest) => {
    if (k >= file.hunks.length) return 'NONE';
    void r;
    return correctAnswer({ lines, next: file.hunks[k], last: file.hunks[Math.max(0, k - 1)] });
  };
  const model = new SimModel(clock, reply, REALISTIC);
  const c = new NextEditController({
    streamer: model,
    settings: () => ({ enabled: true, pauseMs: PAUSE_MS }),
    charsPerToken: () => 3.5,
    isExcluded: () => ({ excluded: false }),
    ghostTextVisible: () => false,
    now: clock.now,
    sleep: clock.sleep,
  });
  const doc = () => ({ ...docFromLines(lines, file.path), version });
  c.track(doc(), lines.join('\n'));
  const noop = (_d: unknown, _c: unknown, _p: unknown) => undefined;
  let lastRequests = 0;
  const edited = () => {
    f.maxPerPause = Math.max(f.maxPerPause, c.stats.requests - lastRequests);
    lastRequests = c.stats.requests;
  };

  const key = async (change: TextChange, cursor: { line: number; character: number }) => {
    edited();
    applyChange(lines, change);
    version++;
    const d = doc();
    const t0 = performance.now();
    c.didChange(d, [change], cursor);
    const t1 = performance.now();
    noop(d, [change], cursor);
    const t2 = performance.now();
    f.typingUs.push((t1 - t0) * 1000);
    f.baselineUs.push((t2 - t1) * 1000);
    f.keystrokes++;
    await clock.advance(KEY_MS);
  };

  while (k < file.hunks.length) {
    const h = file.hunks[k];
    const s = c.suggestion;
    // The suggestion is the next hunk: Tab (jump), Tab (apply).
    if (s && applyEdit(lines, s.edit) === expectedAfter({ lines, next: h, last: h })) {
      const edit: ProposedEdit = s.edit;
      c.accept(doc(), { line: -1, character: 0 });
      const step = c.accept(doc(), edit.start);
      if (step.kind === 'apply') {
        applyChange(lines, { start: edit.start, end: edit.end, text: edit.text });
        version++;
        f.accepted++;
        edited();
        c.applied(doc(), edit, edit.start);
        k++;
        await clock.advance(THINK_MS);
        f.pauses++;
        continue;
      }
    }
    await typeHunk(h, lines, key);
    k++;
    await clock.advance(THINK_MS);
    f.pauses++;
  }
  await clock.runAll();
  edited();
  for (const call of model.calls) {
    const r = call.request;
    const prefix = (r.system ?? '') + r.messages[0].text;
    const restChars = r.messages.slice(1).reduce((n, m) => n + m.text.length, 0);
    f.calls.push({ prefix, restChars, outputTokens: call.tokensSent, at: call.startedAt });
  }
  f.requests += c.stats.requests;
  f.aborted += c.stats.aborted;
  f.shown += c.stats.shown;
  f.virtualMs += clock.now();
  c.dispose();
}

async function typeHunk(h: { start: number; oldLines: string[]; newLines: string[] }, lines: string[], key: (c: TextChange, p: { line: number; character: number }) => Promise<void>): Promise<void> {
  const s = h.start;
  if (h.newLines.length === 0) {
    const e = s + h.oldLines.length;
    const change: TextChange = e < lines.length ? { start: { line: s, character: 0 }, end: { line: e, character: 0 }, text: '' } : { start: { line: s - 1, character: lines[s - 1].length }, end: { line: e - 1, character: lines[e - 1].length }, text: '' };
    await key(change, change.start);
    return;
  }
  // Make an empty line at s to type into: clear the old lines, or open a new line.
  if (h.oldLines.length) {
    const e = s + h.oldLines.length - 1;
    await key({ start: { line: s, character: 0 }, end: { line: e, character: lines[e].length }, text: '' }, { line: s, character: 0 });
  } else if (s < lines.length) {
    await key({ start: { line: s, character: 0 }, end: { line: s, character: 0 }, text: '\n' }, { line: s, character: 0 });
  } else {
    const last = lines.length - 1;
    await key({ start: { line: last, character: lines[last].length }, end: { line: last, character: lines[last].length }, text: '\n' }, { line: last + 1, character: 0 });
  }
  const text = h.newLines.join('\n');
  let cur = { line: s, character: 0 };
  const typed = text.slice(0, MAX_TYPED);
  for (const ch of typed) {
    const next = ch === '\n' ? { line: cur.line + 1, character: 0 } : { line: cur.line, character: cur.character + 1 };
    await key({ start: cur, end: cur, text: ch }, next);
    cur = next;
  }
  if (text.length > MAX_TYPED) {
    const rest = text.slice(MAX_TYPED);
    const restLines = rest.split('\n');
    const end = restLines.length > 1 ? { line: cur.line + restLines.length - 1, character: restLines.at(-1)!.length } : { line: cur.line, character: cur.character + rest.length };
    await key({ start: cur, end: cur, text: rest }, end);
  }
}
