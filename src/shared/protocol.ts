// The one typed protocol between the chat view's extension side (host) and its webview. Both directions are
// discriminated unions on `type`; each side checks what it receives with the guard for its direction and
// drops anything else. The webview is untrusted (it renders model output), so the host guard is strict:
// exact field types, bounded sizes, ids of a fixed shape.

import type { ErrorActionId, ErrorKind } from './errorKinds';

export type AnswerStatus = 'streaming' | 'complete' | 'stopped' | 'error';

/** Per-answer figures shown in the footer under an answer. */
export interface AnswerMeta {
  model: string;
  firstTokenMs?: number;
  totalMs: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  /** The price is not confirmed from AWS ("est." in the footer). */
  estimate: boolean;
}

export interface ErrorView {
  kind: ErrorKind;
  message: string;
  /** A button next to the message; the host runs it. */
  action?: { id: ErrorActionId; label: string };
}

export interface AnswerView {
  text: string;
  status: AnswerStatus;
  meta?: AnswerMeta;
  error?: ErrorView;
}

export type AttachmentKind = 'selection' | 'file';

export interface AttachmentView {
  id: string;
  kind: AttachmentKind;
  /** e.g. `src/app.ts:10-24` or `src/app.ts`. */
  label: string;
  /** Estimated input tokens the attachment adds. */
  tokens: number;
  /** Secrets replaced by placeholders before sending. */
  redactions: number;
}

export interface TurnView {
  id: string;
  /** What the user asked (or the title of an explain request). */
  question: string;
  attachments: AttachmentView[];
  /** The context text that was sent with the question, shown on request. */
  contextSent?: string;
  /** This turn asks again the question of that earlier turn, whose partial answer stays above it. */
  retryOf?: string;
  answer: AnswerView;
}

export interface ConversationView {
  id: string;
  title: string;
  turns: TurnView[];
}

export interface HistoryEntry {
  id: string;
  title: string;
  /** Epoch ms of the last change. */
  updatedAt: number;
  turns: number;
}

export type CodeAction = 'copy' | 'insert' | 'replace' | 'open';

// ---- host → webview ----

export type HostMessage =
  | {
      type: 'state';
      conversation: ConversationView;
      history: HistoryEntry[];
      attachments: AttachmentView[];
      busy: boolean;
      model: string;
    }
  | { type: 'turnStarted'; turn: TurnView }
  /** `text` is appended to the answer; `seq` counts deltas of one answer from 0 (gaps mean a lost message). */
  | { type: 'delta'; turnId: string; text: string; seq: number }
  | { type: 'answerDone'; turnId: string; answer: AnswerView }
  | { type: 'history'; history: HistoryEntry[] }
  | { type: 'attachments'; attachments: AttachmentView[] }
  | { type: 'notice'; text: string; level: 'info' | 'warning' }
  | { type: 'busy'; busy: boolean }
  /** The answer to a `send`: the webview keeps the text in the box until the question is accepted. */
  | { type: 'sendAccepted' }
  | { type: 'sendRefused'; reason: string }
  | { type: 'focusInput' };

// ---- webview → host ----

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'retry'; turnId: string }
  | { type: 'newChat' }
  | { type: 'openConversation'; id: string }
  | { type: 'deleteConversation'; id: string }
  | { type: 'attach'; kind: AttachmentKind }
  | { type: 'removeAttachment'; id: string }
  | { type: 'codeAction'; action: CodeAction; code: string; language?: string }
  | { type: 'openLink'; href: string }
  | { type: 'errorAction'; turnId: string };

export const LIMITS = {
  /** A question typed into the box. */
  sendChars: 100_000,
  /** A code block handed back for copy/insert. */
  codeChars: 2_000_000,
  hrefChars: 4096,
} as const;

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const LANG_RE = /^[A-Za-z0-9_+#.-]{0,40}$/;

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is string => typeof x === 'string' && ID_RE.test(x);
const isStr = (x: unknown, max: number): x is string => typeof x === 'string' && x.length <= max;
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
/** Only the listed keys (plus `type`) may be present: extra fields mean the sender is not ours. */
const onlyKeys = (m: Rec, keys: string[]) => Object.keys(m).every((k) => k === 'type' || keys.includes(k));

export function isValidId(x: unknown): x is string {
  return isId(x);
}

/** What to do with a question over `LIMITS.sendChars` (attachments have a higher limit and are redacted too). */
export const TOO_LONG_ADVICE = 'Shorten it, or open the text in an editor and attach the part that matters with + Selection.';

/** What the host answers to a question over `LIMITS.sendChars`. */
export function tooLongReason(chars: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `The question is ${n(chars)} characters; the limit is ${n(LIMITS.sendChars)}. ${TOO_LONG_ADVICE}`;
}

/**
 * A `send` that would pass the guard but for its length. The host answers it with `sendRefused` instead of
 * dropping it silently; the text is not read beyond its length.
 */
export function isOversizedSend(x: unknown): x is { type: 'send'; text: string } {
  return isRec(x) && x.type === 'send' && onlyKeys(x, ['text']) && typeof x.text === 'string' && x.text.length > LIMITS.sendChars;
}

/** A log-safe description of a message the guard refused: never its content. */
export function describeMessage(msg: unknown): string {
  if (isOversizedSend(msg)) return `a question of ${msg.text.length} characters, over the limit`;
  if (isRec(msg) && typeof msg.type === 'string') return `type ${JSON.stringify(msg.type.slice(0, 40))}`;
  return typeof msg;
}

/** The host's guard for everything the webview posts. */
export function isWebviewMessage(x: unknown): x is WebviewMessage {
  if (!isRec(x) || typeof x.type !== 'string') return false;
  switch (x.type) {
    case 'ready':
    case 'stop':
    case 'newChat':
      return onlyKeys(x, []);
    case 'send':
      return onlyKeys(x, ['text']) && isStr(x.text, LIMITS.sendChars) && x.text.trim().length > 0;
    case 'retry':
    case 'errorAction':
      return onlyKeys(x, ['turnId']) && isId(x.turnId);
    case 'openConversation':
    case 'deleteConversation':
    case 'removeAttachment':
      return onlyKeys(x, ['id']) && isId(x.id);
    case 'attach':
      return onlyKeys(x, ['kind']) && (x.kind === 'selection' || x.kind === 'file');
    case 'codeAction':
      return (
        onlyKeys(x, ['action', 'code', 'language']) &&
        (x.action === 'copy' || x.action === 'insert' || x.action === 'replace' || x.action === 'open') &&
        isStr(x.code, LIMITS.codeChars) &&
        (x.language === undefined || (typeof x.language === 'string' && LANG_RE.test(x.language)))
      );
    case 'openLink':
      return onlyKeys(x, ['href']) && isStr(x.href, LIMITS.hrefChars) && isHttpUrl(x.href);
    default:
      return false;
  }
}

/** http(s) URLs only: the one kind of link the chat opens, and only after a click. */
export function isHttpUrl(href: string): boolean {
  try {
    const u = new URL(href);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

function isAnswer(x: unknown): x is AnswerView {
  if (!isRec(x) || typeof x.text !== 'string') return false;
  if (!['streaming', 'complete', 'stopped', 'error'].includes(x.status as string)) return false;
  if (x.meta !== undefined && !(isRec(x.meta) && typeof x.meta.model === 'string' && isNum(x.meta.totalMs))) return false;
  if (x.error !== undefined && !(isRec(x.error) && typeof x.error.message === 'string')) return false;
  return true;
}

function isAttachment(x: unknown): x is AttachmentView {
  return isRec(x) && isId(x.id) && (x.kind === 'selection' || x.kind === 'file') && typeof x.label === 'string' && isNum(x.tokens);
}

function isTurn(x: unknown): x is TurnView {
  return (
    isRec(x) && isId(x.id) && typeof x.question === 'string' && Array.isArray(x.attachments) &&
    x.attachments.every(isAttachment) && (x.contextSent === undefined || typeof x.contextSent === 'string') &&
    (x.retryOf === undefined || isId(x.retryOf)) && isAnswer(x.answer)
  );
}

function isHistory(x: unknown): x is HistoryEntry[] {
  return Array.isArray(x) && x.every((h) => isRec(h) && isId(h.id) && typeof h.title === 'string' && isNum(h.updatedAt) && isNum(h.turns));
}

/** The webview's guard for what arrives on `window.onmessage` (other frames may post there too). */
export function isHostMessage(x: unknown): x is HostMessage {
  if (!isRec(x) || typeof x.type !== 'string') return false;
  switch (x.type) {
    case 'state':
      return (
        isRec(x.conversation) && isId(x.conversation.id) && typeof x.conversation.title === 'string' &&
        Array.isArray(x.conversation.turns) && x.conversation.turns.every(isTurn) && isHistory(x.history) &&
        Array.isArray(x.attachments) && x.attachments.every(isAttachment) && typeof x.busy === 'boolean' && typeof x.model === 'string'
      );
    case 'turnStarted':
      return isTurn(x.turn);
    case 'delta':
      return isId(x.turnId) && typeof x.text === 'string' && isNum(x.seq);
    case 'answerDone':
      return isId(x.turnId) && isAnswer(x.answer);
    case 'history':
      return isHistory(x.history);
    case 'attachments':
      return Array.isArray(x.attachments) && x.attachments.every(isAttachment);
    case 'notice':
      return typeof x.text === 'string' && (x.level === 'info' || x.level === 'warning');
    case 'busy':
      return typeof x.busy === 'boolean';
    case 'sendAccepted':
      return true;
    case 'sendRefused':
      return typeof x.reason === 'string';
    case 'focusInput':
      return true;
    default:
      return false;
  }
}
