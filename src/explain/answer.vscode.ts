// Where an explanation goes: a new turn in the chat view (with the context that was sent). The read-only
// Markdown documents here hold what is shown beside the editor instead: a fix's raw answer.

import * as vscode from 'vscode';
import type { BedrockError } from '../bedrock/types';
import type { ChatApi } from '../chat/api';
import type { Services } from '../services';
import type { PreparedRequest } from './prompts';

export const ANSWER_SCHEME = 'bedrock-haiku-explain';

/** Read-only documents holding answers; their text changes while the answer streams. */
export class AnswerDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  create(title: string): vscode.Uri {
    const name = title.replace(/[^\w .,:()'-]+/g, ' ').replace(/[:]/g, ' -').trim().slice(0, 60) || 'Explanation';
    return vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/${name}.md`, query: String(++this.counter) });
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}

export interface DeliveryResult {
  /** The chat view took the turn. */
  via: 'chat';
}

export class AnswerSink implements vscode.Disposable {
  readonly documents = new AnswerDocuments();

  constructor(
    private readonly services: Services,
    private readonly chat: ChatApi,
  ) {}

  async deliver(req: PreparedRequest): Promise<DeliveryResult> {
    await this.chat.startTurn({ title: req.title, prompt: req.prompt, contextSent: req.contextSent, system: req.system, feature: 'explain', newConversation: true });
    return { via: 'chat' };
  }

  async offerAction(error: BedrockError): Promise<void> {
    const choice = await vscode.window.showErrorMessage(`Haiku: ${error.message}`, ...(error.action ? [error.action.label] : []));
    if (choice && error.action) await this.services.runErrorAction(error);
  }

  dispose(): void {
    this.documents.dispose();
  }
}
