// What every webview page of ours shares: one strict Content-Security-Policy, a per-load nonce, and
// attribute escaping. Pure, so tests load the same page and policy in Chromium.

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
