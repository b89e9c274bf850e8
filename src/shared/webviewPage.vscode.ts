// A webview page's files for one load: the webview's own origin, a fresh nonce, and the script and
// stylesheet as URIs the webview may fetch (they must lie under its localResourceRoots).

import type * as vscode from 'vscode';
import { newNonce, type WebviewPage } from './webviewPage';

export function webviewPage(webview: vscode.Webview, script: vscode.Uri, style: vscode.Uri): WebviewPage {
  return {
    cspSource: webview.cspSource,
    nonce: newNonce(),
    scriptUri: webview.asWebviewUri(script).toString(),
    styleUri: webview.asWebviewUri(style).toString(),
  };
}
