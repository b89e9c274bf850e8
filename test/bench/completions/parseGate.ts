// The parse gate's figures for `npm run bench:peer`: a grammar's first load in a fresh process (off the typing
// path, but it decides when the gate starts to apply), and what the gate changes on every scored set: cases
// changed, fixed (missed by the rules alone, right with the gate) and broken (the reverse).

import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { percentile, table } from './util';
import { CORPUS, caseCorrectWith, runCase, type CorpusCase } from './corpus';
import { HELD_OUT } from './heldout';
import { loadPeerCorpus, passes, runOffline, type PeerCase } from './peer';
import { RAW_SETS, loadRawSet } from './rawSets';
import { GRAMMAR_DIR, offlineLoader } from './offline';
import { grammarFile } from '../../../src/completion/parse/grammars';
import { syntaxCheck, type SyntaxCheck } from '../../../src/completion/parse/syntaxCheck';
import type { LoadRecord } from '../../../src/completion/parse/loader';
import { mutationRows } from './parseGateMutations';

const ROOT = path.resolve(__dirname, '../../..');
const LANGUAGES = ['typescript', 'javascript', 'python', 'java', 'go', 'rust', 'csharp', 'cpp', 'typescriptreact', 'php', 'ruby', 'shellscript', 'css', 'powershell'];

/**
 * The Node that runs the load children: `HAIKU_BENCH_NODE` names another binary (the extension host's Node:
 * Node 20's V8 stalls for seconds after the first parse of some grammars, PowerShell's and Bash's, which
 * Node 24's does not).
 */
const NODE = process.env.HAIKU_BENCH_NODE || process.execPath;

export function loadNodeVersion(): string {
  return spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/** Each grammar loaded `reps` times, each time in a fresh process: the runtime's start plus the grammar. */
export function grammarLoadRows(reps: number, languages = LANGUAGES): (string | number)[][] {
  return languages.map((language) => {
    const loads: LoadRecord[] = [];
    for (let i = 0; i < reps; i++) {
      const r = spawnSync(NODE, ['--import', 'tsx', path.join(__dirname, 'parserLoadChild.ts'), language], { cwd: ROOT, encoding: 'utf8' });
      const got = JSON.parse(r.stdout.trim() || '[]') as LoadRecord[];
      if (got[0]?.ok) loads.push(got[0]);
    }
    const file = grammarFile(language)!;
    const kb = Math.round(statSync(path.join(GRAMMAR_DIR, file)).size / 1024);
    if (!loads.length) return [language, file, kb, 'failed', '-', '-'];
    const ms = loads.map((l) => l.ms);
    return [language, file, kb, percentile(ms, 50).toFixed(0), Math.max(...ms).toFixed(0), percentile(loads.map((l) => l.warmUpMs ?? 0), 50).toFixed(0)];
  });
}

interface Effect {
  set: string;
  total: number;
  rules: number;
  gate: number;
  changed: number;
  fixed: string[];
  broken: string[];
}

function effectOf(set: string, ids: string[], same: (id: string) => boolean, okRules: (id: string) => boolean, okGate: (id: string) => boolean): Effect {
  const changed = ids.filter((id) => !same(id));
  return {
    set, total: ids.length, rules: ids.filter(okRules).length, gate: ids.filter(okGate).length, changed: changed.length,
    fixed: changed.filter((id) => okGate(id) && !okRules(id)), broken: changed.filter((id) => okRules(id) && !okGate(id)),
  };
}

/** A JSONL set through the offline entry point, with the rules alone and with the gate. */
function jsonlEffect(set: string, cases: PeerCase[]): Effect {
  const input = cases.map(({ id, language, prefix, suffix, multiline, raw }) => ({ id, language, prefix, suffix, multiline, raw }));
  const rules = runOffline(input, { parser: false });
  const gate = runOffline(input);
  const byId = new Map(cases.map((c) => [c.id, c]));
  return effectOf(set, cases.map((c) => c.id), (id) => JSON.stringify(rules.get(id)) === JSON.stringify(gate.get(id)), (id) => passes(byId.get(id)!, rules.get(id)), (id) => passes(byId.get(id)!, gate.get(id)));
}

function corpusEffect(set: string, cases: CorpusCase[], syntax: SyntaxCheck): Effect {
  const byName = new Map(cases.map((c) => [c.name, c]));
  const same = (n: string) => JSON.stringify(runCase(byName.get(n)!).got) === JSON.stringify(runCase(byName.get(n)!, syntax).got);
  return effectOf(set, cases.map((c) => c.name), same, (n) => caseCorrectWith(byName.get(n)!), (n) => caseCorrectWith(byName.get(n)!, syntax));
}

/** What the gate changes on every set scored here; the own corpora run in process with the grammars loaded first. */
export async function gateEffects(): Promise<{ rows: (string | number)[][]; effects: Effect[] }> {
  const loader = offlineLoader();
  try {
    for (const c of [...CORPUS, ...HELD_OUT]) await loader.whenReady(c.language);
    const syntax = syntaxCheck(loader);
    const effects = [
      jsonlEffect('peer corpus', loadPeerCorpus()),
      ...RAW_SETS.map((s) => jsonlEffect(s.file, loadRawSet(s.file))),
      corpusEffect('own corpus (corpus.ts)', CORPUS, syntax),
      corpusEffect('first held-out set (heldout.ts)', HELD_OUT, syntax),
    ];
    const rows = effects.map((e) => [e.set, e.total, `${e.rules}/${e.total}`, `${e.gate}/${e.total}`, e.changed, e.fixed.length, e.broken.length]);
    return { rows, effects };
  } finally {
    loader.dispose();
  }
}

/** Prints the load times and the effect table; returns the gate (with the time guard, as in the editor) for the cost rows. */
export async function reportParseGate(say: (s?: string) => void, quick: boolean): Promise<SyntaxCheck & { dispose(): void; actions: Map<string, number> }> {
  say(`Parse gate: a grammar's first load in a fresh process (runtime start + grammar), from the @vscode/tree-sitter-wasm package VS Code ships; Node ${loadNodeVersion()}.`);
  say('');
  say(table(['language', 'grammar', 'KB', 'first load p50 ms', 'max ms', 'then warm-up p50 ms'], grammarLoadRows(quick ? 3 : 5, quick ? LANGUAGES.slice(0, 6) : LANGUAGES)));
  say('');
  const { rows, effects } = await gateEffects();
  say(table(['set', 'cases', 'exact, rules alone', 'exact, rules + gate', 'changed by the gate', 'fixed', 'broken'], rows));
  for (const e of effects) for (const [kind, ids] of [['fixed', e.fixed], ['broken', e.broken]] as const) if (ids.length) say(`  ${e.set} ${kind}: ${ids.join(', ')}`);
  say('');
  say('The sets\' own multi-line right answers (languages with a grammar) fed back as raw answers, as written and with one line broken:');
  say('');
  say(table(['answers', 'cases', 'broken line shown, rules alone', 'rules + gate', 'gate'], mutationRows()));
  const loader = offlineLoader();
  await loader.whenReady('typescript');
  const actions = new Map<string, number>();
  const check = syntaxCheck(loader, { onOutcome: (_l, a) => actions.set(a, (actions.get(a) ?? 0) + 1) });
  return Object.assign(check, { dispose: () => loader.dispose(), actions });
}
