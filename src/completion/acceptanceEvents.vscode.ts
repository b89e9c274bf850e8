// The editor events that end a suggestion without an edit, for the acceptance tracker: the (primary) cursor moving
// away from it (or a selection starting) and its document closing. Switching editors is told by the
// provider's own active-editor listener.

import * as vscode from 'vscode';
import type { AcceptanceTracker } from './acceptanceTracker';

export function suggestionEndEvents(tracker: () => Pick<AcceptanceTracker, 'moved' | 'closed'> | undefined): vscode.Disposable[] {
  return [
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const t = tracker();
      const s = e.selections[0];
      if (!t || !s) return;
      const doc = e.textEditor.document;
      t.moved(doc.uri.toString(), doc.offsetAt(s.active), s.isEmpty);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => tracker()?.closed(d.uri.toString())),
  ];
}
