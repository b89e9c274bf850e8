// What a user sees of next edit suggestions: rename a parameter, and its use three lines below is shown
// struck through with the new name after it, a gutter marker and a status-bar line; Tab goes there, Tab
// applies, Ctrl+Z takes it back; Escape dismisses another. The fake carries the rename to the next use.
import * as assert from 'node:assert';
import { launch, NO_SUGGEST_WIDGET, type Session } from './harness';
import { nextEditReply } from '../fake/replies';

const RENAME = ['export function total(items: number[]): number {', '  let sum = 0;', '  // add them up', '  for (const x of items) sum += x;', '  return sum;', '}', ''].join('\n');
const OTHER = ['export function greet(person: string): string {', '  const loud = true;', '  // shout it', "  return loud ? person.toUpperCase() : 'hi';", '}', ''].join('\n');
const EDITOR = '.editor-group-container.active .monaco-editor';

async function lineText(vs: Session, n: number): Promise<string> {
  const lines = vs.page.locator(`${EDITOR} .view-lines .view-line`);
  // View lines are positioned by `top`; sort them so index n is line n + 1.
  const texts = await lines.evaluateAll((els) =>
    els.map((e) => ({ top: parseFloat((e as HTMLElement).style.top) || 0, text: (e as HTMLElement).innerText })).sort((a, b) => a.top - b.top).map((x) => x.text),
  );
  return (texts[n - 1] ?? '').replace(/\u00a0/g, ' ');
}

/** Text an extension's decoration strikes through (TypeScript strikes deprecated names with a token style, not a decoration). */
function struckText(vs: Session): Promise<string[]> {
  return vs.page.locator(`${EDITOR} .view-lines span`).evaluateAll((els) =>
    els
      .filter((e) => e.className.includes('TextEditorDecorationType') && getComputedStyle(e).textDecorationLine.includes('line-through'))
      .map((e) => (e as HTMLElement).innerText),
  );
}

/** Text decorations add after a range (rendered as CSS ::after content). */
function addedText(vs: Session): Promise<string[]> {
  return vs.page.locator(`${EDITOR} .view-lines span`).evaluateAll((els) =>
    els
      .map((e) => getComputedStyle(e, '::after').content)
      .filter((c) => c && c !== 'none' && c !== 'normal')
      .map((c) => c.replace(/^"|"$/g, '').replace(/\u00a0/g, ' ')),
  );
}

/** Gutter decorations whose icon is ours. */
function gutterMarkers(vs: Session): Promise<number> {
  return vs.page.locator(`${EDITOR} div`).evaluateAll((els) => els.filter((e) => getComputedStyle(e).backgroundImage.includes('next-edit')).length);
}

async function waitUntil(vs: Session, probe: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; status bar: ${await vs.statusBarText()}`);
    await vs.page.waitForTimeout(100);
  }
}

/** Puts the cursor after `word` on line 1, selects the word, and types `by` over it. */
async function renameOnFirstLine(vs: Session, word: string, by: string, line: string): Promise<void> {
  const page = vs.page;
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < line.indexOf(word) + word.length; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Control+Shift+ArrowLeft');
  await page.keyboard.type(by, { delay: 40 });
}

suite('next edit suggestions (UI)', () => {
  let vs: Session;

  suiteSetup(async () => {
    vs = await launch({
      files: { 'nextEdit/rename.ts': RENAME, 'nextEdit/other.ts': OTHER },
      settings: {
        // Completion ghost text would take the place of next edits; the suggest widget would take Tab.
        'bedrockHaiku.completions.enabled': false,
        ...NO_SUGGEST_WIDGET,
      },
    });
    vs.fake!.respond((req) => ({ text: nextEditReply(req.promptText), chunkDelayMs: 5 }));
  });

  suiteTeardown(async () => {
    await vs?.close();
  });

  test('rename a parameter: the use below is struck and rewritten; Tab goes, Tab applies, Ctrl+Z undoes', async () => {
    await vs.openFile('rename.ts');
    const before = vs.fake!.requests.length;
    await renameOnFirstLine(vs, 'items', 'prices', RENAME.split('\n')[0]);
    await vs.waitForStatusBar(/Next edit: line 4 · Tab to go/);
    await waitUntil(vs, async () => (await struckText(vs)).includes('items'), 'the struck-through text');
    assert.deepStrictEqual(await addedText(vs), ['prices'], 'the new name shows after the struck one');
    assert.strictEqual(await lineText(vs, 4), '  for (const x of items) sum += x;', 'shown, not applied');
    assert.strictEqual(await gutterMarkers(vs), 1, 'one gutter marker');
    const sent = vs.fake!.requests.slice(before);
    assert.strictEqual(sent.length, 1, 'one request for the edit pause');
    assert.strictEqual(sent[0].sigv4Valid, true);
    await vs.screenshot('next-edit-shown');

    await vs.page.keyboard.press('Tab');
    await vs.waitForStatusBar(/Ln 4, Col 19/);
    await vs.waitForStatusBar(/Next edit: line 4 · Tab to apply/);
    assert.match(await lineText(vs, 4), /of items/, 'the first Tab changes nothing');

    await vs.page.keyboard.press('Tab');
    await waitUntil(vs, async () => /^ {2}for \(const x of prices\) sum \+= x;$/.test(await lineText(vs, 4)), 'the edit applied');
    await waitUntil(vs, async () => (await struckText(vs)).length === 0 && (await gutterMarkers(vs)) === 0, 'the decorations to go');
    assert.ok(!/Next edit:/.test(await vs.statusBarText()), 'the status line goes with it');
    await vs.screenshot('next-edit-applied');

    await vs.page.keyboard.press('Control+Z');
    await waitUntil(vs, async () => /of items\) sum/.test(await lineText(vs, 4)), 'the undo');
    assert.match(await lineText(vs, 1), /total\(prices: number\[\]\)/, 'one undo takes back only the applied edit');
  });

  test('Escape dismisses a suggestion', async () => {
    await vs.openFile('other.ts');
    await renameOnFirstLine(vs, 'person', 'who', OTHER.split('\n')[0]);
    await vs.waitForStatusBar(/Next edit: line 4/);
    await waitUntil(vs, async () => (await struckText(vs)).includes('person'), 'the struck-through text');
    assert.deepStrictEqual(await addedText(vs), ['who']);
    await vs.page.keyboard.press('Escape');
    await waitUntil(vs, async () => (await struckText(vs)).length === 0 && !/Next edit:/.test(await vs.statusBarText()), 'the suggestion to go');
    assert.deepStrictEqual(await addedText(vs), []);
    assert.match(await lineText(vs, 4), /return loud \? person\.toUpperCase\(\) : 'hi';/, 'nothing was applied');
  });
});
