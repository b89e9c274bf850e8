// Huge, binary and minified input: the user gets a sentence saying what was refused and what to do, the
// work finishes (no hang on a 50 MB string), nothing half-attached is sent, and the pending attachments
// and question are kept.

import * as assert from 'node:assert/strict';
import { buildAttachment } from '../../../src/chat/context';
import { ChatController, type ChatHost } from '../../../src/chat/controller';
import type { EditorSnapshot } from '../../../src/chat/context';
import { HistoryStore } from '../../../src/chat/historyStore';
import { gatherDiagnosticContext, formatDiagnosticContext } from '../../../src/explain/diagnosticContext';
import { gatherDebugContext, formatDebugContext } from '../../../src/explain/debugContext';
import { buildExplainRequest } from '../../../src/explain/prompts';
import { formatTerminalContext, gatherTerminalContext } from '../../../src/explain/terminalContext';
import { ExclusionRules } from '../../../src/privacy';
import { silentLogger } from '../../../src/shared/logger';
import type { HostMessage } from '../../../src/shared/protocol';
import { FakeStreamer, HAIKU_45, MemoryStorage } from '../chat/helpers';

const MB = 1024 * 1024;
const rules = new ExclusionRules({ globs: [] });
const source = (bytes: number) => {
  const line = 'export const value = compute(input, options); // some ordinary code\n';
  return line.repeat(Math.ceil(bytes / line.length));
};
const minified = (bytes: number) => `!function(){var a=${'b+1,c=d*2,'.repeat(Math.ceil(bytes / 10))}e=0}();`;
const binary = (bytes: number) => '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR' + '\u0000\u00ff'.repeat(bytes / 2);

describe('security: bad input to chat attachments', () => {
  const cases: [string, string, RegExp][] = [
    ['a 10 MB file', source(10 * MB), /too large to attach \(10,485,\d{3} characters; the limit is 200,000\)\. Select the part you need/],
    ['a 50 MB file', source(50 * MB), /too large to attach .*Select the part you need/],
    ['a binary file', binary(64 * 1024), /looks binary, so it was not attached/],
    ['a minified one-line bundle', minified(300_000), /too large to attach/],
    ['a minified file under the size limit', minified(100_000), /looks minified or generated .* not attached\. Select a few readable lines/],
  ];
  for (const [name, text, message] of cases) {
    it(`refuses ${name} with a clear message`, () => {
      const r = buildAttachment('file', { relativePath: 'dist/app.js', languageId: 'javascript', text }, rules);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.match(r.reason, /^dist\/app\.js /, 'names the file');
        assert.match(r.reason, message);
      }
    });
  }

  it('names the selection when the selection is what is refused', () => {
    const r = buildAttachment('selection', { relativePath: 'big.json', languageId: 'json', text: source(300_000), startLine: 1, endLine: 5000 }, rules);
    assert.ok(!r.ok && /^The selection in big\.json is too large/.test(r.reason));
  });

  it('a refused file leaves the earlier attachment and sends nothing of itself', async () => {
    const posts: HostMessage[] = [];
    let snap: EditorSnapshot = { relativePath: 'src/a.ts', languageId: 'typescript', text: 'const small = 1;\n' };
    const host: ChatHost = {
      post: (m) => void posts.push(m), copy: async () => {}, applyCode: async () => undefined, openInEditor: async () => {},
      openExternal: async () => {}, snapshot: async () => snap, exclusionRules: async () => rules, runErrorAction: async () => {},
    };
    const streamer = new FakeStreamer();
    const c = new ChatController({ streamer, resolved: () => HAIKU_45, store: new HistoryStore(new MemoryStorage(), silentLogger), host, log: silentLogger });
    await c.handle({ type: 'attach', kind: 'file' });
    snap = { relativePath: 'dist/huge.js', languageId: 'javascript', text: source(10 * MB) };
    await c.handle({ type: 'attach', kind: 'file' });
    const notice = posts.filter((p) => p.type === 'notice').pop();
    assert.ok(notice && notice.type === 'notice' && notice.level === 'warning' && /dist\/huge\.js is too large to attach/.test(notice.text));
    await c.handle({ type: 'send', text: 'what does it do?' });
    const sent = streamer.requests[0].messages[0].text;
    assert.match(sent, /const small = 1;/, 'the earlier attachment is still sent');
    assert.ok(!sent.includes('huge.js') && sent.length < 1000, 'nothing of the refused file');
  });
});

describe('security: bad input to explain', () => {
  const diag = (lines: string[], line: number) =>
    gatherDiagnosticContext({
      path: 'dist/app.js', languageId: 'javascript', lines,
      diagnostic: { message: 'x is not defined', severity: 'error', range: { start: { line, character: 5 }, end: { line, character: 6 } }, related: [] },
      quickFixes: [], budgetTokens: 3000,
    });

  it('a 10 MB one-line minified file sends a bounded excerpt', () => {
    const ctx = diag([minified(10 * MB)], 0);
    const req = buildExplainRequest('diagnostic', 't', formatDiagnosticContext(ctx));
    assert.match(req.prompt, /x is not defined/);
    assert.ok(req.prompt.length < 4000, `prompt is ${req.prompt.length} chars`);
  });

  it('a 50 MB file of many lines sends a bounded excerpt', () => {
    const lines = source(50 * MB).split('\n');
    const ctx = diag(lines, Math.floor(lines.length / 2));
    const req = buildExplainRequest('diagnostic', 't', formatDiagnosticContext(ctx));
    assert.ok(req.prompt.length < 3000 * 4 + 2000, `prompt is ${req.prompt.length} chars`);
  });

  it('10 MB of terminal output keeps its end within the budget', () => {
    const ctx = gatherTerminalContext({ output: `${source(10 * MB)}Error: the last line`, budgetTokens: 3000, source: 'selection' });
    const req = buildExplainRequest('terminal', 't', formatTerminalContext(ctx));
    assert.match(req.prompt, /Error: the last line/);
    assert.ok(req.prompt.length < 3000 * 4 + 1000);
  });

  it('a debugger variable holding 10 MB is cut to its limit', async () => {
    const ctx = await gatherDebugContext({
      stop: { threadId: 1, reason: 'exception', text: 'RangeError: too big' },
      request: async (command) => {
        if (command === 'stackTrace') return { stackFrames: [{ id: 1, name: 'f', line: 1, column: 1 }] };
        if (command === 'scopes') return { scopes: [{ name: 'Local', variablesReference: 5 }] };
        if (command === 'variables') return { variables: [{ name: 'payload', value: `'${minified(10 * MB)}'`, variablesReference: 0 }] };
        throw new Error('unsupported');
      },
      readLines: async () => undefined,
    });
    const req = buildExplainRequest('debugger', 't', formatDebugContext(ctx));
    assert.match(req.prompt, /payload = '!function/);
    assert.ok(req.prompt.length < 2000);
  });
});
