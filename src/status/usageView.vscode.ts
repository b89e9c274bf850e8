// `Haiku: Show Usage`: a webview panel with plots of latency, cost and tokens from the usage store, kept
// live as requests finish, and a CSV export saved where the user chooses.

import * as os from 'node:os';
import * as vscode from 'vscode';
import { Disposables } from '../shared/disposables';
import { webviewPage } from '../shared/webviewPage.vscode';
import type { Services } from '../services';
import { isFromUsageView, type ToUsageView, type UsageSnapshot } from './usageViewProtocol';
import { usageViewHtml } from './usageViewHtml';

export class UsageView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables = new Disposables();
  private ready = false;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly services: Services) {
    this.disposables.push(
      services.usage.onDidRecord(() => this.schedulePost()),
      ...(services.acceptance ? [services.acceptance.onDidChange(() => this.schedulePost())] : []),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('bedrockHaiku')) this.schedulePost();
      }),
    );
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const { extensionUri } = this.services.context;
    const roots = [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
    const panel = vscode.window.createWebviewPanel('bedrockHaiku.usage', 'Haiku Usage', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: roots,
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'haiku.svg');
    this.panel = panel;
    this.ready = false;
    const w = panel.webview;
    w.html = usageViewHtml(webviewPage(w, vscode.Uri.joinPath(roots[0], 'usage.js'), vscode.Uri.joinPath(roots[1], 'usage.css')));
    const subs = [
      w.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      // A hidden webview is torn down (no retainContextWhenHidden); it says `ready` again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      clearTimeout(this.pending);
      this.panel = undefined;
    });
  }

  snapshot(): UsageSnapshot {
    const { usage, bedrock, config } = this.services;
    const model = bedrock.resolved();
    return {
      records: [...usage.recent()],
      days: usage.allDays(),
      now: Date.now(),
      budgetUsd: config().budget.dailyUsd ?? undefined,
      model: model.displayName,
      region: model.region,
      ...(this.services.acceptance ? { acceptance: this.services.acceptance.rows() } : {}),
    };
  }

  private post(): void {
    if (!this.panel || !this.ready) return;
    const message: ToUsageView = { type: 'snapshot', snapshot: this.snapshot() };
    void this.panel.webview.postMessage(message);
  }

  private schedulePost(): void {
    if (!this.panel || !this.ready) return;
    clearTimeout(this.pending);
    // Completions can finish several times a second: redraw at most twice a second.
    this.pending = setTimeout(() => this.post(), 500);
  }

  private async onMessage(m: unknown): Promise<void> {
    if (!isFromUsageView(m)) {
      this.services.log.warn('Usage view sent an unexpected message; ignored.');
      return;
    }
    if (m.type === 'ready') {
      this.ready = true;
      // Other windows' suggestions since the last look.
      await this.services.acceptance?.refresh().catch(() => undefined);
      this.post();
      return;
    }
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    const target = await vscode.window.showSaveDialog({
      title: 'Export Haiku usage as CSV',
      defaultUri: vscode.Uri.joinPath(base, m.suggestedName),
      filters: { 'CSV files': ['csv'] },
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(m.csv));
      const rows = Math.max(0, m.csv.split('\r\n').length - 2);
      const what = m.suggestedName.startsWith('haiku-acceptance-') ? 'acceptance rows' : 'requests';
      void vscode.window.showInformationMessage(`Haiku: exported ${rows} ${what} to ${target.fsPath}.`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Haiku: could not write ${target.fsPath}: ${(e as Error).message}`);
    }
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.panel?.dispose();
    this.disposables.dispose();
  }
}
