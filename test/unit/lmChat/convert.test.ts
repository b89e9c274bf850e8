import * as assert from 'node:assert/strict';
import { toConverse, toToolSpecs, ToolNames, type LmMessage } from '../../../src/lmChat/convert';
import { lmModels } from '../../../src/lmChat/models';
import { ApplicationProfiles } from '../../../src/bedrock/appProfiles';

describe('VS Code chat messages to Converse', () => {
  it('merges consecutive turns of one role, drops blank text and a leading assistant turn', () => {
    const msgs: LmMessage[] = [
      { role: 'assistant', parts: [{ type: 'text', text: 'Hi, how can I help?' }] },
      { role: 'user', parts: [{ type: 'text', text: 'Context: file a.ts' }] },
      { role: 'user', parts: [{ type: 'text', text: '  ' }, { type: 'text', text: 'Explain it' }] },
    ];
    const { messages } = toConverse(msgs, new ToolNames());
    assert.deepEqual(messages.map((m) => [m.role, m.content]), [['user', [{ text: 'Context: file a.ts' }, { text: 'Explain it' }]]]);
  });

  it('sends a tool call and its result as toolUse / toolResult blocks, the result first in its turn', () => {
    const names = new ToolNames();
    const msgs: LmMessage[] = [
      { role: 'user', parts: [{ type: 'text', text: 'What time is it?' }] },
      { role: 'assistant', parts: [{ type: 'text', text: 'Checking.' }, { type: 'toolCall', callId: 'c1', name: 'mcp.clock/now', input: { tz: 'UTC' } }] },
      { role: 'user', parts: [{ type: 'text', text: 'and be brief' }, { type: 'toolResult', callId: 'c1', text: '12:00' }] },
    ];
    const { messages } = toConverse(msgs, names);
    assert.deepEqual(messages[1].content, [{ text: 'Checking.' }, { toolUse: { toolUseId: 'c1', name: 'mcp_clock_now', input: { tz: 'UTC' } } }]);
    assert.deepEqual(messages[2].content, [{ toolResult: { toolUseId: 'c1', content: [{ text: '12:00' }] } }, { text: 'and be brief' }]);
    assert.equal(names.vscodeName('mcp_clock_now'), 'mcp.clock/now');
  });

  it('redacts secrets in text and in tool results before they are sent', () => {
    const key = 'AKIA' + 'ABCDEFGHIJKLMNOP';
    const { messages, redactions } = toConverse(
      [
        { role: 'user', parts: [{ type: 'text', text: `my key is ${key}` }] },
        { role: 'assistant', parts: [{ type: 'toolCall', callId: 'c', name: 'read', input: {} }] },
        { role: 'user', parts: [{ type: 'toolResult', callId: 'c', text: `aws_access_key_id = ${key}` }] },
      ],
      new ToolNames(),
    );
    assert.equal(redactions, 2);
    assert.ok(!JSON.stringify(messages).includes(key));
  });

  it('maps tools to Bedrock names, descriptions and schemas it accepts, distinct and reversible', () => {
    const names = new ToolNames();
    const specs = toToolSpecs(
      [
        { name: 'a.b', description: '', inputSchema: undefined },
        { name: 'a/b', description: 'second', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } },
      ],
      names,
    );
    assert.deepEqual(specs.map((s) => s.name), ['a_b', 'a_b_2']);
    assert.equal(specs[0].description, 'a.b');
    assert.deepEqual(specs[0].inputSchema, { type: 'object', properties: {} });
    assert.ok(specs.every((s) => /^[a-zA-Z0-9_-]{1,64}$/.test(s.name)));
    assert.equal(names.vscodeName('a_b_2'), 'a/b');
  });
});

describe('models offered to VS Code chat', () => {
  const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/team0a1b2c3d';

  it('offers the served Haiku models, not the retired one', () => {
    const ids = lmModels('claude-haiku-4-5', new ApplicationProfiles()).map((m) => m.id);
    assert.deepEqual(ids, ['claude-haiku-4-5', 'claude-haiku-5-5']);
  });

  it('offers the chosen application profile first, named after it and sized like its model', () => {
    const profiles = new ApplicationProfiles();
    profiles.set({ arn, name: 'team-a', catalogId: 'claude-haiku-5-5', route: 'global', at: 1 });
    const [first] = lmModels(arn, profiles);
    assert.equal(first.id, arn);
    assert.equal(first.name, 'Claude Haiku 5.5 (team-a)');
    assert.equal(first.maxInputTokens + first.maxOutputTokens, 1_000_000);
  });
});
