import * as assert from 'node:assert/strict';
import { newNonce, webviewCsp, webviewHtml } from '../../../src/shared/webviewPage';

// Every webview page of ours is built here: what the CSP allows is what any page could ever run.
describe('webview page', () => {
  const src = 'https://file+.vscode-resource.vscode-cdn.net';
  const directivesOf = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
  /** The policy as the browser reads it: from the page's meta tag, unescaped. */
  const cspOf = (html: string) => {
    const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(m, 'the page has no CSP meta tag');
    return m[1].replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
  };

  it('is strict: nothing by default, scripts only with the nonce, our own styles, images and fonts', () => {
    const directives = directivesOf(webviewCsp(src, 'abc123'));
    assert.deepEqual(directives, {
      'default-src': "'none'",
      'script-src': "'nonce-abc123'",
      'style-src': src,
      'img-src': src,
      'font-src': src,
      'base-uri': "'none'",
      'form-action': "'none'",
    });
  });

  it('puts that policy first in the page, and loads one script carrying the nonce and one stylesheet', () => {
    const nonce = newNonce();
    const html = webviewHtml(
      { cspSource: src, nonce, scriptUri: `${src}/dist/webview/x.js`, styleUri: `${src}/media/x.css` },
      { title: 'Haiku <test>', body: '<main id="root"></main>' },
    );
    const csp = cspOf(html);
    assert.equal(csp, webviewCsp(src, nonce));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic|\*|https:(\s|;|$)|data:|blob:/);
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'the policy comes after something it should govern');
    assert.deepEqual(html.match(/<script\b[^>]*>/g), [`<script nonce="${nonce}" src="${src}/dist/webview/x.js">`]);
    assert.deepEqual(html.match(/<link\b[^>]*>/g), [`<link rel="stylesheet" href="${src}/media/x.css">`]);
    assert.match(html, /<title>Haiku &#60;test&#62;<\/title>/);
    assert.match(html, /<body>\n<main id="root"><\/main>\n<script/);
  });

  it('escapes what it puts in attributes: a hostile URI cannot open a tag', () => {
    const html = webviewHtml({ cspSource: src, nonce: 'n', scriptUri: 'x.js"><script>alert(1)</script>', styleUri: 's.css' }, { title: 't', body: '' });
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });

  it('makes a fresh, unguessable nonce for each load', () => {
    const a = newNonce();
    assert.match(a, /^[A-Za-z0-9]{20,}$/);
    assert.notEqual(a, newNonce());
  });
});
