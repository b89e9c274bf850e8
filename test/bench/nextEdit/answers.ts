// The simulated model's answers: a correct answer for a known next hunk (as a good model writes it, with
// context lines until the anchor is unique), and malformed or adversarial variants of it.

import type { Hunk } from './corpus';

export interface CaseState {
  /** The document when the request is made (earlier hunks applied). */
  lines: string[];
  next: Hunk;
  /** The user's last edit (old and new lines), in the same coordinates. */
  last: Hunk;
}

function countMatches(lines: string[], block: string[]): number {
  let n = 0;
  for (let i = 0; i + block.length <= lines.length; i++) {
    let k = 0;
    while (k < block.length && lines[i + k] === block[k]) k++;
    if (k === block.length) n++;
  }
  return n;
}

/** The hunk as an answer: context lines added (above first, then below) until the anchor is unique and not just brackets. */
export function correctAnswer(s: CaseState, hintOffset: number | 'none' = 0): string {
  const { lines, next } = s;
  let from = next.start;
  let to = next.start + next.oldLines.length; // exclusive
  // An insertion needs at least one line to stand on.
  if (next.oldLines.length === 0) {
    if (from > 0) from--;
    else to++;
  }
  // As the instructions ask: unique, and more than brackets and blank lines.
  const weak = () => lines.slice(from, to).every((l) => !/[\p{L}\p{N}_$]/u.test(l));
  for (let i = 0; i < 8 && (countMatches(lines, lines.slice(from, to)) > 1 || weak()); i++) {
    if (i % 2 === 0 && from > 0) from--;
    else if (to < lines.length) to++;
    else if (from > 0) from--;
  }
  const out = [hintOffset === 'none' ? '@@' : `@@ ${from + 1 + hintOffset}`];
  for (let i = from; i < next.start; i++) out.push(` ${lines[i]}`);
  for (const l of next.oldLines) out.push(`-${l}`);
  for (const l of next.newLines) out.push(`+${l}`);
  for (let i = next.start + next.oldLines.length; i < to; i++) out.push(` ${lines[i]}`);
  return out.join('\n');
}

/** The document after the next hunk: what a correct answer must produce. */
export function expectedAfter(s: CaseState): string {
  const l = [...s.lines];
  l.splice(s.next.start, s.next.oldLines.length, ...s.next.newLines);
  return l.join('\n');
}

export interface Adversarial {
  kind: string;
  answer: string;
  /** The request's stop reason was max_tokens. */
  truncated?: boolean;
  /** Lines changed since the request (the user kept typing there). */
  changedSince?: [number, number][];
}

const mutateChar = (l: string) => (l.length ? l.slice(0, Math.floor(l.length / 2)) + (l[Math.floor(l.length / 2)] === 'x' ? 'y' : 'x') + l.slice(Math.floor(l.length / 2) + 1) : 'x');

/** Bad answers for one case: none of them may change the document into anything but the expected text. */
export function adversarialAnswers(s: CaseState): Adversarial[] {
  const good = correctAnswer(s);
  const body = good.split('\n').slice(1);
  const header = good.split('\n')[0];
  const out: Adversarial[] = [];
  const anchorIdx = body.findIndex((l) => l.startsWith('-') || l.startsWith(' '));
  if (anchorIdx >= 0) {
    const b = [...body];
    b[anchorIdx] = b[anchorIdx][0] + mutateChar(b[anchorIdx].slice(1));
    out.push({ kind: 'anchor with a typo', answer: [header, ...b].join('\n') });
    out.push({ kind: 'anchor lines trimmed', answer: [header, ...body.map((l) => (l.startsWith('+') ? l : l[0] + l.slice(1).trim() + ' '))].join('\n') });
    out.push({ kind: 'line numbers quoted', answer: [header, ...body.map((l, i) => (l.startsWith('+') ? l : `${l[0]}${s.next.start + i + 1}| ${l.slice(1)}`))].join('\n') });
  }
  out.push({ kind: 'truncated mid-line', answer: good.slice(0, Math.max(header.length + 2, good.length - 3)), truncated: true });
  out.push({ kind: 'user kept typing there', answer: good, changedSince: [[s.next.start, s.next.start + Math.max(0, s.next.oldLines.length - 1)]] });
  // The text as it was before the user's last edit: stale quotes. (When the same lines still stand elsewhere
  // in the file, quoting them is not stale but an ordinary edit of current text: not generated.)
  if (s.last.oldLines.length && s.last.oldLines.join('\n') !== s.last.newLines.join('\n') && countMatches(s.lines, s.last.oldLines) === 0) {
    out.push({ kind: 'quotes text from before the last edit', answer: ['@@ ' + (s.last.start + 1), ...s.last.oldLines.map((l) => `-${l}`), ...s.last.oldLines.map((l) => `+${l} // changed`)].join('\n') });
  }
  if (s.last.newLines.length && s.last.oldLines.length) {
    out.push({ kind: 'undoes the last edit', answer: ['@@ ' + (s.last.start + 1), ...s.last.newLines.map((l) => `-${l}`), ...s.last.oldLines.map((l) => `+${l}`)].join('\n') });
  }
  out.push({ kind: 'writes a redaction placeholder', answer: [header, ...body.filter((l) => !l.startsWith('+')), '+const key = "<redacted:aws-access-key>";'].join('\n') });
  out.push({ kind: 'repeats what is there', answer: [header, ...body.filter((l) => !l.startsWith('+')).map((l) => ` ${l.slice(1)}`)].join('\n') });
  out.push({ kind: 'ambiguous anchor, no line', answer: '@@\n-}\n+} // end' });
  out.push({ kind: 'ambiguous anchor, far line', answer: `@@ ${s.lines.length + 50}\n-\n+// inserted` });
  out.push({ kind: 'unprefixed lines', answer: [header, ...body.map((l) => l.slice(1))].join('\n') });
  out.push({ kind: 'prose and "- " bullets', answer: `Sure! The next edit:\n\n@@ ${s.next.start + 1}\n${body.map((l) => `${l[0]} ${l.slice(1)}`).join('\n')}` });
  out.push({ kind: 'free text', answer: 'I think you should rename the other uses as well.' });
  out.push({ kind: 'JSON instead of a diff', answer: JSON.stringify({ line: s.next.start + 1, replace: s.next.newLines.join('\n') }) });
  out.push({ kind: 'header without a number', answer: `@@ line ${s.next.start + 1} @@\n${body.join('\n')}\n@@ x\n-a` });
  return out;
}
