// The chat view's browser side. It renders what the extension sends and posts the user's intents back;
// it never touches files, the clipboard or the network itself.

import { footerParts, footerTitle } from '../format';
import { isTransientKind } from '../../shared/errorKinds';
import {
  isHostMessage,
  type AnswerView, type HostMessage, type TurnView, type WebviewMessage,
} from '../../shared/protocol';
import { Composer } from './composer';
import { chipList, renderChips } from './chips';
import { button, el } from './dom';
import { historyPanel } from './historyPanel';
import { ownButtons } from './markdown';
import { StreamRenderer } from './streamRenderer';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (msg: WebviewMessage) => vscode.postMessage(msg);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const messages = $<HTMLElement>('messages');
const emptyState = $<HTMLElement>('empty');
const input = $<HTMLTextAreaElement>('input');
const sendBtn = $<HTMLButtonElement>('send');
const stopBtn = $<HTMLButtonElement>('stop');
const jumpBtn = $<HTMLButtonElement>('jump');
const notice = $<HTMLElement>('notice');
const srStatus = $<HTMLElement>('sr-status');
const convTitle = $<HTMLElement>('conv-title');
const modelName = $<HTMLElement>('model');

interface TurnUi {
  el: HTMLElement;
  renderer: StreamRenderer;
  status: HTMLElement;
  error: HTMLElement;
  footer: HTMLElement;
  answer: AnswerView;
}

const turns = new Map<string, TurnUi>();
let busy = false;
/** Follow the stream while the user is at the bottom; stop when they scroll up, resume when they return. */
let stick = true;

// ---- turns ----

function buildTurn(t: TurnView): TurnUi {
  const art = el('article', 'turn');
  art.dataset.turnId = t.id;
  const q = el('section', 'question');
  q.setAttribute('aria-label', 'Your question');
  // A Retry after a broken-off answer asks the same question again below the kept partial answer.
  if (t.retryOf) q.append(el('div', 'question-note', 'Asked again'));
  q.append(el('div', 'question-text', t.question));
  if (t.attachments.length) q.append(chipList(t.attachments));
  if (t.contextSent) {
    const d = el('details', 'context-sent');
    d.append(el('summary', undefined, 'Context sent'), el('pre', 'context-text', t.contextSent));
    q.append(d);
  }
  const a = el('section', 'answer');
  a.setAttribute('aria-label', 'Answer');
  const renderer = new StreamRenderer();
  const status = el('div', 'answer-status');
  const error = el('div', 'answer-error');
  error.setAttribute('role', 'alert');
  const footer = el('div', 'answer-footer');
  a.append(renderer.root, status, error, footer);
  art.append(q, a);
  const ui: TurnUi = { el: art, renderer, status, error, footer, answer: t.answer };
  renderer.reset(t.answer.text);
  settle(ui, t.answer, t.id);
  return ui;
}


/** Shows an answer's status, error and footer. */
function settle(ui: TurnUi, answer: AnswerView, turnId: string): void {
  ui.answer = answer;
  ui.el.dataset.status = answer.status;
  ui.status.replaceChildren();
  ui.status.hidden = true;
  if (answer.status === 'streaming') {
    ui.status.hidden = false;
    ui.status.append(el('span', 'typing', answer.text ? '' : 'Thinking…'));
  } else if (answer.status === 'stopped') {
    ui.status.hidden = false;
    ui.status.append(el('span', 'badge', 'Stopped'));
    if (isLast(turnId)) ui.status.append(turnButton('Retry', 'retry', turnId, 'Ask again'));
  }
  ui.error.replaceChildren();
  ui.error.hidden = answer.status !== 'error';
  if (answer.status === 'error') {
    const e = answer.error;
    // Waiting or retrying fixes a transient error: a warning, as in the status bar, not a red failure.
    const transient = e !== undefined && isTransientKind(e.kind);
    ui.error.classList.toggle('warning', transient);
    ui.error.classList.toggle('error', !transient);
    ui.error.append(el('span', 'error-message', e?.message ?? 'The request failed.'));
    if (e?.action && e.action.id !== 'retry') ui.error.append(turnButton(e.action.label, 'errorAction', turnId));
    if (isLast(turnId)) ui.error.append(turnButton('Retry', 'retry', turnId, 'Ask again'));
  }
  ui.footer.hidden = !answer.meta;
  if (answer.meta) {
    // One span per figure so a narrow view wraps between figures, never inside "832 ms".
    ui.footer.replaceChildren();
    footerParts(answer.meta).forEach((part, i) => {
      if (i) ui.footer.append(' · ');
      ui.footer.append(el('span', 'footer-part', part));
    });
    ui.footer.title = footerTitle(answer.meta);
  }
}

function turnButton(label: string, action: 'retry' | 'errorAction', turnId: string, aria?: string): HTMLButtonElement {
  const b = button(label, action === 'retry' ? 'secondary' : 'primary', aria);
  b.dataset.turnAction = action;
  b.dataset.turnId = turnId;
  return b;
}

function isLast(turnId: string): boolean {
  return Array.from(turns.keys()).pop() === turnId || !turns.has(turnId);
}

function addTurn(t: TurnView): void {
  const existing = turns.get(t.id);
  const ui = buildTurn(t);
  if (existing) existing.el.replaceWith(ui.el);
  else messages.append(ui.el);
  turns.set(t.id, ui);
  // Earlier turns lose their Retry buttons once a newer turn exists.
  for (const [id, other] of turns) if (id !== t.id) settle(other, other.answer, id);
  emptyState.hidden = true;
}

// ---- rendering schedule and auto-scroll ----

const dirty = new Set<TurnUi>();
let frame = 0;
let fallback: ReturnType<typeof setTimeout> | undefined;

function scheduleRender(ui: TurnUi): void {
  dirty.add(ui);
  if (frame) return;
  frame = requestAnimationFrame(flush);
  // A hidden view gets no animation frames; text must still land.
  fallback = setTimeout(flush, 100);
}

function flush(): void {
  if (frame) cancelAnimationFrame(frame);
  if (fallback) clearTimeout(fallback);
  frame = 0;
  fallback = undefined;
  if (!dirty.size) return;
  const t0 = performance.now();
  for (const ui of dirty) {
    ui.renderer.render();
    if (ui.answer.status === 'streaming') ui.status.hidden = true;
  }
  dirty.clear();
  followIfStuck();
  document.dispatchEvent(new CustomEvent('haiku:rendered', { detail: { ms: performance.now() - t0 } }));
}

function atBottom(): boolean {
  return messages.scrollHeight - messages.scrollTop - messages.clientHeight < 24;
}

function followIfStuck(): void {
  if (stick) messages.scrollTop = messages.scrollHeight;
  jumpBtn.hidden = stick || !busy;
}

messages.addEventListener('scroll', () => {
  stick = atBottom();
  jumpBtn.hidden = stick || !busy;
}, { passive: true });
// A wheel or key move upwards means "let me read", even before the scroll position changes.
messages.addEventListener('wheel', (e) => {
  if (e.deltaY < 0) stick = false;
}, { passive: true });
messages.addEventListener('keydown', (e) => {
  if (['PageUp', 'ArrowUp', 'Home'].includes(e.key)) stick = false;
});
jumpBtn.addEventListener('click', () => {
  stick = true;
  followIfStuck();
});

// ---- clicks inside answers: code actions, links, retry, error actions ----

messages.addEventListener('click', (e) => {
  const target = e.target as Element | null;
  const link = target?.closest('a.link') as HTMLAnchorElement | null;
  if (link) {
    e.preventDefault();
    openLink(link);
    return;
  }
  const b = target?.closest('button');
  if (!b || !ownButtons.has(b)) return;
  const action = b.dataset.codeAction;
  if (action === 'copy' || action === 'insert' || action === 'replace' || action === 'open') {
    const block = b.closest('.code-block');
    const code = block?.querySelector('pre > code');
    if (!code) return;
    const language = block?.querySelector('pre')?.dataset.lang;
    const msg: WebviewMessage = { type: 'codeAction', action, code: code.textContent ?? '' };
    if (language) msg.language = language;
    post(msg);
    return;
  }
  const turnId = b.dataset.turnId;
  if (!turnId) return;
  if (b.dataset.turnAction === 'retry') post({ type: 'retry', turnId });
  else if (b.dataset.turnAction === 'errorAction') post({ type: 'errorAction', turnId });
});

messages.addEventListener('keydown', (e) => {
  const link = (e.target as Element | null)?.closest?.('a.link') as HTMLAnchorElement | null;
  if (link && (e.key === 'Enter' || e.key === ' ')) {
    e.preventDefault();
    openLink(link);
  }
});

function openLink(a: HTMLAnchorElement): void {
  const href = a.dataset.href;
  if (href && /^https?:\/\//i.test(href)) post({ type: 'openLink', href });
}

// ---- composer ----

const composer = new Composer({
  input,
  sendBtn,
  note: $<HTMLElement>('input-note'),
  message: $<HTMLElement>('input-message'),
  count: $<HTMLElement>('input-count'),
  openBtn: $<HTMLButtonElement>('input-open'),
  post,
  saveDraft: (draft) => vscode.setState({ draft }),
  announce: (text) => (srStatus.textContent = text),
  onAccepted: () => (stick = true),
});

input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
    e.preventDefault();
    composer.send();
  } else if (e.key === 'Escape' && busy) {
    post({ type: 'stop' });
  }
});
stopBtn.addEventListener('click', () => post({ type: 'stop' }));
$<HTMLButtonElement>('attach-selection').addEventListener('click', () => post({ type: 'attach', kind: 'selection' }));
$<HTMLButtonElement>('attach-file').addEventListener('click', () => post({ type: 'attach', kind: 'file' }));
$<HTMLButtonElement>('new-chat').addEventListener('click', () => post({ type: 'newChat' }));

function setBusy(b: boolean): void {
  busy = b;
  stopBtn.hidden = !b;
  composer.setBusy(b);
  srStatus.textContent = b ? 'Haiku is answering.' : '';
  if (!b) jumpBtn.hidden = true;
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function showNotice(text: string, level: 'info' | 'warning', ms = level === 'warning' ? 8000 : 3000): void {
  notice.textContent = text;
  notice.dataset.level = level;
  notice.hidden = false;
  if (noticeTimer) clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.hidden = true), ms);
}

const renderHistory = historyPanel({
  panel: $<HTMLElement>('history'),
  toggle: $<HTMLButtonElement>('history-toggle'),
  list: $<HTMLElement>('history-list'),
  empty: $<HTMLElement>('history-empty'),
  post,
});

// ---- messages from the extension ----

let currentConversation = '';

function onHost(msg: HostMessage): void {
  switch (msg.type) {
    case 'state': {
      currentConversation = msg.conversation.id;
      turns.clear();
      messages.replaceChildren(emptyState);
      for (const t of msg.conversation.turns) {
        const ui = buildTurn(t);
        turns.set(t.id, ui);
        messages.append(ui.el);
      }
      for (const [id, ui] of turns) settle(ui, ui.answer, id);
      emptyState.hidden = turns.size > 0;
      convTitle.textContent = msg.conversation.turns.length ? msg.conversation.title : '';
      modelName.textContent = msg.model;
      renderHistory(msg.history, currentConversation);
      renderChips(msg.attachments, post);
      setBusy(msg.busy);
      stick = true;
      followIfStuck();
      break;
    }
    case 'turnStarted':
      addTurn(msg.turn);
      if (turns.size === 1) convTitle.textContent = msg.turn.question.split('\n', 1)[0];
      stick = true;
      followIfStuck();
      srStatus.textContent = 'Haiku is answering.';
      break;
    case 'delta': {
      const ui = turns.get(msg.turnId);
      if (!ui) return;
      ui.renderer.append(msg.text);
      scheduleRender(ui);
      break;
    }
    case 'answerDone': {
      const ui = turns.get(msg.turnId);
      if (!ui) return;
      dirty.delete(ui);
      if (ui.renderer.text !== msg.answer.text) ui.renderer.reset(msg.answer.text);
      else ui.renderer.render();
      settle(ui, msg.answer, msg.turnId);
      followIfStuck();
      srStatus.textContent =
        msg.answer.status === 'complete' ? 'Answer complete.'
          : msg.answer.status === 'stopped' ? 'Answer stopped.'
            : msg.answer.text ? 'The answer broke off; what arrived is kept.' : 'The answer failed.';
      break;
    }
    case 'history':
      renderHistory(msg.history, currentConversation);
      break;
    case 'attachments':
      renderChips(msg.attachments, post);
      break;
    case 'notice':
      showNotice(msg.text, msg.level);
      break;
    case 'busy':
      setBusy(msg.busy);
      break;
    case 'sendAccepted':
      composer.accepted();
      break;
    case 'sendRefused':
      composer.refused(msg.reason);
      break;
    case 'focusInput':
      input.focus();
      break;
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  if (isHostMessage(e.data)) onHost(e.data);
});

const saved = vscode.getState() as { draft?: unknown } | undefined;
if (saved && typeof saved.draft === 'string') composer.setText(saved.draft);
renderChips([], post);
post({ type: 'ready' });
