import * as assert from 'node:assert/strict';
import { isHostMessage, isHttpUrl, isWebviewMessage, LIMITS } from '../../../src/shared/protocol';

describe('protocol: messages from the webview', () => {
  const valid: unknown[] = [
    { type: 'ready' },
    { type: 'send', text: 'How do I sort a map?' },
    { type: 'stop' },
    { type: 'retry', turnId: 'abc123' },
    { type: 'newChat' },
    { type: 'openConversation', id: 'c_1-2' },
    { type: 'deleteConversation', id: 'c1' },
    { type: 'attach', kind: 'selection' },
    { type: 'attach', kind: 'file' },
    { type: 'removeAttachment', id: 'a1' },
    { type: 'codeAction', action: 'copy', code: 'x' },
    { type: 'codeAction', action: 'insert', code: 'const a = 1;', language: 'ts' },
    { type: 'codeAction', action: 'replace', code: '', language: 'c++' },
    { type: 'codeAction', action: 'open', code: 'print(1)', language: 'python' },
    { type: 'openLink', href: 'https://example.com/a?b=c' },
    { type: 'openLink', href: 'http://localhost:8080/' },
    { type: 'errorAction', turnId: 't1' },
  ];
  for (const m of valid) it(`accepts ${JSON.stringify(m)}`, () => assert.equal(isWebviewMessage(m), true));

  const invalid: [string, unknown][] = [
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['an unknown type', { type: 'deleteAllFiles' }],
    ['a missing type', { text: 'hi' }],
    ['send without text', { type: 'send' }],
    ['send with blank text', { type: 'send', text: '   ' }],
    ['send with a number', { type: 'send', text: 42 }],
    ['send that is too long', { type: 'send', text: 'x'.repeat(LIMITS.sendChars + 1) }],
    ['extra fields', { type: 'stop', command: 'rm -rf /' }],
    ['an id with a path', { type: 'openConversation', id: '../../etc/passwd' }],
    ['an id with a slash', { type: 'deleteConversation', id: 'a/b' }],
    ['an empty id', { type: 'retry', turnId: '' }],
    ['an unknown attach kind', { type: 'attach', kind: 'workspace' }],
    ['an unknown code action', { type: 'codeAction', action: 'run', code: 'rm -rf /' }],
    ['code that is not a string', { type: 'codeAction', action: 'copy', code: { toString: 1 } }],
    ['a language with markup', { type: 'codeAction', action: 'open', code: 'x', language: '<script>' }],
    ['a javascript: link', { type: 'openLink', href: 'javascript:alert(1)' }],
    ['a data: link', { type: 'openLink', href: 'data:text/html,<script>alert(1)</script>' }],
    ['a file: link', { type: 'openLink', href: 'file:///etc/passwd' }],
    ['a command: link', { type: 'openLink', href: 'command:workbench.action.terminal.new' }],
    ['a vscode: link', { type: 'openLink', href: 'vscode://settings' }],
    ['a relative link', { type: 'openLink', href: '/etc/passwd' }],
  ];
  for (const [name, m] of invalid) it(`rejects ${name}`, () => assert.equal(isWebviewMessage(m), false));
});

describe('protocol: messages from the extension', () => {
  const turn = { id: 't1', question: 'q', attachments: [], answer: { text: 'a', status: 'complete' } };
  it('accepts the shapes the host sends', () => {
    assert.equal(isHostMessage({ type: 'state', conversation: { id: 'c1', title: 't', turns: [turn] }, history: [], attachments: [], busy: false, model: 'Claude Haiku 4.5' }), true);
    assert.equal(isHostMessage({ type: 'turnStarted', turn }), true);
    assert.equal(isHostMessage({ type: 'delta', turnId: 't1', text: 'more', seq: 0 }), true);
    assert.equal(isHostMessage({ type: 'answerDone', turnId: 't1', answer: { text: 'x', status: 'stopped' } }), true);
    assert.equal(isHostMessage({ type: 'notice', text: 'Copied', level: 'info' }), true);
    assert.equal(isHostMessage({ type: 'sendAccepted' }), true);
    assert.equal(isHostMessage({ type: 'sendRefused', reason: 'Too long.' }), true);
    assert.equal(isHostMessage({ type: 'turnStarted', turn: { ...turn, id: 't2', retryOf: 't1' } }), true);
  });
  it('rejects messages another frame might post', () => {
    assert.equal(isHostMessage({ type: 'delta', turnId: 't1', text: 5, seq: 0 }), false);
    assert.equal(isHostMessage({ type: 'answerDone', turnId: 't1', answer: { text: 'x', status: 'hacked' } }), false);
    assert.equal(isHostMessage({ type: 'turnStarted', turn: { ...turn, id: '<img>' } }), false);
    assert.equal(isHostMessage({ type: 'notice', text: 'x', level: 'html' }), false);
    assert.equal(isHostMessage({ type: 'sendRefused' }), false);
    assert.equal(isHostMessage({ type: 'sendRefused', reason: { html: '<b>' } }), false);
    assert.equal(isHostMessage({ type: 'turnStarted', turn: { ...turn, retryOf: '../t0' } }), false);
    assert.equal(isHostMessage({ source: 'react-devtools' }), false);
  });
});

describe('isHttpUrl', () => {
  it('accepts only http(s) with a host', () => {
    assert.equal(isHttpUrl('https://aws.amazon.com/bedrock/'), true);
    assert.equal(isHttpUrl('HTTPS://EXAMPLE.COM'), true);
    assert.equal(isHttpUrl(' javascript:alert(1)'), false);
    assert.equal(isHttpUrl('jav\tascript:alert(1)'), false);
    assert.equal(isHttpUrl('https:'), false);
    assert.equal(isHttpUrl('mailto:a@b.c'), false);
  });
});
