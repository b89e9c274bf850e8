// A keystroke (or Alt+\) that joins the request still in flight for an earlier position must not end with
// nothing when that request's answer does not cover what was typed since: the e2e acceptance script lost
// its ghost text this way ("=>" asked, " " typed, Alt+\ joined the "=>" request, whose answer was empty).
import * as assert from 'node:assert/strict';
import type { CompletionRequest } from '../../../src/completion/types';
import type { StreamRequest } from '../../../src/bedrock/types';
import { VirtualClock } from '../../support/virtualClock';
import { requestAtCursor, simEngine } from '../../support/simEngine';

let version = 0;
/** The request at the end of `text`, the document's one line. */
const at = (text: string, trigger: CompletionRequest['trigger'] = 'automatic') => requestAtCursor(`${text}█\n`, { trigger, version: ++version });

/** The model answers only after "=> " (like the e2e fake): anything else gets an empty answer. */
function setup(answer: string) {
  const clock = new VirtualClock();
  const { model, engine } = simEngine(clock, (r: StreamRequest) => (r.messages.map((m) => m.text).join('').includes('number) => <CURSOR/>') ? `${answer}</insert>` : '</insert>'));
  return { clock, model, engine };
}

const LINE = 'export const diff = (a: number, b: number) =>';

describe('CompletionEngine: joining a request whose answer misses what was typed since', () => {
  it('Alt+\\ after a space asks afresh when the request it joined (before the space) answers nothing', async () => {
    const { clock, model, engine } = setup('a - b;');
    const c1 = new AbortController();
    const p1 = engine.provide(at(LINE), c1.signal);
    await clock.advance(200); // "=>" debounced and asked; nothing streamed yet
    assert.equal(model.calls.length, 1);
    // The space: VS Code cancels the call and asks again; then Alt+\ cancels that one and asks explicitly.
    c1.abort();
    const c2 = new AbortController();
    const p2 = engine.provide(at(`${LINE} `), c2.signal);
    await clock.advance(0);
    c2.abort();
    const p3 = engine.provide(at(`${LINE} `, 'explicit'), new AbortController().signal);
    await clock.runAll();
    await Promise.all([p1, p2]);
    const out = await p3;
    assert.equal(out.item?.insertText, 'a - b;', `the explicit call showed nothing: ${JSON.stringify(out)}`);
    assert.equal(model.calls.length, 2, 'one more request, for the position after the space');
  });

  it('a keystroke that types the whole answer of the request it joined asks for what follows', async () => {
    const { clock, model, engine } = setup('a - b');
    const c1 = new AbortController();
    const p1 = engine.provide(at(`${LINE} `), c1.signal);
    await clock.advance(200);
    c1.abort();
    const p2 = engine.provide(at(`${LINE} a - b`), new AbortController().signal);
    await clock.runAll();
    await p1;
    await p2;
    assert.equal(model.calls.length, 2, 'nothing left of the joined answer: the new position is asked for');
  });

  it('an automatic call joining a request that answers nothing still asks for its own position', async () => {
    const { clock, model, engine } = setup('a - b;');
    const c1 = new AbortController();
    const p1 = engine.provide(at(LINE), c1.signal);
    await clock.advance(200);
    c1.abort();
    const p2 = engine.provide(at(`${LINE} `), new AbortController().signal);
    await clock.runAll();
    await p1;
    assert.equal((await p2).item?.insertText, 'a - b;');
    assert.equal(model.calls.length, 2);
  });
});
