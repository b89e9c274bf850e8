// Turns VS Code diagnostics into the plain input of diagnosticContext.ts: which diagnostic the user means,
// the text of related locations, and the quick fixes other providers offer for it.

import * as vscode from 'vscode';
import { isProbablyBinary } from '../privacy';
import {
  formatDiagnosticContext,
  gatherDiagnosticContext,
  type DiagnosticContext,
  type DiagnosticInfo,
  type RelatedInformation,
  type Severity,
} from './diagnosticContext';
import { IMPORT_SCAN_LINES } from './imports';
import type { WorkspaceExclusions } from '../privacy/workspaceExclusions.vscode';

/** What a code action or a test passes to the commands: plain data, so it survives serialization. */
export interface DiagnosticTarget {
  uri: string;
  range: [number, number, number, number];
  message: string;
}

export function toTarget(uri: vscode.Uri, d: vscode.Diagnostic): DiagnosticTarget {
  return { uri: uri.toString(), range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], message: d.message };
}

export function isDiagnosticTarget(x: unknown): x is DiagnosticTarget {
  const t = x as DiagnosticTarget;
  return !!t && typeof t.uri === 'string' && Array.isArray(t.range) && t.range.length === 4 && typeof t.message === 'string';
}

const SEVERITY: Record<vscode.DiagnosticSeverity, Severity> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Finds the diagnostic a target names (the list may have been recomputed since the code action ran). */
export function resolveTarget(t: DiagnosticTarget): { uri: vscode.Uri; diagnostic: vscode.Diagnostic } | undefined {
  const uri = vscode.Uri.parse(t.uri);
  const all = vscode.languages.getDiagnostics(uri);
  const [sl, sc, el, ec] = t.range;
  const exact = all.find((d) => d.message === t.message && d.range.start.line === sl && d.range.start.character === sc && d.range.end.line === el && d.range.end.character === ec);
  const sameMessage = all.filter((d) => d.message === t.message).sort((a, b) => Math.abs(a.range.start.line - sl) - Math.abs(b.range.start.line - sl));
  const diagnostic = exact ?? sameMessage[0] ?? new vscode.Diagnostic(new vscode.Range(sl, sc, el, ec), t.message);
  return { uri, diagnostic };
}

const bySeverityThenLine = (a: vscode.Diagnostic, b: vscode.Diagnostic) => a.severity - b.severity || a.range.start.line - b.range.start.line;

/** The diagnostic under the cursor, else one the user picks from the file's list; undefined if none/cancelled. */
export async function pickDiagnostic(editor: vscode.TextEditor): Promise<vscode.Diagnostic | undefined> {
  const all = vscode.languages.getDiagnostics(editor.document.uri);
  if (all.length === 0) return undefined;
  const pos = editor.selection.active;
  const atCursor = all.filter((d) => d.range.contains(pos)).sort(bySeverityThenLine);
  if (atCursor.length > 0) return atCursor[0];
  const onLine = all.filter((d) => d.range.start.line <= pos.line && d.range.end.line >= pos.line).sort(bySeverityThenLine);
  if (onLine.length > 0) return onLine[0];
  const icons: Record<vscode.DiagnosticSeverity, string> = { 0: '$(error)', 1: '$(warning)', 2: '$(info)', 3: '$(lightbulb)' };
  const items = [...all].sort(bySeverityThenLine).map((d) => ({
    label: `${icons[d.severity]} ${d.message.split('\n')[0]}`,
    description: `line ${d.range.start.line + 1}${d.source ? ` · ${d.source}` : ''}`,
    diagnostic: d,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'No problem at the cursor: pick one to explain', matchOnDescription: true });
  return picked?.diagnostic;
}

/** Titles of quick fixes other extensions offer for the diagnostic (ours excluded), within a time limit. */
export async function otherQuickFixes(uri: vscode.Uri, d: vscode.Diagnostic, timeoutMs = 2000): Promise<string[]> {
  const request = vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    d.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    const actions = (await Promise.race([Promise.resolve(request), timeout])) ?? [];
    const titles: string[] = [];
    for (const a of actions) {
      const commandId = typeof a.command === 'string' ? a.command : a.command?.command;
      if (commandId?.startsWith('bedrockHaiku.')) continue;
      // Actions tied to other diagnostics on the same range are about something else.
      const diags = 'diagnostics' in a ? (a as vscode.CodeAction).diagnostics : undefined;
      if (diags && diags.length > 0 && !diags.some((x) => x.message === d.message)) continue;
      titles.push(a.title);
    }
    return titles;
  } catch {
    return [];
  } finally {
    clearTimeout(timer);
  }
}

async function relatedLineText(uri: vscode.Uri, line: number): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
  if (open) return line < open.lineCount ? open.lineAt(line).text : undefined;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > 2_000_000) return undefined;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (isProbablyBinary(text)) return undefined;
    return text.split(/\r?\n/)[line];
  } catch {
    return undefined;
  }
}

/**
 * The document's lines, keeping only what the excerpt can use in very large files (the top for imports and
 * a window around the diagnostic); other lines are empty strings, so line numbers stay true.
 */
function documentLines(doc: vscode.TextDocument, around: number): string[] {
  const WINDOW = 3000;
  if (doc.lineCount <= 20_000) return doc.getText().split(/\r?\n/);
  const lines = new Array<string>(doc.lineCount).fill('');
  const keep = (from: number, to: number) => {
    for (let i = Math.max(0, from); i < Math.min(doc.lineCount, to); i++) lines[i] = doc.lineAt(i).text;
  };
  keep(0, IMPORT_SCAN_LINES);
  keep(around - WINDOW, around + WINDOW);
  return lines;
}

export type Gathered =
  | { ok: true; ctx: DiagnosticContext; formatted: string; info: DiagnosticInfo; lines: string[] }
  | { ok: false; message: string };

export async function gatherFromDiagnostic(
  doc: vscode.TextDocument,
  d: vscode.Diagnostic,
  exclusions: WorkspaceExclusions,
  budgetTokens: number,
  quickFixes?: string[],
): Promise<Gathered> {
  // Every folder's .haikuignore read again (a related file may sit in another folder): one just saved counts.
  await exclusions.refresh();
  const excl = exclusions.isExcluded(doc.uri);
  if (excl.excluded) return { ok: false, message: `${vscode.workspace.asRelativePath(doc.uri)} is not sent to Bedrock: ${excl.reason}.` };
  if (isProbablyBinary(doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 200), 0)))) {
    return { ok: false, message: 'The file looks binary, so it is not sent.' };
  }

  const related: RelatedInformation[] = [];
  for (const r of (d.relatedInformation ?? []).slice(0, 8)) {
    const excluded = exclusions.isExcluded(r.location.uri).excluded;
    related.push({
      message: r.message,
      path: vscode.workspace.asRelativePath(r.location.uri, false),
      line: r.location.range.start.line,
      character: r.location.range.start.character,
      lineText: excluded ? undefined : await relatedLineText(r.location.uri, r.location.range.start.line),
      excluded,
    });
  }
  const info: DiagnosticInfo = {
    message: d.message,
    severity: SEVERITY[d.severity],
    code: codeOf(d),
    source: d.source,
    range: { start: d.range.start, end: d.range.end },
    related,
  };
  const lines = documentLines(doc, d.range.start.line);
  const ctx = gatherDiagnosticContext({
    path: vscode.workspace.asRelativePath(doc.uri, false),
    languageId: doc.languageId,
    lines,
    diagnostic: info,
    quickFixes: quickFixes ?? (await otherQuickFixes(doc.uri, d)),
    budgetTokens,
  });
  return { ok: true, ctx, formatted: formatDiagnosticContext(ctx), info, lines };
}
