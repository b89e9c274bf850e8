// A block's first line on screen while the rest of it streams, then the whole block; Tab on the first line
// gets the rest from the same stream; typing on follows the usual rules. On the virtual clock with the
// simulated model (300 ms to the first token, then 20 ms a token of 3.5 characters).
import * as assert from 'node:assert/strict';
import type { EngineDeps } from '../../../src/completion/engine';
import { shapedFirstLine } from '../../../src/completion/earlyLine';
import type { CompletionOutcome, CompletionRequest } from '../../../src/completion/types';
import type { StreamRequest } from '../../../src/bedrock/types';
import { VirtualClock } from '../../support/virtualClock';
import { requestAtCursor, simEngine } from '../../support/simEngine';
import { ctxAt } from './cursorDoc';

let version = 0;
/** The request at `█`. */
const at = (doc: string, trigger: CompletionRequest['trigger'] = 'automatic') => requestAtCursor(doc, { trigger, version: ++version });

/** Runs the clock until nothing is left, letting promise chains settle even when no timer is pending. */
async function settle(clock: VirtualClock): Promise<void> {
  await clock.advance(0);
  await clock.runAll();
}

function setup(answer: string | ((r: StreamRequest) => string), over: Partial<EngineDeps> = {}) {
  const clock = new VirtualClock();
  let reasks = 0;
  const { model, engine } = simEngine(clock, typeof answer === 'string' ? () => answer : answer, { reask: () => reasks++, ...over });
  /** Asks at `doc`'s █ as VS Code does: the previous call cancelled; the outcome lands in `got` when it settles. */
  let last: AbortController | undefined;
  const ask = (doc: string, trigger: CompletionRequest['trigger'] = 'automatic') => {
    last?.abort();
    const c = new AbortController();
    last = c;
    const got: { out?: CompletionOutcome } = {};
    void engine.provide(at(doc, trigger), c.signal).then((o) => (got.out = o));
    return got;
  };
  return { clock, model, engine, ask, reasks: () => reasks };
}

// A blank line in a function: a multi-line request. The model writes two statements, then the rest of the file.
const BODY = 'function f(a: number) {\n  █\n';
const BLOCK_ANSWER = 'const b = a + 1;\n  return b;\n}\n\nfunction g() {\n  return 2;\n}\n</insert>';
const BLOCK = 'const b = a + 1;\n  return b;\n}';

describe('a block\'s first line while the rest streams', () => {
  it('shows the first line before the block closes, then the whole block when the editor asks again, with one request', async () => {
    const { clock, model, ask, reasks } = setup(BLOCK_ANSWER);
    const first = ask(BODY);
    // Debounce 150, first token at 450, the line break after the first line at about 530.
    await clock.advanceTo(560);
    assert.equal(first.out?.item?.insertText, 'const b = a + 1;');
    assert.equal(first.out?.item?.partial, true);
    assert.equal(model.calls[0].outcome, undefined, 'the block is still streaming');
    assert.equal(reasks(), 0, 'nothing to ask again for yet');
    await settle(clock);
    assert.equal(model.calls[0].outcome, 'complete');
    assert.equal(reasks(), 1, 'the editor is asked to ask again once the block is complete');
    const again = ask(BODY, 'explicit');
    await settle(clock);
    assert.equal(again.out?.item?.insertText, BLOCK);
    assert.equal(again.out?.item?.completes, true);
    assert.equal(again.out?.item?.partial, undefined);
    assert.equal(model.calls.length, 1, 'the block came from the stream that showed its first line');
  });

  it('Tab on the first line before the rest arrives: the rest follows from the same stream, no second request', async () => {
    const { clock, model, ask, reasks } = setup(BLOCK_ANSWER);
    const first = ask(BODY);
    await clock.advanceTo(560);
    assert.equal(first.out?.item?.insertText, 'const b = a + 1;');
    // Tab: VS Code inserts the line and asks at its end.
    const rest = ask('function f(a: number) {\n  const b = a + 1;█\n');
    await clock.advance(0);
    assert.equal(model.calls[0].outcome, undefined, 'still streaming after the accept');
    await settle(clock);
    assert.equal(rest.out?.item?.insertText, '\n  return b;\n}');
    assert.equal(model.calls.length, 1);
    assert.equal(reasks(), 0, 'the call after Tab waited for the rest itself');
  });

  it('Tab on the first line after the block completed (before the editor asked again): the rest from what was kept', async () => {
    const { clock, model, ask } = setup(BLOCK_ANSWER);
    ask(BODY);
    await settle(clock);
    const rest = ask('function f(a: number) {\n  const b = a + 1;█\n');
    await settle(clock);
    assert.equal(rest.out?.item?.insertText, '\n  return b;\n}');
    assert.equal(model.calls.length, 1);
  });

  it('typing the first line keeps its block streaming, sends nothing, and the block then grows from where the person is', async () => {
    const { clock, model, ask, reasks } = setup(BLOCK_ANSWER);
    ask(BODY);
    await clock.advanceTo(540);
    const typedTo = 'function f(a: number) {\n  const b█\n';
    const partway = ask(typedTo);
    await clock.advance(0);
    assert.equal(partway.out?.item?.insertText, ' = a + 1;', 'the rest of the first line, from the screen');
    await settle(clock);
    assert.equal(model.calls.length, 1);
    assert.equal(model.calls[0].outcome, 'complete', 'typing what it shows did not cut the stream');
    assert.equal(reasks(), 1);
    const again = ask(typedTo, 'explicit');
    await settle(clock);
    assert.equal(again.out?.item?.insertText, ' = a + 1;\n  return b;\n}');
    assert.equal(model.calls.length, 1);
  });

  it('typing something else cancels the stream, and nothing is asked again for the old place', async () => {
    const { clock, model, ask, reasks } = setup(BLOCK_ANSWER);
    ask(BODY);
    await clock.advanceTo(560);
    const other = ask('function f(a: number) {\n  x█\n');
    await clock.advance(0);
    assert.equal(model.calls[0].outcome, 'aborted', 'contradicted: closed at once');
    await settle(clock);
    assert.equal(reasks(), 0);
    assert.notEqual(other.out?.item?.insertText, 'onst b = a + 1;');
  });

  it('a typo cuts the stream; after Backspace the first line is asked for again, not typed through without its block', async () => {
    const { clock, model, ask, reasks } = setup(BLOCK_ANSWER);
    ask(BODY);
    await clock.advanceTo(560);
    ask('function f(a: number) {\n  cx█\n');
    await clock.advance(0);
    assert.equal(model.calls[0].outcome, 'aborted');
    await clock.advance(100);
    const back = ask(BODY);
    await settle(clock);
    assert.equal(model.calls.length, 2, 'asked again: the line on screen had lost its block');
    assert.equal(back.out?.item?.insertText, 'const b = a + 1;');
    assert.equal(reasks(), 1, 'and its block follows');
  });

  it('the stream of a first line on screen outlives its call, and ends when the person goes to another editor', async () => {
    const { clock, model, engine } = setup('const b = a + 1;\n  const c = b * 2;\n  const d = c - 3;\n  return d;\n}\n</insert>');
    const c = new AbortController();
    const p = engine.provide(at(BODY), c.signal);
    await clock.advanceTo(560);
    assert.equal((await p).item?.partial, true);
    // VS Code has its item; the call is over. No handover abort (50 ms): the block keeps coming.
    await clock.advance(150);
    assert.equal(model.calls[0].outcome, undefined);
    engine.leave();
    await settle(clock);
    assert.equal(model.calls[0].outcome, 'aborted');
  });

  it('a later call elsewhere means no asking again', async () => {
    // The model has nothing to say at the end of the header line.
    const { clock, ask, reasks, model } = setup((r) => (r.messages[0].text.includes('{<CURSOR/>') ? '</insert>' : BLOCK_ANSWER));
    ask(BODY);
    await clock.advanceTo(560);
    // The cursor moved up a line (no edit): the old place's stream is cut, nothing asked again.
    const up = ask('function f(a: number) {█\n  \n');
    await settle(clock);
    assert.equal(up.out?.item, undefined);
    assert.equal(model.calls[0].outcome, 'aborted');
    assert.equal(reasks(), 0);
  });

  it('never replaces the first line with a block that starts differently', async () => {
    // The answer restates the two lines above before its new code: its first line alone looks new, and the
    // finished block (the restated lines dropped) starts with another line.
    const doc = 'function f() {\n  const a = 1;\n  const b = 2;\n  █\n';
    const { clock, model, ask, reasks } = setup('const a = 1;\n  const b = 2;\n  const c = 3;\n  return c;\n}\n</insert>');
    const first = ask(doc);
    await clock.advanceTo(530);
    assert.equal(first.out?.item?.insertText, 'const a = 1;');
    await settle(clock);
    assert.equal(model.calls[0].outcome, 'complete');
    assert.equal(reasks(), 0, 'not asked again: the block would show another first line');
    // Asked again anyway (the editor may): the line on screen, never the other block.
    const again = ask(doc, 'explicit');
    await settle(clock);
    assert.equal(again.out?.item?.insertText, 'const a = 1;');
    assert.equal(model.calls.length, 1);
  });

  it('a block the shaper drops whole leaves the first line as it is: no asking again, no other suggestion in its place', async () => {
    // A later line carries a redaction placeholder: the finished answer is dropped.
    const { clock, model, ask, reasks } = setup("const b = a + 1;\n  const k = '<redacted:aws-access-key>';\n  return b;\n}\n</insert>");
    const first = ask(BODY);
    await clock.advanceTo(560);
    assert.equal(first.out?.item?.insertText, 'const b = a + 1;');
    await settle(clock);
    assert.equal(model.calls[0].outcome, 'complete');
    assert.equal(reasks(), 0);
    const again = ask(BODY, 'explicit');
    await settle(clock);
    assert.equal(again.out?.item?.insertText, 'const b = a + 1;');
    assert.equal(model.calls.length, 1);
  });

  it('one-line answers are not split: the item is the line, not a first line', async () => {
    const { clock, ask, reasks } = setup('compute();\nmore();\n</insert>');
    const first = ask('const x = █\n');
    await settle(clock);
    assert.equal(first.out?.item?.insertText, 'compute();');
    assert.equal(first.out?.item?.partial, undefined);
    assert.equal(reasks(), 0);
  });

  it('a one-line request whose line opens a block (dynamic multi-line) shows that line first', async () => {
    const { clock, model, ask, reasks } = setup('if (a > 1) {\n    return a;\n  }\n  return 0;\n}\n</insert>');
    const first = ask('function f(a: number) {\n  █\n  log(a);\n}\n');
    await clock.advanceTo(530);
    assert.equal(first.out?.item?.insertText, 'if (a > 1) {');
    assert.equal(model.calls[0].outcome, undefined);
    await settle(clock);
    assert.equal(reasks(), 1);
    const again = ask('function f(a: number) {\n  █\n  log(a);\n}\n', 'explicit');
    await settle(clock);
    assert.equal(again.out?.item?.insertText, 'if (a > 1) {\n    return a;\n  }');
  });

  it('typing the first line of a dynamic block and Enter keeps its stream: the body follows, no second request', async () => {
    const { clock, model, ask } = setup('if (a > 1) {\n    return a;\n  }\n  return 0;\n}\n</insert>');
    const first = ask('function f(a: number) {\n  █\n  log(a);\n}\n');
    await clock.advanceTo(530);
    assert.equal(first.out?.item?.insertText, 'if (a > 1) {');
    const body = ask('function f(a: number) {\n  if (a > 1) {\n    █\n  log(a);\n}\n');
    await settle(clock);
    assert.equal(body.out?.item?.insertText, 'return a;\n  }');
    assert.equal(model.calls.length, 1);
  });

  it('off: the block shows once, whole, when it closes', async () => {
    const { clock, ask, reasks } = setup(BLOCK_ANSWER, { tuning: { earlyLine: false } });
    const first = ask(BODY);
    await clock.advanceTo(560);
    assert.equal(first.out, undefined, 'nothing while the block streams');
    await settle(clock);
    assert.equal((first.out as CompletionOutcome | undefined)?.item?.insertText, BLOCK);
    assert.equal(reasks(), 0);
  });
});

describe('shapedFirstLine', () => {
  const shape = (doc: string, multiline: boolean) => ({ ctx: ctxAt(doc), multiline, prefilled: '<insert>', languageId: 'typescript' });
  it('waits for a complete line of code, and shapes it as the block would', () => {
    const s = shape('function f() {\n  █\n', true);
    assert.equal(shapedFirstLine('const a', s), undefined);
    assert.equal(shapedFirstLine('\n', s), undefined);
    assert.equal(shapedFirstLine('const a = 1;\n  ret', s)?.insertText, 'const a = 1;');
  });

  it('shows nothing early where closers follow the cursor (the block may replace or move them)', () => {
    assert.equal(shapedFirstLine('function () {\n  go();\n', shape('run(█);\n', false)), undefined);
  });

  it('shows nothing early when the shaper drops the line (it repeats the line above)', () => {
    assert.equal(shapedFirstLine('const a = 1;\n', shape('function f() {\n  const a = 1;\n  █\n', true)), undefined);
  });
});
