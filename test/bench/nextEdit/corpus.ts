// Real edit sequences from git history: for each commit and TypeScript file, the hunks of `git diff -U0`
// applied top to bottom, as if typed in that order. Each pair "the hunks so far → the next hunk" is a case
// where the next edit is known.

import { execFileSync } from 'node:child_process';
import type { TextChange } from '../../../src/nextEdit/types';

export interface Hunk {
  /** 0-based first old line in the document the hunk applies to (for an insertion: the line it goes before). */
  start: number;
  oldLines: string[];
  newLines: string[];
}

export interface FileHistory {
  commit: string;
  path: string;
  /** The file before the commit. */
  text: string;
  /** Hunks in the coordinates of the document with all earlier hunks applied. */
  hunks: Hunk[];
}

export interface EditCase {
  file: FileHistory;
  /** Index of the next hunk in file.hunks; the ones before it are the recent edits. */
  k: number;
}

const git = (repo: string, args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

function parseHunks(diff: string, oldText: string): Hunk[] {
  const hunks: Hunk[] = [];
  const lines = diff.split('\n');
  let cur: Hunk | undefined;
  let shift = 0;
  for (const l of lines) {
    const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(l);
    if (m) {
      if (cur) {
        shift += cur.newLines.length - cur.oldLines.length;
        hunks.push(cur);
      }
      const a = Number(m[1]);
      const b = m[2] === undefined ? 1 : Number(m[2]);
      // -a,0 means "after line a"; otherwise line a is the first removed line (1-based).
      cur = { start: (b === 0 ? a : a - 1) + shift, oldLines: [], newLines: [] };
      continue;
    }
    if (!cur) continue;
    if (l.startsWith('-') && !l.startsWith('---')) cur.oldLines.push(l.slice(1));
    else if (l.startsWith('+') && !l.startsWith('+++')) cur.newLines.push(l.slice(1));
  }
  if (cur) hunks.push(cur);
  void oldText;
  return hunks;
}

/** Every commit's TypeScript files with at least two hunks (at most `maxFiles`). */
export function mineHistory(repo: string, maxFiles = 400): FileHistory[] {
  const commits = git(repo, ['log', '--no-merges', '--format=%H %P']).trim().split('\n');
  const out: FileHistory[] = [];
  for (const row of commits) {
    const [commit, parent] = row.split(' ');
    if (!parent) continue;
    const files = git(repo, ['diff', '--name-only', '--diff-filter=M', parent, commit, '--', '*.ts']).trim().split('\n').filter(Boolean);
    for (const path of files) {
      const diff = git(repo, ['diff', '-U0', '--no-color', '--no-ext-diff', parent, commit, '--', path]);
      if (diff.includes('No newline at end of file')) continue;
      const text = git(repo, ['show', `${parent}:${path}`]);
      const hunks = parseHunks(diff, text);
      if (hunks.length >= 2) out.push({ commit: commit.slice(0, 8), path, text, hunks });
      if (out.length >= maxFiles) return out;
    }
  }
  return out;
}

export function linesOf(text: string): string[] {
  return text.split('\n');
}

/** Applies a hunk to lines (in place) and returns the change the editor would report for it. */
export function applyHunk(lines: string[], h: Hunk): TextChange {
  let change: TextChange;
  const s = h.start;
  if (h.oldLines.length === 0) {
    // Insertion before line s (or at the end).
    change = s < lines.length
      ? { start: { line: s, character: 0 }, end: { line: s, character: 0 }, text: h.newLines.join('\n') + '\n' }
      : { start: { line: lines.length - 1, character: lines[lines.length - 1].length }, end: { line: lines.length - 1, character: lines[lines.length - 1].length }, text: '\n' + h.newLines.join('\n') };
  } else if (h.newLines.length === 0) {
    const e = s + h.oldLines.length;
    change = e < lines.length
      ? { start: { line: s, character: 0 }, end: { line: e, character: 0 }, text: '' }
      : { start: { line: s - 1, character: lines[s - 1].length }, end: { line: e - 1, character: lines[e - 1].length }, text: '' };
  } else {
    const e = s + h.oldLines.length - 1;
    change = { start: { line: s, character: 0 }, end: { line: e, character: lines[e].length }, text: h.newLines.join('\n') };
  }
  lines.splice(s, h.oldLines.length, ...h.newLines);
  return change;
}

/** Small hunks close to the one before: the kind of next edit the feature is for. */
export function isNearbySmall(f: FileHistory, k: number, maxLines = 8, maxDistance = 80): boolean {
  const h = f.hunks[k];
  const prev = f.hunks[k - 1];
  return h.oldLines.length <= maxLines && h.newLines.length <= maxLines && Math.abs(h.start - prev.start) <= maxDistance;
}

/** Cases: every hunk after the first, with up to 3 hunks before it as the recent edits. */
export function casesOf(files: FileHistory[]): EditCase[] {
  const out: EditCase[] = [];
  for (const f of files) for (let k = 1; k < f.hunks.length; k++) out.push({ file: f, k });
  return out;
}
