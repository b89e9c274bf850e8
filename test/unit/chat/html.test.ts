import * as assert from 'node:assert/strict';
import { chatCsp, chatHtml, newNonce } from '../../../src/chat/html';

describe('chat webview page', () => {
  const src = 'https://file+.vscode-resource.vscode-cdn.net';

  it('has a CSP that allows only our nonce-tagged script and our own styles, images and fonts', () => {
    const csp = chatCsp(src, 'abc123');
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    assert.equal(directives['default-src'], "'none'");
    assert.equal(directives['script-src'], "'nonce-abc123'");
    assert.equal(directives['style-src'], src);
    assert.equal(directives['img-src'], src);
    assert.equal(directives['font-src'], src);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https:\s|\*/);
  });

  it('loads exactly one script, carrying the nonce, and no inline handlers or styles', () => {
    const nonce = newNonce();
    const html = chatHtml({ cspSource: src, nonce, scriptUri: `${src}/dist/webview/chat.js`, styleUri: `${src}/media/chat.css` });
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${nonce}" src="${src}/dist/webview/chat.js">`]);
    assert.doesNotMatch(html, /\son[a-z]+=|style=/i);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
  });

  it('makes a fresh nonce each time', () => {
    const a = newNonce();
    assert.match(a, /^[A-Za-z0-9]{20,}$/);
    assert.notEqual(a, newNonce());
  });
});
