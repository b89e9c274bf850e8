// The usage view in real Chromium: the built dist/webview/usage.js and media/usage.css, served under the
// same page and CSP the extension uses, fed a week of sample usage through a stub acquireVsCodeApi.
// No code-server needed. Screenshots land in test-results/.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inRange, usageCsv } from '../../src/status/usageAggregate';
import { acceptanceCsv, lastDays, zeroCounts, type AcceptanceRow } from '../../src/status/acceptanceAggregate';
import { dayOf } from '../../src/status/usageFile';
import { usageViewHtml } from '../../src/status/usageViewHtml';
import { UsageStore, type UsageRecord } from '../../src/status/usageStore';
import type { UsageSnapshot } from '../../src/status/usageViewProtocol';
import type { Feature } from '../../src/bedrock/types';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'dist/webview/usage.js');
const STYLE = path.join(ROOT, 'media/usage.css');
const OUT = path.join(ROOT, 'test-results');
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

const PROFILE_ARN = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3';

/** A deterministic week: many fast completions, fewer slower chats (with cache reads), a few explains, some errors. */
function sampleUsage(now: number): { snapshot: UsageSnapshot; records: UsageRecord[] } {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const mem = new Map<string, unknown>();
  const store = new UsageStore({ get: <T>(k: string) => mem.get(k) as T | undefined, update: (k, v) => void mem.set(k, v) }, () => now);
  const add = (at: number, feature: Feature, ms: number, input: number, output: number, cacheRead = 0, outcome: UsageRecord['outcome'] = 'complete', languageId?: string) => {
    const cost = (input * 1 + output * 5 + cacheRead * 0.1) / 1e6;
    store.record({
      at, feature, model: 'Claude Haiku 4.5', region: 'us-east-1', outcome, errorKind: outcome === 'error' ? 'throttled' : undefined,
      firstTokenMs: outcome === 'complete' ? Math.round(ms * 0.4) : undefined, totalMs: Math.round(ms),
      usage: { inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: cacheRead ? 200 : 0 },
      costUsd: cost, estimate: true, cacheSavingsUsd: (cacheRead * 0.9) / 1e6,
      // Completions on the geographic route, chat through a team's application profile, explain from before routes were recorded.
      ...(feature === 'completion' ? { route: 'geographic' } : feature === 'chat' ? { route: 'global', profileArn: PROFILE_ARN, profileName: 'team-a' } : {}),
      ...(languageId ? { languageId } : {}),
    });
  };
  for (let day = 6; day >= 0; day--) {
    const dayStart = now - day * 86_400_000 - 10 * 3600_000;
    const busy = day === 2 ? 2.2 : 1;
    // Today's completions recorded their language (three TypeScript to one Python); earlier days' did not (an earlier version).
    const language = (i: number) => (day === 0 ? (i % 4 === 3 ? 'python' : 'typescript') : undefined);
    for (let i = 0; i < 60 * busy; i++) add(dayStart + rnd() * 9 * 3600_000, 'completion', 250 + rnd() * 500 + (rnd() < 0.05 ? 2500 : 0), 1200, 40, 0, 'complete', language(i));
    for (let i = 0; i < 8 * busy; i++) add(dayStart + rnd() * 9 * 3600_000, 'chat', 1200 + rnd() * 2800, 900, 450, rnd() < 0.6 ? 6000 : 0);
    for (let i = 0; i < 3; i++) add(dayStart + rnd() * 9 * 3600_000, 'explain', 1800 + rnd() * 3000, 2500, 600);
    add(dayStart + rnd() * 9 * 3600_000, 'completion', 90, 0, 0, 0, 'error');
  }
  const records = [...store.recent()];
  // Today: 40 TypeScript completions shown, 10 accepted (2 by word, 1 by line), 4 typed through; 10 Python, 5 accepted.
  const today = dayOf(now);
  const yesterday = dayOf(now - 86_400_000);
  const acceptance: AcceptanceRow[] = [
    { day: today, feature: 'completion', language: 'typescript', counts: { ...zeroCounts(), shown: 40, accepted: 10, byWord: 2, byLine: 1, typedThrough: 4, dismissed: 20, chars: 812 } },
    { day: today, feature: 'completion', language: 'python', counts: { ...zeroCounts(), shown: 10, accepted: 5, dismissed: 5, chars: 150 } },
    { day: today, feature: 'nextEdit', language: 'python', counts: { ...zeroCounts(), shown: 7, accepted: 3 } },
    { day: yesterday, feature: 'completion', language: 'typescript', counts: { ...zeroCounts(), shown: 20, accepted: 4, dismissed: 16, chars: 90 } },
  ];
  return {
    records,
    snapshot: { records, days: store.allDays(), now, budgetUsd: 0.5, model: 'Claude Haiku 4.5', region: 'us-east-1', acceptance },
  };
}

// What VS Code injects into a webview: acquireVsCodeApi, and the theme's variables (a dark theme here).
// CSSOM writes are allowed under the CSP (only style attributes in markup are blocked).
const INIT_SCRIPT = `
  window.__posted = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });
  document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
  const vars = {
    '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f', '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-charts-blue': '#3794ff', '--vscode-charts-purple': '#b180d7', '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185', '--vscode-charts-red': '#f14c4c', '--vscode-charts-yellow': '#cca700',
    '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-font-size': '13px',
    '--vscode-editorWidget-background': '#202020', '--vscode-editorWidget-border': '#454545',
  };
  document.addEventListener('DOMContentLoaded', () => {
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
  });
`;

suite('usage view (Chromium)', () => {
  let server: http.Server;
  let base = '';
  let browser: Browser;
  let page: Page;
  const violations: string[] = [];
  const now = new Date(2026, 10, 25, 18, 30).getTime();
  const { snapshot, records } = sampleUsage(now);

  suiteSetup(async function () {
    this.timeout(60_000);
    assert.ok(fs.existsSync(SCRIPT), 'dist/webview/usage.js is missing: run `npm run build` first');
    server = http.createServer((req, res) => {
      const send = (type: string, body: string | Buffer) => {
        res.writeHead(200, { 'content-type': type });
        res.end(body);
      };
      if (req.url === '/usage.js') return send('text/javascript', fs.readFileSync(SCRIPT));
      if (req.url === '/usage.css') return send('text/css', fs.readFileSync(STYLE));
      if (req.url === '/') {
        return send('text/html', usageViewHtml({ cspSource: base, nonce: 'dGVzdC1ub25jZS0xMjM0NQ==', scriptUri: `${base}/usage.js`, styleUri: `${base}/usage.css` }));
      }
      res.writeHead(204).end(); // favicon
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport: { width: 1180, height: 900 }, deviceScaleFactor: 1 });
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    page.on('pageerror', (e) => violations.push(String(e)));
    // What VS Code injects: acquireVsCodeApi, and theme variables on the body (a dark theme here).
    // A string, not a function: tsx would compile a function with helpers the page does not have.
    await page.addInitScript(INIT_SCRIPT);
    await page.goto(`${base}/`);
  });

  suiteTeardown(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  test('says it is ready, then draws the summary and four charts from a snapshot', async () => {
    const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
    assert.deepStrictEqual(posted[0], { type: 'ready' });
    await page.evaluate((s) => window.postMessage({ type: 'snapshot', snapshot: s }, '*'), snapshot);
    await page.waitForSelector('svg.chart');
    assert.strictEqual(await page.locator('svg.chart').count(), 4);

    const week = inRange(records, '7d', now);
    const completed = week.filter((r) => r.outcome === 'complete');
    // One dot per completed request in the range; the failed ones are not plotted.
    assert.strictEqual(await page.locator('circle.dot').count(), completed.length);
    assert.ok((await page.locator('polyline.line-p50').getAttribute('points'))!.split(' ').length > 5);
    const cards = await page.locator('.card').allInnerTexts();
    assert.match(cards[0], new RegExp(`Requests\\s+${week.length}\\s+7 failed`));
    assert.match(cards[1], /Latency p50 \/ p90\s+\d+ ms \/ \d(\.\d)? s/);
    assert.match(cards[2], /Cost\s+\$\d+\.\d\d \(est\.\)\s+today \$\d\.\d+ of \$0\.50/);
    assert.match(cards[3], /Prompt caching saved\s+\$0\.\d+/);
    // Seven day columns in the cost chart, the budget line drawn across it.
    assert.strictEqual(await page.locator('svg.chart').nth(2).locator('g.column').count(), 7);
    assert.strictEqual(await page.locator('line.budget-line').count(), 1);
    assert.deepStrictEqual(violations, [], `console errors / CSP violations: ${violations.join('\n')}`);

    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'usage-view-7d.png'), fullPage: true });
  });

  test('switches range and remembers it', async () => {
    await page.locator('button.range', { hasText: '24 hours' }).click();
    const day = inRange(records, '24h', now).filter((r) => r.outcome === 'complete');
    assert.strictEqual(await page.locator('circle.dot').count(), day.length);
    assert.deepStrictEqual(await page.evaluate(() => (window as unknown as { __state: unknown }).__state), { range: '24h' });
    await page.screenshot({ path: path.join(OUT, 'usage-view-24h.png'), fullPage: true });
    await page.locator('button.range', { hasText: '7 days' }).click();
  });

  test('exports the range\'s requests as CSV through the extension', async () => {
    await page.locator('#export-csv').click();
    const msg = await page.evaluate(() => {
      const posted = (window as unknown as { __posted: { type: string }[] }).__posted;
      return posted[posted.length - 1] as { type: string; csv: string; suggestedName: string };
    });
    assert.strictEqual(msg.type, 'exportCsv');
    assert.strictEqual(msg.suggestedName, 'haiku-usage-7d-2026-11-25.csv');
    const week = inRange(records, '7d', now);
    assert.strictEqual(msg.csv, usageCsv(week));
    const lines = msg.csv.trimEnd().split('\r\n');
    assert.strictEqual(lines.length, week.length + 1);
    assert.match(lines[0], /^time,feature,model,region,outcome,error_kind,first_token_ms,total_ms,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,cost_usd,cost_is_estimate,cache_savings_usd,route,inference_profile,inference_profile_name,language$/);
    assert.ok(lines.slice(1).some((l) => /,chat,Claude Haiku 4\.5,us-east-1,complete,,\d+,\d+,900,450,6000,200,/.test(l)));
    assert.ok(lines.slice(1).some((l) => l.endsWith(`,global,${PROFILE_ARN},team-a,`)));
    assert.ok(lines.slice(1).some((l) => /,completion,.*,geographic,,,python$/.test(l)));
    assert.ok(lines.slice(1).some((l) => /,completion,.*,error,throttled,,90,/.test(l)));
  });

  test('shows completion acceptance per day and per language, with the cost per accepted completion', async () => {
    const panel = page.locator('#acceptance');
    await panel.waitFor();
    const todayCost = snapshot.days.find((d) => d.day === dayOf(now))!.costByFeature.completion!;
    const yesterdayCost = snapshot.days.find((d) => d.day === dayOf(now - 86_400_000))!.costByFeature.completion!;
    const usd = (v: number) => (v < 0.01 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`);
    const perDay = await panel.locator('table').nth(0).locator('tbody tr').allInnerTexts();
    assert.equal(perDay.length, 2);
    // Newest first: shown, accepted, whole / word / line, typed through, dismissed, rate, characters, cost, per accepted.
    assert.deepEqual(perDay[0].split('\t').slice(1), ['50', '15', '12 / 2 / 1', '4', '25', '30 %', '962', usd(todayCost), usd(todayCost / 15)]);
    assert.deepEqual(perDay[1].split('\t').slice(1), ['20', '4', '4 / 0 / 0', '0', '16', '20 %', '90', usd(yesterdayCost), usd(yesterdayCost / 4)]);
    const total = await panel.locator('table').nth(0).locator('tfoot tr').innerText();
    assert.deepEqual(total.split('\t').slice(0, 8), ['Total', '70', '19', '16 / 2 / 1', '4', '41', '27 %', '1,052']);
    const perLanguage = await panel.locator('table').nth(1).locator('tbody tr').allInnerTexts();
    // Cost per language: today's only (yesterday's completions did not record a language), ÷ today's accepts.
    const todayDay = snapshot.days.find((d) => d.day === dayOf(now))!;
    const tsCost = todayDay.costByLanguage!['completion:typescript'];
    const pyCost = todayDay.costByLanguage!['completion:python'];
    assert.ok(Math.abs(tsCost + pyCost - todayCost) < 1e-12, 'every completion today recorded its language');
    assert.deepEqual(perLanguage.map((r) => r.split('\t')), [
      ['typescript', '60', '14', '11 / 2 / 1', '4', '36', '23 %', '902', usd(tsCost), usd(tsCost / 10)],
      ['python', '10', '5', '5 / 0 / 0', '0', '5', '50 %', '150', usd(pyCost), usd(pyCost / 5)],
    ]);
    const unattributed = await panel.locator('table').nth(1).locator('tfoot tr').innerText();
    assert.deepEqual(unattributed.split('\t').filter(Boolean), ['Not recorded', usd(yesterdayCost), '—']);
    assert.match(await panel.locator('.acceptance-total').innerText(), /^27 % accepted \(19 of 70 shown\) · 1,052 characters accepted · \$0\.\d{4} per accepted completion$/);
    await panel.screenshot({ path: path.join(OUT, 'usage-view-acceptance.png') });

    await page.locator('#export-acceptance-csv').click();
    const msg = await page.evaluate(() => {
      const posted = (window as unknown as { __posted: { type: string }[] }).__posted;
      return posted[posted.length - 1] as { type: string; csv: string; suggestedName: string };
    });
    assert.equal(msg.suggestedName, 'haiku-acceptance-7d-2026-11-25.csv');
    assert.equal(msg.csv, acceptanceCsv(snapshot.acceptance!, snapshot.days, lastDays(now, 7)));
    assert.match(msg.csv, new RegExp(`\r\n${dayOf(now)},\\*,50,15,12,2,1,4,25,30\\.0,962,`));
    assert.match(msg.csv, new RegExp(`\r\n${dayOf(now)},python,10,5,5,0,0,0,5,50\\.0,150,${pyCost.toFixed(8)},${(pyCost / 5).toFixed(8)}\r\n`));
    assert.match(msg.csv, new RegExp(`\r\n${dayOf(now - 86_400_000)},\\(not recorded\\),0,0,0,0,0,0,0,,0,${yesterdayCost.toFixed(8)},\r\n`));
    assert.deepEqual(violations, []);
  });

  test('groups the range\'s requests by route and application profile', async () => {
    const rows = (await page.locator('#routes tbody tr').allInnerTexts()).map((r) => r.split('\t'));
    const week = inRange(records, '7d', now);
    const count = (f: Feature) => String(week.filter((r) => r.feature === f).length);
    assert.deepEqual(rows.map((r) => r.slice(0, 3)).sort(), [
      ['Geographic', '—', count('completion')],
      ['Global', 'team-a', count('chat')],
      ['Not recorded', '—', count('explain')],
    ]);
    assert.equal(await page.locator('#routes tbody tr', { hasText: 'team-a' }).locator('td').first().getAttribute('title'), PROFILE_ARN);
  });

  test('shows an empty state, not broken charts, before any request', async () => {
    await page.evaluate((s) => window.postMessage({ type: 'snapshot', snapshot: { ...s, records: [], days: [], acceptance: [] } }, '*'), snapshot);
    await page.waitForSelector('p.empty');
    assert.match(await page.locator('p.empty').innerText(), /No requests in this range yet/);
    assert.strictEqual(await page.locator('#export-csv').isDisabled(), true);
    assert.strictEqual(await page.locator('#export-acceptance-csv').isDisabled(), true);
    assert.match(await page.locator('#acceptance').innerText(), /No completion was shown in this range/);
    assert.strictEqual(await page.locator('circle.dot').count(), 0);
    await page.screenshot({ path: path.join(OUT, 'usage-view-empty.png'), fullPage: true });
    assert.deepStrictEqual(violations, []);
  });
});
