// `npm run -s complete:offline`: shapes raw model answers exactly as the extension does, for any corpus.
// Reads JSONL cases on stdin ({id, language, prefix, suffix, multiline, raw}, optional `prefilled`) and
// writes one line per case to stdout: {"id", "insertText", "replaceSuffixChars"} ("" when dropped).
// Nothing else goes to stdout; malformed lines are reported on stderr and answered with "".
// The parse gate is the extension's, with the grammars of the `@vscode/tree-sitter-wasm` devDependency; each
// case waits for its language's grammar before it is shaped (a batch has no typing to keep responsive), and
// the gate's time guard is off so that a score does not depend on the machine's load (in the editor a parse
// past the guard leaves the rules' answer, as here without the gate).

import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { buildDocumentContext, linesOf } from '../../../src/completion/context';
import { postProcess } from '../../../src/completion/postprocess';
import { GrammarLoader } from '../../../src/completion/parse/loader';
import { syntaxCheck, type SyntaxCheck } from '../../../src/completion/parse/syntaxCheck';

export interface OfflineCase {
  id: string;
  language: string;
  prefix: string;
  suffix: string;
  multiline: boolean;
  raw: string;
  /** The assistant prefill the request would have carried ('' for models without prefill). */
  prefilled?: string;
}

export interface OfflineResult {
  id: string;
  insertText: string;
  replaceSuffixChars: number;
}

/** The grammars of the devDependency (the same package VS Code ships). */
export const GRAMMAR_DIR = path.dirname(require.resolve('@vscode/tree-sitter-wasm'));

/** The document split at the cursor, seen through the same context builder and shaper as in the editor. */
export function completeOffline(c: OfflineCase, syntax?: SyntaxCheck): OfflineResult {
  const text = c.prefix + c.suffix;
  // Line and column of the cursor in the document as the adapter sees it (CRLF counts as one break).
  const before = c.prefix.split(/\r?\n/);
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const budget = { prefixChars: text.length + 1, suffixChars: text.length + 1 };
  const ctx = buildDocumentContext(linesOf(text), position, budget);
  const got = postProcess({ raw: c.raw, ctx, multiline: c.multiline, prefilled: c.prefilled ?? '', languageId: c.language, syntax });
  return { id: c.id, insertText: got?.insertText ?? '', replaceSuffixChars: got?.replaceSuffixChars ?? 0 };
}

/** The loader as the extension builds it, over `dir` (`HAIKU_NO_PARSER=1` runs the rules alone, to compare). */
export function offlineLoader(dir = GRAMMAR_DIR): GrammarLoader {
  return new GrammarLoader({ dir, log: (m) => process.env.HAIKU_PARSER_LOG && process.stderr.write(m + '\n') });
}

/**
 * Shapes each JSONL case of `lines` and writes its answer line. `parser: false` runs the rules alone (the
 * benchmark compares); otherwise each case waits for its language's grammar before it is shaped.
 */
export async function completeLines(lines: AsyncIterable<string> | Iterable<string>, write: (line: string) => void, opts: { parser?: boolean; grammarDir?: string } = {}): Promise<void> {
  const loader = opts.parser === false ? undefined : offlineLoader(opts.grammarDir);
  const trace = process.env.HAIKU_PARSER_LOG ? (languageId: string, action: string) => process.stderr.write(`gate ${languageId} ${action}\n`) : undefined;
  const syntax = loader && syntaxCheck(loader, { onOutcome: trace, budgetMs: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let c: OfflineCase;
      try {
        c = JSON.parse(line) as OfflineCase;
      } catch {
        process.stderr.write(`line ${n}: not JSON\n`);
        continue;
      }
      let out: OfflineResult;
      try {
        await loader?.whenReady(String(c.language ?? ''));
        out = completeOffline({ ...c, language: String(c.language ?? ''), prefix: String(c.prefix ?? ''), suffix: String(c.suffix ?? ''), raw: String(c.raw ?? ''), multiline: !!c.multiline }, syntax);
      } catch (e) {
        process.stderr.write(`line ${n} (${c.id}): ${e instanceof Error ? e.message : String(e)}\n`);
        out = { id: c.id, insertText: '', replaceSuffixChars: 0 };
      }
      write(JSON.stringify(out) + '\n');
    }
  } finally {
    loader?.dispose();
  }
}

if (require.main === module) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  void completeLines(rl, (l) => process.stdout.write(l), { parser: !process.env.HAIKU_NO_PARSER });
}
