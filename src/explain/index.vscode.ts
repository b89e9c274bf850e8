// Explain errors: commands, the lightbulb actions, the terminal and debugger watchers, and the context keys
// that show our menu entries only where they can work. Each command returns what it sent, so tests (and
// other extensions) can see exactly what left the machine.

import * as vscode from 'vscode';
import type { ChatApi } from '../chat/api';
import type { Services } from '../services';
import { AnswerSink, ANSWER_SCHEME, type DeliveryResult } from './answer.vscode';
import { debugTitle, formatDebugContext, type DebugContext } from './debugContext';
import { ExceptionWatcher, gatherFromException, type ExceptionStop } from './debug.vscode';
import { diagnosticTitle, type DiagnosticContext } from './diagnosticContext';
import {
  gatherFromDiagnostic,
  isDiagnosticTarget,
  pickDiagnostic,
  resolveTarget,
  toTarget,
  type DiagnosticTarget,
} from './diagnostics.vscode';
import { FIX_LABEL, fixDiagnostic, type FixOutcome } from './fix.vscode';
import { FIX_SCHEME, FixPreviews } from './fixPreview.vscode';
import { buildExplainRequest, type ExplainSource, type PreparedRequest } from './prompts';
import { readExplainSettings } from './settings.vscode';
import { formatTerminalContext, gatherTerminalContext, terminalTitle, type TerminalContext } from './terminalContext';
import { failedCommandInput, readTerminalSelection, TerminalWatcher, type FailedCommand } from './terminal.vscode';

export const EXPLAIN_LABEL = 'Explain with Haiku';
export const DIAGNOSTICS_CONTEXT_KEY = 'bedrockHaiku.editorHasDiagnostics';

export interface ExplainResult {
  source: ExplainSource;
  title: string;
  system: string;
  prompt: string;
  contextSent: string;
  redactions: number;
  delivery: DeliveryResult['via'];
  /** The structured context, before formatting (tests read it). */
  context: DiagnosticContext | TerminalContext | DebugContext;
}

type Target = { uri: vscode.Uri; diagnostic: vscode.Diagnostic };

/** The command's argument (a code action's target, a URI from a menu) or the diagnostic at the cursor. */
async function resolveDiagnostic(arg: unknown): Promise<Target | undefined> {
  if (isDiagnosticTarget(arg)) return resolveTarget(arg);
  const editor = vscode.window.activeTextEditor;
  if (!editor || (arg instanceof vscode.Uri && arg.toString() !== editor.document.uri.toString())) {
    if (arg instanceof vscode.Uri) await vscode.window.showTextDocument(arg);
    else {
      void vscode.window.showInformationMessage('Haiku: open a file with a problem (a red or yellow squiggle) to explain it.');
      return undefined;
    }
  }
  const active = vscode.window.activeTextEditor!;
  if (vscode.languages.getDiagnostics(active.document.uri).length === 0) {
    void vscode.window.showInformationMessage('Haiku: this file has no problems to explain.');
    return undefined;
  }
  const diagnostic = await pickDiagnostic(active);
  return diagnostic && { uri: active.document.uri, diagnostic };
}

class ExplainCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (doc.uri.scheme === ANSWER_SCHEME || doc.uri.scheme === FIX_SCHEME || doc.uri.scheme === 'output') return [];
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const diagnostics = context.diagnostics.slice(0, 3);
    const actions: vscode.CodeAction[] = [];
    for (const d of diagnostics) {
      const suffix = diagnostics.length > 1 ? `: ${d.message.split('\n')[0].slice(0, 50)}` : '';
      const target = toTarget(doc.uri, d);
      const explain = new vscode.CodeAction(`${EXPLAIN_LABEL}${suffix}`, vscode.CodeActionKind.QuickFix);
      explain.command = { command: 'bedrockHaiku.explainError', title: EXPLAIN_LABEL, arguments: [target] };
      explain.diagnostics = [d];
      const fix = new vscode.CodeAction(`${FIX_LABEL}${suffix}`, vscode.CodeActionKind.QuickFix);
      fix.command = { command: 'bedrockHaiku.fixWithHaiku', title: FIX_LABEL, arguments: [target] };
      fix.diagnostics = [d];
      actions.push(explain, fix);
    }
    return actions;
  }
}

/** Explanations go to the chat view as a new turn: the chat feature's API is what they need of it. */
export function registerExplain(services: Services, chat: ChatApi): vscode.Disposable[] {
  const { exclusions } = services;
  const sink = new AnswerSink(services, chat);
  const previews = new FixPreviews();
  const disposables: vscode.Disposable[] = [sink, previews];

  const send: Send = async (source, req, context) => {
    services.log.info(`explain: ${source} context sent (${req.prompt.length} chars, ${req.redactions} redaction(s))`);
    const delivery = await sink.deliver(req);
    return { source, title: req.title, system: req.system, prompt: req.prompt, contextSent: req.contextSent, redactions: req.redactions, delivery: delivery.via, context };
  };

  const explainError = async (arg?: unknown): Promise<ExplainResult | undefined> => {
    const target = await resolveDiagnostic(arg);
    if (!target) return undefined;
    const doc = await vscode.workspace.openTextDocument(target.uri);
    const gathered = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Haiku: gathering the error context…' }, () =>
      gatherFromDiagnostic(doc, target.diagnostic, exclusions, readExplainSettings(doc.uri).maxContextTokens),
    );
    if (!gathered.ok) {
      void vscode.window.showWarningMessage(`Haiku: ${gathered.message}`);
      return undefined;
    }
    return send('diagnostic', buildExplainRequest('diagnostic', diagnosticTitle(gathered.info), gathered.formatted), gathered.ctx);
  };

  const fixWithHaiku = async (arg?: unknown): Promise<FixOutcome | undefined> => {
    const target = await resolveDiagnostic(arg);
    if (!target) return undefined;
    return fixDiagnostic(services, exclusions, sink, previews, target.uri, target.diagnostic);
  };

  disposables.push(
    ...registerTerminal(send),
    ...registerDebugger(services, send),
    ...diagnosticsContextKey(),
    vscode.commands.registerCommand('bedrockHaiku.explainError', explainError),
    vscode.commands.registerCommand('bedrockHaiku.fixWithHaiku', fixWithHaiku),
    vscode.languages.registerCodeActionsProvider('*', new ExplainCodeActions(), ExplainCodeActions.metadata),
  );
  return disposables;
}

type Send = (source: ExplainSource, req: PreparedRequest, context: ExplainResult['context']) => Promise<ExplainResult>;

/** Failed terminal commands: the watcher's offer, the last failure, a selection of output. */
function registerTerminal(send: Send): vscode.Disposable[] {
  const explainFailed = async (failed: FailedCommand): Promise<ExplainResult> => {
    const ctx = gatherTerminalContext(await failedCommandInput(failed, readExplainSettings().maxContextTokens));
    return send('terminal', buildExplainRequest('terminal', terminalTitle(ctx), formatTerminalContext(ctx)), ctx);
  };

  const explainTerminalSelection = async (): Promise<ExplainResult | undefined> => {
    if (!vscode.window.activeTerminal) {
      void vscode.window.showInformationMessage('Haiku: there is no terminal to explain.');
      return undefined;
    }
    const text = await readTerminalSelection();
    if (!text.trim()) {
      void vscode.window.showInformationMessage('Haiku: select the error output in the terminal first, then run Explain Terminal Selection.');
      return undefined;
    }
    const ctx = gatherTerminalContext({ output: text, budgetTokens: readExplainSettings().maxContextTokens, source: 'selection' });
    return send('terminal', buildExplainRequest('terminal', terminalTitle(ctx), formatTerminalContext(ctx)), ctx);
  };

  const offerSelection = async (message: string): Promise<ExplainResult | undefined> => {
    const choice = await vscode.window.showInformationMessage(`Haiku: ${message}`, 'Explain Terminal Selection');
    return choice ? explainTerminalSelection() : undefined;
  };

  const terminals = new TerminalWatcher((failed) => {
    void vscode.window
      .showWarningMessage(`Haiku: "${failed.commandLine.slice(0, 60)}" failed with exit code ${failed.exitCode}.`, 'Explain with Haiku')
      .then((choice) => (choice ? explainFailed(failed) : undefined));
  });

  const explainLastFailedCommand = async (): Promise<ExplainResult | undefined> => {
    const failed = terminals.lastFailure();
    if (failed) return explainFailed(failed);
    const terminal = vscode.window.activeTerminal;
    if (!terminal) {
      void vscode.window.showInformationMessage('Haiku: no failed terminal command to explain.');
      return undefined;
    }
    if (!terminal.shellIntegration) {
      return offerSelection('shell integration is not active in this terminal, so its commands and exit codes cannot be read. Select the error output and explain the selection instead.');
    }
    return offerSelection('no command has failed in this terminal since Haiku started. You can explain a selection of its output instead.');
  };

  return [
    terminals,
    vscode.commands.registerCommand('bedrockHaiku.explainLastFailedCommand', explainLastFailedCommand),
    vscode.commands.registerCommand('bedrockHaiku.explainTerminalSelection', explainTerminalSelection),
  ];
}

/** Debugger exceptions: the watcher's offer and the command. */
function registerDebugger(services: Services, send: Send): vscode.Disposable[] {
  const { exclusions } = services;
  const explainStop = async (stop: ExceptionStop): Promise<ExplainResult> => {
    const ctx = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Haiku: reading the exception, stack and variables…' }, () =>
      gatherFromException(stop, exclusions),
    );
    if (ctx.problems.length > 0) services.log.debug(`explain: debug adapter did not answer: ${ctx.problems.join('; ')}`);
    return send('debugger', buildExplainRequest('debugger', debugTitle(ctx), formatDebugContext(ctx)), ctx);
  };

  const exceptions = new ExceptionWatcher((stop, headline) => {
    const what = headline.split('\n')[0].slice(0, 120);
    void vscode.window
      .showInformationMessage(`Haiku: the debugger stopped on an exception: ${what}`, 'Explain Exception')
      .then((choice) => (choice && exceptions.latest() ? explainStop(exceptions.latest()!) : undefined));
  });

  const explainException = async (): Promise<ExplainResult | undefined> => {
    const stop = exceptions.latest();
    if (!stop) {
      void vscode.window.showInformationMessage('Haiku: no debug session is stopped on an exception. Turn on "Uncaught Exceptions" in the Breakpoints view to stop on one.');
      return undefined;
    }
    return explainStop(stop);
  };

  return [exceptions, vscode.commands.registerCommand('bedrockHaiku.explainException', explainException)];
}

/** The context key that shows our editor-menu entry only where the active editor has diagnostics. */
function diagnosticsContextKey(): vscode.Disposable[] {
  let hasDiagnostics: boolean | undefined;
  const updateDiagnosticsKey = () => {
    const editor = vscode.window.activeTextEditor;
    const value = !!editor && vscode.languages.getDiagnostics(editor.document.uri).length > 0;
    if (value === hasDiagnostics) return;
    hasDiagnostics = value;
    void vscode.commands.executeCommand('setContext', DIAGNOSTICS_CONTEXT_KEY, value);
  };
  updateDiagnosticsKey();

  return [
    vscode.languages.onDidChangeDiagnostics((e) => {
      const editor = vscode.window.activeTextEditor;
      if (editor && e.uris.some((u) => u.toString() === editor.document.uri.toString())) updateDiagnosticsKey();
    }),
    vscode.window.onDidChangeActiveTextEditor(updateDiagnosticsKey),
  ];
}

export type { DiagnosticTarget, FixOutcome };
