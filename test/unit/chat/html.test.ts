import * as assert from 'node:assert/strict';
import { chatHtml } from '../../../src/chat/html';
import { webviewCsp } from '../../../src/shared/webviewPage';

// The page around the markup (CSP, nonce, script) is tested in test/unit/shared/webviewPage.test.ts.
describe('chat webview page', () => {
  const src = 'https://file+.vscode-resource.vscode-cdn.net';

  it('is served under the shared strict policy, with its one nonce script and no inline handlers or styles', () => {
    const html = chatHtml({ cspSource: src, nonce: 'abc123', scriptUri: `${src}/dist/webview/chat.js`, styleUri: `${src}/media/chat.css` });
    assert.ok(html.includes(`content="${webviewCsp(src, 'abc123').replace(/'/g, '&#39;')}"`), 'the chat page does not carry the shared CSP');
    assert.deepEqual(html.match(/<script\b[^>]*>/g), [`<script nonce="abc123" src="${src}/dist/webview/chat.js">`]);
    assert.doesNotMatch(html, /\son[a-z]+=|style=/i);
  });

  it('has what the webview script looks for', () => {
    const html = chatHtml({ cspSource: src, nonce: 'n', scriptUri: 'c.js', styleUri: 'c.css' });
    for (const id of ['messages', 'input', 'send', 'stop', 'history-list', 'notice']) assert.match(html, new RegExp(`id="${id}"`), id);
  });
});
