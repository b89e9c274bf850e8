// Haiku in VS Code's own chat API, in a real extension host: another caller of `vscode.lm` finds the models
// under the vendor `bedrockHaiku`, sends a request with one tool, gets a tool call from the fake, sends the
// tool result and gets text; usage records the requests as lmChat at the route's catalog price; a cancelled
// request ends the stream at the fake.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { findModel } from '../../src/bedrock/catalog';
import { costOf } from '../../src/bedrock/pricing';
import { withFakeEnv, type Fake } from '../fake/bedrockFake';
import { useFakeInHost, type ExtensionApi } from '../support/extension';

const tool: vscode.LanguageModelChatTool = {
  name: 'haiku_test_lookup',
  description: 'Looks a word up in the test dictionary',
  inputSchema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
};

async function collect(response: vscode.LanguageModelChatResponse): Promise<{ text: string; calls: vscode.LanguageModelToolCallPart[] }> {
  let text = '';
  const calls: vscode.LanguageModelToolCallPart[] = [];
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    else if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
  }
  return { text, calls };
}

suite('lmChat (VS Code chat provider)', () => {
  let fake: Fake;
  let api: ExtensionApi;
  let model: vscode.LanguageModelChat;

  useFakeInHost((s) => ({ api, fake } = s));

  test('VS Code lists the catalog\'s Haiku models under the vendor bedrockHaiku', async () => {
    const models = await vscode.lm.selectChatModels({ vendor: 'bedrockHaiku' });
    assert.deepStrictEqual(models.map((m) => m.id).sort(), ['claude-haiku-4-5', 'claude-haiku-5-5']);
    model = models.find((m) => m.id === 'claude-haiku-4-5')!;
    assert.strictEqual(model.name, 'Claude Haiku 4.5');
    assert.ok(model.maxInputTokens > 100_000);
  });

  test('a request with one tool gets a tool call, the tool result gets text, and usage records both', async () => {
    const ask = vscode.LanguageModelChatMessage.User('What does "haiku" mean?');
    const first = await withFakeEnv(fake, async () => collect(await model.sendRequest([ask], { tools: [tool] })));
    assert.strictEqual(first.calls.length, 1, `expected one tool call, got text ${JSON.stringify(first.text)}`);
    const call = first.calls[0];
    assert.strictEqual(call.name, 'haiku_test_lookup');
    assert.deepStrictEqual(call.input, { query: 'fake' });
    assert.strictEqual(fake.requests[0].body.toolConfig.tools[0].toolSpec.name, 'haiku_test_lookup');

    const answer = vscode.LanguageModelChatMessage.Assistant([new vscode.LanguageModelTextPart(first.text), call]);
    const result = vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('a short poem')])]);
    const second = await withFakeEnv(fake, async () => collect(await model.sendRequest([ask, answer, result], { tools: [tool] })));
    assert.strictEqual(second.text, 'The tool said: a short poem');
    assert.strictEqual(second.calls.length, 0);
    const sent = fake.requests[1].body.messages;
    assert.strictEqual(sent[2].content[0].toolResult.toolUseId, call.callId);

    const rec = api.services.usage.last();
    assert.strictEqual(rec?.feature, 'lmChat');
    assert.strictEqual(rec?.outcome, 'complete');
    assert.strictEqual(rec?.route, 'geographic');
    const expected = costOf(findModel('claude-haiku-4-5'), rec!.usage, { route: 'geographic' });
    assert.ok(rec!.costUsd > 0 && Math.abs(rec!.costUsd - expected.usd) < 1e-12, `${rec!.costUsd} vs ${expected.usd}`);
  });

  test('cancelling the request ends the stream at the fake', async () => {
    fake.respond({ text: 'word '.repeat(200), chunkChars: 5, chunkDelayMs: 20 });
    const cts = new vscode.CancellationTokenSource();
    let parts = 0;
    await withFakeEnv(fake, async () => {
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Say a lot')], {}, cts.token);
      try {
        for await (const part of response.stream) {
          if (part instanceof vscode.LanguageModelTextPart && ++parts === 3) cts.cancel();
        }
      } catch {
        // VS Code may end a cancelled stream with a CancellationError.
      }
    });
    await fake.waitForRequests(1);
    assert.strictEqual(fake.requests[0].closedByClient, true, 'the fake saw the client go away');
    assert.strictEqual(fake.requests[0].completed, false);
    cts.dispose();
  });

  test('short texts are counted by the catalog estimate, without asking Bedrock', async () => {
    const n = await withFakeEnv(fake, async () => model.countTokens('x'.repeat(350)));
    assert.strictEqual(n, 100);
    assert.strictEqual(fake.requests.length, 0);
  });

  test('longer texts and messages are counted by Bedrock\'s CountTokens with the foundation model, once', async () => {
    const text = 'const x = 1;\n'.repeat(300);
    const requestsBefore = api.services.usage.recent().length;
    const n = await withFakeEnv(fake, async () => model.countTokens(text));
    // The fake's tokenizer (a quarter of the characters + 7), not the estimate (1,115).
    assert.strictEqual(n, Math.ceil(text.length / 4) + 7);
    assert.strictEqual(await withFakeEnv(fake, async () => model.countTokens(vscode.LanguageModelChatMessage.User(text))), n);
    assert.deepStrictEqual(fake.requests.map((r) => [r.api, r.modelId, r.sigv4Valid]), [['countTokens', 'anthropic.claude-haiku-4-5-20251001-v1:0', true]]);
    assert.strictEqual(api.services.usage.recent().length, requestsBefore, 'a free count is not a request in usage');
  });
});
