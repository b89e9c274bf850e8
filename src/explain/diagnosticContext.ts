// What we tell the model about one diagnostic: the diagnostic itself, where the other locations it points to
// are, the code around it, the file's imports, and the quick fixes other extensions already offer (so the
// answer does not repeat them or contradict them).

import { clip, estimateTokens } from './tokens';
import { excerptAround, formatExcerpt, type CodeExcerpt } from './codeWindow';
import { findImports, selectImports, type ImportSelection } from './imports';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  /** 0-based. */
  line: number;
  character: number;
}

export interface RelatedInformation {
  message: string;
  /** Workspace-relative path (or the file name for files outside the workspace). */
  path: string;
  line: number;
  character: number;
  /** The text of that line; absent when the file could not be read or is excluded. */
  lineText?: string;
  /** The file is excluded from sending: only its path and the message go out. */
  excluded?: boolean;
}

export interface DiagnosticInfo {
  message: string;
  severity: Severity;
  code?: string;
  source?: string;
  range: { start: Position; end: Position };
  related: RelatedInformation[];
}

export interface DiagnosticContextInput {
  path: string;
  languageId: string;
  lines: string[];
  diagnostic: DiagnosticInfo;
  /** Titles of code actions other providers offer for this diagnostic. */
  quickFixes: string[];
  budgetTokens: number;
}

export interface DiagnosticContext {
  path: string;
  languageId: string;
  diagnostic: DiagnosticInfo;
  excerpt: CodeExcerpt;
  imports: ImportSelection;
  related: RelatedInformation[];
  relatedOmitted: number;
  quickFixes: string[];
}

export const MAX_MESSAGE_CHARS = 2000;
export const MAX_RELATED = 8;
export const MAX_RELATED_LINE_CHARS = 240;
export const MAX_QUICK_FIXES = 10;

/** Share of the budget for each part; code first, since it is what the answer is about. */
const CODE_SHARE = 0.65;
const IMPORT_SHARE = 0.15;

export function gatherDiagnosticContext(input: DiagnosticContextInput): DiagnosticContext {
  const { diagnostic } = input;
  const budget = Math.max(100, input.budgetTokens);
  const excerpt = excerptAround(
    input.lines,
    { start: diagnostic.range.start.line, end: diagnostic.range.end.line },
    input.languageId,
    Math.floor(budget * CODE_SHARE),
  );
  const imports = selectImports(findImports(input.lines, input.languageId), excerpt, Math.floor(budget * IMPORT_SHARE));

  // Related locations and quick-fix titles share what the code and imports left over.
  let rest = budget - excerpt.tokens - imports.statements.reduce((t, s) => t + estimateTokens(s.text) + 1, 0);
  const related: RelatedInformation[] = [];
  for (const r of diagnostic.related.slice(0, MAX_RELATED)) {
    const item: RelatedInformation = {
      ...r,
      message: clip(r.message, MAX_MESSAGE_CHARS / 4),
      lineText: r.excluded || r.lineText === undefined ? undefined : clip(r.lineText.trim(), MAX_RELATED_LINE_CHARS),
    };
    const cost = estimateTokens(`${item.path} ${item.message} ${item.lineText ?? ''}`) + 4;
    if (cost > rest && related.length > 0) break;
    related.push(item);
    rest -= cost;
  }
  const quickFixes = [...new Set(input.quickFixes.map((t) => t.trim()).filter(Boolean))].slice(0, MAX_QUICK_FIXES);

  return {
    path: input.path,
    languageId: input.languageId,
    diagnostic: { ...diagnostic, message: clip(diagnostic.message, MAX_MESSAGE_CHARS) },
    excerpt,
    imports,
    related,
    relatedOmitted: diagnostic.related.length - related.length,
    quickFixes,
  };
}

const fence = (text: string) => {
  // A fence longer than any backtick run inside, so code containing ``` cannot end the block early.
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(longest + 1);
};

export function codeBlock(text: string, languageId = ''): string {
  const f = fence(text);
  return `${f}${languageId}\n${text}\n${f}`;
}

const where = (line: number, character: number) => `line ${line + 1}, column ${character + 1}`;

export function diagnosticTitle(diagnostic: Pick<DiagnosticInfo, 'message'>): string {
  const first = diagnostic.message.split(/\r?\n/)[0].trim();
  return `Explain: ${clip(first, 100)}`;
}

/** The context as text for the prompt (and for the "context sent" section): plain sections, code fenced. */
export function formatDiagnosticContext(ctx: DiagnosticContext): string {
  const d = ctx.diagnostic;
  const out: string[] = [];
  const label = d.severity === 'information' ? 'Info' : d.severity[0].toUpperCase() + d.severity.slice(1);
  const origin = [d.source, d.code !== undefined && d.code !== '' ? `code ${d.code}` : undefined].filter(Boolean).join(', ');
  out.push(`${label}${origin ? ` (${origin})` : ''} in ${ctx.path} at ${where(d.range.start.line, d.range.start.character)}:`);
  out.push(d.message.split(/\r?\n/).map((l) => `    ${l}`).join('\n'));

  if (ctx.related.length > 0) {
    out.push('', 'Related information:');
    for (const r of ctx.related) {
      out.push(`- ${r.path}:${r.line + 1}:${r.character + 1}: ${r.message.replace(/\r?\n/g, ' ')}`);
      if (r.excluded) out.push('  (file excluded from sending)');
      else if (r.lineText) out.push(`  \`${r.lineText.replace(/`/g, "'")}\``);
    }
    if (ctx.relatedOmitted > 0) out.push(`- … ${ctx.relatedOmitted} more`);
  }

  if (ctx.quickFixes.length > 0) {
    out.push('', 'Quick fixes already offered in the editor:');
    for (const t of ctx.quickFixes) out.push(`- ${t}`);
  }

  if (ctx.imports.statements.length > 0) {
    out.push('', `Imports of ${ctx.path}:`);
    const more = ctx.imports.omitted > 0 ? `\n// … ${ctx.imports.omitted} more` : '';
    out.push(codeBlock(ctx.imports.statements.map((s) => s.text).join('\n') + more, ctx.languageId));
  }

  if (ctx.excerpt.segments.length > 0) {
    const enc = ctx.excerpt.enclosing;
    const what = enc ? (enc.whole ? 'its enclosing function' : 'part of its enclosing function') : 'the code around it';
    out.push('', `Code (${what}; the lines of the ${d.severity} are marked with ">"):`);
    out.push(codeBlock(formatExcerpt(ctx.excerpt), ctx.languageId));
  }
  return out.join('\n');
}
