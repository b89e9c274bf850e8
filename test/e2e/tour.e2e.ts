// A new user's first tour, in one code-server: the activity bar icon and the status bar item before any
// request (and its tooltip), the walkthrough, the status bar menu, the model picker, Test Connection, a
// completion, a chat answer with code, Explain This Error, the usage view and a throttled request; then
// the chat and the usage view again in a light and a high-contrast theme. Every step asserts what the user
// would notice and saves test-results/tour-NN-*.png for a person to look at; in every theme the chat's and
// the usage view's text, buttons and chart colours are checked for contrast against what is behind them.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { findChatFrame, frameWhere as supportFrameWhere, openChatFrame } from '../support/chatFrame';
import { MISSING_AGE_ANSWER as EXPLAIN_ANSWER, SUM_EVEN_ANSWER as CHAT_ANSWER } from './answers';
import { launch, type Session } from './harness';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'workspace', 'explain');

const WEAK_SERIES = `(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
  const out = [];
  for (const cls of ['f-completion', 'f-chat', 'f-explain', 'f-test']) {
    const sw = document.querySelector('.legend .' + cls);
    if (!sw) continue;
    const c = getComputedStyle(sw).backgroundColor;
    const fg = lum(rgb(c));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 3) out.push(cls + ' ' + c + ' on ' + getComputedStyle(document.body).backgroundColor + ': ' + ratio.toFixed(2));
  }
  return out;
})()`;

/**
 * Text contrast of what a reader must read, against the colour actually behind it (WCAG AA asks 4.5:1),
 * and whether buttons stand out from what is behind them (3:1 for a fill or a border). One line per miss.
 */
const READABILITY = `((checks) => {
  const parse = (c) => { const m = (c.match(/[\\d.]+/g) || []).map(Number); return { rgb: m.slice(0, 3), a: m.length > 3 ? m[3] : 1 }; };
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  // The colour behind an element: its own or an ancestor's background, translucent layers blended in.
  const behind = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let rgb = layers.length && layers[layers.length - 1].a >= 1 ? layers.pop().rgb : [255, 255, 255];
    while (layers.length) { const l = layers.pop(); rgb = rgb.map((v, i) => v * (1 - l.a) + l.rgb[i] * l.a); }
    return rgb;
  };
  const out = [];
  for (const [sel, kind] of checks) {
    const el = document.querySelector(sel);
    if (!el) continue;
    const cs = getComputedStyle(el);
    if (kind === 'text') {
      const fg = parse(cs.color);
      const bg = behind(el);
      const r = ratio(fg.rgb.map((v, i) => v * fg.a + bg[i] * (1 - fg.a)), bg);
      if (r < 4.5) out.push(sel + ' text ' + cs.color + ' on rgb(' + bg.map(Math.round) + '): ' + r.toFixed(2));
    } else {
      const around = behind(el.parentElement);
      const fill = ratio(behind(el), around);
      const b = parse(cs.borderTopColor);
      const border = parseFloat(cs.borderTopWidth) > 0 && b.a > 0 ? ratio(b.rgb, around) : 1;
      const o = parse(cs.outlineColor);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && o.a > 0 ? ratio(o.rgb, around) : 1;
      if (Math.max(fill, border, outline) < 3) out.push(sel + ' has no visible edge (fill ' + fill.toFixed(2) + ', border ' + border.toFixed(2) + ', outline ' + outline.toFixed(2) + ')');
    }
  }
  return out;
})`;

const CHAT_CHECKS = [
  ['article.turn .question-text', 'text'],
  ['article.turn .markdown p', 'text'],
  ['article.turn .markdown :not(pre) > code', 'text'],
  ['article.turn .code-block pre code', 'text'],
  ['article.turn .code-lang', 'text'],
  ['article.turn .answer-footer', 'text'],
  ['article.turn .error-message', 'text'],
  ['#model', 'text'],
  ['#send', 'edge'],
  ['#attach-file', 'edge'],
  ['article.turn .code-action', 'edge'],
  ['article.turn .answer-error button', 'edge'],
];
const USAGE_CHECKS = [
  ['h1', 'text'],
  ['.card-label', 'text'],
  ['.card-note', 'text'],
  ['.panel-sub', 'text'],
  ['.legend li', 'text'],
  ['.range.active', 'edge'],
  ['#export-csv', 'edge'],
];

suite('first-time user tour (UI)', () => {
  let vs: Session;

  suiteSetup(async function () {
    this.timeout(120_000);
    // The default dark theme of this VS Code (code-server's own default is the light one).
    vs = await launch({
      settings: { 'workbench.colorTheme': 'Dark 2026' },
      files: { 'explain/typeError.ts': fs.readFileSync(path.join(FIXTURES, 'typeError.ts.txt'), 'utf8') },
    });
  });

  suiteTeardown(async () => {
    await vs?.close();
  });

  teardown(async function () {
    if (this.currentTest?.state === 'failed') await vs.screenshot(`tour-failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 40)}`);
  });

  const quick = () => vs.page.locator('.quick-input-widget:not(.quick-input-widget-closing)');

  /** The visible rows of the open quick pick, whitespace collapsed. */
  async function rows(): Promise<string[]> {
    return (await quick().locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** A screenshot once animations (quick input fade-in, hover) have ended. */
  async function shot(name: string): Promise<void> {
    await vs.page.waitForTimeout(350);
    await vs.screenshot(`tour-${name}`);
  }

  /**
   * Closing a quick pick opened from the status bar gives the item keyboard focus, and a focused item shows
   * its hover over the toasts: click into the empty editor area as a user's next click would.
   */
  async function focusAway(): Promise<void> {
    await vs.page.mouse.click(800, 420);
    await vs.page.mouse.move(800, 300);
  }

  const chatFrame = () => findChatFrame(vs.page);
  /** The first frame whose document passes `probe` (webviews are nested iframes). */
  const frameWhere = (probe: () => boolean, what: string) => supportFrameWhere(vs.page, probe, what);
  const usageFrame = () => frameWhere(() => !!document.querySelector('svg.chart, p.empty') && !document.getElementById('messages'), 'the usage view');

  /** Opens the Haiku container (a click on an already open one would close it). */
  const openHaikuView = () => openChatFrame(vs.page);

  /**
   * Contrast of each chart series' colour against the page (WCAG asks 3:1 for graphics a reader must tell
   * apart from the background). Returns "series: ratio" for the ones below.
   */
  async function weakSeries(frame: Frame): Promise<string[]> {
    // A string, not a function: tsx would compile a function with helpers the page does not have.
    return frame.evaluate<string[]>(WEAK_SERIES);
  }

  async function unreadable(frame: Frame, checks: string[][]): Promise<string[]> {
    return frame.evaluate<string[]>(`${READABILITY}(${JSON.stringify(checks)})`);
  }

  async function ask(frame: Frame, question: string): Promise<void> {
    const input = frame.getByRole('textbox', { name: 'Message to Haiku' });
    await input.click();
    await input.fill(question);
    await input.press('Enter');
  }

  async function hoverStatus(): Promise<string> {
    await vs.page.mouse.move(640, 300);
    await vs.statusItem().hover();
    const hover = vs.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Haiku for Bedrock' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    return (await hover.innerText()).trim();
  }

  /** F1, then a click on the command whose label is exactly `title` (fuzzy matching may rank another first). */
  async function paletteExact(title: string): Promise<void> {
    await vs.page.keyboard.press('F1');
    await quick().locator('.quick-input-box input').fill(`>${title}`);
    const row = quick().locator('.quick-input-list .monaco-list-row').filter({ has: vs.page.locator('.label-name', { hasText: new RegExp(`^${title}$`) }) }).first();
    await row.click();
  }

  /** Preferences: Color Theme, as a user picks one. */
  async function setTheme(theme: string, bodyClass: string): Promise<void> {
    await paletteExact('Preferences: Color Theme');
    // The theme list replaces the command list; its rows are themes.
    await quick().locator('.quick-input-list .monaco-list-row .label-name', { hasText: /^Dark 2026$/ }).first().waitFor();
    await quick().locator('.quick-input-box input').fill(theme);
    await quick().locator('.quick-input-list .monaco-list-row').filter({ has: vs.page.locator('.label-name', { hasText: new RegExp(`^${theme}$`) }) }).first().click();
    await vs.page.locator(`.monaco-workbench.${bodyClass}`).waitFor({ timeout: 20_000 });
  }

  test('01 first start: the Haiku icon in the activity bar, "Haiku" in the status bar, a tooltip that explains it', async () => {
    const { page } = vs;
    assert.strictEqual(await page.locator('.monaco-workbench.vs-dark').count(), 1, 'the default theme is not a dark one');
    const icon = page.locator('.activitybar .action-item a[aria-label^="Haiku"]').first();
    assert.ok(await icon.isVisible(), 'no Haiku icon in the activity bar');
    const text = await vs.statusItem().innerText();
    assert.match(text, /Haiku/);
    assert.doesNotMatch(text, /\d+ ms|\$\d/, `numbers before any request: ${text}`);
    await shot('01-first-start');
    const tip = await hoverStatus();
    assert.match(tip, /Claude Haiku 4\.5 in us-east-1/);
    assert.match(tip, /Click for actions/);
    await shot('02-status-tooltip');
    await page.mouse.move(640, 300);
  });

  test('02 the walkthrough lists the steps from sign-in to usage', async () => {
    const { page } = vs;
    // With the side bar open the editor is too narrow for the walkthrough's media column.
    await vs.runCommand('View: Toggle Primary Side Bar Visibility');
    await page.keyboard.press('F1');
    await quick().locator('.quick-input-box input').fill('>Welcome: Open Walkthrough');
    await quick().locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Open Walkthrough' }).first().waitFor();
    await page.keyboard.press('Enter');
    await quick().locator('.quick-input-box input').fill('Haiku for Bedrock');
    await quick().locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Get started with Haiku for Bedrock' }).first().waitFor();
    await page.keyboard.press('Enter');
    const walk = page.locator('.gettingStartedContainer');
    await walk.locator('.getting-started-category h2, .category-title').filter({ hasText: 'Get started with Haiku for Bedrock' }).first().waitFor({ timeout: 20_000 });
    for (const step of ['Sign in to AWS', 'Enable model access', 'Choose a model', 'Try a completion', 'Ask the chat', 'Watch latency and cost']) {
      assert.ok(await walk.locator('.step-title', { hasText: step }).first().isVisible(), `walkthrough step "${step}" not shown`);
    }
    // The first step opens with its buttons and its markdown beside it.
    await walk.locator('.getting-started-step.expanded .monaco-button', { hasText: 'Sign in' }).first().waitFor();
    // The step's markdown renders in a webview beside the steps.
    const media = await frameWhere(() => /Your AWS account, your bill/.test(document.body?.innerText ?? ''), 'the sign-in step\'s markdown');
    assert.match(await media.locator('body').innerText(), /sso_start_url/);
    await shot('03-walkthrough-sign-in');
    await walk.locator('.step-title', { hasText: 'Choose a model' }).first().click();
    await walk.locator('.getting-started-step.expanded .monaco-button', { hasText: 'Select model' }).first().waitFor();
    await shot('04-walkthrough-choose-model');
    await walk.locator('.step-title', { hasText: 'Watch latency and cost' }).first().click();
    await walk.locator('.getting-started-step.expanded .monaco-button', { hasText: 'Show usage' }).first().waitFor();
    // Its button shows without scrolling the step list (a longer description pushed it below the window).
    const onTop = await walk.locator('.getting-started-step.expanded .monaco-button', { hasText: 'Show usage' }).first().evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.bottom - 2);
      return !!hit && (hit === el || el.contains(hit));
    });
    assert.ok(onTop, '"Show usage" is cut off at the bottom of the walkthrough');
    assert.ok(await walk.locator('.getting-started-step.expanded a', { hasText: 'daily budget' }).first().isVisible(), 'no link to the budget setting');
    await shot('05-walkthrough-usage');
    await vs.runCommand('View: Close All Editors');
    await vs.runCommand('View: Toggle Primary Side Bar Visibility');
  });

  test('03 a click on the status bar item offers the actions', async () => {
    await vs.statusItem().click();
    await quick().locator('.quick-input-title').filter({ hasText: 'Haiku for Bedrock' }).waitFor();
    const list = await rows();
    for (const want of [/Select Model/, /Show Usage/, /Sign In/, /Test Connection/, /Completions/, /Settings/]) {
      assert.ok(list.some((r) => want.test(r)), `menu lacks ${want}: ${JSON.stringify(list)}`);
    }
    await shot('06-status-menu');
    await vs.page.keyboard.press('Escape');
    await focusAway();
  });

  test('04 Haiku: Select Model shows the Haiku models with prices and the retired one flagged', async () => {
    await vs.page.keyboard.press('F1');
    await quick().locator('.quick-input-box input').fill('>Haiku: Select Model');
    await quick().locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Haiku: Select Model' }).first().waitFor();
    await vs.page.keyboard.press('Enter');
    await quick().locator('.quick-input-box input[placeholder*="checked against profile"]').waitFor({ timeout: 30_000 });
    const list = await rows();
    assert.ok(list.some((r) => /Claude Haiku 4\.5/.test(r)), JSON.stringify(list));
    assert.ok(list.some((r) => /Claude 3\.5 Haiku.*retired/.test(r)), JSON.stringify(list));
    await shot('07-select-model');
    await vs.page.keyboard.press('Escape');
    await focusAway();
  });

  test('05 Test Connection: a toast with the latency, then latency and cost in the status bar', async () => {
    vs.fake!.respond({ text: 'ok', firstByteDelayMs: 80, usage: { inputTokens: 1200, outputTokens: 300 } });
    await vs.runCommand('Haiku: Test Connection');
    const toast = await vs.waitForNotification(/Haiku: connected in/i);
    assert.match(toast, /\d+ ms/);
    assert.match(await vs.waitForStatusBar(/\d+ ms .*\$\d/), /^\d+ ms · \$0\.\d+\*?$/);
    await vs.waitForToastsSettled();
    await shot('08-test-connection');
    const tip = await hoverStatus();
    assert.match(tip, /Today: 1 requests?/);
    await shot('09-status-tooltip-after');
    await vs.page.mouse.move(640, 300);
    await vs.page.keyboard.press('Escape');
  });

  test('06 a completion shows as ghost text', async () => {
    const { page } = vs;
    vs.fake!.respond({ text: 'w * h;</insert>', firstByteDelayMs: 60, chunkDelayMs: 5 });
    await vs.openFile('math.ts');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('export const area = (w: number, h: number) => ', { delay: 10 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+\\');
    const ghost = page.locator('.editor-group-container.active .monaco-editor .ghost-text-decoration');
    await ghost.first().waitFor({ state: 'visible', timeout: 30_000 });
    for (let i = 0; i < 30 && !/h;/.test((await ghost.allInnerTexts()).join('')); i++) await page.waitForTimeout(100);
    assert.match((await ghost.allInnerTexts()).join('').replace(/\u00a0/g, ' '), /w ?\* ?h;/);
    await shot('10-completion-ghost');
    await page.keyboard.press('Escape');
  });

  test('07 chat: an answer with a highlighted code block and a footer with time and cost', async () => {
    vs.fake!.respond({ text: CHAT_ANSWER, chunkChars: 9, chunkDelayMs: 5, usage: { inputTokens: 180, outputTokens: 64, cacheReadInputTokens: 4200 } });
    const frame = await openHaikuView();
    assert.ok(await frame.locator('#empty').isVisible(), 'no empty-state hint before the first question');
    await shot('11-chat-empty');
    await ask(frame, 'How do I sum the even numbers?');
    const turn = frame.locator('article.turn').last();
    await turn.locator('.answer-footer').waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok((await turn.locator('.code-block pre code .hljs-keyword').count()) >= 3, 'the code block is not highlighted');
    assert.ok(await turn.getByRole('button', { name: 'Insert code at the cursor' }).isVisible());
    assert.match(await turn.locator('.answer-footer').innerText(), /Claude Haiku 4\.5 · .*\$0\.\d+ est\./);
    await shot('12-chat-answer');
  });

  test('08 Explain This Error on a TypeScript error: the explanation arrives in the chat', async () => {
    const { page } = vs;
    vs.fake!.respond({ text: EXPLAIN_ANSWER, chunkDelayMs: 5 });
    await vs.openFile('typeError.ts');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Control+G');
    await quick().locator('.quick-input-box input').waitFor();
    await page.keyboard.type('7:12');
    await page.keyboard.press('Enter');
    await vs.runCommand('Haiku: Explain This Error');
    const frame = await chatFrame();
    const turn = frame.locator('article.turn').filter({ hasText: "Property 'age' is missing" }).last();
    await turn.locator('section.answer').filter({ hasText: 'which Customer requires' }).waitFor({ timeout: 30_000 });
    assert.ok(await turn.locator('details.context-sent summary').isVisible(), 'no "context sent" disclosure');
    await shot('13-explain-error');
  });

  test('09 the usage view plots the requests so far', async () => {
    await vs.runCommand('Haiku: Show Usage');
    const frame = await usageFrame();
    await frame.locator('svg.chart').first().waitFor({ timeout: 20_000 });
    const cards = await frame.locator('.card').allInnerTexts();
    assert.match(cards[0] ?? '', /Requests\s+\d+/);
    assert.match(cards.join('\n'), /Cost/);
    assert.deepStrictEqual(await weakSeries(frame), [], 'chart colours too faint against the background');
    assert.deepStrictEqual(await unreadable(frame, USAGE_CHECKS), []);
    assert.deepStrictEqual(await unreadable(await chatFrame(), CHAT_CHECKS), []);
    // Each card's figure on one line ("133 ms / 310 ms" used to break before its last unit).
    const heights = await frame.locator('.card-value').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
    assert.ok(heights.every((h) => h === heights[0]), `card figures of different heights (one wrapped): ${heights.join(', ')}`);
    await shot('14-usage-dark');
  });

  test('10 throttled: the status bar and the chat say so, with a Retry', async () => {
    vs.fake!.respond({ httpError: 'throttled' });
    const frame = await openHaikuView();
    await ask(frame, 'And the odd ones?');
    const error = frame.locator('article.turn').last().locator('.answer-error');
    await error.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await error.innerText(), /throttl|too many|rate/i);
    assert.ok(await error.getByRole('button', { name: 'Ask again' }).isVisible(), 'no Retry button');
    assert.match(await vs.waitForStatusBar(/Throttled/), /Throttled/);
    await shot('15-throttled');
    const tip = await hoverStatus();
    assert.match(tip, /throttl|too many|rate/i);
    await shot('16-throttled-tooltip');
    await vs.page.mouse.move(640, 300);
  });

  test('11 the chat and the usage view in a light and a high-contrast theme', async () => {
    for (const [theme, cls, name] of [
      ['Light 2026', 'vs', 'light'],
      ['Dark High Contrast', 'hc-black', 'hc-dark'],
      ['Light High Contrast', 'hc-light', 'hc-light'],
    ] as const) {
      await setTheme(theme, cls);
      const chat = await chatFrame();
      await chat.waitForFunction((c) => document.body.classList.contains(c), name === 'light' ? 'vscode-light' : name === 'hc-dark' ? 'vscode-high-contrast' : 'vscode-high-contrast-light');
      await chat.locator('article.turn .code-block').first().scrollIntoViewIfNeeded();
      const usage = await usageFrame();
      await usage.locator('svg.chart').first().waitFor();
      assert.deepStrictEqual(await weakSeries(usage), [], `chart colours too faint in ${theme}`);
      assert.deepStrictEqual(await unreadable(chat, CHAT_CHECKS), [], `chat hard to read in ${theme}`);
      assert.deepStrictEqual(await unreadable(usage, USAGE_CHECKS), [], `usage view hard to read in ${theme}`);
      await vs.page.mouse.move(800, 420);
      await shot(`17-${name}`);
    }
  });
});
