// `npm run bench:peer`: scores the shaper on cases nobody here wrote, the completion post-processing tests of
// four other extensions (../shared/peer-completions, read in place, never copied), through the offline
// entry point (`npm run -s complete:offline`). Prints % exact overall, per peer, per category, and apart
// the cases whose multi-line request comes only from the peer, then the own and raw-answer sets. `--misses`
// lists every miss; `--write` puts the raw-answer sets' table in RESULTS.md.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pct, table } from './util';
import { CORPUS, caseCorrect } from './corpus';
import { HELD_OUT } from './heldout';
import { measureShapingCost } from './shapingCost';
import { reportRawSets } from './rawSets';
import { reportParseGate } from './parseGate';

const ROOT = path.resolve(__dirname, '../../..');
const PEER_FILE = process.env.PEER_CORPUS ?? path.resolve(ROOT, '../../shared/peer-completions/peer-corpus.jsonl');
const FALLBACK = '/work/shared/peer-completions/peer-corpus.jsonl';

export interface PeerCase {
  id: string;
  category: string;
  language: string;
  prefix: string;
  suffix: string;
  multiline: boolean;
  raw: string;
  expected: string;
  accept?: string[];
  note: string;
}

interface Out {
  id: string;
  insertText: string;
  replaceSuffixChars: number;
}

export function loadPeerCorpus(file = existsSync(PEER_FILE) ? PEER_FILE : FALLBACK): PeerCase[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as PeerCase);
}

/**
 * Runs cases through the offline entry point in a child process, as any outside corpus would be (with the
 * parse gate, as in the extension; `parser: false` for the rules alone).
 */
export function runOffline(cases: { id: string }[], opts: { parser?: boolean } = {}): Map<string, Out> {
  const input = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
  const env = { ...process.env, HAIKU_NO_PARSER: opts.parser === false ? '1' : '' };
  const r = spawnSync('npm', ['run', '-s', 'complete:offline'], { cwd: ROOT, input, encoding: 'utf8', maxBuffer: 64 << 20, env });
  if (r.status !== 0) throw new Error(`complete:offline failed: ${r.stderr}`);
  const outs = new Map<string, Out>();
  for (const line of r.stdout.split('\n')) if (line.trim()) outs.set((JSON.parse(line) as Out).id, JSON.parse(line) as Out);
  return outs;
}

/** The peer's rule: the file we produce equals the file the peer's test expects. */
export function passes(c: PeerCase, o: Out | undefined): boolean {
  const got = c.prefix + (o?.insertText ?? '') + c.suffix.slice(o?.replaceSuffixChars ?? 0);
  return [c.expected, ...(c.accept ?? [])].some((e) => got === c.prefix + e + c.suffix);
}

const peerOf = (c: PeerCase) => c.id.split('-')[0];
const peerOnlyMultiline = (c: PeerCase) => c.note.includes('our trigger rule would ask for one line');

function groupRows(cases: PeerCase[], ok: Set<string>, key: (c: PeerCase) => string): (string | number)[][] {
  const groups = new Map<string, PeerCase[]>();
  for (const c of cases) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, cs]) => {
    const n = cs.filter((c) => ok.has(c.id)).length;
    return [k, `${n}/${cs.length}`, pct(n / cs.length)];
  });
}

export function scorePeers(say: (s?: string) => void = console.log, listMisses = false): { ok: number; total: number } {
  const cases = loadPeerCorpus();
  const outs = runOffline(cases.map(({ id, language, prefix, suffix, multiline, raw }) => ({ id, language, prefix, suffix, multiline, raw })));
  const ok = new Set(cases.filter((c) => passes(c, outs.get(c.id))).map((c) => c.id));
  say(`Peer corpus: ${ok.size}/${cases.length} exact = ${pct(ok.size / cases.length)}`);
  say('');
  say(table(['peer', 'exact', '%'], groupRows(cases, ok, peerOf)));
  say('');
  say(table(['category', 'exact', '%'], groupRows(cases, ok, (c) => c.category)));
  say('');
  const only = cases.filter(peerOnlyMultiline);
  const rest = cases.filter((c) => !peerOnlyMultiline(c));
  // The same cases asked as our engine asks there (one line): what dynamic multi-line recovers of them.
  const asOneLine = runOffline(only.map(({ id, language, prefix, suffix, raw }) => ({ id, language, prefix, suffix, multiline: false, raw })));
  const oneLineOk = only.filter((c) => passes(c, asOneLine.get(c.id))).length;
  say(table(['subset', 'exact', '%'], [
    ['multi-line only because the peer would', `${only.filter((c) => ok.has(c.id)).length}/${only.length}`, pct(only.filter((c) => ok.has(c.id)).length / only.length)],
    ['  the same, asked as one line as our engine does (dynamic multi-line)', `${oneLineOk}/${only.length}`, pct(oneLineOk / only.length)],
    ['requests our engine would send', `${rest.filter((c) => ok.has(c.id)).length}/${rest.length}`, pct(rest.filter((c) => ok.has(c.id)).length / rest.length)],
  ]));
  if (listMisses) {
    say('');
    for (const c of cases.filter((x) => !ok.has(x.id))) {
      say(`miss ${c.id}\n  want ${JSON.stringify(c.expected)}\n  got  ${JSON.stringify(outs.get(c.id)?.insertText)} (replace ${outs.get(c.id)?.replaceSuffixChars})`);
    }
  }
  return { ok: ok.size, total: cases.length };
}

async function main(): Promise<void> {
  scorePeers(console.log, process.argv.includes('--misses'));
  const own = CORPUS.filter(caseCorrect).length;
  const held = HELD_OUT.filter(caseCorrect).length;
  console.log('');
  console.log(table(['own sets', 'exact', '%'], [
    ['own corpus (corpus.ts, written with the rules)', `${own}/${CORPUS.length}`, pct(own / CORPUS.length)],
    ['first held-out set (heldout.ts)', `${held}/${HELD_OUT.length}`, pct(held / HELD_OUT.length)],
  ]));
  console.log('');
  // The raw-answer sets go through the offline entry point, like the peer corpus.
  reportRawSets(console.log, { listMisses: process.argv.includes('--misses'), write: process.argv.includes('--write') });
  console.log('');
  const quick = process.argv.includes('--quick');
  const syntax = await reportParseGate(console.log, quick);
  console.log('');
  console.log('Shaping cost per completion (ms): early-stop checks on every 12-char chunk + the final postProcess; 1500-token context. Rows "+ parse gate": the same positions with the gate (TypeScript grammar loaded).');
  console.log('');
  const source = ['src/completion/engine.ts', 'src/completion/postprocess.ts', 'src/privacy/redact.ts', 'src/bedrock/client.ts'].map((f) => readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
  const rows = measureShapingCost(source, quick ? 150 : 500, syntax);
  syntax.dispose();
  console.log(table(['positions', 'completions', 'chunks', 'p50', 'p99', 'max', 'final postProcess p50', 'final p99', 'CPU p50', 'CPU p99', 'single-run p99'], rows.map((r) => [r.file, r.completions, r.chunks, r.p50, r.p99, r.max, r.finalP50, r.finalP99, r.cpuP50, r.cpuP99, r.firstP99])));
  console.log('');
  console.log(`Parse gate outcomes over those runs: ${[...syntax.actions].map(([a, n]) => `${a} ${n}`).join(', ')} (overBudget: the parses passed the gate's time guard; the rules' answer stood).`);
  console.log('');
  console.log(`Wall times are the fastest of 3 runs per completion; "single-run p99" is the first run alone, which on a shared machine (load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores) mostly measures the other jobs.`);
}

if (require.main === module) void main();
