// Context recall, apply rate of correct answers and wrong edits over bad answers: each case is a document
// (earlier hunks applied), the recent edits as the controller recorded them, and the known next hunk.

import { validateAnswer } from '../../../src/nextEdit/answer';
import { EditHistory } from '../../../src/nextEdit/history';
import { buildPrompt, DEFAULT_BUDGET, takeSnapshot } from '../../../src/nextEdit/prompt';
import type { NextEditDocument, ProposedEdit } from '../../../src/nextEdit/types';
import { applyHunk, linesOf, type EditCase } from './corpus';
import { adversarialAnswers, correctAnswer, expectedAfter, type CaseState } from './answers';

export interface Prepared {
  c: EditCase;
  state: CaseState;
  doc: NextEditDocument;
  history: EditHistory;
}

export function docFromLines(lines: string[], path: string): NextEditDocument {
  return { uri: `file:///repo/${path}`, relativePath: path, languageId: 'typescript', version: 1, lineCount: lines.length, lineAt: (i) => lines[i] ?? '' };
}

/** Replays the hunks before the next one through an EditHistory (up to 3 as recent edits). */
export function prepare(c: EditCase): Prepared {
  const lines = linesOf(c.file.text);
  const first = Math.max(0, c.k - 3);
  for (let j = 0; j < first; j++) applyHunk(lines, c.file.hunks[j]);
  const history = new EditHistory(lines.join('\n'));
  for (let j = first; j < c.k; j++) history.apply([applyHunk(lines, c.file.hunks[j])]);
  const state: CaseState = { lines, next: c.file.hunks[c.k], last: c.file.hunks[c.k - 1] };
  return { c, state, doc: docFromLines(lines, c.file.path), history };
}

export function applyEdit(lines: string[], e: ProposedEdit): string {
  const text = lines.join('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, off(e.start)) + e.text + text.slice(off(e.end));
}

export interface RecallFigures {
  cases: number;
  inRegion: number;
  inPrompt: number;
  promptTokens: number[];
}

/** Does the request hold the lines the next edit changes (or stands on, for an insertion)? */
export function recall(prepared: Prepared[], charsPerToken: number): RecallFigures {
  const f: RecallFigures = { cases: 0, inRegion: 0, inPrompt: 0, promptTokens: [] };
  for (const p of prepared) {
    const { next, last } = p.state;
    const lastLine = last.start + Math.max(0, last.newLines.length - 1);
    const cursor = { line: lastLine, character: p.doc.lineAt(lastLine).length };
    const snapshot = takeSnapshot(p.doc, cursor.line, DEFAULT_BUDGET, charsPerToken, 0, 0);
    const req = buildPrompt({ document: p.doc, snapshot, recent: p.history.recent(), cursor, lastEditLine: last.start, budget: DEFAULT_BUDGET });
    const region = req.messages[2].text;
    const need = next.oldLines.length ? next.oldLines : [p.doc.lineAt(Math.max(0, next.start - 1))];
    const needText = need.filter((l) => l.trim()).join('\n');
    const numberedRegion = region.replace(/^\s*\d+\| /gm, '');
    f.cases++;
    if (numberedRegion.includes(needText)) f.inRegion++;
    if (numberedRegion.includes(needText) || snapshot.text.includes(needText)) f.inPrompt++;
    const chars = (req.system?.length ?? 0) + req.messages.reduce((n, m) => n + m.text.length, 0);
    f.promptTokens.push(Math.ceil(chars / charsPerToken));
  }
  return f;
}

export interface ApplyFigures {
  answers: number;
  exact: number;
  dropped: Record<string, number>;
}

/** Correct answers in the expected format, with an exact line, a line off by two, and none. */
export function applyRate(prepared: Prepared[]): ApplyFigures {
  const f: ApplyFigures = { answers: 0, exact: 0, dropped: {} };
  for (const p of prepared) {
    const expected = expectedAfter(p.state);
    for (const hint of [0, 2, -2, 'none'] as const) {
      const answer = correctAnswer(p.state, hint);
      const r = validateAnswer(answer, { document: p.doc, recent: p.history.recent() });
      f.answers++;
      if (r.edits.length === 1 && applyEdit(p.state.lines, r.edits[0]) === expected) f.exact++;
      for (const d of r.dropped) f.dropped[d] = (f.dropped[d] ?? 0) + 1;
    }
  }
  return f;
}

export interface AdversarialFigures {
  answers: number;
  wrongApplied: number;
  byKind: Record<string, { n: number; wrong: number }>;
  examples: string[];
}

export function adversarial(prepared: Prepared[]): AdversarialFigures {
  const f: AdversarialFigures = { answers: 0, wrongApplied: 0, byKind: {}, examples: [] };
  for (const p of prepared) {
    const expected = expectedAfter(p.state);
    for (const a of adversarialAnswers(p.state)) {
      const r = validateAnswer(a.answer, { document: p.doc, recent: p.history.recent(), truncated: a.truncated, changedSince: a.changedSince });
      const k = (f.byKind[a.kind] ??= { n: 0, wrong: 0 });
      k.n++;
      f.answers++;
      // Any edit that does not produce exactly the known next state is a wrong edit applied.
      const wrong = r.edits.some((e) => applyEdit(p.state.lines, e) !== expected);
      if (wrong) {
        k.wrong++;
        f.wrongApplied++;
        if (f.examples.length < 5) f.examples.push(`${p.c.file.commit} ${p.c.file.path}#${p.c.k} ${a.kind}: ${JSON.stringify(a.answer.slice(0, 160))}`);
      }
    }
  }
  return f;
}
