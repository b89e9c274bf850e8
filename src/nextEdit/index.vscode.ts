// The thin VS Code side of next edit suggestions: documents, changes and cursors into the controller's
// plain shapes; its suggestion out as ghost text (on the cursor's line) or decorations (elsewhere); Tab and
// Escape as commands bound while a suggestion shows; the setting; the outline from the symbol provider.

import * as vscode from 'vscode';
import { DEFAULT_CHARS_PER_TOKEN, findModel } from '../bedrock/catalog';
import type { ModelStreamer, ResolvedModel } from '../bedrock/types';
import { checkSendable } from '../privacy/sendable';
import type { WorkspaceExclusions } from '../privacy/workspaceExclusions.vscode';
import type { Logger } from '../shared/logger';
import type { AcceptanceStore } from '../status/api';
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
  /** Where shown / accepted / dismissed counts go (local only). */
  acceptance?: Pick<AcceptanceStore, 'record'>;
}

export interface NextEditApi extends vscode.Disposable {
  readonly controller: NextEditController;
}

/** On unless the user turned it off; a workspace may turn it off, never back on. */
/** The status-bar menu's switch: flips the user's own setting (a workspace's "off" still wins). */
async function toggleNextEdit(): Promise<void> {
  const config = vscode.workspace.getConfiguration('bedrockHaiku');
  const on = !(config.inspect<boolean>('nextEdit.enabled')?.globalValue ?? true);
  await config.update('nextEdit.enabled', on, vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(`Haiku: next edit suggestions are ${on ? 'on' : 'off'}.`);
}

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

/** The controller's dependencies in VS Code terms: settings, model, exclusions, outline, real timers. */
function controllerDeps(opts: NextEditOptions): NextEditDeps {
  return {
    streamer: opts.bedrock,
    settings: () => ({ enabled: nextEditEnabled(vscode.window.activeTextEditor?.document), pauseMs: PAUSE_MS }),
    charsPerToken: () => {
      const id = opts.bedrock.resolved().catalogId;
      return (id && findModel(id)?.charsPerToken) || DEFAULT_CHARS_PER_TOKEN;
    },
    isExcluded: (doc) => opts.exclusions.isExcluded(vscode.Uri.parse(doc.uri)),
    ghostTextVisible: () => opts.ghostTextVisible?.() ?? false,
    outline: outlineOf,
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
  };
}

/** Symbols of a long file (a short one is sent whole), if the provider answers quickly. */
async function outlineOf(doc: NextEditDocument, signal: AbortSignal): Promise<OutlineSymbol[] | undefined> {
  if (doc.lineCount < OUTLINE_MIN_LINES) return undefined;
  const symbols = vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', vscode.Uri.parse(doc.uri));
  const timeout = new Promise<undefined>((r) => {
    const t = setTimeout(() => r(undefined), OUTLINE_WAIT_MS);
    signal.addEventListener('abort', () => clearTimeout(t), { once: true });
  });
  const found = await Promise.race([symbols, timeout]);
  return Array.isArray(found) && found.length && 'children' in found[0] ? flatten(found) : undefined;
}

interface InlineShown {
  uri: string;
  edit: ProposedEdit;
  range: vscode.Range;
  insertText: string;
}

class NextEditAdapter implements vscode.InlineCompletionItemProvider {
  readonly controller: NextEditController;
  private readonly view: SuggestionView;
  private inline: InlineShown | undefined;
  /** The edit our own Tab is applying: its change event is the accept, not typing. */
  private applying: ProposedEdit | undefined;

  constructor(opts: NextEditOptions) {
    this.controller = new NextEditController(controllerDeps(opts));
    this.view = new SuggestionView(opts.extensionUri);
  }

  track(d: vscode.TextDocument): void {
    if (!SCHEMES.has(d.uri.scheme) || this.controller.isTracked(d.uri.toString())) return;
    const text = d.getText();
    if (text.length > MAX_TRACKED_CHARS || !checkSendable(text.slice(0, 65_536), Infinity).ok) return;
    this.controller.track(toDoc(d), text);
  }

  render(s: Suggestion | undefined, asDecorations = false): void {
    this.inline = undefined;
    const editor = s && vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === s.uri);
    if (!s || !editor) {
      this.view.clear();
      void vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);
      return;
    }
    const onCursorLine = !s.jumped && !asDecorations && editor === vscode.window.activeTextEditor;
    const form = onCursorLine ? inlineForm(toDoc(editor.document), s.edit, toPos(editor.selection.active)) : undefined;
    if (form) {
      this.inline = { uri: s.uri, edit: s.edit, range: new vscode.Range(toVsPos(form.range.start), toVsPos(form.range.end)), insertText: form.insertText };
      this.view.showInline(s.edit);
      void vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);
      void vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      return;
    }
    this.view.show(editor, s.edit, s.jumped);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, true);
  }

  /** Ghost text lives at the cursor: once the cursor leaves its line, the suggestion shows as decorations. */
  selectionChanged(e: vscode.TextEditorSelectionChangeEvent): void {
    const f = this.inline;
    if (f && e.textEditor.document.uri.toString() === f.uri && e.selections[0].active.line !== f.range.start.line) this.render(this.controller.suggestion, true);
  }

  documentChanged(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    if (!this.controller.isTracked(uri) || e.contentChanges.length === 0) return;
    const doc = toDoc(e.document);
    const changes: TextChange[] = e.contentChanges.map((c) => ({ start: toPos(c.range.start), end: toPos(c.range.end), text: c.text.replace(/\r\n/g, '\n') }));
    const one = e.contentChanges.length === 1 ? e.contentChanges[0] : undefined;
    const mine = this.applying;
    if (mine && one && same(changes[0], mine)) {
      this.applying = undefined;
      this.controller.applied(doc, mine, endOf(one));
      return;
    }
    // Tab on our ghost text: VS Code applied the item; it is an accept all the same (and chains).
    const ghost = this.inline;
    if (ghost && ghost.uri === uri && one && one.range.isEqual(ghost.range) && one.text === ghost.insertText) {
      this.controller.appliedByEditor(doc, ghost.edit, endOf(one));
      return;
    }
    const how = e.reason === vscode.TextDocumentChangeReason.Undo || e.reason === vscode.TextDocumentChangeReason.Redo ? 'undoRedo' : 'typed';
    this.controller.didChange(doc, changes, endOf(e.contentChanges[0]), how);
  }

  /** Tab: go to the suggestion, or apply it (exactly as shown, one undoable edit). */
  async accept(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const step = this.controller.accept(toDoc(editor.document), toPos(editor.selection.active));
    if (step.kind === 'jump') {
      const p = toVsPos(step.to);
      editor.selection = new vscode.Selection(p, p);
      editor.revealRange(new vscode.Range(p, p), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return;
    }
    if (step.kind !== 'apply') return;
    const edit = step.edit;
    const eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    this.applying = edit;
    const range = new vscode.Range(toVsPos(edit.start), toVsPos(edit.end));
    const ok = await editor.edit((b) => b.replace(range, edit.text.replace(/\n/g, eol)), { undoStopBefore: true, undoStopAfter: true });
    if (this.applying === edit) this.applying = undefined;
    if (!ok) return;
    const lines = edit.text.split('\n');
    const end = lines.length === 1 ? new vscode.Position(edit.start.line, edit.start.character + edit.text.length) : new vscode.Position(edit.start.line + lines.length - 1, lines[lines.length - 1].length);
    editor.selection = new vscode.Selection(end, end);
  }

  provideInlineCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.InlineCompletionItem[] | undefined {
    const f = this.inline;
    if (!f || f.uri !== document.uri.toString() || !f.range.contains(position)) return undefined;
    return [new vscode.InlineCompletionItem(f.insertText, f.range)];
  }

  dispose(): void {
    this.controller.dispose();
    this.view.dispose();
  }
}

export function registerNextEdit(opts: NextEditOptions): NextEditApi {
  const a = new NextEditAdapter(opts);
  for (const e of vscode.window.visibleTextEditors) a.track(e.document);
  const disposables: vscode.Disposable[] = [
    a,
    a.controller.onDidChange((s) => a.render(s)),
    ...(opts.acceptance ? [countOutcomes(a.controller, opts.acceptance)] : []),
    vscode.window.onDidChangeTextEditorSelection((e) => a.selectionChanged(e)),
    vscode.workspace.onDidChangeTextDocument((e) => a.documentChanged(e)),
    vscode.window.onDidChangeActiveTextEditor((e) => e && a.track(e.document)),
    vscode.window.onDidChangeVisibleTextEditors((es) => es.forEach((e) => a.track(e.document))),
    vscode.workspace.onDidCloseTextDocument((d) => a.controller.forget(d.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bedrockHaiku.nextEdit.enabled') && !nextEditEnabled(vscode.window.activeTextEditor?.document)) a.controller.dismiss();
    }),
    vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, a),
    vscode.commands.registerCommand('bedrockHaiku.nextEdit.accept', () => a.accept()),
    vscode.commands.registerCommand('bedrockHaiku.nextEdit.dismiss', () => a.controller.dismiss()),
    vscode.commands.registerCommand('bedrockHaiku.nextEdit.toggle', () => toggleNextEdit()),
  ];
  return {
    controller: a.controller,
    dispose: () => {
      for (const d of disposables) d.dispose();
      void vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);
    },
  };
}

function same(c: TextChange, e: ProposedEdit): boolean {
  return c.start.line === e.start.line && c.start.character === e.start.character && c.end.line === e.end.line && c.end.character === e.end.character && c.text === e.text;
}

/** The controller counts shown / accepted / dismissed; each change of its counts becomes events in the store. */
function countOutcomes(controller: NextEditController, store: Pick<AcceptanceStore, 'record'>): vscode.Disposable {
  const seen = { shown: controller.stats.shown, accepted: controller.stats.accepted, dismissed: controller.stats.dismissed };
  let language = 'unknown';
  return controller.onDidChange((s) => {
    const doc = s && vscode.workspace.textDocuments.find((d) => d.uri.toString() === s.uri);
    if (doc) language = doc.languageId;
    for (const kind of ['shown', 'accepted', 'dismissed'] as const) {
      for (; seen[kind] < controller.stats[kind]; seen[kind]++) store.record({ feature: 'nextEdit', kind, language });
    }
  });
}
