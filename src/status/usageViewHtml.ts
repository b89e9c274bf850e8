// The usage view's markup; the page around it (CSP, nonce, script and style) is shared/webviewPage.ts.
// Pure (no vscode) so the Chromium test loads exactly what the extension serves.

import { webviewHtml, type WebviewPage } from '../shared/webviewPage';

export function usageViewHtml(page: WebviewPage): string {
  return webviewHtml(page, { title: 'Haiku usage', body: '<main id="root" aria-live="polite"></main>' });
}
