// The account pickers and the budget guard, end to end in code-server against the fake: the model picker
// merging the catalog with the account's listing, the budget pause and its override, and the guided
// "New SSO profile…" flow (device sign-in, account and role from the portal, the config pair written).
// One code-server for the whole file; the tests run in order and build on each other's state.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { openChatFrame } from '../support/chatFrame';
import { launch, type Session } from './harness';

const FILE = 'budget.ts';
const SOURCE = 'export function area(width: number, height: number): number {\n  return \n}\n';

suite('AWS account (UI)', () => {
  let vs: Session;
  const widget = () => vs.page.locator('.quick-input-widget');
  const input = () => widget().locator('.quick-input-box input');

  suiteSetup(async () => {
    vs = await launch({ files: { [FILE]: SOURCE }, fake: { sessionName: 'e2e-account', profileName: 'e2e-account' } });
  });

  suiteTeardown(async () => {
    await vs?.close();
  });

  teardown(async function () {
    if (this.currentTest?.state !== 'failed') return;
    await vs.screenshot(`account-failed-${this.currentTest.title.split(':')[0].replace(/\W+/g, '-')}`);
    // A dialog or picker the failure left open would fail the later tests too.
    for (let i = 0; i < 3; i++) await vs.page.keyboard.press('Escape');
  });

  /** Runs a command that opens a quick pick (the harness's runCommand waits for the palette to close). */
  async function openPicker(title: string): Promise<void> {
    await vs.page.keyboard.press('F1');
    await choose(`>${title}`, new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  }

  /** Waits for a quick input whose title matches (each step of a flow has its own). */
  async function waitForQuickInput(title: RegExp, timeoutMs = 30_000): Promise<void> {
    const open = vs.page.locator('.quick-input-widget:not(.quick-input-widget-closing)');
    await open.locator('.quick-input-title').filter({ hasText: title }).waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** A screenshot once the quick input's fade-in has ended (mid-animation shots show two pickers at once). */
  async function shot(name: string): Promise<void> {
    await vs.page.waitForTimeout(400);
    await vs.screenshot(name);
  }

  /** The visible rows' text (label, description and detail), codicons dropped. */
  async function rows(): Promise<string[]> {
    const texts = await widget().locator('.quick-input-list .monaco-list-row').allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** Filters the open quick pick, waits until the first row's text matches, Enter. */
  async function choose(filter: string, first: RegExp): Promise<void> {
    await input().fill(filter);
    await vs.page
      .waitForFunction(
        ([src, flags]) => {
          const row = document.querySelector<HTMLElement>('.quick-input-widget .quick-input-list .monaco-list-row');
          return !!row && new RegExp(src, flags).test(row.innerText.replace(/\s+/g, ' '));
        },
        [first.source, first.flags] as const,
        { polling: 50, timeout: 10_000 },
      )
      .catch(async () => {
        throw new Error(`quick pick: after "${filter}" the first row is not ${first}; rows: ${JSON.stringify(await rows())}`);
      });
    await vs.page.keyboard.press('Enter');
  }

  /** Replaces the input box's value and accepts it. */
  async function answer(value: string): Promise<void> {
    await input().fill(value);
    await vs.page.keyboard.press('Enter');
  }

  const settingsFile = () => path.join(vs.server.userDataDir, 'User', 'settings.json');
  /** VS Code rewrites settings.json in place: a read mid-write sees an empty file, which means "not yet". */
  const readSettings = (): Record<string, unknown> => {
    try {
      return JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  };

  /** Finds a setting in the Settings editor, as a user does, lets `edit` change it and waits until it is saved. */
  async function editSetting(key: string, row: string, want: unknown | ((v: unknown) => boolean), edit: (item: ReturnType<Session['page']['locator']>) => Promise<void>): Promise<void> {
    await vs.runCommand('Preferences: Open Settings (UI)');
    const editor = vs.page.locator('.settings-editor');
    await editor.locator('.settings-header .suggest-input-container textarea, .settings-header input').first().waitFor();
    await vs.page.keyboard.type(key);
    const item = editor.locator('.setting-item-contents').filter({ hasText: row }).first();
    await item.waitFor({ timeout: 15_000 });
    await edit(item);
    const saved = () => (typeof want === 'function' ? (want as (v: unknown) => boolean)(readSettings()[key]) : readSettings()[key] === want);
    for (let i = 0; i < 100 && !saved(); i++) await vs.page.waitForTimeout(100);
    assert.ok(saved(), `the Settings editor did not save ${key}: ${JSON.stringify(readSettings()[key])}`);
    await vs.page.keyboard.press('Control+W');
  }

  /** Types a text/number setting's value into the Settings editor (empty: back to the default). */
  async function setText(key: string, row: string, value: string, want: unknown = value === '' ? undefined : value): Promise<void> {
    await editSetting(key, row, want, async (item) => {
      const field = item.locator('input').first();
      await field.fill(value);
      await field.press('Tab');
    });
  }

  const setBudget = (value: string) => setText('bedrockHaiku.budget.dailyUsd', 'Daily spending limit', value, value === '' ? undefined : Number(value));

  const statusTooltip = () => vs.statusTooltip();

  /** The extension host hears of a settings change a moment after settings.json is written: wait for its status bar. */
  async function waitForTooltip(re: RegExp): Promise<void> {
    for (let i = 0; i < 50 && !re.test(await statusTooltip().catch(() => '')); i++) await vs.page.waitForTimeout(200);
    assert.match(await statusTooltip(), re);
  }

  async function testConnection(): Promise<void> {
    const before = vs.fake!.requests.length;
    await vs.runCommand('Haiku: Test Connection');
    await vs.fake!.waitForRequests(before + 1, 30_000);
    await vs.waitForNotification(/Haiku: connected in/i, 30_000);
  }

  const chatFrame = () => openChatFrame(vs.page);

  async function ask(frame: Frame, question: string): Promise<void> {
    const box = frame.getByRole('textbox', { name: 'Message to Haiku' });
    await box.click();
    await box.fill(question);
    await box.press('Enter');
  }

  const dialog = () => vs.page.locator('.monaco-dialog-box');

  test('Select Model: the catalog merged with the account\'s models; Haiku 5.5 picked is what the next request asks for', async () => {
    const fake = vs.fake!;
    fake.respond({ text: 'ok', usage: { inputTokens: 12, outputTokens: 1 } });
    await openPicker('Haiku: Select Model');
    await waitForQuickInput(/Model for Bedrock in us-east-1/);
    // The catalog shows at once; the account's listing refines it (the placeholder says which).
    await widget().locator('.quick-input-box input[placeholder*="checked against profile"]').waitFor({ timeout: 30_000 });
    const list = await rows();
    await shot('account-model-picker');
    assert.ok(fake.controlPlane.requests.length >= 2 && fake.controlPlane.requests.every((r) => r.sigv4Valid), JSON.stringify(fake.controlPlane.requests));
    const row = (re: RegExp) => list.find((r) => re.test(r)) ?? assert.fail(`no row ${re} in ${JSON.stringify(list)}`);
    assert.match(row(/Claude Haiku 4\.5/), /us\.anthropic\.claude-haiku-4-5/);
    assert.match(row(/Claude 3\.5 Haiku/), /retired 2026-06-19/);
    assert.match(row(/Claude Haiku 5\.5/), /us\.anthropic\.claude-haiku-5-5/);
    // Not in the catalog, but the account has it: offered, with the caveat about prices.
    assert.match(row(/Claude 3 Haiku/), /no prices: cost not tracked.*not in the catalog/);
    assert.ok(!list.some((r) => /Sonnet|Nova/.test(r)), `models that are no Haiku in the picker: ${JSON.stringify(list)}`);

    await choose('Haiku 5.5', /Claude Haiku 5\.5/);
    // Where code is processed is the user's choice: both routes, with their prices (global about 10 % less).
    await waitForQuickInput(/How should requests to Claude Haiku 5\.5 be routed/);
    const routes = await rows();
    await shot('account-route-choice');
    assert.match(routes[0], /^Geographic\s*\$0\.10 in \/ \$0\.50 out per M \(est\., more above 100K prompt tokens\)\s*Processed in AWS Regions in the US only · price: .*checked \d{4}-\d\d-\d\d · sends us\./);
    assert.match(routes[1], /^Global\s*\$0\.09 in \/ \$0\.45 out per M .*Processed in any commercial AWS Region worldwide · price: .* · sends global\./);
    await choose('Geographic', /Geographic/);
    await widget().waitFor({ state: 'hidden' });
    for (let i = 0; i < 50 && readSettings()['bedrockHaiku.model'] !== 'claude-haiku-5-5'; i++) await vs.page.waitForTimeout(100);
    assert.strictEqual(readSettings()['bedrockHaiku.model'], 'claude-haiku-5-5');
    assert.strictEqual(readSettings()['bedrockHaiku.route'], 'geographic');
    assert.match(await statusTooltip(), /Claude Haiku 5\.5 in us-east-1/);

    await testConnection();
    assert.strictEqual(fake.requests.at(-1)?.modelId, 'us.anthropic.claude-haiku-5-5');
    assert.strictEqual(fake.requests.at(-1)?.sigv4Valid, true);
  });

  test('Select Model in us-east-2: 3.5 Haiku offers latency-optimized; turned on, the status bar shows $(zap) and the request asks for it', async () => {
    const fake = vs.fake!;
    fake.respond({ text: 'ok', usage: { inputTokens: 12, outputTokens: 1 } });
    await setText('bedrockHaiku.aws.region', 'AWS Region for Bedrock', 'us-east-2');
    await waitForTooltip(/in us-east-2/);
    await openPicker('Haiku: Select Model');
    await waitForQuickInput(/Model for Bedrock in us-east-2/);
    await widget().locator('.quick-input-box input[placeholder*="checked against profile"]').waitFor({ timeout: 30_000 });
    const list = await rows();
    const haiku35 = list.find((r) => /Claude 3\.5 Haiku/.test(r)) ?? assert.fail(`no 3.5 Haiku row in ${JSON.stringify(list)}`);
    assert.match(haiku35, /latency-optimized available/);
    // Only where the catalog says so: Haiku 4.5 has no latency-optimized offer here.
    assert.doesNotMatch(list.find((r) => /Claude Haiku 4\.5/.test(r)) ?? '', /latency-optimized/);
    await choose('3.5 Haiku', /Claude 3\.5 Haiku/);

    // Retired in the catalog: a modal asks first.
    await dialog().waitFor({ state: 'visible' });
    assert.match(await dialog().innerText(), /end of life/);
    await dialog().locator('.monaco-button', { hasText: 'Select anyway' }).click();

    // 3.5 Haiku may also run in-region; latency-optimized goes through the US profile: stay geographic.
    await waitForQuickInput(/How should requests to Claude 3\.5 Haiku be routed/);
    assert.match((await rows()).join(' | '), /Geographic.* \| In-region\s*\$0\.80 in .*Processed in us-east-2 only/);
    await choose('Geographic', /Geographic/);
    await waitForQuickInput(/offers latency-optimized inference in us-east-2/);
    const modes = await rows();
    await shot('account-latency-choice');
    assert.match(modes.join(' | '), /^Standard\s*regular latency and price \| \s*Latency-optimized\s*faster; \$1\.00 in \/ \$5\.00 out per M$/);
    await choose('Latency', /Latency-optimized/);
    await widget().waitFor({ state: 'hidden' });
    for (let i = 0; i < 50 && readSettings()['bedrockHaiku.latencyOptimized'] !== true; i++) await vs.page.waitForTimeout(100);
    assert.strictEqual(readSettings()['bedrockHaiku.latencyOptimized'], true);
    assert.strictEqual(readSettings()['bedrockHaiku.model'], 'claude-3-5-haiku');
    const zap = vs.statusItem().locator('.codicon-zap');
    await zap.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await statusTooltip(), /Claude 3\.5 Haiku in us-east-2 \(latency-optimized\)/);

    await testConnection();
    const sent = fake.requests.at(-1)!;
    assert.match(sent.modelId, /claude-3-5-haiku/);
    assert.deepStrictEqual(sent.body?.performanceConfig, { latency: 'optimized' });
    await zap.waitFor({ state: 'visible' });
    await vs.waitForToastsSettled();
    await vs.screenshot('account-latency-on');

    // Back to the region and model the later tests expect; turned off, the marker goes.
    await editSetting('bedrockHaiku.latencyOptimized', 'latency-optimized inference', (v: unknown) => v !== true, (item) => item.locator('.setting-value-checkbox').click());
    await setText('bedrockHaiku.aws.region', 'AWS Region for Bedrock', '');
    await waitForTooltip(/in us-east-1/);
    await openPicker('Haiku: Select Model');
    await waitForQuickInput(/Model for Bedrock in us-east-1/);
    await choose('Haiku 5.5', /Claude Haiku 5\.5/);
    // Escape keeps the route chosen before.
    await waitForQuickInput(/be routed/);
    await vs.page.keyboard.press('Escape');
    await widget().waitFor({ state: 'hidden' });
    for (let i = 0; i < 50 && readSettings()['bedrockHaiku.model'] !== 'claude-haiku-5-5'; i++) await vs.page.waitForTimeout(100);
    assert.match(await statusTooltip(), /Claude Haiku 5\.5 in us-east-1(?! \(latency)/);
    assert.strictEqual(await zap.count(), 0);
  });

  test('chat past the daily budget: refusing sends nothing and shows the budget error inline; "Send anyway" sends, once a day', async () => {
    const fake = vs.fake!;
    fake.respond({ text: 'Use `width * height`.', usage: { inputTokens: 40, outputTokens: 8 } });
    // Spending exists from the previous tests; a budget below it trips the guard.
    await setBudget('0.000001');
    const frame = await chatFrame();
    const turns = frame.locator('article.turn');
    const first = await turns.count();
    const before = fake.requests.length;

    await ask(frame, 'How do I compute the area?');
    await dialog().waitFor({ state: 'visible', timeout: 30_000 });
    const text = await dialog().innerText();
    assert.match(text, /Haiku: Today's Bedrock spending reached \S+ of your \S+ daily budget\. Send anyway\?/);
    const buttons = (await dialog().locator('.monaco-button').allInnerTexts()).map((b) => b.trim());
    assert.deepStrictEqual(buttons.filter(Boolean).sort(), ['Allow all for today', 'Cancel', 'Send anyway']);
    await vs.page.waitForTimeout(300);
    await vs.screenshot('account-chat-budget-confirm');
    await dialog().locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog().waitFor({ state: 'hidden' });

    const refused = turns.nth(first).locator('.answer-error');
    await refused.waitFor({ state: 'visible', timeout: 30_000 });
    // In the chat's own words (not the status bar's "completions are paused"), with the one-click override.
    assert.match(await refused.innerText(), /Not sent: today's Bedrock spending reached \S+ of your \S+ daily budget/);
    assert.doesNotMatch(await refused.innerText(), /completions/i);
    assert.strictEqual(await refused.getByRole('button', { name: 'Allow for today' }).count(), 1);
    await vs.page.waitForTimeout(1000);
    assert.strictEqual(fake.requests.length, before, 'a refused chat question reached Bedrock');
    assert.strictEqual(await turns.nth(first).locator('.answer-footer').isVisible(), false, 'a question never sent shows a model, time and cost');
    await vs.screenshot('account-chat-budget-refused');

    // Each question adds a turn: wait on the new one (the last turn until it shows is the previous one).
    await ask(frame, 'And the perimeter?');
    await dialog().waitFor({ state: 'visible', timeout: 30_000 });
    await dialog().locator('.monaco-button', { hasText: 'Send anyway' }).click();
    await turns.nth(first + 1).locator('.answer-footer').waitFor({ state: 'visible', timeout: 60_000 });
    await fake.waitForRequests(before + 1, 30_000);
    assert.strictEqual(fake.requests.length, before + 1);
    assert.match(fake.requests.at(-1)!.promptText, /And the perimeter\?/);
    assert.match(await turns.nth(first + 1).innerText(), /width \* height/);

    // Confirmed for today: the next question goes straight through.
    await ask(frame, 'Thanks, and the diagonal?');
    await turns.nth(first + 2).locator('.answer-footer').waitFor({ state: 'visible', timeout: 60_000 });
    assert.strictEqual(await dialog().count(), 0, 'asked again after "Send anyway"');
    await fake.waitForRequests(before + 2, 30_000);
    assert.strictEqual(fake.requests.length, before + 2);
    assert.match(fake.requests.at(-1)!.promptText, /the diagonal\?/);
    // Completions stay paused: the confirmation is for chat only.
    await vs.statusItem().locator('.codicon-circle-slash').waitFor({ timeout: 10_000 });
    await vs.screenshot('account-chat-budget-sent');
  });

  test('budget guard: past a tiny daily budget the status bar says so, Alt+\\ sends nothing; the override resumes completions', async () => {
    const fake = vs.fake!;
    const page = vs.page;
    // Spending exists from the previous test; a budget below it pauses completions at once.
    await setBudget('0.000001');
    await vs.page.locator('[id="bedrock-haiku.bedrock-haiku.bedrockHaiku.status"] .codicon-circle-slash').waitFor({ timeout: 30_000 });
    const tooltip = await statusTooltip();
    assert.match(tooltip, /budget/i);
    await vs.screenshot('account-budget-paused');

    fake.respond({ text: '<insert>h * height;</insert>' });
    const before = fake.requests.length;
    await vs.openFile(FILE);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.type('wid', { delay: 40 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Backslash');
    await page.waitForTimeout(2000);
    assert.strictEqual(fake.requests.length, before, 'a completion reached Bedrock past the budget');
    assert.strictEqual(await page.locator('.editor-group-container.active .ghost-text-decoration').count(), 0);

    await vs.runCommand("Haiku: Allow Spending Past Today's Budget");
    await vs.waitForNotification(/lifted until midnight/i);
    await vs.waitForToastsSettled();
    await vs.screenshot('account-budget-override-toast');
    await vs.openFile(FILE);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    // Typing on, as a user does: VS Code answers Alt+\ at an unchanged position and document version with
    // its previous (empty) result without asking the provider again.
    await page.keyboard.type('t', { delay: 40 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Backslash');
    await fake.waitForRequests(before + 1, 30_000);
    await page.locator('.editor-group-container.active .ghost-text-decoration').first().waitFor({ state: 'visible', timeout: 30_000 });
    // One completion was asked for; any later request is the next suggestion asked ahead while this one is shown
    // (the document with it applied), never a second ask for the same place.
    const [asked, ...ahead] = fake.requests.slice(before);
    assert.match(asked.promptText, /return widt<CURSOR\/>/);
    for (const r of ahead) assert.match(r.promptText, /return width \* height;/, 'a second request for the same place');
    assert.match((await page.locator('.editor-group-container.active .ghost-text-decoration').allInnerTexts()).join(''), /height/);
    assert.strictEqual(await page.locator('[id="bedrock-haiku.bedrock-haiku.bedrockHaiku.status"] .codicon-circle-slash').count(), 0);
    await vs.screenshot('account-budget-overridden');
    await page.keyboard.press('Escape');
    await setBudget('');
  });

  test('Select AWS Profile → New SSO profile…: device sign-in, account and role from the portal, a [profile] + [sso-session] pair written after a backup', async () => {
    const fake = vs.fake!;
    const configFile = fake.sso.configFile;
    const original = fs.readFileSync(configFile, 'utf8');
    fake.sso.deviceFlow = { outcome: 'manual', interval: 1 };

    await openPicker('Haiku: Select AWS Profile');
    await waitForQuickInput(/AWS profile for Bedrock/);
    const profiles = await rows();
    await shot('account-profile-picker');
    assert.match(profiles[0], /e2e-account.*SSO.*111122223333 \/ HaikuDev/);
    await choose('New SSO', /New SSO profile/);

    // The config already has a session: the first step offers it, or another start URL.
    await waitForQuickInput(/AWS access portal/);
    await choose('Another', /Another start URL/);
    await waitForQuickInput(/access portal URL/);
    await answer('https://acme-corp.awsapps.com/start');
    await waitForQuickInput(/IAM Identity Center region/);
    await answer('eu-west-1');

    // The user opens the verification page and approves there (the fake's page approves on a visit).
    const progress = await vs.waitForNotification(/confirm code/i, 30_000);
    const code = fake.sso.deviceAuthorizations.at(-1)?.userCode;
    assert.ok(code && progress.includes(code), `the notification does not show the user code ${code}: ${progress}`);
    const browser = await vs.page.context().newPage();
    await browser.goto(`${fake.url}/device?user_code=${code}`);
    await browser.close();
    // A background tab stops painting: VS Code's tab must be the front one again for the screenshots.
    await vs.page.bringToFront();

    await waitForQuickInput(/AWS account/, 60_000);
    const accounts = await rows();
    await shot('account-portal-accounts');
    // Three accounts over two portal pages, sorted by name.
    assert.deepStrictEqual(
      accounts.map((a) => /^(.*?)\s*(\d{12})/.exec(a)?.slice(1).join(' ')),
      ['Haiku Dev 111122223333', 'Production 777788889999', 'Sandbox 444455556666'],
    );
    assert.ok(fake.sso.requests.filter((r) => r.api === 'listAccounts').length >= 2, 'the second page of accounts was not fetched');
    await choose('Sandbox', /Sandbox\s*444455556666/);

    await waitForQuickInput(/role in Sandbox/);
    const roles = await rows();
    await shot('account-portal-roles');
    assert.deepStrictEqual(roles, ['BedrockUser', 'AdministratorAccess', 'ReadOnly']);
    await choose('BedrockUser', /BedrockUser/);

    await waitForQuickInput(/region for Bedrock/);
    await choose('us-west-2', /us-west-2/);
    await waitForQuickInput(/profile name/);
    assert.strictEqual(await input().inputValue(), 'sandbox-bedrockuser');
    await vs.page.keyboard.press('Enter');
    const done = await vs.waitForNotification(/profile "sandbox-bedrockuser".*added/i, 30_000);
    await vs.waitForToastsSettled();
    await vs.screenshot('account-profile-added');

    const written = fs.readFileSync(configFile, 'utf8');
    assert.ok(written.startsWith(original), `the existing config was changed:\n${written}`);
    const added = written.slice(original.length);
    assert.match(added, /\[profile sandbox-bedrockuser\]\nsso_session = acme-corp\nsso_account_id = 444455556666\nsso_role_name = BedrockUser\nregion = us-west-2\n/);
    assert.match(added, /\[sso-session acme-corp\]\nsso_start_url = https:\/\/acme-corp\.awsapps\.com\/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n/);
    const backups = fs.readdirSync(path.dirname(configFile)).filter((f) => f.startsWith('config.bak-'));
    assert.strictEqual(backups.length, 1, `backups: ${backups.join(', ')}`);
    assert.strictEqual(fs.readFileSync(path.join(path.dirname(configFile), backups[0]), 'utf8'), original);
    assert.ok(done.includes(backups[0]), `the notification does not name the backup: ${done}`);
    for (let i = 0; i < 50 && readSettings()['bedrockHaiku.aws.profile'] !== 'sandbox-bedrockuser'; i++) await vs.page.waitForTimeout(100);
    assert.strictEqual(readSettings()['bedrockHaiku.aws.profile'], 'sandbox-bedrockuser');

    // The new profile works: role credentials for Sandbox / BedrockUser sign the request.
    await testConnection();
    const sent = fake.requests.at(-1)!;
    assert.strictEqual(sent.sigv4Valid, true, sent.sigv4Problem);
    assert.deepStrictEqual(
      { account: fake.sso.lookup(sent.accessKeyId!)?.accountId, role: fake.sso.lookup(sent.accessKeyId!)?.roleName },
      { account: '444455556666', role: 'BedrockUser' },
    );
    assert.match(sent.headers.authorization ?? '', /\/us-west-2\/bedrock\/aws4_request/);
  });

  test('Select AWS Profile on a legacy SSO profile: flagged, converted in place after a backup, and it works', async () => {
    const fake = vs.fake!;
    const configFile = fake.sso.configFile;
    const dir = path.dirname(configFile);
    // The form `aws configure sso` wrote before sso-session existed: same portal as the fake's session.
    fs.appendFileSync(configFile, '\n# old laptop setup\n[profile legacy-dev]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = HaikuDev\nregion = us-east-1\noutput = json\n');
    const before = fs.readFileSync(configFile, 'utf8');
    const backupsBefore = fs.readdirSync(dir).filter((f) => f.startsWith('config.bak-'));

    await openPicker('Haiku: Select AWS Profile');
    await waitForQuickInput(/AWS profile for Bedrock/);
    const legacyRow = (await rows()).find((r) => r.startsWith('legacy-dev'));
    await shot('account-profile-picker-legacy');
    // The picker starts on the profile in use (selected in the previous test), so Enter keeps it.
    assert.match(await widget().locator('.quick-input-list .monaco-list-row.focused').innerText(), /sandbox-bedrockuser/);
    assert.match(legacyRow ?? '', /SSO \(legacy form\).*cannot be refreshed\. Select to convert it/, `row: ${legacyRow}`);
    await choose('legacy-dev', /legacy-dev/);

    const dialog = vs.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await dialog.innerText(), /Legacy SSO form/);
    await vs.page.waitForTimeout(300);
    await vs.screenshot('account-legacy-dialog');
    await dialog.locator('.monaco-button', { hasText: 'Convert and use' }).click();
    await vs.waitForNotification(/"legacy-dev" now uses an \[sso-session\]/);

    const after = fs.readFileSync(configFile, 'utf8');
    const head = before.slice(0, before.indexOf('[profile legacy-dev]'));
    assert.ok(after.startsWith(head), `lines before the converted profile changed:\n${after}`);
    // Same portal and region as an existing session: the profile joins it; its other keys and order stay.
    assert.match(after.slice(head.length), /^\[profile legacy-dev\]\nsso_account_id = 111122223333\nsso_role_name = HaikuDev\nregion = us-east-1\noutput = json\nsso_session = e2e-account\n?$/);
    const backups = fs.readdirSync(dir).filter((f) => f.startsWith('config.bak-') && !backupsBefore.includes(f));
    assert.strictEqual(backups.length, 1, `new backups: ${backups.join(', ')}`);
    assert.strictEqual(fs.readFileSync(path.join(dir, backups[0]), 'utf8'), before);
    for (let i = 0; i < 50 && readSettings()['bedrockHaiku.aws.profile'] !== 'legacy-dev'; i++) await vs.page.waitForTimeout(100);
    assert.strictEqual(readSettings()['bedrockHaiku.aws.profile'], 'legacy-dev');

    // The session it joined is signed in already: no sign-in needed, requests go out with its role. The
    // extension host hears of the new setting a moment after settings.json says so: until then the
    // previous profile signs (a few tries, the last one decides).
    let sent = fake.requests.at(-1)!;
    for (let i = 0; i < 4; i++) {
      await testConnection();
      sent = fake.requests.at(-1)!;
      if (fake.sso.lookup(sent.accessKeyId!)?.roleName === 'HaikuDev') break;
      await vs.page.waitForTimeout(500);
    }
    assert.strictEqual(sent.sigv4Valid, true, sent.sigv4Problem);
    assert.strictEqual(fake.sso.lookup(sent.accessKeyId!)?.roleName, 'HaikuDev');
  });

  test('Sign In to AWS cancelled midway: no token written, the status bar still says Sign in; a later sign-in works', async () => {
    const fake = vs.fake!;
    // legacy-dev (in use since the previous test) shares the fake's session: its token file is the one to watch.
    fake.sso.writeToken({ remove: true });
    await vs.waitForStatusBar(/Sign in/i, 30_000);
    fake.sso.deviceFlow = { outcome: 'manual', interval: 1 };

    await vs.runCommand('Haiku: Sign In to AWS');
    // With the aws CLI on PATH a choice comes first: in the editor is the first item.
    const choice = widget().filter({ hasText: 'Sign in here' });
    if (await choice.isVisible({ timeout: 3000 }).catch(() => false)) await vs.page.keyboard.press('Enter');
    const progress = vs.page.locator('.notifications-toasts .notification-toast').filter({ hasText: /confirm code/i }).first();
    await progress.waitFor({ state: 'visible', timeout: 30_000 });
    await vs.page.bringToFront();
    const polls = () => fake.sso.requests.filter((r) => r.api === 'createToken').length;
    for (let i = 0; i < 100 && polls() === 0; i++) await vs.page.waitForTimeout(100);
    assert.ok(polls() > 0, 'the extension never polled CreateToken');
    await vs.screenshot('account-signin-waiting');
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await progress.waitFor({ state: 'hidden', timeout: 10_000 });

    // Polling stops; even an approval now writes nothing.
    const code = fake.sso.deviceAuthorizations.at(-1)!.userCode;
    const pollsAtCancel = polls();
    const approve = await vs.page.context().newPage();
    await approve.goto(`${fake.url}/device?user_code=${code}`);
    await approve.close();
    await vs.page.bringToFront();
    await vs.page.waitForTimeout(3000);
    assert.ok(polls() <= pollsAtCancel + 1, `still polling after Cancel: ${polls() - pollsAtCancel} more`);
    assert.ok(!fs.existsSync(fake.sso.tokenFile), 'a token file was written after Cancel');
    assert.match(await vs.statusItem().innerText(), /Sign in/i);
    assert.strictEqual(await vs.page.locator('.notifications-toasts .notification-toast').filter({ hasText: /signed in to AWS|sign-in failed/i }).count(), 0);
    await vs.screenshot('account-signin-cancelled');

    fake.sso.deviceFlow = { pendingPolls: 1, outcome: 'approve', interval: 1 };
    await vs.runCommand('Haiku: Sign In to AWS');
    if (await choice.isVisible({ timeout: 3000 }).catch(() => false)) await vs.page.keyboard.press('Enter');
    await vs.waitForNotification(/signed in to AWS \(profile "legacy-dev"\)/i, 60_000);
    await vs.page.bringToFront();
    assert.ok(fs.existsSync(fake.sso.tokenFile), 'no token file after the second sign-in');
    for (let i = 0; i < 50 && /Sign in/i.test(await vs.statusItem().innerText()); i++) await vs.page.waitForTimeout(200);
    assert.doesNotMatch(await vs.statusItem().innerText(), /Sign in/i);
    await testConnection();
    assert.strictEqual(fake.requests.at(-1)?.sigv4Valid, true);
    await vs.waitForToastsSettled();
    await vs.screenshot('account-signin-after-cancel');
  });
});
