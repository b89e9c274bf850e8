import * as assert from 'node:assert/strict';
import { CompletionEngine, type EngineDeps } from '../../../src/completion/engine';
import { CompletionState } from '../../../src/completion/state';
import { linesOf } from '../../../src/completion/context';
import { DEFAULT_SPECULATION, nextLineIndent, progress, Speculator, withInsertion, type Displayed } from '../../../src/completion/speculate';
import type { CompletionDocument, CompletionRequest } from '../../../src/completion/types';
import type { StreamRequest } from '../../../src/bedrock/types';
import { SimModel } from '../../support/simModel';
import { VirtualClock } from '../../support/virtualClock';

let version = 0;
function at(text: string, marker: string): CompletionRequest {
  const lines = linesOf(text);
  const document: CompletionDocument = { uri: 'file:///w/src/app.ts', relativePath: 'src/app.ts', languageId: 'typescript', version: ++version, eol: '\n', lineCount: lines.lineCount, lineAt: lines.lineAt };
  const offset = text.indexOf(marker) + marker.length;
  const before = text.slice(0, offset);
  return { document, position: { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) }, offset, trigger: 'automatic' };
}

const FIRST = 'items.map((i) => i.price)';
const NEXT = 'return total;';
const BEFORE = 'const total = ';
const textWith = (typed: string) => `function f(items) {\n  ${BEFORE}${typed}\n}\n`;
/** Asked on the line after the suggestion (it ends its line): the prompt says so. */
const reply = (r: StreamRequest) => (r.messages[0].text.includes(`${FIRST}\n  <CURSOR/>`) ? `${NEXT}</insert>` : `${FIRST}</insert>`);

function setup(over: Partial<EngineDeps> = {}) {
  const clock = new VirtualClock();
  const model = new SimModel(clock, reply);
  const speculative: number[] = [];
  const engine = new CompletionEngine({
    streamer: model,
    state: new CompletionState(undefined, clock.now),
    settings: () => ({ debounceMs: 100, maxContextTokens: 1500 }),
    model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }),
    isExcluded: () => ({ excluded: false }),
    otherDocuments: () => [],
    sleep: clock.sleep,
    now: clock.now,
    speculation: {},
    onSpeculation: (id) => speculative.push(id),
    ...over,
  });
  /** Asks at the end of `typed`, as the editor does after each keystroke; resolves when the answer is there. */
  const ask = (typed: string, signal = new AbortController().signal) => engine.provide(at(textWith(typed), `${BEFORE}${typed}`), signal);
  /** Advances the clock until `p` settles. */
  const until = async <T>(p: Promise<T>): Promise<T> => {
    let done = false;
    void p.then(() => (done = true));
    for (let i = 0; i < 1000 && !done; i++) await clock.advance(10);
    return p;
  };
  return { clock, model, engine, ask, speculative, until };
}

const dwell = DEFAULT_SPECULATION.dwellMs;

describe('speculation: the next suggestion ready on accept', () => {
  it('once a suggestion has stayed on screen, asks for what follows it, and serves it at once on accept', async () => {
    const { clock, model, ask, speculative } = setup();
    const shown = ask('');
    await clock.advance(1000);
    assert.equal((await shown).item?.insertText, FIRST);
    assert.equal(model.calls.length, 2, 'one request asked ahead');
    assert.deepEqual(speculative, [2]);
    assert.match(model.calls[1].request.messages[0].text, /items\.map\(\(i\) => i\.price\)\n  <CURSOR\/>/, 'asked with the suggestion applied, on the next line');
    await clock.runAll();
    // Tab: the editor inserts the suggestion and asks at its end; the line is done, the next one is offered.
    const t = clock.now();
    const next = await ask(FIRST);
    assert.equal(next.item?.insertText, `\n  ${NEXT}`);
    assert.equal(clock.now() - t, 0, 'no debounce, no model time');
    // Enter, as the editor indents it: the rest is served as it is typed.
    const entered = await ask(`${FIRST}\n  `);
    assert.equal(entered.item?.insertText, NEXT);
    assert.equal(model.calls.length, 2, 'no new request');
  });

  it('a suggestion that stops mid-line: asks for what follows right after it', async () => {
    const clock = new VirtualClock();
    const model = new SimModel(clock, (r) => (r.messages[0].text.includes('sum(items<CURSOR/>') ? ', 0</insert>' : 'items</insert>'));
    const engine = new CompletionEngine({
      streamer: model, state: new CompletionState(undefined, clock.now), settings: () => ({ debounceMs: 100, maxContextTokens: 1500 }),
      model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }), isExcluded: () => ({ excluded: false }), otherDocuments: () => [], sleep: clock.sleep, now: clock.now, speculation: {},
    });
    const first = engine.provide(at('const t = sum();\n', 'sum('), new AbortController().signal);
    await clock.runAll();
    assert.equal((await first).item?.insertText, 'items');
    const next = await engine.provide(at('const t = sum(items);\n', 'sum(items'), new AbortController().signal);
    assert.equal(next.item?.insertText, ', 0');
    assert.equal(model.calls.length, 2);
  });

  it('an accept while the follow-up is still streaming takes that request over', async () => {
    const { clock, model, ask, until } = setup();
    assert.ok((await until(ask(''))).item);
    await clock.advance(dwell + 10); // the follow-up asked for and not back yet
    assert.equal(model.calls.length, 2);
    assert.equal(model.calls[1].outcome, undefined, 'still in flight');
    const next = ask(FIRST);
    assert.equal((await until(next)).item?.insertText, `\n  ${NEXT}`);
    assert.equal(model.calls.length, 2, 'the accept waited for the request asked ahead instead of sending its own');
  });

  it('asks nothing ahead while the person types a shown suggestion, only once they pause in it', async () => {
    const { clock, model, ask, until } = setup();
    assert.ok((await until(ask(''))).item);
    await clock.advance(dwell - 60);
    // Typing the suggestion's own characters, one key every 100 ms.
    for (let n = 1; n <= 8; n++) {
      const out = await ask(FIRST.slice(0, n));
      assert.equal(out.item?.source, 'typedThrough');
      await clock.advance(100);
    }
    assert.equal(model.calls.length, 1, 'no request while typing a shown suggestion');
    // A pause in typing it: then its end is worth asking ahead for.
    await clock.advance(DEFAULT_SPECULATION.partwayDwellMs);
    assert.equal(model.calls.length, 2);
    assert.match(model.calls[1].request.messages[0].text, /i\.price\)\n  <CURSOR\/>/);
  });

  it('a keystroke elsewhere cancels the request asked ahead at once', async () => {
    const { clock, model, ask } = setup();
    const first = ask('');
    await clock.advance(800);
    assert.ok((await first).item);
    assert.equal(model.calls.length, 2);
    void ask('x');
    await clock.advance(0);
    assert.equal(model.calls[1].outcome, 'aborted');
  });

  it('the answer asked ahead never appears where the person is; the shown suggestion stays typeable', async () => {
    const { clock, model, ask } = setup();
    const first = ask('');
    await clock.advance(1500);
    await first;
    assert.equal(model.calls[1].outcome, 'complete');
    const again = await ask('');
    assert.equal(again.item?.insertText, FIRST, 'asked again at the same place: the same suggestion');
    const typed = await ask('items');
    assert.equal(typed.item?.insertText, FIRST.slice('items'.length));
  });

  it('leaving for another editor cancels what was asked ahead and asks nothing more', async () => {
    const { clock, model, engine, ask, until } = setup();
    assert.ok((await until(ask(''))).item);
    await clock.advance(dwell + 10);
    assert.equal(model.calls.length, 2);
    engine.leave();
    await clock.advance(0);
    assert.equal(model.calls[1].outcome, 'aborted');
    await clock.runAll();
    assert.equal(model.calls.length, 2);
  });

    it('can be turned off', async () => {
    const { clock, model, ask } = setup({ speculation: false });
    void ask('');
    await clock.runAll();
    assert.equal(model.calls.length, 1);
  });
});

describe('Speculator rules', () => {
  const d = (insertText = 'abc'): Omit<Displayed, 'dwelt'> => ({ uri: 'u', offset: 10, insertText, document: at('x', 'x').document, position: { line: 0, character: 1 }, replaceSuffixChars: 0 });

  it('tells an accept from typing part of the way, the same place and leaving', () => {
    const s: Displayed = { ...d('foo(bar)'), dwelt: true };
    assert.equal(progress(s, 'u', 18, 'let x = foo(bar)'), 'accepted');
    assert.equal(progress(s, 'u', 13, 'let x = foo'), 'partway');
    assert.equal(progress(s, 'u', 10, 'let x = '), 'same');
    assert.equal(progress(s, 'u', 13, 'let x = fox'), 'left');
    assert.equal(progress(s, 'u', 9, 'let x ='), 'left');
    assert.equal(progress(s, 'other', 18, 'let x = foo(bar)'), 'left');
  });

  it('stops asking ahead while the recent acceptance rate is low, and starts again when accepts come back', async () => {
    const clock = new VirtualClock();
    let started = 0;
    const s = new Speculator({ sleep: clock.sleep, start: () => started++, options: { minSamples: 3, window: 5, minRate: 0.4 } });
    const show = async () => {
      s.shown(d(), false);
      await clock.advance(dwell);
    };
    for (let i = 0; i < 3; i++) {
      await show();
      s.observe('u', 12, 'xx'); // typed something else
    }
    assert.equal(started, 3, 'nothing learnt yet: asked each time');
    assert.equal(s.acceptanceRate(), 0);
    await show();
    assert.equal(started, 3, 'rate 0: no request');
    s.observe('u', 13, 'abc'); // but this one was accepted
    await show();
    s.observe('u', 13, 'abc');
    assert.equal(s.acceptanceRate(), 0.4);
    await show();
    assert.equal(started, 4);
  });

  // Before: a Tab person accepting most suggestions they were shown lost their follow-ups. What an accept
  // shows next is the follow-up when the gate was open, and whatever the end of the accepted line gets when
  // it was closed (often nothing worth having): counting it kept a closed gate closed.
  it('the suggestion an accept shows next teaches nothing: a closed gate cannot keep itself closed', async () => {
    const clock = new VirtualClock();
    const followedUp: string[] = [];
    const s = new Speculator({ sleep: clock.sleep, start: (x) => followedUp.push(x.insertText), options: { minSamples: 3, window: 20, minRate: 0.5 } });
    const show = async (insertText: string, offset: number) => {
      s.shown({ ...d(insertText), offset }, false);
      await clock.advance(dwell);
    };
    // A wrong suggestion typed over, then three rounds of: a right one accepted, and at the place the accept
    // left the cursor a poor one typed over.
    await show('wrong', 10);
    s.observe('u', 11, 'x');
    for (let round = 0; round < 3; round++) {
      const offset = 100 * (round + 1);
      await show(`right${round}`, offset);
      s.observe('u', offset + 6, `right${round}`);
      await show(`after${round}`, offset + 6);
      s.observe('u', offset + 7, `right${round}x`);
    }
    assert.deepEqual(followedUp.filter((t) => t.startsWith('right')), ['right0', 'right1', 'right2'], 'every suggestion the person went on to accept was followed up');
    assert.equal(s.acceptanceRate(), 0.75, 'learnt from the four suggestions shown after typing only');
  });

  it('a suggestion shown where an accept left the cursor, after typing there, teaches as usual', async () => {
    const clock = new VirtualClock();
    const s = new Speculator({ sleep: clock.sleep, start: () => undefined, options: { minSamples: 1 } });
    s.shown({ ...d('abc'), offset: 10 }, false);
    await clock.advance(dwell);
    s.observe('u', 13, 'abc');
    s.observe('u', 14, 'abcd'); // typed on, then Backspace
    s.observe('u', 13, 'abc');
    s.shown({ ...d('efg'), offset: 13 }, false);
    await clock.advance(dwell);
    s.observe('u', 14, 'abcx');
    assert.equal(s.acceptanceRate(), 0.5, 'the accept and the suggestion typed over both count');
  });

  it('a suggestion replaced before it stayed on screen teaches nothing', async () => {
    const clock = new VirtualClock();
    const s = new Speculator({ sleep: clock.sleep, start: () => undefined });
    for (let i = 0; i < 5; i++) {
      s.shown(d(), false);
      await clock.advance(dwell - 1);
      s.observe('u', 11, 'x');
    }
    assert.equal(s.acceptanceRate(), undefined);
  });
});

describe('the line after a suggestion that ends its line', () => {
  it('is indented like it, one unit deeper after an opener, in the document\'s own unit', () => {
    const r = at('class A {\n   f() {\n      x();\n   }\n}\n', 'x();');
    assert.equal(nextLineIndent(r.document, 2), '      ');
    assert.equal(nextLineIndent(r.document, 1), '      ', 'three spaces per level here');
    assert.equal(nextLineIndent(at('\tif (a) {\n', 'a').document, 0), '\t\t');
    assert.equal(nextLineIndent(at('def f(x):\n', 'x').document, 0), '    ');
  });
});

describe('withInsertion', () => {
  it('applies a one-line insertion over the closers it replaces', () => {
    const r = at('f(a, \n)\n', 'f(a, ');
    const { document, position } = withInsertion(r.document, r.position, 'b)', 0);
    assert.equal(document.lineAt(0), 'f(a, b)');
    assert.deepEqual(position, { line: 0, character: 7 });
    const replaced = withInsertion(at('f(a, )\n', 'f(a, ').document, { line: 0, character: 5 }, 'b)', 1);
    assert.equal(replaced.document.lineAt(0), 'f(a, b)');
  });

  it('applies a block: later lines shift down, the cursor lands after it', () => {
    const r = at('if (x) {\n  \n}\nnext();\n', 'if (x) {\n  ');
    const { document, position } = withInsertion(r.document, r.position, 'a();\n  b();', 0);
    assert.equal(document.lineCount, r.document.lineCount + 1);
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => document.lineAt(i)), ['if (x) {', '  a();', '  b();', '}', 'next();']);
    assert.deepEqual(position, { line: 2, character: 6 });
  });
});
