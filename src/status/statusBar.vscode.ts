// The status bar item: last latency and today's cost, a spinner while a request runs, the error kind
// with its action. Click opens the action menu.

import * as vscode from 'vscode';
import { Disposables } from '../shared/disposables';
import type { BedrockError } from '../bedrock/types';
import type { Services } from '../services';
import { statusView } from './statusModel';
import { findModel } from '../bedrock/catalog';
import { isAuthKind } from '../bedrock/errors';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables = new Disposables();
  private inFlight = 0;
  private error: BedrockError | undefined;
  private paused: string | undefined;
  private pausedLabel: string | undefined;

  constructor(private readonly services: Services) {
    this.item = vscode.window.createStatusBarItem('bedrockHaiku.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Haiku for Bedrock';
    this.item.command = 'bedrockHaiku.statusMenu';
    const { bedrock, usage } = services;
    this.disposables.push(
      this.item,
      bedrock.onDidStart(() => {
        this.inFlight++;
        this.render();
      }),
      bedrock.onDidFinish((result) => {
        this.inFlight = Math.max(0, this.inFlight - 1);
        if (result.outcome === 'complete') this.error = undefined;
        // A request the budget held back is a pause, already shown as such ("Budget"), not a failure.
        else if (result.error && !(result.notSent && result.error.kind === 'budget')) this.error = result.error;
        this.render();
      }),
      bedrock.onDidChangeCredentials(() => {
        if (this.error && isAuthKind(this.error.kind)) this.error = undefined;
        this.render();
      }),
      usage.onDidRecord(() => this.render()),
      ...(services.acceptance ? [services.acceptance.onDidChange(() => this.render())] : []),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('bedrockHaiku')) this.render();
      }),
    );
    this.render();
    this.item.show();
  }

  /** Features that pause (completions off, snoozed, budget) say so here; undefined clears it. */
  setPaused(reason: string | undefined, label?: string): void {
    this.paused = reason;
    this.pausedLabel = reason ? label : undefined;
    this.render();
  }

  /** The SSO session seen expired (or valid again) in the token cache, before any request says so. */
  setAuthProblem(error: BedrockError | undefined): void {
    if (error) this.error = error;
    else if (this.error && isAuthKind(this.error.kind)) this.error = undefined;
    this.render();
  }

  currentError(): BedrockError | undefined {
    return this.error;
  }

  text(): string {
    return this.item.text;
  }

  private render(): void {
    const model = this.services.bedrock.resolved();
    const config = this.services.config();
    const catalog = model.catalogId ? findModel(model.catalogId) : undefined;
    const estimate = !catalog || (catalog.pricesEstimated && !config.pricing[catalog.id]);
    const view = statusView(
      { inFlight: this.inFlight, error: this.error, paused: this.paused, pausedLabel: this.pausedLabel, model, latencyOptimized: config.latencyOptimized, estimate,
        completionsToday: this.services.acceptance?.day().byFeature.completion },
      this.services.usage,
    );
    this.item.text = view.text;
    const md = new vscode.MarkdownString(view.tooltip, true);
    md.isTrusted = false;
    this.item.tooltip = md;
    this.item.backgroundColor =
      view.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

interface MenuItem extends vscode.QuickPickItem {
  command: string;
}

/** The click menu: the actions a user reaches for from the status bar. */
export async function showStatusMenu(statusBar: StatusBar): Promise<void> {
  const error = statusBar.currentError();
  const items: MenuItem[] = [];
  if (error?.action) items.push({ label: `$(warning) ${error.action.label}`, detail: error.message, command: `action:${error.action.id}` });
  items.push(
    { label: '$(symbol-misc) Select Model…', command: 'bedrockHaiku.selectModel' },
    { label: '$(graph) Show Usage', command: 'bedrockHaiku.showUsage' },
    { label: '$(account) Sign In to AWS…', command: 'bedrockHaiku.signIn' },
    { label: '$(debug-disconnect) Test Connection', command: 'bedrockHaiku.testConnection' },
    { label: '$(circle-slash) Turn Completions On or Off…', command: 'bedrockHaiku.toggleCompletions' },
    { label: '$(arrow-right) Turn Next Edit Suggestions On or Off', command: 'bedrockHaiku.nextEdit.toggle' },
    { label: '$(gear) Settings', command: 'workbench.action.openSettings:bedrockHaiku' },
  );
  const pick = await vscode.window.showQuickPick(items, { title: 'Haiku for Bedrock', placeHolder: 'Choose an action' });
  if (!pick) return;
  if (pick.command.startsWith('action:') && error) {
    await vscode.commands.executeCommand('bedrockHaiku.runErrorAction', error);
  } else if (pick.command.startsWith('workbench.action.openSettings:')) {
    await vscode.commands.executeCommand('workbench.action.openSettings', pick.command.split(':')[1]);
  } else {
    await vscode.commands.executeCommand(pick.command);
  }
}
