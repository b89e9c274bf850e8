// Shaping cost per completion on a 1 MB file: the stream's early-stop checks (`isCompleteEnough` on every
// chunk) plus the final `postProcess`, at random positions, with the answer the file itself holds there
// (the next lines, as a model that guessed right would stream them). The context comes from the same
// builder and budget share as in the editor (1500 tokens × 3.5 chars), so the file's size only matters
// through it; a minified file (one 1 MB line) is the case where a line is longer than the budget.

import { performance } from 'node:perf_hooks';
import { buildDocumentContext } from '../../../src/completion/context';
import { BUDGET_SHARES } from '../../../src/completion/engine';
import { isCompleteEnough, postProcess } from '../../../src/completion/postprocess';
import { wantsMultiline } from '../../../src/completion/syntax';
import type { SyntaxCheck } from '../../../src/completion/parse/syntaxCheck';
import { percentile, rng } from './util';

export interface CostRow {
  file: string;
  completions: number;
  chunks: number;
  p50: number;
  p99: number;
  max: number;
  finalP50: number;
  finalP99: number;
  /** Wall time of the first run alone, load included. */
  firstP99: number;
  /** CPU time of the process per completion (user + system): what the work cost, without time descheduled. */
  cpuP50: number;
  cpuP99: number;
}

const CHARS = 1500 * 3.5;
const BUDGET = { prefixChars: Math.floor(CHARS * (BUDGET_SHARES.prefix + BUDGET_SHARES.snippets)), suffixChars: Math.floor(CHARS * BUDGET_SHARES.suffix) };

interface MeasureOptions {
  /** Block positions: the end of a line that opens a brace block, asking for its body. */
  blocks?: boolean;
  /** The parse gate, applied by the final postProcess as in the extension (its grammar already loaded). */
  syntax?: SyntaxCheck;
  /** The answer's third line loses its end and gets an unclosed `(` (the gate's cut path: one parse per try). */
  broken?: boolean;
}

function measure(label: string, lines: string[], n: number, seed: number, opts: MeasureOptions = {}): CostRow {
  const { blocks = false, syntax } = opts;
  const doc = { lineCount: lines.length, lineAt: (i: number) => lines[i] ?? '' };
  const rand = rng(seed);
  const totals: number[] = [];
  const finals: number[] = [];
  const cpu: number[] = [];
  const firsts: number[] = [];
  let chunks = 0;
  for (let k = 0; k < n; k++) {
    let line = Math.floor(rand() * lines.length);
    // Block positions: the end of a line that opens a brace block, asking for its body.
    while (blocks && !lines[line].trimEnd().endsWith('{')) line = (line + 1) % lines.length;
    const text = lines[line];
    const character = blocks ? text.length : text.length > 2000 ? Math.floor(rand() * text.length) : Math.min(text.length, Math.floor(rand() * (text.length + 1)));
    // A block body the model writes is not in the file yet: the document skips the lines it answers with
    // (else the shaper rightly stops at the first line the file already has, and measures nothing).
    const gap = blocks ? 11 : 0;
    const seen = gap ? { lineCount: lines.length - gap, lineAt: (i: number) => lines[i <= line ? i : i + gap] ?? '' } : doc;
    const ctx = buildDocumentContext(seen, { line, character }, BUDGET);
    const multiline = blocks || wantsMultiline(ctx);
    // What a model that guessed right would answer: the rest of the line, and the next lines for a block.
    const next = lines.slice(line + 1, line + 12);
    if (opts.broken && next.length > 2) next[2] = next[2].replace(/;?\s*$/, ' (');
    const answer = (text.slice(character, character + 400) + (multiline ? '\n' + next.join('\n') : '')).slice(0, 1200);
    const shape = { ctx, multiline, prefilled: '<insert>', languageId: 'typescript', syntax };
    // Each completion is shaped three times and the fastest run counts: on a shared machine a single run's
    // time is mostly the other jobs. The first run's wall time is kept too (`first`).
    let best = Infinity;
    let bestFinal = Infinity;
    let bestCpu = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      let soFar = '';
      for (let i = 0; i < answer.length; i += 12) {
        soFar = answer.slice(0, i + 12);
        if (rep === 0) chunks++;
        if (isCompleteEnough(soFar, shape)) break;
      }
      const t1 = performance.now();
      postProcess({ raw: soFar + '</insert>', ...shape });
      const t2 = performance.now();
      const c = process.cpuUsage(c0);
      if (rep === 0) firsts.push(t2 - t0);
      best = Math.min(best, t2 - t0);
      bestFinal = Math.min(bestFinal, t2 - t1);
      bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
    }
    totals.push(best);
    finals.push(bestFinal);
    cpu.push(bestCpu);
  }
  return { file: label, completions: n, chunks, p50: percentile(totals, 50), p99: percentile(totals, 99), max: Math.max(...totals), finalP50: percentile(finals, 50), finalP99: percentile(finals, 99), cpuP50: percentile(cpu, 50), cpuP99: percentile(cpu, 99), firstP99: percentile(firsts, 99) };
}

/** `source`: code to repeat up to 1 MB. With `syntax`, the same positions again with the parse gate. */
export function measureShapingCost(source: string, n = 500, syntax?: SyntaxCheck): CostRow[] {
  let text = '';
  while (text.length < 1_000_000) text += source + '\n';
  text = text.slice(0, 1_000_000);
  const lines = text.split('\n');
  // Warm-up: the first calls compile the regular expressions and the code paths (and warm the parser).
  measure('warm-up', lines, 50, 99, { syntax });
  const minified = [text.replace(/\n\s*/g, ' ')];
  const rows = [
    measure('1 MB source file, random positions', lines, n, 1),
    measure('1 MB source file, block bodies (multi-line)', lines, n, 3, { blocks: true }),
    measure('1 MB minified (one line)', minified, Math.min(n, 200), 2),
  ];
  if (!syntax) return rows;
  return [
    ...rows,
    measure('+ parse gate: 1 MB source file, random positions', lines, n, 1, { syntax }),
    measure('+ parse gate: block bodies (multi-line)', lines, n, 3, { blocks: true, syntax }),
    measure('+ parse gate: block bodies, third line broken (cut path)', lines, n, 3, { blocks: true, syntax, broken: true }),
    measure('+ parse gate: 1 MB minified (one line)', minified, Math.min(n, 200), 2, { syntax }),
  ];
}
