// Haiku in VS Code's own chat and agent mode: a LanguageModelChatProvider (stable since VS Code 1.104)
// registered for the vendor `bedrockHaiku` that package.json contributes. Translation only: the logic is
// in provider.ts. The provider API's types are declared here structurally until @types/vscode is raised
// to 1.104 (the classes used exist since 1.95).

import * as vscode from 'vscode';
import type { Services } from '../services';
import type { LmMessage, LmPart } from './convert';
import type { LmModelInfo } from './models';
import { LmChatProvider, messageText } from './provider';

export const LM_VENDOR = 'bedrockHaiku';

type ModelInfo = LmModelInfo & { capabilities: { toolCalling?: boolean | number; imageInput?: boolean } };

interface RequestMessage {
  readonly role: vscode.LanguageModelChatMessageRole;
  readonly content: ReadonlyArray<unknown>;
}

interface ProviderApi {
  onDidChangeLanguageModelChatInformation?: vscode.Event<void>;
  provideLanguageModelChatInformation(options: { silent: boolean }, token: vscode.CancellationToken): ModelInfo[];
  provideLanguageModelChatResponse(
    model: ModelInfo,
    messages: readonly RequestMessage[],
    options: { tools?: readonly vscode.LanguageModelChatTool[]; toolMode?: vscode.LanguageModelChatToolMode },
    progress: vscode.Progress<unknown>,
    token: vscode.CancellationToken,
  ): Promise<void>;
  provideTokenCount(model: ModelInfo, text: string | RequestMessage, token: vscode.CancellationToken): Promise<number>;
}

type LmNamespace = { registerLanguageModelChatProvider?: (vendor: string, provider: ProviderApi) => vscode.Disposable };

/** A tool result part as text: text parts as they are, prompt-tsx and JSON data parts as JSON. */
function resultText(c: unknown): string {
  if (c instanceof vscode.LanguageModelTextPart) return c.value;
  if (typeof c === 'string') return c;
  const data = c as { mimeType?: unknown; data?: unknown; value?: unknown };
  if (typeof data.mimeType === 'string' && data.data instanceof Uint8Array) {
    return /^text\/|json/.test(data.mimeType) ? new TextDecoder().decode(data.data) : '';
  }
  if (data.value !== undefined) return typeof data.value === 'string' ? data.value : JSON.stringify(data.value);
  return '';
}

function toPart(p: unknown): LmPart | undefined {
  if (p instanceof vscode.LanguageModelTextPart) return { type: 'text', text: p.value };
  if (p instanceof vscode.LanguageModelToolCallPart) return { type: 'toolCall', callId: p.callId, name: p.name, input: p.input };
  if (p instanceof vscode.LanguageModelToolResultPart) return { type: 'toolResult', callId: p.callId, text: p.content.map(resultText).join('') };
  return undefined; // images, data parts: not offered (imageInput is false)
}

function toMessage(m: RequestMessage): LmMessage {
  const role = m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user';
  return { role, parts: m.content.map(toPart).filter((p): p is LmPart => !!p) };
}

/** Registers the provider when this VS Code has the API (1.104+); returns what to dispose. */
export function registerLmChat(services: Services): vscode.Disposable[] {
  const lm = vscode.lm as unknown as LmNamespace;
  if (typeof lm.registerLanguageModelChatProvider !== 'function') {
    services.log.info('VS Code chat provider API not available in this VS Code (needs 1.104): Haiku is not offered in VS Code chat.');
    return [];
  }
  const bedrock = services.bedrock;
  const logic = new LmChatProvider({
    bedrock,
    configuredModel: () => services.config().model,
    log: (m) => services.log.info(m),
    ...(bedrock.countTokens ? { countTokens: (model, text, signal) => bedrock.countTokens!(model, text, signal) } : {}),
    region: () => bedrock.resolved().region,
  });
  const changed = new vscode.EventEmitter<void>();
  let offered = JSON.stringify(logic.models());
  const provider: ProviderApi = {
    onDidChangeLanguageModelChatInformation: changed.event,
    provideLanguageModelChatInformation: () => logic.models().map((m) => ({ ...m, capabilities: { toolCalling: true, imageInput: false } })),
    async provideLanguageModelChatResponse(model, messages, options, progress, token) {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        await logic.respond(
          model,
          messages.map(toMessage),
          {
            tools: options.tools?.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
            toolRequired: options.toolMode === vscode.LanguageModelChatToolMode.Required,
            signal: controller.signal,
          },
          {
            text: (d) => progress.report(new vscode.LanguageModelTextPart(d)),
            toolCall: (id, name, input) => progress.report(new vscode.LanguageModelToolCallPart(id, name, input)),
          },
        );
      } finally {
        sub.dispose();
      }
    },
    async provideTokenCount(model, text, token) {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await logic.tokenCount(model, typeof text === 'string' ? text : messageText(toMessage(text)), controller.signal);
      } finally {
        sub.dispose();
      }
    },
  };
  return [
    changed,
    lm.registerLanguageModelChatProvider(LM_VENDOR, provider),
    // A newly chosen application profile is offered at once, and renamed once Bedrock says what it is.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bedrockHaiku.model')) changed.fire();
    }),
    services.bedrock.onDidFinish(() => {
      const now = JSON.stringify(logic.models());
      if (now !== offered) changed.fire();
      offered = now;
    }),
  ];
}
