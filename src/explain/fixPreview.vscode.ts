// Shows a proposed fix as a diff (current ↔ proposed, both read-only snapshots) with Accept and Reject in the
// editor title, the command palette and a notification. Accepting applies one ordinary WorkspaceEdit (one
// undo step); rejecting or closing the diff changes nothing.
//
// Why not a WorkspaceEdit with needsConfirmation: VS Code's refactor preview starts such edits unchecked,
// so the user would have to tick the change before Apply does anything.

import * as vscode from 'vscode';
import { Disposables } from '../shared/disposables';

export const FIX_SCHEME = 'bedrock-haiku-fix';
export const FIX_PENDING_CONTEXT_KEY = 'bedrockHaiku.fixPending';

export type FixDecision = 'accepted' | 'rejected' | 'superseded';

interface Pending {
  left: vscode.Uri;
  right: vscode.Uri;
  decide(d: FixDecision): void;
}

export class FixPreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private pending: Pending | undefined;
  private counter = 0;
  private readonly disposables = new Disposables();

  constructor() {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(FIX_SCHEME, this),
      vscode.commands.registerCommand('bedrockHaiku.acceptFix', () => this.pending?.decide('accepted')),
      vscode.commands.registerCommand('bedrockHaiku.rejectFix', () => this.pending?.decide('rejected')),
      // Closing the diff is a "no".
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        const p = this.pending;
        if (!p) return;
        const closedOurs = e.closed.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === p.right.toString());
        if (closedOurs) p.decide('rejected');
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /**
   * Opens the diff and resolves with the user's decision. The edit itself is applied by the caller, which
   * checks first that the file still holds the text the fix was made for.
   */
  async ask(doc: vscode.TextDocument, range: vscode.Range, newText: string, note: string): Promise<FixDecision> {
    this.pending?.decide('superseded');
    const id = String(++this.counter);
    const name = doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1);
    const current = doc.getText();
    const proposed = current.slice(0, doc.offsetAt(range.start)) + newText + current.slice(doc.offsetAt(range.end));
    const left = vscode.Uri.from({ scheme: FIX_SCHEME, path: `/current/${name}`, query: id });
    const right = vscode.Uri.from({ scheme: FIX_SCHEME, path: `/proposed/${name}`, query: id });
    this.texts.set(left.toString(), current);
    this.texts.set(right.toString(), proposed);

    let decide!: (d: FixDecision) => void;
    const decision = new Promise<FixDecision>((resolve) => (decide = resolve));
    const pending: Pending = { left, right, decide: (d) => decide(d) };
    this.pending = pending;
    await vscode.commands.executeCommand('setContext', FIX_PENDING_CONTEXT_KEY, true);
    await vscode.commands.executeCommand('vscode.diff', left, right, `Fix with Haiku: ${name} (current ↔ proposed)`, {
      preview: false,
      selection: new vscode.Range(range.start, range.start),
    } satisfies vscode.TextDocumentShowOptions);
    void vscode.window
      .showInformationMessage(`Haiku proposes a fix for ${name}${note ? `: ${note.split('\n')[0].slice(0, 160)}` : ''}`, 'Accept', 'Reject')
      .then((choice) => (choice === 'Accept' ? pending.decide('accepted') : choice === 'Reject' ? pending.decide('rejected') : undefined));

    const result = await decision;
    if (this.pending === pending) {
      this.pending = undefined;
      await vscode.commands.executeCommand('setContext', FIX_PENDING_CONTEXT_KEY, false);
    }
    await closeDiff(right);
    this.texts.delete(left.toString());
    this.texts.delete(right.toString());
    return result;
  }

  dispose(): void {
    this.pending?.decide('rejected');
    this.disposables.dispose();
    this.texts.clear();
  }
}

async function closeDiff(right: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right.toString());
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}
