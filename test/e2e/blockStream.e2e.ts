// A block's first line on screen while the rest of it streams: the fake holds its answer after the first
// line; the person sees that line as ghost text, then, once the fake finishes, the whole block (one request).
// Tab on the first line gets the rest; Escape keeps the block from coming back.
import * as assert from 'node:assert';
import { ACTIVE_EDITOR, launch, NO_SUGGEST_WIDGET, type Session } from './harness';

/** Where the fake has a block to say: the blank line of a new function (anywhere else, nothing). */
const AT = 'b: number) {\n  <CURSOR/>';
const FIRST = 'const total = a + b;';
const REST = 'return total;';


/** Everything the editor shows: the document and the ghost text, its lines below the cursor included. */
async function shown(vs: Session): Promise<string> {
  return (await vs.page.locator(ACTIVE_EDITOR).first().innerText()).replace(/\u00a0/g, ' ');
}


suite('a block streams in (UI)', () => {
  let vs: Session;
  let release: () => void = () => undefined;

  suiteSetup(async () => {
    vs = await launch({
      settings: {
        'bedrockHaiku.model': 'claude-haiku-4-5',
        'bedrockHaiku.nextEdit.enabled': false,
        ...NO_SUGGEST_WIDGET,
        'editor.tabSize': 2,
        'editor.detectIndentation': false,
      },
      files: { 'block.ts': '// blocks\n' },
    });
    await vs.openFile('block.ts');
  });

  suiteTeardown(async () => {
    release();
    await vs?.close();
  });

  /** A new function whose body the fake writes: its first line at once, the rest when the test says. */
  async function newFunction(name: string): Promise<{ requests: () => number; streaming: () => boolean }> {
    const held = new Promise<void>((r) => (release = r));
    vs.fake!.respond((req) =>
      req.promptText.includes(`${name}(a: number, ${AT}`)
        ? { chunks: [`${FIRST}\n`, `  ${REST}\n`, '}\n</insert>'], firstByteDelayMs: 40, pause: { afterChunks: 1, until: held } }
        : { text: '</insert>' },
    );
    const page = vs.page;
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    // The editor closes "(" and "{" itself: Enter between the braces opens the blank line of the body.
    await page.keyboard.type(`function ${name}(a: number, b: number) {`, { delay: 15 });
    await page.keyboard.press('Enter');
    const mine = () => vs.fake!.requests.filter((r) => r.promptText.includes(`${name}(a: number, ${AT}`));
    return { requests: () => mine().length, streaming: () => mine().some((r) => !r.completed && !r.closedByClient) };
  }

  test('the first line shows while the fake still streams, then the whole block, from one request; Tab inserts it', async () => {
    const f = await newFunction('add');
    await vs.waitUntil(async () => (await vs.ghostText()).includes(FIRST), `the first line "${FIRST}"`);
    assert.ok(f.streaming(), 'the first line showed while the answer was still streaming');
    assert.ok(!(await shown(vs)).includes(REST), 'the rest is not there yet');
    await vs.screenshot('block-first-line');
    release();
    await vs.waitUntil(async () => (await shown(vs)).includes(REST), `the whole block ("${REST}" below the first line)`);
    assert.ok((await vs.ghostText()).includes(FIRST), 'the first line stayed');
    await vs.screenshot('block-whole');
    assert.strictEqual(f.requests(), 1);
    await vs.page.keyboard.press('Tab');
    await vs.waitUntil(async () => (await vs.page.locator(`${ACTIVE_EDITOR} .ghost-text-decoration`).count()) === 0, 'the ghost text to go');
    const text = await shown(vs);
    assert.match(text, /function add\(a: number, b: number\) \{\s*const total = a \+ b;\s*return total;\s*\}/, text);
  });

  test('Tab on the first line while the rest streams: the rest follows as the next ghost text, no second request', async () => {
    const f = await newFunction('sum');
    await vs.waitUntil(async () => (await vs.ghostText()).includes(FIRST), `the first line "${FIRST}"`);
    await vs.page.keyboard.press('Tab');
    await vs.waitUntil(async () => !(await vs.ghostText()).includes(FIRST), 'the first line inserted');
    assert.ok(f.streaming(), 'the stream outlived the accept');
    release();
    await vs.waitUntil(async () => (await vs.ghostText()).includes(REST) || (await shown(vs)).includes(REST), `the rest ("${REST}")`);
    assert.strictEqual(f.requests(), 1);
    const after = vs.fake!.requests.filter((r) => r.promptText.includes(`${FIRST}<CURSOR/>`));
    assert.deepStrictEqual(after.map((r) => r.promptText.slice(-80)), [], 'asked again after the accept');
  });

  test('Escape on the first line: the block does not come back when it completes', async () => {
    const f = await newFunction('diff');
    await vs.waitUntil(async () => (await vs.ghostText()).includes(FIRST), `the first line "${FIRST}"`);
    await vs.page.keyboard.press('Escape');
    await vs.waitUntil(async () => (await vs.page.locator(`${ACTIVE_EDITOR} .ghost-text-decoration`).count()) === 0, 'Escape to hide it');
    release();
    await vs.waitUntil(async () => !f.streaming(), 'the stream to end');
    // Long enough for the editor to have been asked again (it waits 50 ms at most) and to render.
    await vs.page.waitForTimeout(1500);
    assert.strictEqual(await vs.page.locator(`${ACTIVE_EDITOR} .ghost-text-decoration`).count(), 0, `ghost text came back: ${await vs.ghostText()}`);
  });
});
