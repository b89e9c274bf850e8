// Model output → safe DOM. Three layers, each enough on its own for the common attacks:
// 1. marked renders raw HTML in the answer as visible text (the model never writes our markup);
// 2. every fragment passes DOMPurify with a config that forbids active content and unsafe URLs;
// 3. the webview's CSP allows no inline script, no remote loads.
// Links lose their href (VS Code would open it itself) and become buttons that ask the extension.

import DOMPurify from 'dompurify';
import { Marked, type Token, type Tokens } from 'marked';
import { isHttpUrl } from '../../shared/protocol';
import { escapeHtml, highlight } from './highlight';

const md = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    code(token: Tokens.Code): string {
      const lang = (/^[A-Za-z0-9_+#.-]{1,40}/.exec(token.lang ?? '') ?? [''])[0].toLowerCase();
      const { html, language } = highlight(token.text.replace(/\n$/, ''), lang);
      const cls = `hljs${language ? ` language-${language}` : ''}`;
      const label = lang ? ` data-lang="${escapeHtml(lang)}"` : '';
      return `<pre${label}><code class="${cls}">${html}</code></pre>\n`;
    },
    checkbox(token: Tokens.Checkbox): string {
      // Task lists: inputs are forbidden in model output, so a character stands in for the box.
      return token.checked ? '☑ ' : '☐ ';
    },
    image(token: Tokens.Image): string {
      // Remote images are blocked by the CSP anyway; a link says what was there and lets the user choose.
      const alt = escapeHtml(token.text || 'image');
      return isHttpUrl(token.href) ? `<a href="${escapeHtml(token.href)}">[image: ${alt}]</a>` : `[image: ${alt}]`;
    },
  },
});

/** What may survive sanitising. Anything not listed in DOMPurify's HTML profile is dropped as well. */
export const PURIFY_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: [
    'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button',
    'textarea', 'select', 'option', 'link', 'meta', 'base', 'img', 'picture', 'source', 'video', 'audio', 'track',
    'svg', 'math', 'template', 'noscript', 'dialog', 'portal',
  ],
  FORBID_ATTR: ['style', 'srcdoc', 'srcset', 'formaction', 'action', 'background', 'ping', 'poster', 'xlink:href', 'target'],
  ALLOW_DATA_ATTR: false,
  // The code renderer's language label (the fence's info string, already limited to [A-Za-z0-9_+#.-]).
  ADD_ATTR: ['data-lang'],
  // With a strict URI pattern DOMPurify checks every attribute not known to be URI-safe against it; these
  // plain values (list start, table alignment, the language label) would otherwise be dropped.
  ADD_URI_SAFE_ATTR: ['data-lang', 'start', 'align', 'colspan', 'rowspan'],
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Only web links and in-page anchors; javascript:, data:, vbscript:, file: and relative URLs are removed.
  ALLOWED_URI_REGEXP: /^(?:https?:\/\/|#)/i,
};

let hooked = false;
function installHooks(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (/^on/i.test(data.attrName)) data.keepAttr = false;
  });
}

export function sanitize(html: string): DocumentFragment {
  installHooks();
  return DOMPurify.sanitize(html, { ...PURIFY_CONFIG, RETURN_DOM_FRAGMENT: true }) as DocumentFragment;
}

/** Buttons we created: only these run code actions, whatever the markup around them claims. */
export const ownButtons = new WeakSet<Element>();

const CODE_ACTIONS: { action: string; label: string; aria: string }[] = [
  { action: 'copy', label: 'Copy', aria: 'Copy code' },
  { action: 'insert', label: 'Insert', aria: 'Insert code at the cursor' },
  { action: 'replace', label: 'Replace', aria: 'Replace the editor selection with this code' },
  { action: 'open', label: 'Open', aria: 'Open code in a new editor' },
];

function decorate(frag: DocumentFragment): void {
  for (const a of Array.from(frag.querySelectorAll('a'))) {
    const href = a.getAttribute('href') ?? '';
    if (!isHttpUrl(href)) {
      a.replaceWith(...Array.from(a.childNodes));
      continue;
    }
    a.removeAttribute('href');
    a.dataset.href = href;
    a.className = 'link';
    a.title = href;
    a.setAttribute('role', 'link');
    a.tabIndex = 0;
  }
  for (const pre of Array.from(frag.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    if (!code) continue;
    const block = document.createElement('div');
    block.className = 'code-block';
    const bar = document.createElement('div');
    bar.className = 'code-toolbar';
    bar.setAttribute('role', 'toolbar');
    const lang = pre.dataset.lang ?? '';
    bar.setAttribute('aria-label', lang ? `${lang} code actions` : 'Code actions');
    const name = document.createElement('span');
    name.className = 'code-lang';
    name.textContent = lang;
    bar.append(name);
    for (const a of CODE_ACTIONS) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'code-action';
      b.dataset.codeAction = a.action;
      b.textContent = a.label;
      b.setAttribute('aria-label', a.aria);
      b.title = a.aria;
      ownButtons.add(b);
      bar.append(b);
    }
    pre.replaceWith(block);
    block.append(bar, pre);
  }
}

/** Renders block tokens (from `lex`) to a sanitised, decorated fragment. */
export function renderTokens(tokens: Token[]): DocumentFragment {
  const html = md.parser(tokens);
  const frag = sanitize(html);
  decorate(frag);
  return frag;
}

export function lex(src: string): Token[] {
  return md.lexer(src);
}
