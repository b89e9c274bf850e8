// Provider overhead: wall time from entering the engine to the item coming back, minus the model's own
// time, on documents of 1 KB to 10 MB built from this repository's source. The document offers line
// access like VS Code's TextDocument (an array of lines here; VS Code's piece tree is O(log n) per line).
// The model answers at once (its time is measured and subtracted anyway); debounce is 0; four other
// open files of ~40 KB feed the snippet search. Positions move like typing (a character at a time, with
// a jump to another place every 25 requests), so the cache never answers: every call takes the full path.

import { performance } from 'node:perf_hooks';
import { CompletionEngine } from '../../../src/completion/engine';
import { CompletionState } from '../../../src/completion/state';
import type { ModelStreamer, StreamRequest, StreamResult } from '../../../src/bedrock/types';
import type { CompletionDocument } from '../../../src/completion/types';
import type { SnippetSource } from '../../../src/completion/snippets';
import { percentile, rng } from './util';

class InstantModel implements ModelStreamer {
  modelMs = 0;
  async stream(request: StreamRequest): Promise<StreamResult> {
    const t0 = performance.now();
    const text = 'value + 1;</insert>';
    const r: StreamResult = {
      outcome: 'complete', text, usage: { inputTokens: request.messages[0].text.length / 3.5, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 },
      timings: { totalMs: 0 }, cost: { usd: 0, estimate: true, cacheSavingsUsd: 0 }, model: { displayName: 'x', invokeId: 'x', region: 'us-east-1' }, latencyOptimized: false,
    };
    this.modelMs += performance.now() - t0;
    return r;
  }
}

export interface OverheadRow {
  size: string;
  bytes: number;
  lines: number;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU time of the process per call (user + system): what the call cost, without time spent descheduled. */
  cpuP50: number;
  cpuP99: number;
}

function docOf(lines: string[], version: { v: number }): CompletionDocument {
  return { uri: 'file:///w/big.ts', relativePath: 'src/big.ts', languageId: 'typescript', version: version.v, eol: '\n', lineCount: lines.length, lineAt: (i) => lines[i] };
}

export async function measureOverhead(corpusText: string, sizes: [string, number][], others: string[], requests = 400): Promise<OverheadRow[]> {
  const rows: OverheadRow[] = [];
  const otherSources: SnippetSource[] = others.map((text, i) => {
    const lines = text.split('\n');
    return { uri: `file:///w/other${i}.ts`, relativePath: `src/other${i}.ts`, languageId: 'typescript', version: 1, lines: { lineCount: lines.length, lineAt: (k) => lines[k] }, lastActive: i };
  });
  for (const [label, bytes] of sizes) {
    let text = '';
    while (text.length < bytes) text += corpusText;
    text = text.slice(0, bytes);
    const lines = text.split('\n');
    const version = { v: 1 };
    const model = new InstantModel();
    const engine = new CompletionEngine({
      streamer: model,
      state: new CompletionState(),
      settings: () => ({ debounceMs: 0, maxContextTokens: 1500 }),
      model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }),
      isExcluded: () => ({ excluded: false }),
      otherDocuments: () => otherSources,
      // The engine's own work only: back-to-back calls would read as a typing rhythm and wait.
      tuning: { adaptiveDebounce: false },
    });
    const rand = rng(bytes);
    const times: number[] = [];
    const cpu: number[] = [];
    let line = Math.floor(rand() * lines.length);
    let col = 0;
    for (let i = 0; i < requests + 20; i++) {
      if (i % 25 === 0) {
        // Jump to a line with some code and type at its end.
        do line = Math.floor(rand() * lines.length);
        while (lines[line].trim().length < 10 || /;\s*$/.test(lines[line]));
        col = lines[line].length;
      }
      // "Type" one character at the cursor: a new version and a new prefix every time.
      lines[line] = lines[line].slice(0, col) + 'x' + lines[line].slice(col);
      col++;
      version.v++;
      const doc = docOf(lines, version);
      model.modelMs = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = await engine.provide({ document: doc, position: { line, character: col }, offset: 0, trigger: 'automatic' }, new AbortController().signal);
      const elapsed = performance.now() - t0 - model.modelMs;
      const c = process.cpuUsage(c0);
      if (i >= 20) cpu.push((c.user + c.system) / 1000 - model.modelMs);
      if (out.item?.source !== 'network' && out.skipped) throw new Error(`overhead bench expected the full path, got ${out.skipped}`);
      if (i >= 20) times.push(elapsed); // the first calls warm up the JIT and index the other files
    }
    rows.push({ size: label, bytes, lines: lines.length, requests: times.length, p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(...times), cpuP50: percentile(cpu, 50), cpuP99: percentile(cpu, 99) });
  }
  return rows;
}
