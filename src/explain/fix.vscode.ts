// "Fix with Haiku": ask for a rewrite of the region around the diagnostic, show it as a diff, and apply it
// only when the user accepts (one WorkspaceEdit, so one undo step).

import * as vscode from 'vscode';
import type { StreamResult } from '../bedrock/types';
import type { Services } from '../services';
import { diagnosticTitle } from './diagnosticContext';
import { gatherFromDiagnostic } from './diagnostics.vscode';
import type { WorkspaceExclusions } from '../privacy/workspaceExclusions.vscode';
import { chooseFixRegion, parseFixAnswer, redactRegion, type FixRegion } from './fixAnswer';
import { buildFixRequest } from './prompts';
import { fixMaxOutputTokens } from './settings';
import { readExplainSettings } from './settings.vscode';
import type { AnswerSink } from './answer.vscode';
import type { FixPreviews } from './fixPreview.vscode';

export interface FixOutcome {
  /** True when the user applied the edit. */
  applied: boolean;
  /** The proposed text of the region, when the answer held one. */
  proposed?: string;
  range?: vscode.Range;
  /** Why nothing was proposed or applied, in words. */
  problem?: string;
  contextSent?: string;
}

export const FIX_LABEL = 'Fix with Haiku';

export async function fixDiagnostic(
  services: Services,
  exclusions: WorkspaceExclusions,
  sink: AnswerSink,
  previews: FixPreviews,
  uri: vscode.Uri,
  diagnostic: vscode.Diagnostic,
): Promise<FixOutcome> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const settings = readExplainSettings(uri);
  const gathered = await gatherFromDiagnostic(doc, diagnostic, exclusions, settings.maxContextTokens);
  if (!gathered.ok) {
    void vscode.window.showWarningMessage(`Haiku: ${gathered.message}`);
    return { applied: false, problem: gathered.message };
  }
  const version = doc.version;
  const region = chooseFixRegion(gathered.lines, { start: diagnostic.range.start.line, end: diagnostic.range.end.line }, doc.languageId);
  const redacted = redactRegion(region.text);
  const req = buildFixRequest({
    title: diagnosticTitle(diagnostic),
    formattedContext: gathered.formatted,
    regionStartLine: region.startLine + 1,
    regionEndLine: region.endLine + 1,
    regionText: redacted.text,
    path: gathered.ctx.path,
  });
  services.log.debug(`explain: fix requested for ${gathered.ctx.path}:${region.startLine + 1}-${region.endLine + 1}`);

  const result = await askForFix(services, req, fixMaxOutputTokens(region.text));
  if (result.outcome === 'aborted') return { applied: false, problem: 'cancelled', contextSent: req.contextSent };
  if (result.error) {
    void sink.offerAction(result.error);
    return { applied: false, problem: result.error.message, contextSent: req.contextSent };
  }

  const parsed = parseFixAnswer(result.text, region, redacted);
  if (!parsed.ok) {
    const message = result.outcome === 'cutOff' ? 'The answer was cut off before the fix was complete.' : parsed.message;
    void vscode.window.showWarningMessage(`Haiku: ${message}`, 'Show Answer').then((choice) => {
      if (choice) void showRawAnswer(sink, req.title, result.text);
    });
    return { applied: false, problem: message, contextSent: req.contextSent };
  }

  return applyFix(previews, uri, version, region, parsed, req.contextSent);
}

/** Streams the fix request behind a cancellable notification. */
function askForFix(services: Services, req: { system: string; prompt: string }, maxTokens: number): Thenable<StreamResult> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Haiku: preparing a fix…', cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      return services.bedrock
        .stream(
          { feature: 'explain', system: req.system, messages: [{ role: 'user', text: req.prompt }], maxTokens, temperature: 0 },
          { signal: controller.signal },
        )
        .finally(() => sub.dispose());
    },
  );
}

/** Shows the parsed fix as a diff preview and applies it when accepted, onto the text it was made for only. */
async function applyFix(
  previews: FixPreviews,
  uri: vscode.Uri,
  version: number,
  region: FixRegion,
  parsed: { newText: string; note: string },
  contextSent: string,
): Promise<FixOutcome> {
  // The file may have changed while the model was answering, or while the user looked at the diff: only
  // apply onto the text the fix was made for.
  const stillSame = (d: vscode.TextDocument, r: vscode.Range) => d.version === version || d.getText(r).replace(/\r\n/g, '\n') === region.text;
  const regionRange = (d: vscode.TextDocument) => {
    const lastLine = Math.min(region.endLine, d.lineCount - 1);
    return new vscode.Range(region.startLine, 0, lastLine, d.lineAt(lastLine).text.length);
  };
  const changedMessage = 'The file changed while the fix was being prepared; run Fix with Haiku again.';
  let current = await vscode.workspace.openTextDocument(uri);
  let range = regionRange(current);
  if (!stillSame(current, range)) {
    void vscode.window.showWarningMessage(`Haiku: ${changedMessage}`);
    return { applied: false, problem: changedMessage, proposed: parsed.newText, contextSent };
  }
  const eol = current.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const newText = parsed.newText.replace(/\n/g, eol);

  const decision = await previews.ask(current, range, newText, parsed.note);
  if (decision !== 'accepted') return { applied: false, proposed: parsed.newText, range, contextSent, problem: decision };

  current = await vscode.workspace.openTextDocument(uri);
  range = regionRange(current);
  if (!stillSame(current, range)) {
    void vscode.window.showWarningMessage(`Haiku: ${changedMessage}`);
    return { applied: false, problem: changedMessage, proposed: parsed.newText, contextSent };
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, range, newText, { needsConfirmation: false, label: FIX_LABEL });
  const applied = await vscode.workspace.applyEdit(edit);
  if (applied) await vscode.window.showTextDocument(current, { selection: new vscode.Range(range.start, range.start) });
  return { applied, proposed: parsed.newText, range, contextSent, problem: applied ? undefined : 'the editor refused the edit' };
}

async function showRawAnswer(sink: AnswerSink, title: string, text: string): Promise<void> {
  const uri = sink.documents.create(title);
  sink.documents.set(uri, `# ${title}\n\n${text}\n`);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
