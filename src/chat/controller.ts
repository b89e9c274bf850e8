// The chat's behaviour without VS Code: what each webview message does, how a turn streams, stops, fails
// and is retried, what is stored. The adapter (index.vscode.ts) supplies the editor, clipboard, browser and
// the webview's postMessage through ChatHost.

import { findModel } from '../bedrock/catalog';
import type { BedrockError, ModelStreamer, ResolvedModel } from '../bedrock/types';
import { redactSecrets, type ExclusionRules } from '../privacy';
import type { Logger } from '../shared/logger';
import {
  describeMessage, isHttpUrl, isOversizedSend, isWebviewMessage, tooLongReason, type AttachmentKind, type CodeAction, type HostMessage,
} from '../shared/protocol';
import type { ChatTurnRequest } from './api';
import { buildAttachment, composePrompt, redactQuestion, toAttachmentView, type Attachment, type EditorSnapshot } from './context';
import {
  addTurn, askAgain, failAnswer, finishAnswer, newConversation, resetAnswer, toTurnView, toView,
  type Conversation, type Turn,
} from './conversation';
import type { HistoryStore } from './historyStore';
import { buildChatRequest } from './prompt';

export interface ChatHost {
  /** Posts to the webview; the adapter drops messages while no view is ready (state is re-sent on ready). */
  post(msg: HostMessage): void;
  copy(text: string): Promise<void>;
  /** Returns a sentence for the user when it could not be done (no editor open …). */
  applyCode(action: 'insert' | 'replace', code: string): Promise<string | undefined>;
  openInEditor(code: string, language?: string): Promise<void>;
  openExternal(href: string): Promise<void>;
  /** The selection or active file, or a sentence saying why there is none. */
  snapshot(kind: AttachmentKind): Promise<EditorSnapshot | string>;
  exclusionRules(): Promise<Pick<ExclusionRules, 'isExcluded'>>;
  runErrorAction(error: BedrockError): Promise<void>;
}

export interface ChatControllerDeps {
  streamer: ModelStreamer;
  resolved(): ResolvedModel;
  store: HistoryStore;
  host: ChatHost;
  log: Logger;
  now?: () => number;
}

interface Active {
  conv: Conversation;
  turn: Turn;
  abort: AbortController;
  done: Promise<void>;
}

/** While an answer streams, the conversation is written at most this often (a reload keeps the partial text). */
const SAVE_EVERY_MS = 2000;

export class ChatController {
  private conv: Conversation;
  private pending: Attachment[] = [];
  private active: Active | undefined;
  /** Full errors of this session's failed answers, for their action buttons. */
  private errors = new Map<string, BedrockError>();
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly deps: ChatControllerDeps) {
    this.now = deps.now ?? Date.now;
    this.conv = newConversation(this.now());
  }

  /** Reopens the conversation that was open before the window reloaded. */
  async init(): Promise<void> {
    try {
      await this.deps.store.load();
      const id = this.deps.store.current();
      const conv = id ? await this.deps.store.get(id) : undefined;
      if (conv && !this.active) this.conv = conv;
    } catch (e) {
      this.deps.log.warn(`chat: could not load history: ${String(e)}`);
    }
  }

  get conversation(): Conversation {
    return this.conv;
  }

  get busy(): boolean {
    return !!this.active;
  }

  /** The webview said ready: give it everything it shows. */
  sendState(): void {
    this.deps.host.post({
      type: 'state',
      conversation: toView(this.conv),
      history: this.deps.store.list(),
      attachments: this.pending.map(toAttachmentView),
      busy: !!this.active,
      model: this.modelName(),
    });
  }

  /** Entry point for everything the webview posts. Returns false for messages that fail the guard. */
  async handle(msg: unknown): Promise<boolean> {
    if (!isWebviewMessage(msg)) {
      this.deps.log.warn(`chat: ignored a malformed message from the webview (${describeMessage(msg)})`);
      // The webview checks the length too; should a question still get here, say why instead of dropping it.
      if (isOversizedSend(msg)) this.deps.host.post({ type: 'sendRefused', reason: tooLongReason(msg.text.length) });
      return false;
    }
    switch (msg.type) {
      case 'ready':
        this.sendState();
        break;
      case 'send':
        await this.send(msg.text);
        break;
      case 'stop':
        this.stop();
        break;
      case 'retry':
        await this.retry(msg.turnId);
        break;
      case 'newChat':
        await this.newChat();
        break;
      case 'openConversation':
        await this.open(msg.id);
        break;
      case 'deleteConversation':
        await this.delete(msg.id);
        break;
      case 'attach':
        await this.attach(msg.kind);
        break;
      case 'removeAttachment':
        this.pending = this.pending.filter((a) => a.id !== msg.id);
        this.postAttachments();
        break;
      case 'codeAction':
        await this.codeAction(msg.action, msg.code, msg.language);
        break;
      case 'openLink':
        // The guard already required http(s); checked again since this is the last step before a browser.
        if (isHttpUrl(msg.href)) await this.deps.host.openExternal(msg.href);
        break;
      case 'errorAction':
        await this.errorAction(msg.turnId);
        break;
    }
    return true;
  }

  /** Asks a question typed into the box. The webview keeps the text until `sendAccepted` says it was taken. */
  async send(text: string): Promise<void> {
    if (!text.trim()) return;
    if (this.active) {
      this.deps.host.post({ type: 'sendRefused', reason: 'An answer is still streaming: wait for it or press Stop.' });
      return;
    }
    this.deps.host.post({ type: 'sendAccepted' });
    const question = redactQuestion(text.trim());
    const { prompt, contextSent } = composePrompt(question.text, this.pending);
    const turn = addTurn(this.conv, { question: question.text, prompt, contextSent, attachments: this.pending.map(toAttachmentView) }, this.now());
    this.pending = [];
    this.postAttachments();
    if (question.redactions) {
      const n = question.redactions;
      this.notice(`${n} secret${n === 1 ? '' : 's'} in your question ${n === 1 ? 'was' : 'were'} sent as ${n === 1 ? 'a placeholder' : 'placeholders'}.`, 'info');
    }
    await this.run(this.conv, turn);
  }

  /** A turn requested by another feature (explain error). Resolves when its answer has settled. */
  async startTurn(req: ChatTurnRequest): Promise<void> {
    await this.stopAndWait();
    if (req.newConversation && this.conv.turns.length) {
      this.conv = newConversation(this.now());
      this.sendState();
      this.notice('Started a new conversation for this explanation; the previous one is in History.', 'info');
    }
    // Callers redact already; again here (a no-op on placeholders) so no caller can forget.
    const turn = addTurn(
      this.conv,
      {
        question: redactSecrets(req.title).text,
        prompt: redactSecrets(req.prompt).text,
        contextSent: redactSecrets(req.contextSent).text,
        system: req.system,
        feature: req.feature,
      },
      this.now(),
    );
    await this.run(this.conv, turn);
  }

  stop(): void {
    this.active?.abort.abort();
  }

  async newChat(): Promise<void> {
    await this.stopAndWait();
    this.conv = newConversation(this.now());
    await this.persist(this.conv);
    this.sendState();
    this.deps.host.post({ type: 'focusInput' });
  }

  async open(id: string): Promise<void> {
    if (id === this.conv.id) return;
    await this.stopAndWait();
    const conv = await this.deps.store.get(id);
    if (!conv) {
      this.notice('That conversation could not be read; it was removed from the history.', 'warning');
      this.deps.host.post({ type: 'history', history: this.deps.store.list() });
      return;
    }
    this.conv = conv;
    await this.deps.store.setCurrent(conv.id).catch(() => undefined);
    this.sendState();
  }

  async delete(id: string): Promise<void> {
    if (id === this.conv.id) {
      await this.stopAndWait();
      this.conv = newConversation(this.now());
      await this.deps.store.delete(id).catch(() => undefined);
      await this.persist(this.conv);
      this.sendState();
      return;
    }
    await this.deps.store.delete(id).catch(() => undefined);
    this.deps.host.post({ type: 'history', history: this.deps.store.list() });
  }

  async retry(turnId: string): Promise<void> {
    if (this.active) return;
    const turn = this.conv.turns[this.conv.turns.length - 1];
    // Only the newest turn: answering an earlier one again would leave the later turns built on the old answer.
    if (!turn || turn.id !== turnId || turn.answer.status === 'complete') return;
    if (turn.answer.text.trim()) {
      // Text arrived before the stream broke off or was stopped: it stays, and a new turn asks again.
      await this.run(this.conv, askAgain(this.conv, turn, this.now()));
      return;
    }
    resetAnswer(this.conv, turn, this.now());
    this.errors.delete(turn.id);
    await this.run(this.conv, turn);
  }

  async attach(kind: AttachmentKind): Promise<void> {
    const snap = await this.deps.host.snapshot(kind);
    if (typeof snap === 'string') {
      this.notice(snap, 'warning');
      return;
    }
    const rules = await this.deps.host.exclusionRules();
    const model = this.catalogModel();
    const r = buildAttachment(kind, snap, rules, model);
    if (!r.ok) {
      this.notice(r.reason, 'warning');
      return;
    }
    // The same selection or file twice adds nothing: replace the older one.
    this.pending = this.pending.filter((a) => a.label !== r.attachment.label);
    this.pending.push(r.attachment);
    this.postAttachments();
    if (r.attachment.redactions) {
      const n = r.attachment.redactions;
      this.notice(`${n} secret${n === 1 ? '' : 's'} in ${r.attachment.label} will be sent as placeholders.`, 'info');
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  private async codeAction(action: CodeAction, code: string, language?: string): Promise<void> {
    switch (action) {
      case 'copy':
        await this.deps.host.copy(code);
        this.notice('Copied to the clipboard.', 'info');
        return;
      case 'insert':
      case 'replace': {
        const problem = await this.deps.host.applyCode(action, code);
        if (problem) this.notice(problem, 'warning');
        return;
      }
      case 'open':
        await this.deps.host.openInEditor(code, language);
        return;
    }
  }

  private async errorAction(turnId: string): Promise<void> {
    const turn = this.conv.turns.find((t) => t.id === turnId);
    const view = turn?.answer.error;
    if (!turn || !view) return;
    if (!view.action || view.action.id === 'retry') {
      await this.retry(turnId);
      return;
    }
    const error = this.errors.get(turnId) ?? ({ kind: view.kind, message: view.message, action: view.action, detail: '' } as BedrockError);
    await this.deps.host.runErrorAction(error);
    // The budget guard refused before sending; once the user has allowed more, ask again right away.
    if (error.kind === 'budget') await this.retry(turnId);
  }

  private async run(conv: Conversation, turn: Turn): Promise<void> {
    const abort = new AbortController();
    let settle!: () => void;
    const active: Active = { conv, turn, abort, done: new Promise<void>((r) => (settle = r)) };
    this.active = active;
    const { host, log } = this.deps;
    try {
      host.post({ type: 'turnStarted', turn: toTurnView(turn) });
      host.post({ type: 'busy', busy: true });
      await this.persist(conv);

      const { request, cache } = buildChatRequest(conv, turn, this.catalogModel());
      log.debug(
        `chat: sending ${request.messages.length} messages; prefix ~${cache.prefixTokens} tokens, cache min ${cache.minTokens ?? 'n/a'}, ` +
          `checkpoints: system ${cache.systemCachePoint}, turn ${cache.cachePointAt ?? 'none'}` +
          (cache.droppedTurns ? `, ${cache.droppedTurns} oldest turns left out` : ''),
      );
      let seq = 0;
      let lastSave = this.now();
      try {
        const result = await this.deps.streamer.stream(request, {
          signal: abort.signal,
          onText: (delta) => {
            if (!delta) return;
            turn.answer.text += delta;
            host.post({ type: 'delta', turnId: turn.id, text: delta, seq: seq++ });
            if (this.now() - lastSave > SAVE_EVERY_MS) {
              lastSave = this.now();
              void this.persist(conv);
            }
          },
        });
        finishAnswer(conv, turn, result, this.now());
        if (result.error) this.errors.set(turn.id, result.error);
      } catch (e) {
        log.error(`chat: the request failed before an answer: ${String(e)}`);
        failAnswer(conv, turn, 'The request failed before Bedrock answered. See the Haiku output channel for details.', this.now());
      }
    } finally {
      this.active = undefined;
      if (!this.disposed) {
        host.post({ type: 'answerDone', turnId: turn.id, answer: turn.answer });
        host.post({ type: 'busy', busy: false });
      }
      await this.persist(conv);
      if (!this.disposed) host.post({ type: 'history', history: this.deps.store.list() });
      settle();
    }
  }

  private async stopAndWait(): Promise<void> {
    const a = this.active;
    if (!a) return;
    a.abort.abort();
    await a.done;
  }

  private async persist(conv: Conversation): Promise<void> {
    try {
      // Saving the conversation that is no longer open must not make it the one reopened after a reload.
      if (conv === this.conv) await this.deps.store.save(conv);
    } catch (e) {
      this.deps.log.warn(`chat: could not save the conversation: ${String(e)}`);
    }
  }

  private postAttachments(): void {
    this.deps.host.post({ type: 'attachments', attachments: this.pending.map(toAttachmentView) });
  }

  private notice(text: string, level: 'info' | 'warning'): void {
    this.deps.host.post({ type: 'notice', text, level });
  }

  private modelName(): string {
    try {
      return this.deps.resolved().displayName;
    } catch {
      return '';
    }
  }

  private catalogModel() {
    try {
      const r = this.deps.resolved();
      return r.catalogId ? findModel(r.catalogId) : undefined;
    } catch {
      return undefined;
    }
  }
}
