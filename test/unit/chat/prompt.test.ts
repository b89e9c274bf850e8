import * as assert from 'node:assert/strict';
import { findModel } from '../../../src/bedrock/catalog';
import { addTurn, newConversation, type Conversation } from '../../../src/chat/conversation';
import { buildChatRequest, CHAT_SYSTEM } from '../../../src/chat/prompt';

const haiku45 = findModel('claude-haiku-4-5')!;
const haiku35 = findModel('claude-3-5-haiku')!;

/** A conversation of `n` answered turns whose texts are `chars` long each, plus a new question. */
function chat(n: number, chars: number): { c: Conversation; last: ReturnType<typeof addTurn> } {
  const c = newConversation(0);
  for (let i = 0; i < n; i++) {
    const t = addTurn(c, { question: `q${i}`, prompt: `q${i} ${'x'.repeat(chars)}` }, i);
    t.answer = { text: `a${i} ${'y'.repeat(chars)}`, status: 'complete' };
  }
  const last = addTurn(c, { question: 'new question', prompt: 'new question' }, n);
  return { c, last };
}

describe('chat prompt and prompt caching', () => {
  it('sends the earlier turns in order and the new question last', () => {
    const { c, last } = chat(2, 10);
    const { request } = buildChatRequest(c, last, haiku45);
    assert.deepEqual(request.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant', 'user']);
    assert.equal(request.messages[4].text, 'new question');
    assert.equal(request.system, CHAT_SYSTEM);
    assert.equal(request.feature, 'chat');
  });

  it('sets no checkpoint while the stable prefix is shorter than the model minimum', () => {
    const { c, last } = chat(2, 1000);
    const { request, cache } = buildChatRequest(c, last, haiku45);
    assert.ok(cache.prefixTokens < 4096);
    assert.equal(request.systemCachePoint, undefined);
    assert.ok(request.messages.every((m) => !m.cachePoint));
  });

  it('checkpoints after the last earlier turn once the prefix reaches the minimum', () => {
    // 3 turns × 2 × 3,000 chars ≈ 5,100 tokens at 3.5 chars/token for Haiku 4.5 (minimum 4,096).
    const { c, last } = chat(3, 3000);
    const { request, cache } = buildChatRequest(c, last, haiku45);
    assert.ok(cache.prefixTokens >= 4096, `prefix ${cache.prefixTokens}`);
    const marked = request.messages.map((m, i) => (m.cachePoint ? i : -1)).filter((i) => i >= 0);
    assert.deepEqual(marked, [5], 'only the last earlier answer carries the checkpoint');
    assert.equal(request.messages[5].role, 'assistant');
    assert.ok(!request.messages[6].cachePoint, 'the new question is not part of the cached prefix');
  });

  it('uses each model\'s own minimum (2,048 for 3.5 Haiku, 4,096 for Haiku 4.5)', () => {
    const { c, last } = chat(1, 4000); // ≈ 2,300 tokens of prefix
    assert.equal(buildChatRequest(c, last, haiku35).cache.cachePointAt, 1);
    assert.equal(buildChatRequest(c, last, haiku45).cache.cachePointAt, undefined);
  });

  it('checkpoints a long system prompt on its own', () => {
    const c = newConversation(0);
    const t = addTurn(c, { question: 'why?', prompt: 'why?', system: 's'.repeat(20_000), feature: 'explain' }, 0);
    const { request } = buildChatRequest(c, t, haiku45);
    assert.equal(request.systemCachePoint, true);
    assert.equal(request.feature, 'explain');
    assert.equal(request.messages.length, 1);
  });

  it('sends no checkpoint to a model outside the catalog (it may not accept one)', () => {
    const { c, last } = chat(3, 5000);
    const { request, cache } = buildChatRequest(c, last, undefined);
    assert.equal(cache.minTokens, undefined);
    assert.ok(request.messages.every((m) => !m.cachePoint));
    assert.equal(request.systemCachePoint, undefined);
  });

  it('leaves out earlier turns whose answer has no text, and keeps stopped partial answers', () => {
    const c = newConversation(0);
    const failed = addTurn(c, { question: 'a', prompt: 'a' }, 0);
    failed.answer = { text: '', status: 'error', error: { kind: 'throttled', message: 'x' } };
    const stopped = addTurn(c, { question: 'b', prompt: 'b' }, 1);
    stopped.answer = { text: 'half an answer  \n', status: 'stopped' };
    const last = addTurn(c, { question: 'c', prompt: 'c' }, 2);
    const { request } = buildChatRequest(c, last, haiku45);
    assert.deepEqual(request.messages.map((m) => m.text), ['b', 'half an answer', 'c']);
  });

  it('drops the oldest turns when the conversation outgrows the context window', () => {
    // 40 turns × 2 × 20,000 chars ≈ 457K tokens > 200K window.
    const { c, last } = chat(40, 20_000);
    const { request, cache } = buildChatRequest(c, last, haiku45);
    assert.ok(cache.droppedTurns > 0);
    assert.ok(request.messages[0].text.startsWith(`q${cache.droppedTurns} `), 'the oldest turns go first');
    assert.ok(cache.prefixTokens < 200_000);
    assert.equal(request.messages[request.messages.length - 1].text, 'new question');
  });

  it('does not ask for more output than the model can give', () => {
    const { c, last } = chat(0, 0);
    assert.equal(buildChatRequest(c, last, haiku35, 20_000).request.maxTokens, 8192);
  });
});
