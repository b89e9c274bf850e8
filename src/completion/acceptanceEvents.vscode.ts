// The editor events that end a suggestion without an edit, for the acceptance tracker: the (primary) cursor moving
// away from it (or a selection starting) and its document closing. Switching editors is told by the
// provider's own active-editor listener.

import * as vscode from 'vscode';
import type { AcceptanceTracker } from './acceptanceTracker';

export function suggestionEndEvents(tracker: () => Pick<AcceptanceTracker, 'showsIn' | 'moved' | 'closed'> | undefined): vscode.Disposable[] {
  return [
    // Every keystroke moves the cursor: nothing is computed unless a suggestion is on screen in that document.
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const t = tracker();
      const s = e.selections[0];
      const doc = e.textEditor.document;
      if (!t || !s || !t.showsIn(doc.uri.toString())) return;
      t.moved(doc.uri.toString(), doc.offsetAt(s.active), s.isEmpty);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => tracker()?.closed(d.uri.toString())),
  ];
}
