// The thin VS Code side of next edit suggestions: documents, changes and cursors into the controller's
// plain shapes; its suggestion out as ghost text (on the cursor's line) or decorations (elsewhere); Tab and
// Escape as commands bound while a suggestion shows; the setting; the outline from the symbol provider.

import * as vscode from 'vscode';
import { findModel } from '../bedrock/catalog';
import type { ModelStreamer, ResolvedModel } from '../bedrock/types';
import { checkSendable } from '../privacy/sendable';
import type { WorkspaceExclusions } from '../privacy/workspaceExclusions.vscode';
import type { Logger } from '../shared/logger';
import { NextEditController, type NextEditDeps, type Suggestion } from './controller';
import { SuggestionView } from './decorations.vscode';
import { inlineForm } from './inline';
import type { NextEditDocument, OutlineSymbol, Pos, ProposedEdit, TextChange } from './types';

const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs']);
export const CONTEXT_KEY = 'bedrockHaiku.nextEditVisible';
/** Pause after the last edit before asking: past a word's keys, before the developer moves on. */
export const PAUSE_MS = 400;
/** Tracking keeps a copy of the lines: not for huge files. */
const MAX_TRACKED_CHARS = 2_000_000;
const OUTLINE_MIN_LINES = 300;
const OUTLINE_WAIT_MS = 250;

export interface NextEditOptions {
  bedrock: ModelStreamer & { resolved(): ResolvedModel };
  log: Logger;
  exclusions: Pick<WorkspaceExclusions, 'isExcluded'>;
  extensionUri: vscode.Uri;
  /** Is completion ghost text on screen? (Next edits never show beside it.) */
  ghostTextVisible?: () => boolean;
  /** Tests shorten the pause. */
  overrides?: Partial<NextEditDeps>;
}

export interface NextEditApi extends vscode.Disposable {
  readonly controller: NextEditController;
}

/** On unless the user turned it off; a workspace may turn it off, never back on. */
export function nextEditEnabled(scope?: vscode.ConfigurationScope): boolean {
  const i = vscode.workspace.getConfiguration('bedrockHaiku', scope).inspect<boolean>('nextEdit.enabled');
  const user = i?.globalLanguageValue ?? i?.globalValue ?? i?.defaultValue ?? true;
  const workspace = [i?.workspaceValue, i?.workspaceFolderValue, i?.workspaceLanguageValue, i?.workspaceFolderLanguageValue];
  return user !== false && !workspace.includes(false);
}

function toDoc(d: vscode.TextDocument): NextEditDocument {
  return {
    uri: d.uri.toString(),
    relativePath: d.isUntitled ? d.uri.path : vscode.workspace.asRelativePath(d.uri, false),
    languageId: d.languageId,
    version: d.version,
    get lineCount() {
      return d.lineCount;
    },
    lineAt: (i: number) => d.lineAt(i).text,
  };
}

const toPos = (p: vscode.Position): Pos => ({ line: p.line, character: p.character });
const toVsPos = (p: Pos) => new vscode.Position(p.line, p.character);

/** Where the cursor stands after a change: the end of its inserted text. */
function endOf(c: vscode.TextDocumentContentChangeEvent): Pos {
  const lines = c.text.split(/\r?\n/);
  return lines.length === 1
    ? { line: c.range.start.line, character: c.range.start.character + c.text.length }
    : { line: c.range.start.line + lines.length - 1, character: lines[lines.length - 1].length };
}

function flatten(symbols: vscode.DocumentSymbol[], depth = 0, out: OutlineSymbol[] = []): OutlineSymbol[] {
  for (const s of symbols) {
    if (out.length >= 200) break;
    out.push({ name: s.name, kind: vscode.SymbolKind[s.kind].toLowerCase(), line: s.range.start.line, depth });
    flatten(s.children ?? [], depth + 1, out);
  }
  return out;
}

export function registerNextEdit(opts: NextEditOptions): NextEditApi {
  const disposables: vscode.Disposable[] = [];
  const view = new SuggestionView(opts.extensionUri);
  let inline: { uri: string; edit: ProposedEdit; range: vscode.Range; insertText: string } | undefined;
  /** The edit our own Tab is applying: its change event is the accept, not typing. */
  let applying: ProposedEdit | undefined;

  const activeDoc = () => vscode.window.activeTextEditor?.document;
  const controller = new NextEditController({
    streamer: opts.bedrock,
    settings: () => ({ enabled: nextEditEnabled(activeDoc()), pauseMs: PAUSE_MS }),
    charsPerToken: () => {
      const id = opts.bedrock.resolved().catalogId;
      return (id && findModel(id)?.charsPerToken) || 3.5;
    },
    isExcluded: (doc) => opts.exclusions.isExcluded(vscode.Uri.parse(doc.uri)),
    ghostTextVisible: () => opts.ghostTextVisible?.() ?? false,
    outline: async (doc, signal) => {
      if (doc.lineCount < OUTLINE_MIN_LINES) return undefined;
      const symbols = vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', vscode.Uri.parse(doc.uri));
      const timeout = new Promise<undefined>((r) => {
        const t = setTimeout(() => r(undefined), OUTLINE_WAIT_MS);
        signal.addEventListener('abort', () => clearTimeout(t), { once: true });
      });
      const found = await Promise.race([symbols, timeout]);
      return Array.isArray(found) && found.length && 'children' in found[0] ? flatten(found) : undefined;
    },
    log: opts.log,
    now: () => Date.now(),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        if (signal.aborted) return resolve();
        const t = setTimeout(done, ms);
        function done() {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      }),
    ...opts.overrides,
  });

  const track = (d: vscode.TextDocument) => {
    if (!SCHEMES.has(d.uri.scheme) || controller.isTracked(d.uri.toString())) return;
    const text = d.getText();
    if (text.length > MAX_TRACKED_CHARS || !checkSendable(text.slice(0, 65_536), Infinity).ok) return;
    controller.track(toDoc(d), text);
  };

  const render = (s: Suggestion | undefined, asDecorations = false) => {
    inline = undefined;
    const editor = s && vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === s.uri);
    if (!s || !editor) {
      view.clear();
      void vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);
      return;
    }
    const cursor = editor.selection.active;
    const form = !s.jumped && !asDecorations && editor === vscode.window.activeTextEditor ? inlineForm(toDoc(editor.document), s.edit, toPos(cursor)) : undefined;
    if (form) {
      inline = { uri: s.uri, edit: s.edit, range: new vscode.Range(toVsPos(form.range.start), toVsPos(form.range.end)), insertText: form.insertText };
      view.showInline(s.edit);
      void vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);
      void vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      return;
    }
    view.show(editor, s.edit, s.jumped);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, true);
  };

  const onChange = (e: vscode.TextDocumentChangeEvent) => {
    const uri = e.document.uri.toString();
    if (!controller.isTracked(uri) || e.contentChanges.length === 0) return;
    const doc = toDoc(e.document);
    const changes: TextChange[] = e.contentChanges.map((c) => ({ start: toPos(c.range.start), end: toPos(c.range.end), text: c.text.replace(/\r\n/g, '\n') }));
    const one = e.contentChanges.length === 1 ? e.contentChanges[0] : undefined;
    const mine = applying;
    if (mine && one && same(changes[0], mine)) {
      applying = undefined;
      controller.applied(doc, mine, endOf(one));
      return;
    }
    // Tab on our ghost text: VS Code applied the item; it is an accept all the same (and chains).
    const ghost = inline;
    if (ghost && ghost.uri === uri && one && one.range.isEqual(ghost.range) && one.text === ghost.insertText) {
      controller.appliedByEditor(doc, ghost.edit, endOf(one));
      return;
    }
    const how = e.reason === vscode.TextDocumentChangeReason.Undo || e.reason === vscode.TextDocumentChangeReason.Redo ? 'undoRedo' : 'typed';
    controller.didChange(doc, changes, endOf(e.contentChanges[0]), how);
  };

  const accept = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const step = controller.accept(toDoc(editor.document), toPos(editor.selection.active));
    if (step.kind === 'jump') {
      const p = toVsPos(step.to);
      editor.selection = new vscode.Selection(p, p);
      editor.revealRange(new vscode.Range(p, p), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return;
    }
    if (step.kind !== 'apply') return;
    const edit = step.edit;
    const eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    applying = edit;
    const ok = await editor.edit((b) => b.replace(new vscode.Range(toVsPos(edit.start), toVsPos(edit.end)), edit.text.replace(/\n/g, eol)), { undoStopBefore: true, undoStopAfter: true });
    if (applying === edit) applying = undefined;
    if (!ok) return;
    const lines = edit.text.split('\n');
    const end = lines.length === 1 ? new vscode.Position(edit.start.line, edit.start.character + edit.text.length) : new vscode.Position(edit.start.line + lines.length - 1, lines[lines.length - 1].length);
    editor.selection = new vscode.Selection(end, end);
  };

  const provider: vscode.InlineCompletionItemProvider = {
    provideInlineCompletionItems(document, position) {
      const f = inline;
      if (!f || f.uri !== document.uri.toString() || position.line !== f.range.start.line) return undefined;
      if (position.character < f.range.start.character || position.character > f.range.end.character) return undefined;
      return [new vscode.InlineCompletionItem(f.insertText, f.range)];
    },
  };

  for (const e of vscode.window.visibleTextEditors) track(e.document);
  disposables.push(
    view,
    controller.onDidChange((s) => render(s)),
    // Ghost text lives at the cursor: once the cursor leaves its line, the suggestion shows as decorations.
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (inline && e.textEditor.document.uri.toString() === inline.uri && e.selections[0].active.line !== inline.range.start.line) render(controller.suggestion, true);
    }),
    vscode.workspace.onDidChangeTextDocument(onChange),
    vscode.window.onDidChangeActiveTextEditor((e) => e && track(e.document)),
    vscode.window.onDidChangeVisibleTextEditors((es) => es.forEach((e) => track(e.document))),
    vscode.workspace.onDidCloseTextDocument((d) => controller.forget(d.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bedrockHaiku.nextEdit.enabled') && !nextEditEnabled(activeDoc())) controller.dismiss();
    }),
    vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, provider),
    vscode.commands.registerCommand('bedrockHaiku.nextEdit.accept', accept),
    vscode.commands.registerCommand('bedrockHaiku.nextEdit.dismiss', () => controller.dismiss()),
  );
  return {
    controller,
    dispose: () => {
      controller.dispose();
      for (const d of disposables) d.dispose();
      void vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);
    },
  };
}

function same(c: TextChange, e: ProposedEdit): boolean {
  return c.start.line === e.start.line && c.start.character === e.start.character && c.end.line === e.end.line && c.end.character === e.end.character && c.text === e.text;
}
