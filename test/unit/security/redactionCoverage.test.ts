// Whatever the source — a question typed into the chat, an attached file or selection, a diagnostic and its
// code, a failed command, a debugger stop, the code around a completion — a planted secret never reaches
// the request the model streamer gets.

import * as assert from 'node:assert/strict';
import type { StreamRequest } from '../../../src/bedrock/types';
import { ChatController, type ChatHost } from '../../../src/chat/controller';
import type { EditorSnapshot } from '../../../src/chat/context';
import { HistoryStore } from '../../../src/chat/historyStore';
import { CompletionEngine } from '../../../src/completion/engine';
import { CompletionState } from '../../../src/completion/state';
import { linesOf } from '../../../src/completion/context';
import type { CompletionDocument } from '../../../src/completion/types';
import { gatherDebugContext, formatDebugContext, debugTitle, type DapVariable } from '../../../src/explain/debugContext';
import { gatherDiagnosticContext, formatDiagnosticContext, diagnosticTitle } from '../../../src/explain/diagnosticContext';
import { redactRegion } from '../../../src/explain/fixAnswer';
import { buildExplainRequest, buildFixRequest, type PreparedRequest } from '../../../src/explain/prompts';
import { formatTerminalContext, gatherTerminalContext, keepTail, terminalTitle } from '../../../src/explain/terminalContext';
import { ExclusionRules } from '../../../src/privacy';
import { silentLogger } from '../../../src/shared/logger';
import type { HostMessage } from '../../../src/shared/protocol';
import { SimModel } from '../../support/simModel';
import { VirtualClock } from '../../support/virtualClock';
import { FakeStreamer, HAIKU_45, MemoryStorage } from '../chat/helpers';
import { AWS_KEY, AWS_SECRET, JWT, PRIVATE_KEY, SECRET_CODE, assertNoLeak, leaks } from './secrets';

class Host implements ChatHost {
  posts: HostMessage[] = [];
  snap: EditorSnapshot | string = 'Open a file in the editor first.';
  post(m: HostMessage) {
    this.posts.push(structuredClone(m));
  }
  async copy() {}
  async applyCode() {
    return undefined;
  }
  async openInEditor() {}
  async openExternal() {}
  async snapshot() {
    return this.snap;
  }
  async exclusionRules() {
    return new ExclusionRules({ globs: [] });
  }
  async runErrorAction() {}
}

function chat() {
  const streamer = new FakeStreamer();
  const host = new Host();
  const storage = new MemoryStorage();
  const c = new ChatController({ streamer, resolved: () => HAIKU_45, store: new HistoryStore(storage, silentLogger), host, log: silentLogger });
  return { c, streamer, host, storage };
}

const wire = (r: StreamRequest) => JSON.stringify(r);

/** An explanation as the explain feature hands it to the chat, then what the chat sends. */
async function sendThroughChat(req: PreparedRequest): Promise<{ request: StreamRequest; stored: string; shown: string }> {
  const { c, streamer, host, storage } = chat();
  await c.startTurn({ title: req.title, prompt: req.prompt, contextSent: req.contextSent, system: req.system, feature: 'explain' });
  return { request: streamer.requests[0], stored: [...storage.files.values()].join('\n'), shown: JSON.stringify(host.posts) };
}

describe('security: secrets never reach the request', () => {
  it('the test secrets are recognisable (a leak check that cannot fail would prove nothing)', () => {
    assert.equal(leaks(SECRET_CODE).length, 6);
    assert.equal(leaks(`x ${AWS_SECRET.slice(0, 39)} y`).length, 1, 'a piece of a secret counts as a leak');
  });

  it('chat: a secret typed or pasted into the question is sent, shown and stored as a placeholder', async () => {
    const { c, streamer, host, storage } = chat();
    assert.equal(await c.handle({ type: 'send', text: `Why does this fail?\n${SECRET_CODE}` }), true);
    assert.equal(streamer.requests.length, 1);
    assertNoLeak(wire(streamer.requests[0]), 'the chat request');
    assertNoLeak(JSON.stringify(host.posts), 'the chat view');
    assertNoLeak([...storage.files.values()].join('\n'), 'the chat history files');
    assert.match(streamer.requests[0].messages[0].text, /Why does this fail\?/, 'the rest of the question is sent as typed');
    assert.ok(host.posts.some((p) => p.type === 'notice' && /secrets in your question were sent as placeholders/.test(p.text)), 'the user is told');
  });

  it('chat: an attached file and an attached selection are redacted, and so is a later turn re-sending them', async () => {
    const { c, streamer, host } = chat();
    host.snap = { relativePath: 'src/config.ts', languageId: 'typescript', text: SECRET_CODE };
    await c.handle({ type: 'attach', kind: 'file' });
    host.snap = { relativePath: 'src/config.ts', languageId: 'typescript', text: SECRET_CODE.split('\n').slice(0, 2).join('\n'), startLine: 1, endLine: 2 };
    await c.handle({ type: 'attach', kind: 'selection' });
    await c.handle({ type: 'send', text: 'what is this?' });
    await c.handle({ type: 'send', text: 'and now?' });
    assert.equal(streamer.requests.length, 2);
    assert.match(streamer.requests[0].messages[0].text, /src\/config\.ts/, 'the attachments were sent');
    for (const r of streamer.requests) assertNoLeak(wire(r), 'a chat request with attachments');
  });

  it('chat: a turn started by another feature is redacted even if that feature forgot', async () => {
    const { request, stored, shown } = await sendThroughChat({
      title: `Explain: bad key ${AWS_KEY}`, prompt: SECRET_CODE, contextSent: SECRET_CODE, system: 's', redactions: 0, redactedKinds: [],
    });
    assertNoLeak(wire(request), 'the request');
    assertNoLeak(stored, 'the history files');
    assertNoLeak(shown, 'the chat view');
  });

  it('explain: a diagnostic — its message, the code around it, related lines, quick-fix titles, an over-long line', async () => {
    const longLine = `const blob = { pad: "${'y'.repeat(340)}", k: "${AWS_SECRET}" };`; // the 400-char cut falls inside the key
    const lines = ['import { S3 } from "aws-sdk";', 'function connect() {', ...SECRET_CODE.split('\n'), longLine, '  return new S3({ accessKeyId });', '}'];
    const target = lines.length - 2;
    const ctx = gatherDiagnosticContext({
      path: 'src/connect.ts',
      languageId: 'typescript',
      lines,
      diagnostic: {
        message: `Type '"${AWS_KEY}"' is not assignable to type 'never'.`,
        severity: 'error',
        range: { start: { line: target, character: 2 }, end: { line: target, character: 8 } },
        related: [{ message: 'declared here', path: 'src/keys.ts', line: 3, character: 0, lineText: `export const token = '${JWT}';` }],
      },
      quickFixes: [`Change to '${AWS_KEY}'`],
      budgetTokens: 3000,
    });
    const req = buildExplainRequest('diagnostic', diagnosticTitle(ctx.diagnostic), formatDiagnosticContext(ctx));
    assert.match(req.prompt, /function connect/, 'the code was gathered');
    assert.ok(req.prompt.includes('pad: "yyyy'), 'the over-long line was gathered');
    assertNoLeak(req.prompt + req.title + req.contextSent, 'the explain request');
    assert.ok(req.redactions >= 5, `the placeholders are counted (${req.redactions})`);
    const sent = await sendThroughChat(req);
    assertNoLeak(wire(sent.request), 'the request the chat sends');
  });

  it('explain: a failed command line and its output, including a key cut by the kept tail', () => {
    const output = ['Deploying…', PRIVATE_KEY, `Error: credentials ${AWS_KEY} rejected`, `x${'z'.repeat(60)} ${AWS_SECRET} token=${JWT}`].join('\n');
    for (const budgetTokens of [60, 200, 3000]) {
      const ctx = gatherTerminalContext({
        commandLine: `AWS_SECRET_ACCESS_KEY=${AWS_SECRET} ./deploy.sh --token ${JWT}`,
        exitCode: 1,
        output,
        budgetTokens,
        source: 'shellIntegration',
      });
      const req = buildExplainRequest('terminal', terminalTitle(ctx), formatTerminalContext(ctx));
      assert.match(req.prompt, /deploy\.sh/);
      assertNoLeak(req.prompt + req.title, `the terminal request (budget ${budgetTokens})`);
    }
    // One long line whose kept end starts 20 characters into the secret (50 tokens keep its last 174 characters).
    const cut = gatherTerminalContext({ output: `${AWS_SECRET} ${'w'.repeat(153)}`, budgetTokens: 50, source: 'selection' });
    assert.match(cut.output, /^…/, 'the line was cut');
    assertNoLeak(buildExplainRequest('terminal', 't', formatTerminalContext(cut)).prompt, 'a line cut inside a secret');
    assertNoLeak(keepTail(`${AWS_SECRET} ${'w'.repeat(40)}`, 20).text, 'keepTail cutting inside a secret');
    // A selection that starts in the middle of a key block (no BEGIN line).
    const sel = gatherTerminalContext({ output: PRIVATE_KEY.split('\n').slice(2).join('\n'), budgetTokens: 3000, source: 'selection' });
    assertNoLeak(buildExplainRequest('terminal', 't', formatTerminalContext(sel)).prompt, 'a selection inside a key block');
  });

  it('explain: a failed command with the shapes issue 9 found getting through (header, -p, DSN, config word)', () => {
    const apiKey = 'Zu4HGiz' + 'iFK22tKGaa9noihrJ8Gv107HC9';
    const secrets = [apiKey, 'Passw0rd' + '123', 'p4ss-' + 'W0rd-x', 'purple' + 'monkeydishwasher'];
    const ctx = gatherTerminalContext({
      commandLine: `curl -s -H "X-Api-Key: ${apiKey}" https://api.example.com/v1 && mysql -u root -p${secrets[1]} shop`,
      exitCode: 1,
      output: `dsn := "app:${secrets[2]}@tcp(127.0.0.1:3306)/orders"\n    environment:\n      POSTGRES_PASSWORD: ${secrets[3]}\nERROR 1045 (28000): Access denied`,
      budgetTokens: 3000,
      source: 'shellIntegration',
    });
    const req = buildExplainRequest('terminal', terminalTitle(ctx), formatTerminalContext(ctx));
    assert.match(req.prompt, /Access denied/, 'the output was gathered');
    for (const s of secrets) assert.ok(!(req.prompt + req.title).includes(s), `${s.slice(0, 6)}… reached the request`);
  });

  it('explain: a debugger stop — exception message, stack trace, source lines and locals, long values cut at the limit', async () => {
    const vars: Record<number, DapVariable[]> = {
      5: [
        { name: 'password', value: "'correct-Horse-42'", variablesReference: 0, type: 'string' },
        { name: 'creds', value: '{accessKeyId: …}', variablesReference: 6, type: 'Object' },
        { name: 'header', value: `'Bearer ${JWT}'`, variablesReference: 0, type: 'string' },
        // The 200-character value limit falls inside the secret.
        { name: 'blob', value: `'${'q'.repeat(170)} ${AWS_SECRET}'`, variablesReference: 0, type: 'string' },
        { name: 'pem', value: `'${PRIVATE_KEY}'`, variablesReference: 0, type: 'string' },
      ],
      6: [
        { name: 'accessKeyId', value: `'${AWS_KEY}'`, variablesReference: 0, type: 'string' },
        { name: 'secretAccessKey', value: `'${AWS_SECRET}'`, variablesReference: 0, type: 'string' },
      ],
    };
    const ctx = await gatherDebugContext({
      stop: { threadId: 1, reason: 'exception' },
      request: async (command, args) => {
        switch (command) {
          case 'exceptionInfo':
            return { exceptionId: 'Error', description: `Error: invalid key ${AWS_KEY}`, details: { message: `invalid key ${AWS_KEY}`, stackTrace: `Error: invalid key ${AWS_KEY}\n    at sign (/ws/app.js:3:9)` } };
          case 'stackTrace':
            return { stackFrames: [{ id: 1, name: 'sign', line: 3, column: 9, source: { path: '/ws/app.js' } }] };
          case 'scopes':
            return { scopes: [{ name: 'Local', variablesReference: 5 }] };
          case 'variables':
            return { variables: vars[args.variablesReference as number] ?? [] };
          default:
            throw new Error('unsupported');
        }
      },
      readLines: async () => SECRET_CODE.split('\n').slice(0, 3),
    });
    const req = buildExplainRequest('debugger', debugTitle(ctx), formatDebugContext(ctx));
    assert.match(req.prompt, /blob = 'qqqq/, 'the long value was gathered');
    assert.ok(!req.prompt.includes('correct-Horse-42'));
    assertNoLeak(req.prompt + req.title, 'the debugger request');
  });

  it('explain: a fix request sends the region and its context redacted', () => {
    const region = redactRegion(SECRET_CODE);
    const req = buildFixRequest({ title: `Fix: ${AWS_KEY}`, formattedContext: `Error: ${JWT}`, regionStartLine: 1, regionEndLine: 4, regionText: region.text, path: 'a.ts' });
    assertNoLeak(req.prompt + req.title, 'the fix request');
  });

  it('completions: the code before and after the cursor and snippets of other files', async () => {
    const clock = new VirtualClock();
    const model = new SimModel(clock, () => 'x</insert>');
    const text = `${SECRET_CODE}\nfunction sign() {\n  return hmac(\n}\n${SECRET_CODE}\n`;
    const lines = linesOf(text);
    const document: CompletionDocument = { uri: 'file:///w/src/sign.ts', relativePath: 'src/sign.ts', languageId: 'typescript', version: 1, eol: '\n', lineCount: lines.lineCount, lineAt: lines.lineAt };
    const other = `export function hmac() {\n${SECRET_CODE}\n  return hmacSign(secretAccessKey);\n}\n`;
    const engine = new CompletionEngine({
      streamer: model,
      state: new CompletionState(undefined, clock.now),
      settings: () => ({ debounceMs: 0, maxContextTokens: 4000 }),
      model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }),
      isExcluded: () => ({ excluded: false }),
      otherDocuments: () => [{ uri: 'file:///w/src/hmac.ts', relativePath: 'src/hmac.ts', languageId: 'typescript', version: 1, lines: linesOf(other), lastActive: 1 }],
      sleep: clock.sleep,
      now: clock.now,
    });
    const marker = '  return hmac(';
    const offset = text.indexOf(marker) + marker.length;
    const line = text.slice(0, offset).split('\n').length - 1;
    const p = engine.provide({ document, position: { line, character: marker.length }, offset, trigger: 'explicit' }, new AbortController().signal);
    await clock.runAll();
    await p;
    assert.equal(model.calls.length, 1);
    const sent = wire(model.calls[0].request);
    assert.match(sent, /function sign/);
    assert.match(sent, /hmacSign/, 'a snippet of the other file was sent');
    assertNoLeak(sent, 'the completion request');
  });
});
