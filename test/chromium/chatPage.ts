// The chat webview in real Chromium without VS Code: the built dist/webview/chat.js and media/chat.css
// served from a loopback server under the same page and CSP the extension uses (src/chat/html.ts), with a
// stub acquireVsCodeApi recording what the webview posts and theme variables like VS Code injects.
// Shared by the renderer tests (test/e2e/chatRenderer.e2e.ts) and the benchmark (test/bench/chat/).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chatHtml } from '../../src/chat/html';
import type { HostMessage, TurnView, WebviewMessage } from '../../src/shared/protocol';

export const ROOT = path.resolve(__dirname, '../..');
export const SCRIPT = path.join(ROOT, 'dist/webview/chat.js');
const STYLE = path.join(ROOT, 'media/chat.css');
export const RESULTS = path.join(ROOT, 'test-results');

export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** A subset of VS Code's Dark Modern / Light Modern / High Contrast variables that chat.css reads. */
export const THEMES: Record<'dark' | 'light' | 'hc', Record<string, string>> = {
  dark: {
    '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-sideBar-background': '#181818',
    '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc', '--vscode-panel-border': '#2b2b2b',
    '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc', '--vscode-input-border': '#3c3c3c',
    '--vscode-input-placeholderForeground': '#989898', '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#026ec1', '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc', '--vscode-button-secondaryHoverBackground': '#3c3c3c',
    '--vscode-focusBorder': '#0078d4', '--vscode-textLink-foreground': '#4daafc', '--vscode-textLink-activeForeground': '#4daafc',
    '--vscode-textCodeBlock-background': '#2b2b2b', '--vscode-textPreformat-foreground': '#d0d0d0',
    '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8',
    '--vscode-inputValidation-errorBackground': '#5a1d1d', '--vscode-inputValidation-errorBorder': '#be1100',
    '--vscode-inputValidation-infoBackground': '#063b49', '--vscode-inputValidation-infoBorder': '#007acc',
    '--vscode-debugTokenExpression-name': '#c586c0', '--vscode-debugTokenExpression-string': '#ce9178',
    '--vscode-debugTokenExpression-number': '#b5cea8', '--vscode-symbolIcon-functionForeground': '#dcdcaa',
    '--vscode-symbolIcon-classForeground': '#4ec9b0', '--vscode-symbolIcon-variableForeground': '#9cdcfe',
    '--vscode-list-hoverBackground': '#2a2d2e', '--vscode-textBlockQuote-border': '#616161', '--vscode-textBlockQuote-background': '#2b2b2b',
    '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif', '--vscode-font-size': '13px', '--vscode-font-weight': 'normal',
    '--vscode-editor-font-family': '"DejaVu Sans Mono", monospace', '--vscode-editor-font-size': '12px',
  },
  light: {
    '--vscode-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#717171', '--vscode-sideBar-background': '#f8f8f8',
    '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b', '--vscode-panel-border': '#e5e5e5',
    '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b', '--vscode-input-border': '#cecece',
    '--vscode-input-placeholderForeground': '#767676', '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#0258a8', '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-button-secondaryHoverBackground': '#cccccc',
    '--vscode-focusBorder': '#005fb8', '--vscode-textLink-foreground': '#005fb8', '--vscode-textLink-activeForeground': '#005fb8',
    '--vscode-textCodeBlock-background': '#f0f0f0', '--vscode-textPreformat-foreground': '#3b3b3b',
    '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b',
    '--vscode-inputValidation-errorBackground': '#f2dede', '--vscode-inputValidation-errorBorder': '#be1100',
    '--vscode-inputValidation-infoBackground': '#d6ecf2', '--vscode-inputValidation-infoBorder': '#007acc',
    '--vscode-debugTokenExpression-name': '#af00db', '--vscode-debugTokenExpression-string': '#a31515',
    '--vscode-debugTokenExpression-number': '#098658', '--vscode-symbolIcon-functionForeground': '#795e26',
    '--vscode-symbolIcon-classForeground': '#267f99', '--vscode-symbolIcon-variableForeground': '#001080',
    '--vscode-list-hoverBackground': '#f2f2f2', '--vscode-textBlockQuote-border': '#e5e5e5', '--vscode-textBlockQuote-background': '#f8f8f8',
    '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif', '--vscode-font-size': '13px', '--vscode-font-weight': 'normal',
    '--vscode-editor-font-family': '"DejaVu Sans Mono", monospace', '--vscode-editor-font-size': '12px',
  },
  hc: {
    '--vscode-foreground': '#ffffff', '--vscode-descriptionForeground': '#ffffff', '--vscode-sideBar-background': '#000000',
    '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff', '--vscode-panel-border': '#6fc3df',
    '--vscode-contrastBorder': '#6fc3df', '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff',
    '--vscode-input-border': '#6fc3df', '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff',
    '--vscode-button-border': '#6fc3df', '--vscode-button-secondaryBackground': '#000000', '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-focusBorder': '#f38518', '--vscode-textLink-foreground': '#21a6ff', '--vscode-textCodeBlock-background': '#000000',
    '--vscode-badge-background': '#000000', '--vscode-badge-foreground': '#ffffff',
    '--vscode-inputValidation-errorBackground': '#000000', '--vscode-inputValidation-errorBorder': '#f48771',
    '--vscode-debugTokenExpression-name': '#569cd6', '--vscode-debugTokenExpression-string': '#ce9178',
    '--vscode-debugTokenExpression-number': '#b5cea8', '--vscode-symbolIcon-functionForeground': '#dcdcaa',
    '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif', '--vscode-font-size': '13px',
    '--vscode-editor-font-family': '"DejaVu Sans Mono", monospace', '--vscode-editor-font-size': '12px',
  },
};

export const NONCE = 'Y2hhdC10ZXN0LW5vbmNlLTEyMw';

/** Builds the bundle when it is missing or older than its sources, so a lone run tests current code. */
export function ensureBuilt(): void {
  const newest = (p: string): number => {
    const st = fs.statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newest(path.join(p, n))));
  };
  const built = fs.existsSync(SCRIPT) ? fs.statSync(SCRIPT).mtimeMs : 0;
  const sources = Math.max(newest(path.join(ROOT, 'src/chat')), newest(path.join(ROOT, 'src/shared')));
  if (built >= sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

export interface ChatPage {
  context: BrowserContext;
  page: Page;
  base: string;
  /** Requests that tried to leave the loopback server (tracking images, exfiltration). */
  external: string[];
  /** Console errors, page errors and CSP violations. */
  problems: string[];
  /** Dialogs (alert/confirm/prompt) the page opened: any one means injected script ran. */
  dialogs: string[];
  /** Loads (or reloads) the chat page; `csp: false` serves it without any CSP to test the sanitiser alone. */
  load(opts?: { csp?: boolean; theme?: keyof typeof THEMES }): Promise<void>;
  host(msg: HostMessage | HostMessage[]): Promise<void>;
  posted(): Promise<WebviewMessage[]>;
  clearPosted(): Promise<void>;
  close(): Promise<void>;
}

export async function openChatPage(viewport = { width: 420, height: 760 }): Promise<ChatPage> {
  ensureBuilt();
  let base = '';
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/chat.js') return send('text/javascript', fs.readFileSync(SCRIPT));
    if (url.pathname === '/chat.css') return send('text/css', fs.readFileSync(STYLE));
    const page = pages.get(url.pathname);
    if (page) return send('text/html', page);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const html = chatHtml({ cspSource: base, nonce: NONCE, scriptUri: `${base}/chat.js`, styleUri: `${base}/chat.css` });
  pages.set('/', html);
  pages.set('/nocsp', html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
  if (pages.get('/nocsp') === html) throw new Error('could not strip the CSP meta tag');

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-chat-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const external: string[] = [];
  const problems: string[] = [];
  const dialogs: string[] = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(base)) return route.continue();
    external.push(u);
    return route.abort();
  });
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  let theme: keyof typeof THEMES = 'dark';
  // tsx compiles with keepNames, so functions handed to the page may call esbuild's __name helper.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript(() => {
    const w = window as unknown as { __posted: unknown[]; __state: unknown; acquireVsCodeApi: () => unknown };
    w.__posted = [];
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => void w.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => w.__state,
      setState: (s: unknown) => void (w.__state = s),
    });
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });

  const cp: ChatPage = {
    context,
    page,
    get base() {
      return base;
    },
    external,
    problems,
    dialogs,
    async load(opts = {}) {
      theme = opts.theme ?? theme;
      await page.goto(`${base}${opts.csp === false ? '/nocsp' : '/'}`);
      // VS Code sets its theme variables on <html> and a theme class on <body>; CSSOM writes pass the CSP.
      await page.evaluate(([vars, kind]) => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.classList.add(kind === 'light' ? 'vscode-light' : kind === 'hc' ? 'vscode-high-contrast' : 'vscode-dark');
      }, [THEMES[theme], theme] as const);
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    },
    async host(msg) {
      const list = Array.isArray(msg) ? msg : [msg];
      await page.evaluate((ms) => {
        for (const m of ms) window.postMessage(m, '*');
      }, list);
    },
    async posted() {
      return page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted);
    },
    async clearPosted() {
      await page.evaluate(() => void ((window as unknown as { __posted: unknown[] }).__posted.length = 0));
    },
    async close() {
      await context.close().catch(() => undefined);
      await new Promise<void>((r) => server.close(() => r()));
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return cp;
}

export function emptyState(over: Partial<Extract<HostMessage, { type: 'state' }>> = {}): HostMessage {
  return { type: 'state', conversation: { id: 'c1', title: 'Test', turns: [] }, history: [], attachments: [], busy: false, model: 'Claude Haiku 4.5', ...over };
}

export function streamingTurn(id: string, question: string, over: Partial<TurnView> = {}): TurnView {
  return { id, question, attachments: [], answer: { text: '', status: 'streaming' }, ...over };
}

/** Splits text into chunks of `size` characters (the last may be shorter). */
export function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * A realistic long answer: headings, paragraphs with inline code and links, lists, tables, quotes and
 * fenced code in several languages, repeated with varying numbers until about `tokens` tokens (3.5 chars each).
 */
export function sampleAnswer(tokens: number): string {
  const parts: string[] = [];
  let i = 0;
  let size = 0;
  while (size < tokens * 3.5) {
    i++;
    const section = [
      `## Step ${i}: handle the ${['cache', 'queue', 'parser', 'retry'][i % 4]} case\n`,
      `The function \`process${i}\` reads the input once and keeps **only** what it needs; see the [docs](https://example.com/docs/${i}) for details. ` +
        `It returns early when the list is empty, which avoids the _extra_ allocation in the hot path.\n`,
      `- first, validate item ${i}\n- then map it with \`toRecord\`\n- finally, store it\n`,
      i % 3 === 0
        ? `\`\`\`python\ndef process_${i}(items: list[int]) -> int:\n    total = 0\n    for item in items:\n        if item % 2 == 0:\n            total += item * ${i}\n    return total\n\`\`\`\n`
        : `\`\`\`ts\nexport function process${i}(items: number[]): number {\n  let total = 0;\n  for (const item of items) {\n    if (item % 2 === 0) total += item * ${i};\n  }\n  return total; // step ${i}\n}\n\`\`\`\n`,
      i % 5 === 0 ? `| input | output |\n|---|---|\n| [1, 2] | ${2 * i} |\n| [] | 0 |\n` : `> Note: step ${i} is safe to run twice.\n`,
    ].join('\n');
    parts.push(section);
    size += section.length;
  }
  return parts.join('\n');
}
