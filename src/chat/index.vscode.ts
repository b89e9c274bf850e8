// The chat's VS Code side: the webview view provider, the New Chat command, and the editor, clipboard and
// browser operations the webview asks for. Everything with behaviour lives in controller.ts.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposables } from '../shared/disposables';
import { isWebviewMessage, type AttachmentKind, type HostMessage } from '../shared/protocol';
import { redactingLogger } from '../privacy/redactingLogger';
import { StorageNotices } from '../shared/storageNotice';
import { webviewPage } from '../shared/webviewPage.vscode';
import type { Services } from '../services';
import type { ChatApi, ChatTurnRequest } from './api';
import type { EditorSnapshot } from './context';
import { ChatController, type ChatHost } from './controller';
import { toView } from './conversation';
import { FolderStorage } from './fileStorage';
import { HistoryStore } from './historyStore';
import { chatHtml } from './html';

export const CHAT_VIEW_ID = 'bedrockHaiku.chat';
const CURRENT_KEY = 'bedrockHaiku.chat.currentConversation';

class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  /** True between the webview's `ready` and its disposal or hiding: before that, posts would be lost. */
  private ready = false;
  private readonly viewSubs = new Disposables();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onMessage: (msg: unknown) => Promise<void>,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.viewSubs.clear();
    this.view = view;
    this.ready = false;
    const webview = view.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    webview.html = chatHtml(
      webviewPage(webview, vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'chat.js'), vscode.Uri.joinPath(this.extensionUri, 'media', 'chat.css')),
    );
    this.viewSubs.push(
      webview.onDidReceiveMessage((msg: unknown) => {
        if (isWebviewMessage(msg) && msg.type === 'ready') this.ready = true;
        void this.onMessage(msg);
      }),
      // Without retainContextWhenHidden a hidden view's page is gone; it says ready again when shown.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    );
  }

  post(msg: HostMessage): void {
    if (this.view && this.ready) void this.view.webview.postMessage(msg);
  }

  get isReady(): boolean {
    return this.ready;
  }

  dispose(): void {
    this.viewSubs.dispose();
  }
}

/** Markdown fence names → VS Code language ids, for "Open in new editor". */
const LANGUAGE_ALIASES: Record<string, string> = {
  ts: 'typescript', js: 'javascript', tsx: 'typescriptreact', jsx: 'javascriptreact', py: 'python',
  sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', shell: 'shellscript', console: 'shellscript',
  yml: 'yaml', md: 'markdown', 'c++': 'cpp', cs: 'csharp', rb: 'ruby', rs: 'rust', golang: 'go', kt: 'kotlin',
  ps1: 'powershell', text: 'plaintext', txt: 'plaintext', docker: 'dockerfile',
};

/**
 * VS Code does not hand files over 50 MB to extensions: such a file is open in the active tab yet has no
 * text editor here. Say so, rather than "open a file" or attaching another visible editor's file.
 */
function tooLargeForExtensions(): string | undefined {
  if (vscode.window.activeTextEditor) return undefined;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (!(input instanceof vscode.TabInputText)) return undefined;
  if (vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === input.uri.toString())) return undefined;
  return `${path.basename(input.uri.path)} cannot be attached: VS Code does not share files this large (over 50 MB) with extensions.`;
}

function targetEditor(): vscode.TextEditor | undefined {
  return vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
}

function createHost(services: Services, provider: ChatViewProvider): ChatHost {
  /** The document the last snapshot was taken from: the exclusion verdict is about that file, not its name. */
  let snapped: { relativePath: string; uri: vscode.Uri } | undefined;
  return {
    post: (msg) => provider.post(msg),
    copy: async (text) => {
      await vscode.env.clipboard.writeText(text);
    },
    applyCode: async (action, code) => {
      const editor = targetEditor();
      if (!editor) return 'Open a file in the editor first.';
      // A WorkspaceEdit, so the change is one undoable step like any other edit.
      const edit = new vscode.WorkspaceEdit();
      if (action === 'insert') edit.insert(editor.document.uri, editor.selection.active, code);
      else edit.replace(editor.document.uri, editor.selection, code);
      const ok = await vscode.workspace.applyEdit(edit);
      if (!ok) return 'The editor did not accept the change (is the file read-only?).';
      await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
      return undefined;
    },
    openInEditor: async (code, language) => {
      const known = new Set(await vscode.languages.getLanguages());
      const wanted = language ? (LANGUAGE_ALIASES[language.toLowerCase()] ?? language.toLowerCase()) : undefined;
      const doc = await vscode.workspace.openTextDocument({ content: code, language: wanted && known.has(wanted) ? wanted : undefined });
      await vscode.window.showTextDocument(doc, { preview: false });
    },
    openExternal: async (href) => {
      await vscode.env.openExternal(vscode.Uri.parse(href, true));
    },
    snapshot: async (kind: AttachmentKind): Promise<EditorSnapshot | string> => {
      const tooLarge = tooLargeForExtensions();
      if (tooLarge) return tooLarge;
      const editor = targetEditor();
      if (!editor) return 'Open a file in the editor first.';
      const doc = editor.document;
      const relativePath = doc.isUntitled ? path.basename(doc.uri.path) : vscode.workspace.asRelativePath(doc.uri, false);
      snapped = { relativePath, uri: doc.uri };
      if (kind === 'file') return { relativePath, languageId: doc.languageId, text: doc.getText() };
      const sel = editor.selection;
      if (sel.isEmpty) return 'Select some code first.';
      // A selection ending at the start of a line does not include that line.
      const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
      return { relativePath, languageId: doc.languageId, text: doc.getText(sel), startLine: sel.start.line + 1, endLine };
    },
    exclusionRules: async () => {
      const s = snapped;
      // The shared rules (the same verdict completions and explain give); a .haikuignore saved a moment ago counts.
      const verdict = s ? await services.exclusions.check(s.uri) : undefined;
      return {
        isExcluded: (name: string) =>
          verdict && s?.relativePath === name
            ? verdict
            : // Not the file just snapshotted (cannot happen in the controller's order): refuse rather than guess.
              { excluded: true, reason: 'it could not be checked against the exclusion rules; attach it again' },
      };
    },
    runErrorAction: (error) => services.runErrorAction(error),
  };
}

async function revealView(): Promise<void> {
  try {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  } catch {
    await vscode.commands.executeCommand('workbench.view.extension.bedrockHaiku');
  }
}

/** Internal commands (not in package.json): let the extension-host tests see what the view shows and is told. */
function inspectionCommands(chat: {
  initialized: Promise<void>;
  controller: ChatController;
  store: HistoryStore;
  provider: ChatViewProvider;
  capture: (fn: () => Promise<void>) => Promise<HostMessage[]>;
}): vscode.Disposable[] {
  const { initialized, controller, store, provider } = chat;
  return [
    vscode.commands.registerCommand('_bedrockHaiku.chat.state', async () => {
      await initialized;
      return { viewReady: provider.isReady, busy: controller.busy, conversation: toView(controller.conversation), history: store.list() };
    }),
    // The view's + File / + Selection; returns the notices and chips the view was sent.
    vscode.commands.registerCommand('_bedrockHaiku.chat.attach', async (kind: AttachmentKind = 'file') => {
      await initialized;
      const posts = await chat.capture(() => controller.attach(kind));
      const chips = posts.filter((m) => m.type === 'attachments');
      return {
        notices: posts.flatMap((m) => (m.type === 'notice' ? [m.text] : [])),
        attachments: chips.length ? chips[chips.length - 1].attachments : [],
      };
    }),
  ];
}

export function registerChat(services: Services): { disposables: vscode.Disposable[]; api: ChatApi; flush: () => Promise<void> } {
  const { context } = services;
  // Failures quote SDK and file-system messages; the chat's lines go through the redactor whatever the root does.
  const log = redactingLogger(services.log);
  const storage = new FolderStorage(path.join(context.globalStorageUri.fsPath, 'chat'));
  // Shared by every window (historyStore.ts says how); which conversation reopens is this workspace's own.
  const store = new HistoryStore(storage, log, {
    notices: new StorageNotices((m) => void vscode.window.showWarningMessage(`Haiku: ${m}`), log),
    currentPointer: { get: () => context.workspaceState.get<string>(CURRENT_KEY), set: (id) => void context.workspaceState.update(CURRENT_KEY, id) },
  });
  // The provider's callback runs only after the webview loads, by which time both consts below exist.
  const provider = new ChatViewProvider(context.extensionUri, async (msg) => {
    await initialized;
    try {
      await controller.handle(msg);
    } catch (e) {
      log.error(`chat: handling a webview message failed: ${String(e)}`);
    }
  });
  const host = createHost(services, provider);
  /** While `_bedrockHaiku.chat.attach` runs: what the view is told (the notice with a refusal's reason). */
  let captured: HostMessage[] | undefined;
  const post = host.post;
  host.post = (msg) => {
    captured?.push(msg);
    post(msg);
  };
  const capture = async (fn: () => Promise<void>): Promise<HostMessage[]> => {
    const posts: HostMessage[] = (captured = []);
    try {
      await fn();
    } finally {
      captured = undefined;
    }
    return posts;
  };
  const controller = new ChatController({
    streamer: services.bedrock,
    resolved: () => services.bedrock.resolved(),
    store,
    host,
    log,
  });
  const initialized = controller.init();

  const api: ChatApi = {
    async startTurn(request: ChatTurnRequest): Promise<void> {
      await revealView();
      await initialized;
      await controller.startTurn(request);
    },
  };

  const disposables: vscode.Disposable[] = [
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
    vscode.commands.registerCommand('bedrockHaiku.newChat', async () => {
      await revealView();
      await initialized;
      await controller.newChat();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bedrockHaiku.model') || e.affectsConfiguration('bedrockHaiku.aws.region')) {
        if (provider.isReady) controller.sendState();
      }
    }),
    ...inspectionCommands({ initialized, controller, store, provider, capture }),
    { dispose: () => controller.dispose() },
    provider,
  ];
  return { disposables, api, flush: () => store.flush() };
}

