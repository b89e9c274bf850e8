// The sets of realistic raw Haiku answers (test/bench/completions/heldout*.jsonl), scored through the offline
// entry point like the peer corpus. Each was written blind (without reading the shaper) and scored once; the
// figure of that first scoring is the held-out figure, kept here by hand. Since then each has been tuned on,
// so the figure measured now is labelled as such. `npm run bench:peer -- --write` puts the table in RESULTS.md.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { passes, runOffline, type PeerCase } from './peer';
import { pct, table } from './util';
import { writeResultsSection } from '../resultsFile';

export interface RawSet {
  file: string;
  /** What the set is and how it scored when it was still held out (recorded at the time, not measured now). */
  history: string;
  /** Its notes start with a kind (`indent: …`): scored per kind too. */
  kinds?: boolean;
}

export const RAW_SETS: RawSet[] = [
  { file: 'heldout.jsonl', history: 'held-out when first scored: 64/69; tuned on since' },
  { file: 'heldout2.jsonl', history: "held-out when first scored: 107/120 before that round's fixes, 110/120 after; tuned on since", kinds: true },
  { file: 'heldout3.jsonl', history: 'held-out when first scored: 122/136, scored once; tuned on since', kinds: true },
  { file: 'heldout4.jsonl', history: 'held-out when first scored: 104/112 on 840f2dc; tuned on since', kinds: true },
  { file: 'heldout5.jsonl', history: 'held-out: written blind after this round\'s rules were done (heldout4 tuned on, parse gate in), scored once (129/133) on f3bdeb8; not tuned on', kinds: true },
];

export interface RawScore {
  set: RawSet;
  ok: number;
  total: number;
  /** Exact per kind (the word before the colon of each case's note). */
  kinds: Map<string, { ok: number; total: number }>;
  misses: { id: string; got: string }[];
}

export function loadRawSet(file: string): PeerCase[] {
  return readFileSync(path.join(__dirname, file), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as PeerCase);
}

export function scoreRawSet(set: RawSet): RawScore {
  const cases = loadRawSet(set.file);
  const outs = runOffline(cases.map(({ id, language, prefix, suffix, multiline, raw }) => ({ id, language, prefix, suffix, multiline, raw })));
  const kinds = new Map<string, { ok: number; total: number }>();
  const misses: RawScore['misses'] = [];
  let ok = 0;
  for (const c of cases) {
    const kind = (c.note ?? '').split(':')[0].split(' ')[0] || 'other';
    const k = kinds.get(kind) ?? { ok: 0, total: 0 };
    k.total++;
    if (passes(c, outs.get(c.id))) {
      ok++;
      k.ok++;
    } else misses.push({ id: c.id, got: outs.get(c.id)?.insertText ?? '' });
    kinds.set(kind, k);
  }
  return { set, ok, total: cases.length, kinds, misses };
}

/** Prints each set's figure (and its misses with `listMisses`); with `write`, the table goes to RESULTS.md. */
export function reportRawSets(say: (s?: string) => void, opts: { listMisses?: boolean; write?: boolean } = {}): RawScore[] {
  const scores = RAW_SETS.map(scoreRawSet);
  const rows = scores.map((s) => [s.set.file, s.set.history, `${s.ok}/${s.total}`, pct(s.ok / s.total)]);
  const body = table(['raw-answer set', 'what the figure is', 'now (tuned on)', '%'], rows);
  say(body);
  for (const s of scores) {
    if (s.set.kinds) say(`${s.set.file} by kind: ${[...s.kinds].map(([k, v]) => `${k} ${v.ok}/${v.total}`).join(', ')}`);
    if (opts.listMisses) for (const m of s.misses) say(`  miss ${m.id}: got ${JSON.stringify(m.got)}`);
  }
  if (opts.write) {
    const kinds = scores.filter((s) => s.set.kinds).map((s) => `- \`${s.set.file}\` by kind: ${[...s.kinds].map(([k, v]) => `${k} ${v.ok}/${v.total}`).join(', ')}`);
    const misses = scores.flatMap((s) => s.misses.map((m) => `\`${m.id}\``));
    writeResultsSection('shaping-sets', [
      '#### Raw-answer sets (`npm run bench:peer -- --write`)',
      '',
      body,
      '',
      ...kinds,
      '',
      `Misses now: ${misses.length ? misses.join(', ') : 'none'} (each explained below).`,
    ].join('\n'));
  }
  return scores;
}
