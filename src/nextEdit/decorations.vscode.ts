// How a suggestion away from the cursor looks: the removed text struck through, the added text after it,
// a gutter marker on its first line, a hover with the whole change, and a status-bar line saying Tab.

import * as vscode from 'vscode';
import type { ProposedEdit } from './types';

const MAX_INLINE_CHARS = 80;

function toRange(e: ProposedEdit): vscode.Range {
  return new vscode.Range(e.start.line, e.start.character, e.end.line, e.end.character);
}

/** The added text as it can stand on one line after the struck text. */
export function addedLabel(text: string): string {
  const lines = text.split('\n');
  const first = lines.find((l) => l.trim() !== '') ?? '';
  let label = lines.length > 1 ? `${first.trim()} …(+${lines.length - 1} lines)` : first;
  if (label.length > MAX_INLINE_CHARS) label = `${label.slice(0, MAX_INLINE_CHARS - 1)}…`;
  // Leading spaces in `contentText` collapse; a no-break space keeps the gap visible.
  return label.replace(/^ +/, (s) => '\u00a0'.repeat(s.length));
}

export class SuggestionView implements vscode.Disposable {
  private readonly removed: vscode.TextEditorDecorationType;
  private readonly added: vscode.TextEditorDecorationType;
  private readonly marker: vscode.TextEditorDecorationType;
  private readonly status: vscode.StatusBarItem;
  private shownIn: vscode.TextEditor | undefined;

  constructor(extensionUri: vscode.Uri) {
    this.removed = vscode.window.createTextEditorDecorationType({
      textDecoration: 'line-through',
      backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.added = vscode.window.createTextEditorDecorationType({
      after: {
        color: new vscode.ThemeColor('editor.foreground'),
        backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
        margin: '0 0 0 2px',
      },
    });
    this.marker = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'next-edit.svg'),
      gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.modifiedForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
    });
    this.status = vscode.window.createStatusBarItem('bedrockHaiku.nextEdit', vscode.StatusBarAlignment.Right, 99);
    this.status.name = 'Haiku next edit';
    this.status.command = 'bedrockHaiku.nextEdit.accept';
  }

  show(editor: vscode.TextEditor, edit: ProposedEdit, jumped: boolean): void {
    this.clear();
    const range = toRange(edit);
    const hover = new vscode.MarkdownString();
    hover.appendMarkdown('**Haiku: next edit** — `Tab` to ' + (jumped ? 'apply' : 'go there') + ', `Escape` to dismiss\n\n');
    hover.appendCodeblock([...edit.removed.split('\n').map((l) => `- ${l}`), ...edit.text.split('\n').map((l) => `+ ${l}`)].join('\n'), 'diff');
    editor.setDecorations(this.removed, edit.removed ? [{ range, hoverMessage: hover }] : []);
    editor.setDecorations(this.added, edit.text ? [{ range: new vscode.Range(range.end, range.end), hoverMessage: hover, renderOptions: { after: { contentText: addedLabel(edit.text) } } }] : []);
    editor.setDecorations(this.marker, [{ range: new vscode.Range(edit.start.line, 0, edit.start.line, 0), hoverMessage: hover }]);
    this.shownIn = editor;
    this.status.text = `$(arrow-right) Next edit: line ${edit.start.line + 1} · Tab to ${jumped ? 'apply' : 'go'}`;
    this.status.tooltip = 'Haiku suggests this edit after yours. Tab: go there, Tab again: apply. Escape: dismiss.';
    this.status.show();
  }

  /** The suggestion is shown as ghost text instead: only the status line remains. */
  showInline(edit: ProposedEdit): void {
    this.clear();
    this.status.text = `$(arrow-right) Next edit: line ${edit.start.line + 1} · Tab to apply`;
    this.status.show();
  }

  clear(): void {
    const e = this.shownIn;
    if (e) for (const d of [this.removed, this.added, this.marker]) e.setDecorations(d, []);
    this.shownIn = undefined;
    this.status.hide();
  }

  dispose(): void {
    this.clear();
    for (const d of [this.removed, this.added, this.marker, this.status]) d.dispose();
  }
}
