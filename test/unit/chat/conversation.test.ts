import * as assert from 'node:assert/strict';
import {
  addTurn, finishAnswer, newConversation, parseConversation, resetAnswer, titleFrom, toView,
} from '../../../src/chat/conversation';
import { result } from './helpers';

describe('conversation model', () => {
  it('titles a conversation after its first question, once', () => {
    const c = newConversation(1);
    assert.equal(c.title, 'New chat');
    addTurn(c, { question: '  How do I debounce\nin TypeScript?', prompt: 'x' }, 2);
    assert.equal(c.title, 'How do I debounce');
    addTurn(c, { question: 'Another question', prompt: 'y' }, 3);
    assert.equal(c.title, 'How do I debounce');
    assert.equal(titleFrom('a'.repeat(100)).length, 60);
  });

  it('starts an answer as streaming and settles it complete with the figures for the footer', () => {
    const c = newConversation(1);
    const t = addTurn(c, { question: 'q', prompt: 'q' }, 2);
    assert.equal(t.answer.status, 'streaming');
    t.answer.text = 'Hel';
    finishAnswer(c, t, result(), 3);
    assert.equal(t.answer.status, 'complete');
    assert.equal(t.answer.text, 'Hello');
    assert.deepEqual(t.answer.meta, {
      model: 'Claude Haiku 4.5', firstTokenMs: 320, totalMs: 2400, inputTokens: 1200, outputTokens: 300,
      cacheReadTokens: 5000, cacheWriteTokens: 0, costUsd: 0.0032, estimate: true,
    });
    assert.equal(c.updatedAt, 3);
  });

  it('keeps the partial text of a stopped answer', () => {
    const c = newConversation(1);
    const t = addTurn(c, { question: 'q', prompt: 'q' }, 2);
    t.answer.text = 'The first half';
    finishAnswer(c, t, result({ outcome: 'aborted', text: 'The first half' }), 3);
    assert.equal(t.answer.status, 'stopped');
    assert.equal(t.answer.text, 'The first half');
    assert.equal(t.answer.error, undefined);
  });

  it('keeps partial text and the error with its action when the request fails', () => {
    const c = newConversation(1);
    const t = addTurn(c, { question: 'q', prompt: 'q' }, 2);
    t.answer.text = 'Partial';
    finishAnswer(c, t, result({
      outcome: 'error', text: '',
      error: { kind: 'expiredSso', message: 'Your AWS SSO session has expired.', action: { id: 'signIn', label: 'Sign In' }, detail: 'x' },
    }), 3);
    assert.equal(t.answer.status, 'error');
    assert.equal(t.answer.text, 'Partial', 'text shown before the failure stays');
    assert.deepEqual(t.answer.error, { kind: 'expiredSso', message: 'Your AWS SSO session has expired.', action: { id: 'signIn', label: 'Sign In' } });
  });

  it('shows no model, latency or cost under a question the budget held back (nothing was sent)', () => {
    const c = newConversation(1);
    const t = addTurn(c, { question: 'q', prompt: 'q' }, 2);
    finishAnswer(c, t, result({
      outcome: 'error', text: '', notSent: true,
      error: { kind: 'budget', message: 'Not sent: budget.', action: { id: 'overrideBudget', label: 'Allow for today' }, detail: 'x' },
    }), 3);
    assert.equal(t.answer.status, 'error');
    assert.equal(t.answer.meta, undefined);
    finishAnswer(c, t, result({ outcome: 'error', text: '', error: { kind: 'throttled', message: 'Throttled.', detail: 'x' } }), 4);
    assert.ok(t.answer.meta, 'a request that was sent keeps its footer');
  });

  it('reports a cut-off stream as an error with Retry', () => {
    const c = newConversation(1);
    const t = addTurn(c, { question: 'q', prompt: 'q' }, 2);
    finishAnswer(c, t, result({ outcome: 'cutOff', text: 'half' }), 3);
    assert.equal(t.answer.status, 'error');
    assert.equal(t.answer.error?.action?.id, 'retry');
    assert.equal(t.answer.text, 'half');
  });

  it('clears an answer for Retry', () => {
    const c = newConversation(1);
    const t = addTurn(c, { question: 'q', prompt: 'q' }, 2);
    finishAnswer(c, t, result({ outcome: 'aborted', text: 'half' }), 3);
    resetAnswer(c, t, 4);
    assert.deepEqual(t.answer, { text: '', status: 'streaming' });
  });

  it('does not show the prompt or system text to the webview', () => {
    const c = newConversation(1);
    addTurn(c, { question: 'q', prompt: 'SECRET PROMPT', system: 'SYSTEM' }, 2);
    const json = JSON.stringify(toView(c));
    assert.doesNotMatch(json, /SECRET PROMPT|SYSTEM/);
  });

  it('reads back a stored conversation, turning an interrupted stream into a stopped answer', () => {
    const c = newConversation(1, 'c1');
    const t = addTurn(c, { question: 'q', prompt: 'p', feature: 'explain', system: 's', contextSent: 'ctx' }, 2, 't1');
    t.answer.text = 'partial';
    const back = parseConversation(JSON.parse(JSON.stringify(c)));
    assert.ok(back);
    assert.equal(back.turns[0].answer.status, 'stopped');
    assert.equal(back.turns[0].answer.text, 'partial');
    assert.equal(back.turns[0].feature, 'explain');
    assert.equal(back.turns[0].system, 's');
    assert.equal(back.turns[0].contextSent, 'ctx');
  });

  it('rejects what is not a conversation and drops damaged turns', () => {
    assert.equal(parseConversation(null), undefined);
    assert.equal(parseConversation({ id: '../x', turns: [] }), undefined);
    assert.equal(parseConversation({ id: 'c1' }), undefined);
    const back = parseConversation({ id: 'c1', title: 7, turns: [{ id: 't1' }, { id: 't2', question: 'q', answer: { text: 'a', status: 'complete' } }] });
    assert.equal(back?.title, 'New chat');
    assert.deepEqual(back?.turns.map((t) => t.id), ['t2']);
  });
});
