// What every webview page of ours shares: the page around its markup, one strict Content-Security-Policy,
// a per-load nonce, one script (carrying the nonce) and one stylesheet from the extension's own files.
// Pure, so tests load the same page and policy in Chromium; webviewPage.vscode.ts fills in the URIs.

/** Where a page's files come from, for one load. */
export interface WebviewPage {
  /** `webview.cspSource`: the origin the webview serves the extension's files from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/** The whole page: `body` is static markup (no scripts, no inline styles or handlers: the CSP would refuse them). */
export function webviewHtml(page: WebviewPage, content: { title: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(webviewCsp(page.cspSource, page.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(page.styleUri)}">
<title>${escapeAttr(content.title)}</title>
</head>
<body>
${content.body}
<script nonce="${escapeAttr(page.nonce)}" src="${escapeAttr(page.scriptUri)}"></script>
</body>
</html>`;
}

/** default-src 'none'; scripts only with this load's nonce; styles, images and fonts only from our own files. */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** 144 bits from the platform CSPRNG: unguessable per load. */
export function newNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64').replace(/[+/=]/g, '');
}

export const escapeAttr = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
