// Headless Chromium (playwright-core) with a persistent profile in the run folder; closed with the other cleanups.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { hookSignals, onCleanup, shortTempDir } from './cleanup';
import { sleep } from './common';

export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(runDir: string, env: NodeJS.ProcessEnv = {}): Promise<Browser> {
  hookSignals();
  const { chromium } = await import('playwright-core');
  const socketDir = shortTempDir();
  const context = await chromium.launchPersistentContext(path.join(runDir, 'chromium'), {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1280, height: 800 },
    env: {
      ...pick(env, ['PATH', 'HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'LANG']),
      // Chromium's singleton socket lives in TMPDIR: keep its path short.
      TMPDIR: socketDir,
    },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    forget();
    await Promise.race([context.close().catch(() => undefined), sleep(5000)]);
    fs.rmSync(socketDir, { recursive: true, force: true });
  };
  const forget = onCleanup(close);
  return { context, page, close };
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = env[k] ?? process.env[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
