// What a UI test drives: the loopback fake, a real VS Code (code-server) with this extension loaded from
// the repo, and headless Chromium showing its workbench. One `launch()` per test file keeps the 2-core
// machines responsive; `close()` kills all three.
//
//   const vs = await launch({ settings: { 'bedrockHaiku.model': 'claude-haiku-4-5' } });
//   vs.fake?.respond({ text: 'ok' });
//   await vs.runCommand('Haiku: Test Connection');
//   await vs.waitForStatusBar(/\d+ ms/);
//   await vs.screenshot('after-test-connection');
//   await vs.close();
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startFake, type Fake, type FakeOptions } from '../fake/bedrockFake';
import { launchBrowser, type Browser } from '../run/browser';
import { startCodeServer, type CodeServer } from '../run/codeServer';
import { repoRoot, testResultsDir } from '../run/common';
import { buildIfNeeded } from '../run/install';

export type { Fake } from '../fake/bedrockFake';

export interface LaunchOptions {
  /** User settings on top of the harness defaults (autosave off, no welcome page, trust off …). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so the extension host (after the fake's). */
  env?: Record<string, string | undefined>;
  /** Files written into this run's copy of test/fixtures/workspace (relative path → content). */
  files?: Record<string, string>;
  /** Start the loopback fake and point the extension at it (default true); an object passes its options. */
  fake?: boolean | FakeOptions;
  /** Leave Workspace Trust on. */
  workspaceTrust?: boolean;
  /** Name of the run folder; default the calling test file's name. */
  label?: string;
  /** Wait until the extension's status bar item shows (default true): proof it activated. */
  waitForExtension?: boolean;
}

/** Settings that keep VS Code's suggest widget away, so keys meant for ghost text reach it (a `;` or Tab would commit a suggestion). */
export const NO_SUGGEST_WIDGET: Record<string, unknown> = {
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
};

/** The active editor (its ghost text included). */
export const ACTIVE_EDITOR = '.editor-group-container.active .monaco-editor';

export interface Session {
  page: Page;
  fake: Fake | undefined;
  server: CodeServer;
  workspaceDir: string;
  /** Quick Open (Ctrl+P) the file, Enter, and wait until its editor has focus. */
  openFile(name: string): Promise<void>;
  /** F1, type the command's palette title (e.g. "Haiku: Test Connection"), Enter. */
  runCommand(title: string): Promise<void>;
  /** Texts of all status bar items, joined by " | ". */
  statusBarText(): Promise<string>;
  /** Waits until some status bar item's text matches; returns that text. */
  waitForStatusBar(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The extension's own status bar item. */
  statusItem(): Locator;
  /** Hovers the status bar item and returns its tooltip's text (the mouse is moved away before and after). */
  statusTooltip(): Promise<string>;
  /** The inline part of the ghost text in the active editor ('' when none shows). */
  ghostText(): Promise<string>;
  /** Polls `probe` until it holds; past the timeout, fails naming `what` and the ghost text on screen. */
  waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs?: number): Promise<void>;
  /** Waits for a notification toast whose message matches; returns its text. */
  waitForNotification(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Waits until no toast shows a running progress bar and every toast has finished fading in. */
  waitForToastsSettled(timeoutMs?: number): Promise<void>;
  /** Saves test-results/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Sessions not closed yet: a failing test leaves its evidence from each (see `saveFailureEvidence`). */
const live = new Set<{ label: string; page: Page; fake: Fake | undefined; server: CodeServer }>();

// Mocha's tdd `teardown` (an afterEach for every test of the file), present when a test file loads the harness.
const teardownHook = (globalThis as { teardown?: (fn: (this: { currentTest?: { state?: string; title: string } }) => Promise<void>) => void }).teardown;
teardownHook?.(async function () {
  const t = this.currentTest;
  if (t?.state !== 'failed') return;
  for (const s of live) await saveFailureEvidence(s, t.title).catch((e: unknown) => process.stderr.write(`[e2e] no failure evidence: ${String(e)}\n`));
});

/**
 * On a failing test: a screenshot, the extension's output channel log, the fake's requests (prompt tails) and
 * the completion trace (when HAIKU_TRACE_FILE is set), as test-results/<label>-failure-*. A flake seen once is
 * then explained from what it left, not re-run until it shows again.
 */
async function saveFailureEvidence(s: { label: string; page: Page; fake: Fake | undefined; server: CodeServer }, title: string): Promise<void> {
  const base = `${s.label}-failure-${title.slice(0, 40)}`.replace(/[^\w.-]+/g, '_');
  const saved: string[] = [];
  await s.page.screenshot({ path: resultPath(base) }).then(() => saved.push(resultPath(base))).catch(() => undefined);
  const logs = path.join(s.server.userDataDir, 'logs');
  const found = fs.existsSync(logs) ? (fs.readdirSync(logs, { recursive: true }) as string[]).filter((f) => /Haiku for Bedrock.*\.log$/.test(f)) : [];
  for (const f of found) {
    const to = path.join(testResultsDir, `${base}-${path.basename(f).replace(/[^\w.-]+/g, '_')}`);
    fs.copyFileSync(path.join(logs, f), to);
    saved.push(to);
  }
  if (s.fake) {
    const to = path.join(testResultsDir, `${base}-fake-requests.json`);
    const rows = s.fake.requests.map((r) => ({ id: r.id, api: r.api, modelId: r.modelId, promptTail: r.promptText.slice(-400) }));
    fs.writeFileSync(to, JSON.stringify(rows, null, 1));
    saved.push(to);
  }
  const trace = s.server.env.HAIKU_TRACE_FILE;
  if (trace && fs.existsSync(trace)) {
    const to = path.join(testResultsDir, `${base}-trace.jsonl`);
    fs.copyFileSync(trace, to);
    saved.push(to);
  }
  process.stderr.write(`[e2e] ${title} failed; saved:\n${saved.map((f) => `  ${path.relative(repoRoot, f)}`).join('\n')}\n`);
}

/** The status bar entry created with id `bedrockHaiku.status` by the extension `bedrock-haiku.bedrock-haiku`. */
const STATUS_ITEM = '[id="bedrock-haiku.bedrock-haiku.bedrockHaiku.status"]';

export async function launch(opts: LaunchOptions = {}): Promise<Session> {
  const started = Date.now();
  if (!process.env.E2E_SKIP_BUILD) buildIfNeeded();
  const label = opts.label ?? callerName();
  let fake: Fake | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;

  const close = async (): Promise<void> => {
    await browser?.close();
    await server?.close();
    await fake?.close().catch(() => undefined);
  };

  try {
    if (opts.fake !== false) fake = await startFake(typeof opts.fake === 'object' ? opts.fake : {});
    server = await startCodeServer({
      label,
      settings: opts.settings,
      env: { ...fake?.env, ...opts.env },
      files: opts.files,
      workspaceTrust: opts.workspaceTrust,
      // Installed as a user has it: the payload route's smoke-test driver would suppress notification toasts.
      extension: 'installed',
    });
    browser = await launchBrowser(server.runDir, server.env);
    const page = browser.page;
    page.setDefaultTimeout(30_000);
    const browserLog = fs.createWriteStream(path.join(server.runDir, 'browser-console.log'));
    page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.stack ?? e.message}\n`));
    // Which resource a "Failed to load resource" was (a file missing from the installed extension shows here).
    page.on('response', (r) => {
      if (r.status() >= 400) browserLog.write(`[http ${r.status()}] ${r.url()}\n`);
    });
    page.on('requestfailed', (r) => browserLog.write(`[request failed] ${r.url()} ${r.failure()?.errorText ?? ''}\n`));

    await page.goto(server.workbenchUrl());
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    // The explorer lists the workspace once the remote file system answers.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
    if (opts.waitForExtension !== false) await page.locator(STATUS_ITEM).waitFor({ state: 'visible', timeout: 60_000 });
    const entry = { label, page, fake, server };
    live.add(entry);
    const s = makeSession(page, fake, server, async () => {
      live.delete(entry);
      await close();
    });
    process.stderr.write(`[e2e] ${label}: VS Code ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return s;
  } catch (err) {
    if (browser) await browser.page.screenshot({ path: resultPath(`${label}-launch-failure`) }).catch(() => undefined);
    const tail = server ? `\ncode-server log (${server.logFile}):\n${server.logTail(20)}` : '';
    await close();
    throw new Error(`${err instanceof Error ? err.message : String(err)}${tail}`);
  }
}

function makeSession(page: Page, fake: Fake | undefined, server: CodeServer, close: () => Promise<void>): Session {
  const quickInput = page.locator('.quick-input-widget');
  const quickInputBox = quickInput.locator('.quick-input-box input');
  const rows = quickInput.locator('.quick-input-list .monaco-list-row');

  const statusBarText = async (): Promise<string> => {
    const texts = await page.locator('.statusbar .statusbar-item').allInnerTexts();
    return texts.map((t) => t.trim()).filter(Boolean).join(' | ');
  };

  /** Types into the open quick input, waits until the first row's label contains `expect`, Enter. */
  const pick = async (text: string, expect: string): Promise<void> => {
    await quickInputBox.waitFor({ state: 'visible' });
    await quickInputBox.fill(text);
    await page.waitForFunction(
      (src) => {
        const first = document.querySelector('.quick-input-widget .quick-input-list .monaco-list-row');
        return !!first && new RegExp(src, 'i').test(first.getAttribute('aria-label') ?? '');
      },
      escapeRegExp(expect),
      { polling: 50 },
    ).catch(async () => {
      const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      throw new Error(`quick input: typed "${text}", the first row is not "${expect}"; rows: ${JSON.stringify(labels)}`);
    });
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden' });
  };

  const ghostText = async () => {
    const parts = await page.locator(`${ACTIVE_EDITOR} .ghost-text-decoration, ${ACTIVE_EDITOR} .ghost-text-decoration-preview`).allInnerTexts();
    return parts.join('').replace(/\u00a0/g, ' ');
  };

  return {
    page,
    fake,
    server,
    workspaceDir: server.workspaceDir,

    async openFile(name) {
      const base = path.basename(name);
      await page.keyboard.press('Control+P');
      await pick(name, base);
      await page.locator(`.tabs-container .tab.active[aria-label^="${cssString(base)}"]`).waitFor({ state: 'visible' });
      const editor = page.locator('.editor-group-container.active .monaco-editor').first();
      await editor.locator('.view-line').first().waitFor({ state: 'visible' });
      await page.waitForFunction(() => !!document.activeElement?.closest('.monaco-editor'), undefined, { polling: 50 });
    },

    async runCommand(title) {
      await page.keyboard.press('F1');
      await pick(`>${title}`, title);
    },

    statusBarText,

    async waitForStatusBar(pattern, timeoutMs = 30_000) {
      const handle = await page
        .waitForFunction(
          ([src, flags]) => {
            const re = new RegExp(src, flags);
            for (const el of document.querySelectorAll<HTMLElement>('.statusbar .statusbar-item')) {
              const t = el.innerText.trim();
              if (re.test(t)) return t;
            }
            return undefined;
          },
          [pattern.source, pattern.flags] as const,
          { timeout: timeoutMs, polling: 100 },
        )
        .catch(async (err: Error) => {
          throw new Error(`status bar never matched ${pattern} within ${timeoutMs} ms; it shows: ${await statusBarText()}\n${err.message}`);
        });
      return (await handle.jsonValue()) as string;
    },

    statusItem() {
      return page.locator(STATUS_ITEM);
    },

    async statusTooltip() {
      await page.mouse.move(0, 0);
      await page.locator(STATUS_ITEM).hover();
      const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Haiku for Bedrock' }).first();
      await hover.waitFor({ state: 'visible', timeout: 10_000 });
      const text = (await hover.innerText()).trim();
      await page.mouse.move(0, 0);
      return text;
    },

    ghostText,

    async waitUntil(probe, what, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      while (!(await probe())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; ghost text: "${await ghostText()}"`);
        await page.waitForTimeout(50);
      }
    },

    async waitForNotification(pattern, timeoutMs = 30_000) {
      const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: pattern }).first();
      await toast.waitFor({ state: 'visible', timeout: timeoutMs });
      return (await toast.innerText()).trim();
    },

    async waitForToastsSettled(timeoutMs = 30_000) {
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('.notifications-toasts .notification-toast')].every(
            (t) => t.classList.contains('notification-fade-in-done') && !t.querySelector('.monaco-progress-container.active'),
          ),
        undefined,
        { timeout: timeoutMs, polling: 100 },
      );
    },

    async screenshot(name) {
      const file = resultPath(name);
      await page.screenshot({ path: file });
      return file;
    },

    close,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

function resultPath(name: string): string {
  fs.mkdirSync(testResultsDir, { recursive: true });
  return path.join(testResultsDir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
}

/** e.g. "statusbar" for test/e2e/statusbar.e2e.ts: names the run folder after the test file. */
function callerName(): string {
  const stack = new Error().stack ?? '';
  const m = /test[\\/]e2e[\\/]([\w.-]+)\.e2e\.ts/.exec(stack);
  return m ? m[1] : path.basename(repoRoot);
}
