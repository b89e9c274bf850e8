// The provider logic through the real BedrockService and SDK against the loopback fake: text streams, a
// tool call comes back as a tool call, the tool result gets a text answer, usage is the lmChat feature's,
// and cancelling closes the stream at the fake.
import * as assert from 'node:assert/strict';
import type { BedrockService } from '../../../src/bedrock/client';
import type { Feature, StreamResult } from '../../../src/bedrock/types';
import { LmChatError, LmChatProvider, type LmSink } from '../../../src/lmChat/provider';
import type { Config } from '../../../src/shared/config';
import type { Fake } from '../../fake/bedrockFake';
import { fakeBedrockSuite } from '../../support/bedrock';

const tool = { name: 'workspace.search', description: 'Search the workspace', inputSchema: { type: 'object', properties: { query: { type: 'string' } } } };

describe('VS Code chat provider logic against the fake', function () {
  this.timeout(30_000);
  let fake: Fake;
  let config: Config;
  let service: BedrockService;
  let provider: LmChatProvider;
  let finished: [StreamResult, Feature][];

  fakeBedrockSuite({}, (s) => {
    ({ fake, config, service } = s);
    finished = [];
    service.onDidFinish((r, f) => void finished.push([r, f]));
    provider = new LmChatProvider({ bedrock: service, configuredModel: () => config.model });
  });

  function sink() {
    const parts: (string | { callId: string; name: string; input: object })[] = [];
    const s: LmSink = { text: (d) => void parts.push(d), toolCall: (callId, name, input) => void parts.push({ callId, name, input }) };
    return { s, parts };
  }

  it('answers with a tool call when given a tool, then with text after the tool result', async () => {
    const model = provider.models().find((m) => m.id === 'claude-haiku-5-5')!;
    const first = sink();
    const r1 = await provider.respond(model, [{ role: 'user', parts: [{ type: 'text', text: 'Find the config' }] }], { tools: [tool] }, first.s);
    assert.equal(r1.stopReason, 'tool_use');
    const call = first.parts.find((p) => typeof p !== 'string') as { callId: string; name: string; input: object };
    assert.equal(call.name, 'workspace.search', 'the VS Code name comes back, not the Bedrock one');
    assert.deepEqual(call.input, { query: 'fake' });
    const body = fake.requests[0].body;
    assert.equal(fake.requests[0].modelId, 'us.anthropic.claude-haiku-5-5', 'the model VS Code picked, not the setting');
    assert.equal(body.toolConfig.tools[0].toolSpec.name, 'workspace_search');
    assert.deepEqual(body.toolConfig.toolChoice, { auto: {} });
    assert.deepEqual(body.additionalModelRequestFields, { thinking: { type: 'disabled' } });

    const second = sink();
    await provider.respond(
      model,
      [
        { role: 'user', parts: [{ type: 'text', text: 'Find the config' }] },
        { role: 'assistant', parts: [{ type: 'toolCall', callId: call.callId, name: call.name, input: call.input }] },
        { role: 'user', parts: [{ type: 'toolResult', callId: call.callId, text: 'config.ts line 3' }] },
      ],
      { tools: [tool] },
      second.s,
    );
    assert.equal(second.parts.join(''), 'The tool said: config.ts line 3');
    const sent = fake.requests[1].body.messages;
    assert.equal(sent[1].content[0].toolUse.name, 'workspace_search');
    assert.equal(sent[2].content[0].toolResult.toolUseId, call.callId);
    assert.deepEqual(finished.map(([r, f]) => [f, r.outcome]), [['lmChat', 'complete'], ['lmChat', 'complete']]);
    assert.ok(finished[1][0].cost.usd > 0);
  });

  it('streams plain text without tools and says Required when VS Code requires a tool', async () => {
    const model = provider.models()[0];
    const out = sink();
    await provider.respond(model, [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }], {}, out.s);
    assert.match(out.parts.join(''), /^Hello from the fake Bedrock/);
    assert.equal(fake.requests[0].body.toolConfig, undefined);
    await provider.respond(model, [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }], { tools: [tool], toolRequired: true }, sink().s);
    assert.deepEqual(fake.requests[1].body.toolConfig.toolChoice, { any: {} });
  });

  it('closes the stream at the fake when VS Code cancels', async () => {
    fake.respond({ text: 'x'.repeat(400), chunkChars: 4, chunkDelayMs: 20 });
    const controller = new AbortController();
    const out = sink();
    const s: LmSink = { ...out.s, text: (d) => {
      out.s.text(d);
      if (out.parts.length === 3) controller.abort();
    } };
    const r = await provider.respond(provider.models()[0], [{ role: 'user', parts: [{ type: 'text', text: 'long' }] }], { signal: controller.signal }, s);
    assert.equal(r.outcome, 'aborted');
    await fake.waitForRequests(1);
    assert.equal(fake.requests[0].closedByClient, true);
    assert.equal(fake.requests[0].completed, false);
  });

  it('turns a Bedrock error into an error VS Code shows', async () => {
    fake.respond({ httpError: 'accessDenied' });
    await assert.rejects(
      provider.respond(provider.models()[0], [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }], {}, sink().s),
      (e: unknown) => e instanceof LmChatError && e.kind === 'accessDenied',
    );
  });
});
