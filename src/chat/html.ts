// The chat webview's markup; the page around it (CSP, nonce, script and style) is shared/webviewPage.ts.
// Pure string building so tests can load the very same page (and CSP) in Chromium.

import { webviewHtml, type WebviewPage } from '../shared/webviewPage';

const BODY = `<div class="app">
  <header class="topbar">
    <button id="history-toggle" type="button" class="tool" aria-expanded="false" aria-controls="history" title="Past conversations">History</button>
    <button id="new-chat" type="button" class="tool" title="Start a new conversation">New chat</button>
    <span id="conv-title" class="conv-title"></span>
    <span id="model" class="model-name" title="Model used for the next answer"></span>
  </header>
  <nav id="history" class="history" aria-label="Past conversations" hidden>
    <ul id="history-list" class="history-list"></ul>
    <p id="history-empty" class="muted">No past conversations yet.</p>
  </nav>
  <main id="messages" class="messages" aria-label="Conversation" tabindex="0">
    <div id="empty" class="empty-state">
      <p>Ask about your code.</p>
      <p class="muted">Attach the selection or the active file for context. Enter sends, Shift+Enter adds a line.</p>
    </div>
  </main>
  <button id="jump" type="button" class="jump" hidden>Jump to latest</button>
  <div id="notice" class="notice" role="status" aria-live="polite" hidden></div>
  <div class="composer">
    <div id="chips" class="chips" role="list" aria-label="Context attached to the next question"></div>
    <textarea id="input" rows="3" aria-label="Message to Haiku" aria-describedby="input-message input-count" placeholder="Ask Haiku… (Enter sends, Shift+Enter adds a line)"></textarea>
    <div id="input-note" class="input-note" hidden>
      <span id="input-message" class="input-message"></span>
      <button id="input-open" type="button" class="secondary" title="Open the text in a new editor tab, to attach the part that matters" hidden>Open in editor</button>
      <span id="input-count" class="input-count" hidden></span>
    </div>
    <div class="composer-actions">
      <button id="attach-selection" type="button" class="secondary" title="Attach the editor selection">+ Selection</button>
      <button id="attach-file" type="button" class="secondary" title="Attach the active file">+ File</button>
      <span class="spacer"></span>
      <button id="stop" type="button" class="secondary stop" hidden>Stop</button>
      <button id="send" type="button" class="primary">Send</button>
    </div>
  </div>
  <div id="sr-status" class="sr-only" role="status" aria-live="polite"></div>
</div>`;

export function chatHtml(page: WebviewPage): string {
  return webviewHtml(page, { title: 'Haiku Chat', body: BODY });
}
