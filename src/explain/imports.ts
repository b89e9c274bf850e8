// The file's imports, found without a parser (per-language statement shapes), and the ones worth sending
// beside an excerpt within a token budget: those the excerpt uses first.

import { MAX_LINE_CHARS, type CodeExcerpt } from './codeWindow';
import { clip, estimateTokens } from './tokens';

export interface ImportStatement {
  line: number;
  text: string;
}

interface ImportSyntax {
  start: RegExp;
  /** True when the statement that began on an earlier line is complete after `text`. */
  done?: (text: string) => boolean;
}

const balanced = (open: string, close: string) => (t: string) => t.split(open).length - t.split(close).length <= 0;
const JS_IMPORTS: ImportSyntax = {
  start: /^\s*(?:import\b(?!\s*\()|export\s+(?:\*|\{[^}]*\}?|type\s+\{)[^;]*?(?:from\b|$)|(?:const|let|var)\s+[^=]+=\s*require\s*\()/,
  done: (t) => balanced('{', '}')(t) && (/\bfrom\s*['"]|^\s*import\s*['"]|require\s*\(|;\s*$/.test(t) || !/^\s*(?:import|export)\b/.test(t)),
};
const SYNTAX: Record<string, ImportSyntax> = {
  javascript: JS_IMPORTS,
  typescript: JS_IMPORTS,
  javascriptreact: JS_IMPORTS,
  typescriptreact: JS_IMPORTS,
  vue: JS_IMPORTS,
  svelte: JS_IMPORTS,
  astro: JS_IMPORTS,
  python: { start: /^(?:from\s+\S+\s+import\b|import\s+\w)/, done: balanced('(', ')') },
  go: { start: /^import\b/, done: (t) => !/^import\s*\($/m.test(t) || /^\)/m.test(t) },
  rust: { start: /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:use\s|extern\s+crate\b)/, done: (t) => /;\s*$/.test(t) },
  java: { start: /^import\s/ },
  kotlin: { start: /^import\s/ },
  scala: { start: /^import\s/ },
  groovy: { start: /^import\s/ },
  swift: { start: /^(?:@testable\s+)?import\s/ },
  dart: { start: /^(?:import|export|part)\s/ },
  csharp: { start: /^\s*(?:global\s+)?using\s+(?:static\s+)?[\w.]+(?:\s*=\s*[\w.<>]+)?\s*;/ },
  c: { start: /^\s*#\s*(?:include|import)\b/ },
  cpp: { start: /^\s*(?:#\s*(?:include|import)\b|import\s+[\w.<"]|using\s+namespace\s)/ },
  'objective-c': { start: /^\s*[#@]\s*(?:include|import)\b/ },
  'objective-cpp': { start: /^\s*[#@]\s*(?:include|import)\b/ },
  php: { start: /^\s*(?:use\s+[\w\\]|(?:require|include)(?:_once)?\b)/ },
  ruby: { start: /^\s*(?:require(?:_relative)?|load)\b/ },
  lua: { start: /^\s*(?:local\s+\w+\s*=\s*)?require\b/ },
  r: { start: /^\s*(?:library|require)\s*\(/ },
  elixir: { start: /^\s*(?:alias|import|require|use)\s+[A-Z]/ },
  haskell: { start: /^import\s/ },
  perl: { start: /^\s*(?:use|require)\s+[\w:]+/ },
  shellscript: { start: /^\s*(?:source|\.)\s+\S/ },
};
const GENERIC: ImportSyntax = { start: /^\s*(?:import\s|from\s+\S+\s+import\b|#\s*include\b|using\s+[\w.]+\s*;|use\s+[\w:\\]+|require\s*[\s(])/ };

/** How far down the file we look: imports live at the top, and a whole-file scan of a huge file is waste. */
export const IMPORT_SCAN_LINES = 600;

/** The file's import statements (multi-line ones whole), in order. */
export function findImports(lines: string[], languageId: string): ImportStatement[] {
  const syntax = SYNTAX[languageId] ?? GENERIC;
  const found: ImportStatement[] = [];
  const n = Math.min(lines.length, IMPORT_SCAN_LINES);
  for (let i = 0; i < n; i++) {
    if (!syntax.start.test(lines[i])) continue;
    let text = lines[i];
    let j = i;
    while (syntax.done && !syntax.done(text) && j + 1 < n && j - i < 40) {
      j++;
      text += '\n' + lines[j];
    }
    found.push({ line: i, text: text.split('\n').map((l) => clip(l, MAX_LINE_CHARS)).join('\n') });
    i = j;
  }
  return found;
}

export interface ImportSelection {
  statements: ImportStatement[];
  omitted: number;
}

/** Imports that fit `budgetTokens`, skipping those already inside the code excerpt. */
export function selectImports(imports: ImportStatement[], excerpt: CodeExcerpt, budgetTokens: number): ImportSelection {
  const inExcerpt = (line: number) => excerpt.segments.some((s) => line >= s.startLine && line < s.startLine + s.lines.length);
  const candidates = imports.filter((s) => !inExcerpt(s.line));
  const statements: ImportStatement[] = [];
  let budget = budgetTokens;
  for (const s of candidates) {
    const cost = estimateTokens(s.text) + 1;
    if (cost > budget) break;
    statements.push(s);
    budget -= cost;
  }
  return { statements, omitted: candidates.length - statements.length };
}
