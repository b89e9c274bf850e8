import { escapeAttr, newNonce, webviewCsp } from '../shared/webviewPage';

// The usage view's page. Pure (no vscode) so the Chromium test loads exactly what the extension serves,
// under the same Content-Security-Policy: nothing inline, scripts only with the per-load nonce.

export interface UsageViewPage {
  /** webview.cspSource: the origin the webview serves local resources from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function usageViewCsp(p: Pick<UsageViewPage, 'cspSource' | 'nonce'>): string {
  return webviewCsp(p.cspSource, p.nonce);
}

export function usageViewHtml(p: UsageViewPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(usageViewCsp(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(p.styleUri)}">
<title>Haiku usage</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${escapeAttr(p.nonce)}" src="${escapeAttr(p.scriptUri)}"></script>
</body>
</html>`;
}

export { newNonce as makeNonce };
