import * as assert from 'node:assert/strict';
import { IDLE_MS, Warmup } from '../../../src/completion/warmup';

function setup() {
  let t = 1_000_000;
  let warmed = 0;
  const w = new Warmup(() => warmed++, () => t);
  return { w, advance: (ms: number) => (t += ms), warmed: () => warmed };
}

describe('Warmup (preconnect after idle)', () => {
  it('warms up on the first activity, then not again while the person keeps working', () => {
    const s = setup();
    assert.equal(s.w.activity(), true);
    for (let i = 0; i < 200; i++) {
      s.advance(150);
      s.w.activity();
    }
    assert.equal(s.warmed(), 1, 'typing for 30 s in a row is one warm-up, not one per key');
  });

  it('warms up again on the first keystroke or focus after an idle period', () => {
    const s = setup();
    s.w.activity();
    s.advance(IDLE_MS - 1);
    assert.equal(s.w.activity(), false, 'just under the idle time: still warm');
    s.advance(IDLE_MS);
    assert.equal(s.w.activity(), true);
    assert.equal(s.w.activity(), false, 'the keystroke right after the focus does not warm up twice');
    assert.equal(s.warmed(), 2);
  });

  it('the idle period is measured from the last activity, not the last warm-up', () => {
    const s = setup();
    s.w.activity();
    for (let i = 0; i < 3; i++) {
      s.advance(IDLE_MS / 2);
      s.w.activity();
    }
    assert.equal(s.warmed(), 1);
  });
});
