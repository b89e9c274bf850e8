// Context recall: on real files, hide the next lines at many cursor positions (as if the person were about
// to write them), build the prompt as the engine does, and count how many of the hidden lines' identifiers
// the prompt contains. The baseline is a plain prefix window with exactly as many characters as our
// whole user message (framing included), so both sides spend the same tokens.
// Open files for the snippet search: the file's neighbours in its folder and the files it imports.

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { CompletionEngine } from '../../../src/completion/engine';
import { CompletionState } from '../../../src/completion/state';
import { buildPrompt } from '../../../src/completion/prompt';
import { identifiers, type SnippetSource } from '../../../src/completion/snippets';
import { linesOf } from '../../../src/completion/context';
import type { CompletionDocument } from '../../../src/completion/types';
import { median } from './util';

export interface RecallRow {
  set: string;
  files: number;
  samples: number;
  recall: number;
  baseline: number;
  /** Median tokens of our user message and of the baseline window (equal by construction). */
  tokens: number;
  baselineTokens: number;
  withSnippets: number;
}

const HIDDEN_LINES = 5;
const SAMPLES_PER_FILE = 12;

function languageOf(file: string): string {
  return /\.tsx?$/.test(file) ? 'typescript' : 'javascript';
}

function neighbours(file: string, root: string): string[] {
  const dir = path.dirname(file);
  const text = readFileSync(file, 'utf8');
  const out = new Set<string>();
  const re = /(?:from\s+|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    for (const ext of ['', '.ts', '.js', '/index.ts', '/index.js']) {
      const p = path.resolve(dir, m[1] + ext);
      if (existsSync(p) && statSync(p).isFile()) {
        out.add(p);
        break;
      }
    }
  }
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (p !== file && /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && statSync(p).isFile() && out.size < 6) out.add(p);
  }
  out.delete(file);
  void root;
  return [...out].slice(0, 6);
}

/**
 * `fullBudgetOnly`: keep only positions with enough code before the cursor for the baseline to fill the
 * same number of characters as our prompt (deep in long files); elsewhere the baseline is cut by the top
 * of the file and spends fewer tokens.
 */
export function measureRecall(set: string, files: string[], root: string, fullBudgetOnly = false, maxContextTokens = 1500): RecallRow {
  const ours: number[] = [];
  const base: number[] = [];
  const tokens: number[] = [];
  const baseTokens: number[] = [];
  let withSnippets = 0;
  let samples = 0;
  let usedFiles = 0;
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    if (lines.length < 60) continue;
    usedFiles++;
    const others: SnippetSource[] = neighbours(file, root).map((p, i) => {
      const l = linesOf(readFileSync(p, 'utf8'));
      return { uri: 'file://' + p, relativePath: path.relative(root, p), languageId: languageOf(p), version: 1, lines: l, lastActive: i };
    });
    const engine = new CompletionEngine({
      streamer: { stream: () => Promise.reject(new Error('not used')) },
      state: new CompletionState(),
      settings: () => ({ debounceMs: 0, maxContextTokens }),
      model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }),
      isExcluded: () => ({ excluded: false }),
      otherDocuments: () => others,
      indexBudgetMs: Number.POSITIVE_INFINITY,
    });
    const step = Math.max(1, Math.floor((lines.length - 40) / SAMPLES_PER_FILE));
    for (let i = 20; i < lines.length - 10 && i < 20 + step * SAMPLES_PER_FILE; i += step) {
      const hiddenLines = lines.slice(i, i + HIDDEN_LINES);
      const indent = /^[ \t]*/.exec(lines[i])![0];
      const hidden = hiddenLines.join('\n').slice(indent.length);
      const want = identifiers(hidden);
      if (want.size === 0) continue;
      const docLines = [...lines.slice(0, i), indent, ...lines.slice(i + HIDDEN_LINES)];
      const document: CompletionDocument = {
        uri: 'file://' + file, relativePath: path.relative(root, file), languageId: languageOf(file), version: i, eol: '\n',
        lineCount: docLines.length, lineAt: (k) => docLines[k] ?? '',
      };
      const { ctx, snippets } = engine.buildContext({ document, position: { line: i, character: indent.length }, offset: 0, trigger: 'automatic' });
      const prompt = buildPrompt({ ctx, prefix: ctx.prefix, suffix: ctx.suffix, snippets, relativePath: document.relativePath, languageId: document.languageId, multiline: false, acceptsPrefill: true });
      const sent = prompt.request.messages[0].text;
      const beforeCursor = docLines.slice(0, i).join('\n') + '\n' + indent;
      if (fullBudgetOnly && beforeCursor.length < sent.length) continue;
      const baseline = beforeCursor.slice(-sent.length);
      const got = identifiers(sent);
      const gotBase = identifiers(baseline);
      const share = (s: Set<string>) => [...want].filter((x) => s.has(x)).length / want.size;
      ours.push(share(got));
      base.push(share(gotBase));
      tokens.push(Math.ceil(sent.length / 3.5));
      baseTokens.push(Math.ceil(baseline.length / 3.5));
      if (snippets.length) withSnippets++;
      samples++;
    }
  }
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
  return { set, files: usedFiles, samples, recall: mean(ours), baseline: mean(base), tokens: median(tokens), baselineTokens: median(baseTokens), withSnippets: withSnippets / Math.max(1, samples) };
}

export function listFiles(dir: string, pattern: RegExp, exclude: RegExp = /$^/): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (pattern.test(p) && !exclude.test(p)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
