// "Fix with Haiku": ask for a rewrite of the region around the diagnostic, then show it in VS Code's refactor
// preview (a WorkspaceEdit whose change needs confirmation). Nothing changes until the user applies it, and
// an applied fix is one undo step.

import * as vscode from 'vscode';
import type { Services } from '../shared/services';
import { diagnosticTitle } from './diagnosticContext';
import { gatherFromDiagnostic } from './diagnostics.vscode';
import type { ExplainExclusions } from './exclusion.vscode';
import { chooseFixRegion, parseFixAnswer, redactRegion } from './fixAnswer';
import { buildFixRequest } from './prompts';
import { fixMaxOutputTokens } from './settings';
import { readExplainSettings } from './settings.vscode';
import type { AnswerSink } from './answer.vscode';

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
  exclusions: ExplainExclusions,
  sink: AnswerSink,
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

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Haiku: preparing a fix…', cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      return services.bedrock
        .stream(
          {
            feature: 'explain',
            system: req.system,
            messages: [{ role: 'user', text: req.prompt }],
            maxTokens: fixMaxOutputTokens(region.text),
            temperature: 0,
          },
          { signal: controller.signal },
        )
        .finally(() => sub.dispose());
    },
  );
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

  // The file may have changed while the model was answering: only apply onto the same text.
  const current = await vscode.workspace.openTextDocument(uri);
  const lastLine = Math.min(region.endLine, current.lineCount - 1);
  const range = new vscode.Range(region.startLine, 0, lastLine, current.lineAt(lastLine).text.length);
  if (current.version !== version && current.getText(range).replace(/\r\n/g, '\n') !== region.text) {
    const message = 'The file changed while the fix was being prepared; run Fix with Haiku again.';
    void vscode.window.showWarningMessage(`Haiku: ${message}`);
    return { applied: false, problem: message, proposed: parsed.newText, contextSent: req.contextSent };
  }

  const eol = current.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, range, parsed.newText.replace(/\n/g, eol), {
    needsConfirmation: true,
    label: FIX_LABEL,
    description: parsed.note ? parsed.note.split('\n')[0].slice(0, 200) : diagnostic.message.split('\n')[0],
  });
  // With needsConfirmation VS Code opens the refactor preview; applyEdit resolves false when discarded.
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  return { applied, proposed: parsed.newText, range, contextSent: req.contextSent, problem: applied ? undefined : 'discarded' };
}

async function showRawAnswer(sink: AnswerSink, title: string, text: string): Promise<void> {
  const uri = sink.documents.create(title);
  sink.documents.set(uri, `# ${title}\n\n${text}\n`);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
