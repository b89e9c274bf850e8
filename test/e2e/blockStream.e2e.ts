// A block's first line on screen while the rest of it streams: the fake holds its answer after the first
// line; the person sees that line as ghost text, then, once the fake finishes, the whole block (one request).
// Tab on the first line gets the rest; Escape keeps the block from coming back.
import * as assert from 'node:assert';
import { launch, type Session } from './harness';

const EDITOR = '.editor-group-container.active .monaco-editor';
/** Where the fake has a block to say: the blank line of a new function (anywhere else, nothing). */
const AT = 'b: number) {\n  <CURSOR/>';
const FIRST = 'const total = a + b;';
const REST = 'return total;';

/** The inline part of the ghost text. */
async function inlineGhost(vs: Session): Promise<string> {
  const parts = await vs.page.locator(`${EDITOR} .ghost-text-decoration, ${EDITOR} .ghost-text-decoration-preview`).allInnerTexts();
  return parts.join('').replace(/\u00a0/g, ' ');
}

/** Everything the editor shows: the document and the ghost text, its lines below the cursor included. */
async function shown(vs: Session): Promise<string> {
  return (await vs.page.locator(EDITOR).first().innerText()).replace(/\u00a0/g, ' ');
}

async function waitFor(vs: Session, probe: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; ghost text: "${await inlineGhost(vs)}"`);
    await vs.page.waitForTimeout(50);
  }
}

suite('a block streams in (UI)', () => {
  let vs: Session;
  let release: () => void = () => undefined;

  suiteSetup(async () => {
    vs = await launch({
      settings: {
        'bedrockHaiku.model': 'claude-haiku-4-5',
        'bedrockHaiku.nextEdit.enabled': false,
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'editor.suggestOnTriggerCharacters': false,
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
    await waitFor(vs, async () => (await inlineGhost(vs)).includes(FIRST), `the first line "${FIRST}"`);
    assert.ok(f.streaming(), 'the first line showed while the answer was still streaming');
    assert.ok(!(await shown(vs)).includes(REST), 'the rest is not there yet');
    await vs.screenshot('block-first-line');
    release();
    await waitFor(vs, async () => (await shown(vs)).includes(REST), `the whole block ("${REST}" below the first line)`);
    assert.ok((await inlineGhost(vs)).includes(FIRST), 'the first line stayed');
    await vs.screenshot('block-whole');
    assert.strictEqual(f.requests(), 1);
    await vs.page.keyboard.press('Tab');
    await waitFor(vs, async () => (await vs.page.locator(`${EDITOR} .ghost-text-decoration`).count()) === 0, 'the ghost text to go');
    const text = await shown(vs);
    assert.match(text, /function add\(a: number, b: number\) \{\s*const total = a \+ b;\s*return total;\s*\}/, text);
  });

  test('Tab on the first line while the rest streams: the rest follows as the next ghost text, no second request', async () => {
    const f = await newFunction('sum');
    await waitFor(vs, async () => (await inlineGhost(vs)).includes(FIRST), `the first line "${FIRST}"`);
    await vs.page.keyboard.press('Tab');
    await waitFor(vs, async () => !(await inlineGhost(vs)).includes(FIRST), 'the first line inserted');
    assert.ok(f.streaming(), 'the stream outlived the accept');
    release();
    await waitFor(vs, async () => (await inlineGhost(vs)).includes(REST) || (await shown(vs)).includes(REST), `the rest ("${REST}")`);
    assert.strictEqual(f.requests(), 1);
    const after = vs.fake!.requests.filter((r) => r.promptText.includes(`${FIRST}<CURSOR/>`));
    assert.deepStrictEqual(after.map((r) => r.promptText.slice(-80)), [], 'asked again after the accept');
  });

  test('Escape on the first line: the block does not come back when it completes', async () => {
    const f = await newFunction('diff');
    await waitFor(vs, async () => (await inlineGhost(vs)).includes(FIRST), `the first line "${FIRST}"`);
    await vs.page.keyboard.press('Escape');
    await waitFor(vs, async () => (await vs.page.locator(`${EDITOR} .ghost-text-decoration`).count()) === 0, 'Escape to hide it');
    release();
    await waitFor(vs, async () => !f.streaming(), 'the stream to end');
    // Long enough for the editor to have been asked again (it waits 50 ms at most) and to render.
    await vs.page.waitForTimeout(1500);
    assert.strictEqual(await vs.page.locator(`${EDITOR} .ghost-text-decoration`).count(), 0, `ghost text came back: ${await inlineGhost(vs)}`);
  });
});
