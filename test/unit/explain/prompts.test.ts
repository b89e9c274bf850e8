import * as assert from 'node:assert';
import { buildExplainRequest, buildFixRequest, FIX_SYSTEM } from '../../../src/explain/prompts';
import { formatDebugContext, gatherDebugContext } from '../../../src/explain/debugContext';
import { formatTerminalContext, gatherTerminalContext } from '../../../src/explain/terminalContext';

// Fake credentials shaped like real ones; built at runtime so the repository holds no key-shaped string.
const AWS_KEY = 'AKIA' + 'Z7QW3RT5YU8IOPAS';
const GITHUB_TOKEN = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

describe('explain/prompts', () => {
  it('asks for the cause and a suggested fix as a code block, per source', () => {
    for (const source of ['diagnostic', 'terminal', 'debugger'] as const) {
      const req = buildExplainRequest(source, 'Explain: x', 'context');
      assert.match(req.system, /explain in plain words/i);
      assert.match(req.system, /suggested fix as one fenced code block/);
      assert.match(req.system, /<redacted:kind>/, 'the model is told what placeholders mean');
    }
    assert.match(buildExplainRequest('debugger', 't', 'c').system, /variable values/);
    assert.match(buildExplainRequest('terminal', 't', 'c').system, /exit code/);
    assert.match(buildExplainRequest('diagnostic', 't', 'c').system, /quick fix/);
  });

  it('sends the context after a one-line request, and "context sent" is exactly the prompt', () => {
    const req = buildExplainRequest('diagnostic', 'Explain: boom', 'Error in a.ts');
    assert.strictEqual(req.prompt, 'Explain this problem reported in my editor and suggest a fix.\n\nError in a.ts');
    assert.strictEqual(req.contextSent, req.prompt);
    assert.strictEqual(req.title, 'Explain: boom');
  });

  it('redacts secrets in a failed command line and its output', () => {
    const ctx = gatherTerminalContext({
      commandLine: `AWS_ACCESS_KEY_ID=${AWS_KEY} aws s3 ls`,
      exitCode: 255,
      output: `curl -H "Authorization: Bearer ${GITHUB_TOKEN}" failed`,
      budgetTokens: 500,
      source: 'shellIntegration',
    });
    const req = buildExplainRequest('terminal', 'Explain failed command', formatTerminalContext(ctx));
    assert.ok(!req.prompt.includes(AWS_KEY));
    assert.ok(!req.prompt.includes(GITHUB_TOKEN));
    assert.match(req.prompt, /<redacted:aws-access-key> aws s3 ls/);
    assert.strictEqual(req.redactions, 2);
    assert.deepStrictEqual(req.redactedKinds.sort(), ['aws-access-key', 'github-token']);
  });

  it('redacts secret-named locals from the debugger', async () => {
    const ctx = await gatherDebugContext({
      stop: { threadId: 1, reason: 'exception', text: 'Error: boom' },
      request: async (command) => {
        if (command === 'stackTrace') return { stackFrames: [{ id: 1, name: 'f', line: 1, column: 1 }] };
        if (command === 'scopes') return { scopes: [{ name: 'Local', variablesReference: 5 }] };
        if (command === 'variables') return { variables: [{ name: 'dbPassword', value: "'s3cr3t-Pa55word'", variablesReference: 0 }, { name: 'count', value: '3', variablesReference: 0 }] };
        throw new Error('no');
      },
      readLines: async () => undefined,
    });
    const req = buildExplainRequest('debugger', 'Explain exception', formatDebugContext(ctx));
    assert.ok(!req.prompt.includes('s3cr3t-Pa55word'));
    assert.match(req.prompt, /dbPassword = '<redacted:password>'/);
    assert.match(req.prompt, /count = 3/);
  });

  it('redacts the title too (it is shown and stored in the chat)', () => {
    assert.ok(!buildExplainRequest('terminal', `Explain failed command: export TOKEN=${GITHUB_TOKEN}`, 'c').title.includes(GITHUB_TOKEN));
  });

  it('builds a fix request with the region between tags and its line numbers', () => {
    const req = buildFixRequest({ title: 'Fix', formattedContext: 'Error here', regionStartLine: 4, regionEndLine: 9, regionText: 'a\nb', path: 'src/x.ts' });
    assert.strictEqual(req.system, FIX_SYSTEM);
    assert.match(req.system, /<replacement> and <\/replacement>/);
    assert.match(req.prompt, /Region to rewrite: src\/x\.ts, lines 4–9\.\n<region>\na\nb\n<\/region>$/);
    assert.match(req.prompt, /Error here/);
  });
});
