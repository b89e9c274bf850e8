// The chat in a real VS Code extension host: the webview view resolves and its script says ready (so the
// CSP, nonce and localResourceRoots let it load), turns stream through the facade to the loopback fake,
// the prompt-cache counters the fake returns are priced in the footer and land in the usage totals, the
// stable prefix carries a cache checkpoint once it is long enough, and the history is on disk.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findModel } from '../../src/bedrock/catalog';
import { costOf } from '../../src/bedrock/pricing';
import type { ChatApi } from '../../src/chat/api';
import { footerText } from '../../src/chat/format';
import type { ConversationView, HistoryEntry } from '../../src/shared/protocol';
import { withFakeEnv, type Fake } from '../fake/bedrockFake';
import { waitFor } from '../support/waitFor';
import { useFakeInHost, type ExtensionApi } from '../support/extension';

interface ChatState {
  viewReady: boolean;
  busy: boolean;
  conversation: ConversationView;
  history: HistoryEntry[];
}

const chatState = () => vscode.commands.executeCommand<ChatState>('_bedrockHaiku.chat.state');

suite('chat', () => {
  let fake: Fake;
  let api: ExtensionApi;
  let chat: ChatApi;

  useFakeInHost((s) => {
    ({ api, fake } = s);
    assert.ok(api.chat, 'the chat feature did not return its API (registerChat not wired?)');
    chat = api.chat;
  });

  const ask = (title: string, prompt = title) =>
    withFakeEnv(fake, async () => {
      api.services.bedrock.resetCredentials();
      await chat.startTurn({ title, prompt, contextSent: '', feature: 'chat' });
    });

  test('the view resolves, its script loads under the CSP and says ready', async () => {
    await vscode.commands.executeCommand('bedrockHaiku.chat.focus');
    const state = await waitFor(async () => {
      const s = await chatState();
      return s.viewReady ? s : undefined;
    }, 30_000, 'the chat webview to say ready');
    assert.strictEqual(state.busy, false);
  });

  test('New Chat starts an empty conversation', async () => {
    await ask('something before');
    await vscode.commands.executeCommand('bedrockHaiku.newChat');
    const s = await chatState();
    assert.deepStrictEqual(s.conversation.turns, []);
    assert.ok(s.history.some((h) => h.title === 'something before'), 'the previous conversation stays in the history');
  });

  test('a streamed answer shows model, tokens, cache counters and their price in the footer', async () => {
    await vscode.commands.executeCommand('bedrockHaiku.newChat');
    const usage = { inputTokens: 140, outputTokens: 42, cacheReadInputTokens: 5200, cacheWriteInputTokens: 310 };
    fake.respond({ text: 'Use a Map:\n\n```ts\nconst m = new Map<string, number>();\n```\n', chunkChars: 6, chunkDelayMs: 2, usage });
    await ask('How do I count words?');
    const s = await chatState();
    const turn = s.conversation.turns[0];
    assert.strictEqual(turn.answer.status, 'complete');
    assert.match(turn.answer.text, /```ts\nconst m = new Map<string, number>\(\);\n```/);
    const meta = turn.answer.meta!;
    assert.strictEqual(meta.model, 'Claude Haiku 4.5');
    assert.deepStrictEqual(
      [meta.inputTokens, meta.outputTokens, meta.cacheReadTokens, meta.cacheWriteTokens],
      [140, 42, 5200, 310],
    );
    const expected = costOf(findModel('claude-haiku-4-5'), { inputTokens: 140, outputTokens: 42, cacheReadTokens: 5200, cacheWriteTokens: 310 });
    assert.ok(Math.abs(meta.costUsd - expected.usd) < 1e-12, `cost ${meta.costUsd} != ${expected.usd}`);
    assert.ok(meta.firstTokenMs !== undefined && meta.firstTokenMs <= meta.totalMs);
    assert.match(footerText(meta), /^Claude Haiku 4\.5 · first token \d+ ms · total [\d.]+ (ms|s) · 140 in · 42 out · 5,200 cached · 310 cache written · \$0\.00\d+ est\.$/);
    // The same request feeds the status bar and usage totals (recorded by the facade).
    const rec = api.services.usage.last();
    assert.strictEqual(rec?.feature, 'chat');
    assert.strictEqual(rec?.usage.cacheReadTokens, 5200);
    assert.strictEqual(fake.requests[0].body.messages.length, 1);
  });

  test('the earlier turns become a cached prefix once they pass the model minimum', async () => {
    await vscode.commands.executeCommand('bedrockHaiku.newChat');
    fake.respond({ text: 'noted' });
    // ~5,000 tokens of earlier conversation at Haiku 4.5's 3.5 characters per token.
    await ask('Remember this log', `Here is a log:\n${'2026-11-25 INFO request served in 12 ms\n'.repeat(440)}`);
    await ask('What was slow?');
    assert.strictEqual(fake.requests.length, 2);
    const hasCachePoint = (body: { messages: { content: Record<string, unknown>[] }[] }) =>
      body.messages.some((m) => m.content.some((c) => 'cachePoint' in c));
    assert.strictEqual(hasCachePoint(fake.requests[0].body), false, 'no prefix on the first turn');
    assert.strictEqual(hasCachePoint(fake.requests[1].body), true, 'the second request marks the earlier turns for caching');
    const msgs = fake.requests[1].body.messages as { role: string; content: Record<string, unknown>[] }[];
    assert.deepStrictEqual(msgs.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.ok(msgs[1].content.some((c) => 'cachePoint' in c), 'the checkpoint follows the last earlier answer');
  });

  test('conversations are stored in global storage and listed in the history', async () => {
    await vscode.commands.executeCommand('bedrockHaiku.newChat');
    fake.respond({ text: 'stored answer' });
    await ask('Please remember me');
    const s = await chatState();
    const dir = path.join(api.services.context.globalStorageUri.fsPath, 'chat');
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
    assert.strictEqual(index.currentId, s.conversation.id);
    assert.strictEqual(index.entries[0].title, 'Please remember me');
    const file = JSON.parse(fs.readFileSync(path.join(dir, `conversation-${s.conversation.id}.json`), 'utf8'));
    assert.strictEqual(file.turns[0].answer.text, 'stored answer');
    assert.strictEqual(s.history[0].id, s.conversation.id);
  });

  test('a failed request keeps its place in the conversation with the error and its action', async () => {
    await vscode.commands.executeCommand('bedrockHaiku.newChat');
    fake.respond({ httpError: 'accessDenied' });
    await ask('Will this work?');
    const turn = (await chatState()).conversation.turns[0];
    assert.strictEqual(turn.answer.status, 'error');
    assert.ok(turn.answer.error?.message, 'no error message');
    assert.ok(turn.answer.error?.action, 'no action offered for access denied');
  });
});
