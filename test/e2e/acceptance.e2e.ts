// A scripted session in code-server whose acceptance figures must come out exactly: five suggestions shown;
// one accepted with a real Tab, one typed through, one dismissed with Escape (counted at the next edit: the
// stable API does not tell an extension about Escape), one accepted by word with Ctrl+Right, one left by
// moving the cursor away (dismissed with no edit). The status-bar tooltip and the usage view must say
// 5 shown, 2 accepted (1 by word), 1 typed through, 2 dismissed, 10 characters accepted ("w * h;" and
// "Math"), and the per-language table the same, with TypeScript's cost (every completion's) ÷ 2.
import * as assert from 'node:assert';
import type { Frame } from 'playwright-core';
import { ACTIVE_EDITOR, launch, NO_SUGGEST_WIDGET, type Session } from './harness';

/** What the fake suggests, by the line the cursor ends; every other request gets an empty answer (nothing shown). */
const SUGGESTIONS: [string, string][] = [
  ['area = (w: number, h: number) => <CURSOR/>', 'w * h;'],
  ['sum = (a: number, b: number) => <CURSOR/>', 'a + b;'],
  ['diff = (a: number, b: number) => <CURSOR/>', 'a - b;'],
  ['ratio = (a: number, b: number) => <CURSOR/>', 'Math.round(a / b);'],
  ['prod = (a: number, b: number) => <CURSOR/>', 'a * b;'],
];



/** A new line, the start of an arrow function typed key by key, then Alt+\ and the suggestion on screen. */
async function askAt(vs: Session, line: string, expect: string): Promise<void> {
  const page = vs.page;
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(line, { delay: 15 });
  await page.keyboard.press('Alt+\\');
  await vs.waitUntil(async () => (await vs.ghostText()).replace(/ /g, '').includes(expect.replace(/ /g, '')), `ghost text "${expect}"`);
}

async function usageFrame(vs: Session): Promise<Frame> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    for (const f of vs.page.frames()) {
      if (await f.locator('#acceptance').count().catch(() => 0)) return f;
    }
    await vs.page.waitForTimeout(250);
  }
  throw new Error('no frame with the acceptance table');
}

suite('acceptance figures of a scripted session (UI)', () => {
  let vs: Session;

  suiteSetup(async () => {
    vs = await launch({
      settings: {
        'bedrockHaiku.model': 'claude-haiku-4-5',
        'bedrockHaiku.nextEdit.enabled': false,
        ...NO_SUGGEST_WIDGET,
      },
      files: { 'accept.ts': '// acceptance script\n' },
    });
    vs.fake!.respond((req) => {
      const hit = SUGGESTIONS.find(([at]) => req.promptText.includes(at));
      return { text: `${hit?.[1] ?? ''}</insert>`, firstByteDelayMs: 40 };
    });
  });

  suiteTeardown(async () => {
    await vs?.close();
  });

  test('shown / accepted / typed through / dismissed match the script, in the tooltip and the usage view', async () => {
    const page = vs.page;
    await vs.openFile('accept.ts');
    await page.keyboard.press('Control+End');

    // 1. Tab accepts the whole suggestion.
    await askAt(vs, 'export const area = (w: number, h: number) => ', 'w * h;');
    await page.keyboard.press('Tab');
    await vs.waitUntil(async () => (await vs.ghostText()) === '', 'the ghost text to go after Tab');

    // 2. Typed through: the person types exactly what is suggested.
    await askAt(vs, 'export const sum = (a: number, b: number) => ', 'a + b;');
    await page.keyboard.type('a + b;', { delay: 60 });

    // 3. Escape dismisses; the next edit (Enter, in askAt) is where it counts.
    await askAt(vs, 'export const diff = (a: number, b: number) => ', 'a - b;');
    await page.keyboard.press('Escape');
    await vs.waitUntil(async () => (await vs.ghostText()) === '', 'the ghost text to go after Escape');

    // 4. Ctrl+Right accepts the next word ("Math"); Escape, then a new line ends it.
    await askAt(vs, 'export const ratio = (a: number, b: number) => ', 'Math.round(a / b);');
    await page.keyboard.press('Control+ArrowRight');
    await vs.waitUntil(async () => !(await vs.ghostText()).startsWith('Math'), 'the word to be accepted');
    await page.keyboard.press('Escape');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('// end', { delay: 15 });

    // 5. The cursor goes up a line: the suggestion can no longer be accepted, with no edit at all.
    await askAt(vs, 'export const prod = (a: number, b: number) => ', 'a * b;');
    await page.keyboard.press('ArrowUp');
    await vs.waitUntil(async () => (await vs.ghostText()) === '', 'the ghost text to go when the cursor leaves');
    await vs.screenshot('acceptance-script-editor');

    const lines = (await page.locator(`${ACTIVE_EDITOR} .view-lines .view-line`).allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' '));
    assert.ok(lines.some((l) => l.includes('area = (w: number, h: number) => w * h;')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('sum = (a: number, b: number) => a + b;')), lines.join('\n'));
    assert.ok(lines.some((l) => /ratio = \(a: number, b: number\) => Math\s*$/.test(l)), lines.join('\n'));

    const want = /Completions today: 5 shown · 2 accepted \(40 %, 1 by word\) · 1 typed through · 10 characters · \$\d+\.\d+ per accepted/;
    let tooltip = '';
    for (let i = 0; i < 30 && !want.test(tooltip); i++) {
      tooltip = await vs.statusTooltip().catch(() => '');
      if (!want.test(tooltip)) await page.waitForTimeout(300);
    }
    assert.match(tooltip, want);

    await vs.runCommand('Haiku: Show Usage');
    const frame = await usageFrame(vs);
    const row = frame.locator('#acceptance table').first().locator('tbody tr').first();
    await row.waitFor({ state: 'visible' });
    const cells = (await row.innerText()).split('\t');
    // Day, shown, accepted, whole / word / line, typed through, dismissed, rate, characters, completion cost, per accepted.
    assert.deepStrictEqual(cells.slice(1, 8), ['5', '2', '1 / 1 / 0', '1', '2', '40 %', '10'], cells.join(' | '));
    const cost = Number(cells[8].replace('$', ''));
    const perAccepted = Number(cells[9].replace('$', ''));
    assert.ok(cost > 0, `completion cost ${cells[8]}`);
    assert.ok(Math.abs(perAccepted - cost / 2) <= 0.00005 + cost * 0.01, `per accepted ${cells[9]} is not ${cells[8]} ÷ 2`);
    // Every completion was TypeScript and recorded its language: the language's cost is the day's, ÷ 2 accepted.
    const languages = (await frame.locator('#acceptance table').nth(1).locator('tbody tr').allInnerTexts()).map((r) => r.split('\t'));
    assert.deepStrictEqual(languages, [['typescript', '5', '2', '1 / 1 / 0', '1', '2', '40 %', '10', cells[8], cells[9]]]);
    assert.strictEqual(await frame.locator('#acceptance table').nth(1).locator('tfoot').count(), 0, 'no cost without a language');
    await vs.screenshot('acceptance-script-usage-view');
  });
});
