// The conversation model: turns of (question, answer), the answer's status while it streams and after, and
// the figures shown under it. Plain data, so it serialises to the history files as is.

import type { BedrockError, StreamResult } from '../bedrock/types';
import type { AnswerMeta, AnswerView, AttachmentView, ConversationView, ErrorView, HistoryEntry, TurnView } from '../shared/protocol';
import { isValidId } from '../shared/protocol';
import { isErrorActionId, isErrorKind } from '../shared/errorKinds';
import { redactSecrets } from '../privacy/redact';

export interface Turn {
  id: string;
  /** Epoch ms when the question was sent. */
  at: number;
  /** What the user typed, or the title of a request from another feature. */
  question: string;
  /** The user message actually sent: attached context plus the question, already redacted. */
  prompt: string;
  attachments: AttachmentView[];
  /** Context shown in the turn's "context sent" section. */
  contextSent?: string;
  feature: 'chat' | 'explain';
  /** A system prompt that replaces the chat's own for this turn (explain requests bring theirs). */
  system?: string;
  /** The earlier turn this one asks again (Retry after a partial answer); that turn is not sent as history. */
  retryOf?: string;
  answer: AnswerView;
}

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: Turn[];
}

export interface NewTurn {
  question: string;
  prompt: string;
  attachments?: AttachmentView[];
  contextSent?: string;
  feature?: 'chat' | 'explain';
  system?: string;
}

export function newId(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID().replace(/-/g, '');
  return (Date.now().toString(36) + Math.random().toString(36).slice(2)).slice(0, 32);
}

export function newConversation(now: number, id: string = newId()): Conversation {
  return { id, title: 'New chat', createdAt: now, updatedAt: now, turns: [] };
}

/** A short title from the first line of the first question. */
export function titleFrom(question: string): string {
  const line = question.trim().split('\n', 1)[0].replace(/\s+/g, ' ').trim();
  if (!line) return 'New chat';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

export function addTurn(conv: Conversation, t: NewTurn, now: number, id: string = newId()): Turn {
  const turn: Turn = {
    id,
    at: now,
    question: t.question,
    prompt: t.prompt,
    attachments: t.attachments ?? [],
    contextSent: t.contextSent,
    feature: t.feature ?? 'chat',
    system: t.system,
    answer: { text: '', status: 'streaming' },
  };
  if (!conv.turns.length) conv.title = titleFrom(t.question);
  conv.turns.push(turn);
  conv.updatedAt = now;
  return turn;
}

/** Clears the answer of a stopped or failed turn for Retry (only when nothing arrived: no text is thrown away). */
export function resetAnswer(conv: Conversation, turn: Turn, now: number): void {
  turn.answer = { text: '', status: 'streaming' };
  conv.updatedAt = now;
}

/**
 * Retry of a turn whose answer broke off after some text: that text stays where it is (on screen and in
 * history) and the same question, with the same context, is asked again in a new turn below it.
 */
export function askAgain(conv: Conversation, turn: Turn, now: number, id: string = newId()): Turn {
  const again = addTurn(
    conv,
    { question: turn.question, prompt: turn.prompt, attachments: turn.attachments, contextSent: turn.contextSent, feature: turn.feature, system: turn.system },
    now,
    id,
  );
  again.retryOf = turn.id;
  return again;
}

export function metaFrom(result: StreamResult): AnswerMeta {
  return {
    model: result.model.displayName,
    firstTokenMs: result.timings.firstTokenMs,
    totalMs: result.timings.totalMs,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    cacheReadTokens: result.usage.cacheReadTokens,
    cacheWriteTokens: result.usage.cacheWriteTokens,
    costUsd: result.cost.usd,
    estimate: result.cost.estimate,
  };
}

export function errorView(e: BedrockError): ErrorView {
  // An unclassified error quotes the SDK's message, which can quote a credential helper's command line.
  const message = redactSecrets(e.message).text;
  return { kind: e.kind, message, action: e.action ? { id: e.action.id, label: e.action.label } : undefined };
}

const CUT_OFF: ErrorView = {
  kind: 'cutOff',
  message: 'The answer was cut off: the connection ended before the model finished.',
  action: { id: 'retry', label: 'Retry' },
};

/**
 * Settles an answer from the stream's result. The text streamed so far is kept whatever happened, since a
 * stopped or failed answer is often still useful.
 */
export function finishAnswer(conv: Conversation, turn: Turn, result: StreamResult, now: number): void {
  const a = turn.answer;
  if (result.text.length >= a.text.length) a.text = result.text;
  // Nothing was sent (the budget held it back): no model time, tokens or cost to show.
  a.meta = result.notSent ? undefined : metaFrom(result);
  a.error = undefined;
  switch (result.outcome) {
    case 'complete':
      a.status = 'complete';
      break;
    case 'aborted':
      a.status = 'stopped';
      break;
    case 'cutOff':
      a.status = 'error';
      a.error = result.error ? errorView(result.error) : CUT_OFF;
      break;
    case 'error':
      a.status = 'error';
      a.error = result.error
        ? errorView(result.error)
        : { kind: 'unknown', message: 'The request failed.', action: { id: 'retry', label: 'Retry' } };
      break;
  }
  conv.updatedAt = now;
}

/** An answer that failed before reaching Bedrock (a thrown exception, not a result). */
export function failAnswer(conv: Conversation, turn: Turn, message: string, now: number): void {
  turn.answer.status = 'error';
  turn.answer.error = { kind: 'unknown', message, action: { id: 'retry', label: 'Retry' } };
  conv.updatedAt = now;
}

export function toTurnView(t: Turn): TurnView {
  const view: TurnView = { id: t.id, question: t.question, attachments: t.attachments, contextSent: t.contextSent, answer: t.answer };
  if (t.retryOf) view.retryOf = t.retryOf;
  return view;
}

export function toView(conv: Conversation): ConversationView {
  return { id: conv.id, title: conv.title, turns: conv.turns.map(toTurnView) };
}

export function historyEntry(conv: Conversation): HistoryEntry {
  return { id: conv.id, title: conv.title, updatedAt: conv.updatedAt, turns: conv.turns.length };
}

// ---- reading back what was stored (files may be old, hand-edited or half-written) ----

const STATUSES = ['streaming', 'complete', 'stopped', 'error'];
type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown, d = 0) => (typeof x === 'number' && Number.isFinite(x) ? x : d);
const str = (x: unknown, d = '') => (typeof x === 'string' ? x : d);

function parseMeta(x: unknown): AnswerMeta | undefined {
  if (!isRec(x)) return undefined;
  return {
    model: str(x.model),
    firstTokenMs: typeof x.firstTokenMs === 'number' ? x.firstTokenMs : undefined,
    totalMs: num(x.totalMs),
    inputTokens: num(x.inputTokens),
    outputTokens: num(x.outputTokens),
    cacheReadTokens: num(x.cacheReadTokens),
    cacheWriteTokens: num(x.cacheWriteTokens),
    costUsd: num(x.costUsd),
    estimate: x.estimate !== false,
  };
}

function parseAttachment(x: unknown): AttachmentView | undefined {
  if (!isRec(x) || !isValidId(x.id) || (x.kind !== 'selection' && x.kind !== 'file')) return undefined;
  return { id: x.id, kind: x.kind, label: str(x.label), tokens: num(x.tokens), redactions: num(x.redactions) };
}

function parseTurn(x: unknown): Turn | undefined {
  if (!isRec(x) || !isValidId(x.id) || typeof x.question !== 'string' || !isRec(x.answer)) return undefined;
  const a = x.answer;
  let status = STATUSES.includes(a.status as string) ? (a.status as AnswerView['status']) : 'error';
  // A turn still marked streaming was interrupted by a reload or a crash: it is stopped, not pending.
  if (status === 'streaming') status = 'stopped';
  const error = isRec(a.error) && typeof a.error.message === 'string'
    ? {
        kind: isErrorKind(a.error.kind) ? a.error.kind : 'unknown',
        message: a.error.message,
        action: isRec(a.error.action) && isErrorActionId(a.error.action.id)
          ? { id: a.error.action.id, label: str(a.error.action.label, 'Retry') }
          : undefined,
      }
    : undefined;
  return {
    id: x.id,
    at: num(x.at),
    question: x.question,
    prompt: str(x.prompt, x.question),
    attachments: Array.isArray(x.attachments) ? x.attachments.map(parseAttachment).filter((v): v is AttachmentView => !!v) : [],
    contextSent: typeof x.contextSent === 'string' ? x.contextSent : undefined,
    feature: x.feature === 'explain' ? 'explain' : 'chat',
    system: typeof x.system === 'string' ? x.system : undefined,
    retryOf: isValidId(x.retryOf) ? x.retryOf : undefined,
    answer: { text: str(a.text), status, meta: parseMeta(a.meta), error: status === 'error' ? error : undefined },
  };
}

/** A conversation from parsed JSON, or undefined when it is not one. Damaged turns are dropped. */
export function parseConversation(x: unknown): Conversation | undefined {
  if (!isRec(x) || !isValidId(x.id) || !Array.isArray(x.turns)) return undefined;
  const turns = x.turns.map(parseTurn).filter((t): t is Turn => !!t);
  return {
    id: x.id,
    title: str(x.title, 'New chat'),
    createdAt: num(x.createdAt),
    updatedAt: num(x.updatedAt),
    turns,
  };
}
