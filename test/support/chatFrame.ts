// Finding webview frames in a real VS Code workbench (the UI tests): a webview's page is an inner frame of
// an iframe, found by what its document holds once its script ran.

import type { Frame, Page } from 'playwright-core';

/** The first frame where `probe` (run in the page) is true; a string is evaluated as an expression. */
export async function frameWhere(page: Page, probe: string | (() => boolean), what: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) if (await f.evaluate(probe).catch(() => false)) return f;
    if (Date.now() > deadline) throw new Error(`${what} did not appear`);
    await page.waitForTimeout(150);
  }
}

/** The chat view's page: its message list and input exist once its script runs. */
const CHAT_PROBE = "!!document.getElementById('messages') && !!document.getElementById('input')";

/** The chat webview's frame, when the Haiku container is already open. */
export function findChatFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  return frameWhere(page, CHAT_PROBE, 'the chat webview', timeoutMs);
}

/** Opens the Haiku container and returns the chat webview's frame once its script is running. */
export async function openChatFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  const item = page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Haiku"]') }).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) if (await f.evaluate(CHAT_PROBE).catch(() => false)) return f;
    if (Date.now() > deadline) throw new Error('the chat webview did not appear');
    // The item toggles: clicking an open container closes it. Look again at every round, since after a
    // reload the workbench reopens the container by itself ~3 s in (once the extension's views register)
    // and a click decided before that, landing after it, closes it again.
    const open = /\bchecked\b/.test((await item.getAttribute('class', { timeout: 5_000 }).catch(() => '')) ?? '');
    if (!open) await item.click({ timeout: 5_000 }).catch(() => undefined);
    await page.waitForTimeout(200);
  }
}
