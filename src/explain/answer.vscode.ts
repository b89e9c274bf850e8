// Where an explanation goes: a new turn in the chat view when the chat feature is there, else a read-only
// Markdown document that the answer streams into (with the context that was sent, and the error inline).

import * as vscode from 'vscode';
import type { BedrockError, StreamResult } from '../bedrock/types';
import type { Services } from '../services';
import { codeBlock } from './diagnosticContext';
import type { PreparedRequest } from './prompts';
import { EXPLAIN_MAX_OUTPUT_TOKENS } from './settings';

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
  /** 'chat' when the chat view took the turn; else the fallback document's outcome. */
  via: 'chat' | 'document';
  result?: StreamResult;
  uri?: vscode.Uri;
}

function contextSection(req: PreparedRequest): string {
  const note = req.redactions > 0 ? `\n\n${req.redactions} secret value(s) were replaced by placeholders (${req.redactedKinds.join(', ')}).` : '';
  return `\n\n---\n\n<details><summary>Context sent</summary>\n\n${codeBlock(req.contextSent, 'text')}${note}\n\n</details>\n`;
}

export class AnswerSink implements vscode.Disposable {
  readonly documents = new AnswerDocuments();

  constructor(private readonly services: Services) {}

  async deliver(req: PreparedRequest): Promise<DeliveryResult> {
    const chat = this.services.chat;
    if (chat) {
      await chat.startTurn({ title: req.title, prompt: req.prompt, contextSent: req.contextSent, system: req.system, feature: 'explain', newConversation: true });
      return { via: 'chat' };
    }
    return this.streamToDocument(req);
  }

  /** The fallback: stream into a read-only Markdown document beside the editor. */
  private async streamToDocument(req: PreparedRequest): Promise<DeliveryResult> {
    const uri = this.documents.create(req.title);
    const header = `# ${req.title}\n\n`;
    const tail = contextSection(req);
    this.documents.set(uri, `${header}_Waiting for ${this.services.bedrock.resolved().displayName}…_${tail}`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });

    const controller = new AbortController();
    // Closing the document stops the answer: nobody is reading it any more.
    const closed = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.toString() === uri.toString()) controller.abort();
    });
    let last = 0;
    try {
      const result = await this.services.bedrock.stream(
        { feature: 'explain', system: req.system, messages: [{ role: 'user', text: req.prompt }], maxTokens: EXPLAIN_MAX_OUTPUT_TOKENS, temperature: 0.2 },
        {
          signal: controller.signal,
          onText: (_delta, soFar) => {
            const now = Date.now();
            if (now - last < 80) return;
            last = now;
            this.documents.set(uri, header + soFar + tail);
          },
        },
      );
      this.documents.set(uri, header + result.text + outcomeNote(result) + tail);
      if (result.error) void this.offerAction(result.error);
      return { via: 'document', result, uri };
    } finally {
      closed.dispose();
    }
  }

  async offerAction(error: BedrockError): Promise<void> {
    const choice = await vscode.window.showErrorMessage(`Haiku: ${error.message}`, ...(error.action ? [error.action.label] : []));
    if (choice && error.action) await this.services.runErrorAction(error);
  }

  dispose(): void {
    this.documents.dispose();
  }
}

function outcomeNote(result: StreamResult): string {
  switch (result.outcome) {
    case 'complete':
      return '';
    case 'aborted':
      return '\n\n_Stopped._';
    case 'cutOff':
      return '\n\n_The answer was cut off (the connection dropped)._';
    case 'error':
      return `\n\n> **Error:** ${result.error?.message ?? 'the request failed.'}${result.error?.action ? ` (${result.error.action.label})` : ''}`;
  }
}
