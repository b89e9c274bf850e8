import * as assert from 'node:assert/strict';
import { keystrokeAt, MAX_HOP_MS, TypingRhythm } from '../../../src/completion/rhythm';

/** A rhythm on a clock the test moves: `type(gaps)` presses one key after each gap. */
function rhythm(options = {}) {
  let t = 0;
  let n = 0;
  const r = new TypingRhythm(() => t, options);
  const type = (...gaps: number[]) => {
    for (const g of gaps) {
      t += g;
      r.key(`k${n++}`);
    }
  };
  return { r, type };
}

describe('TypingRhythm', () => {
  it('uses the setting until it knows the rhythm', () => {
    const { r, type } = rhythm();
    assert.equal(r.debounce(100), 100);
    type(0, 120, 130);
    assert.equal(r.debounce(100), 100);
  });

  it('waits out most gaps of a word being typed, so it does not fire between its keys', () => {
    const { r, type } = rhythm();
    type(0, 140, 150, 160, 170, 180, 190, 200, 210);
    const wait = r.debounce(100);
    assert.ok(wait > 190 && wait <= 210, `wait ${wait}`);
  });

  it('keeps the setting at a word boundary', () => {
    const { r, type } = rhythm();
    type(0, 200, 200, 200, 200, 200);
    assert.equal(r.debounce(100, false), 100);
    assert.equal(r.debounce(100, true), 200);
  });

  it('never waits longer than its cap, nor less than the setting', () => {
    const { r, type } = rhythm();
    type(0, 500, 550, 500, 520, 540);
    assert.equal(r.debounce(100), 300);
    assert.equal(r.debounce(400), 400, 'a setting above the cap wins');
    const fast = rhythm();
    fast.type(0, 30, 40, 30, 40, 30);
    assert.equal(fast.r.debounce(100), 100);
  });

  it('after a pause, asks at the setting (or sooner when so configured)', () => {
    const { r, type } = rhythm();
    type(0, 200, 200, 200, 200, 200, 2000);
    assert.equal(r.debounce(100), 100);
    const eager = rhythm({ afterPause: 0.5 });
    eager.type(0, 200, 200, 200, 200, 200, 2000);
    assert.equal(eager.r.debounce(100), 50);
  });

  it('follows the typist: pauses do not count as rhythm, and old gaps are forgotten', () => {
    const { r, type } = rhythm({ samples: 4 });
    type(0, 250, 250, 250, 250, 250);
    assert.equal(r.debounce(100), 250);
    type(1500, 120, 120, 120, 120);
    assert.equal(r.debounce(100), 120);
  });

  it('does not count the editor asking again for the same edit as a keystroke', () => {
    let t = 0;
    const again = new TypingRhythm(() => t);
    for (const at of [0, 250, 500, 750, 1000, 1250]) {
      t = at;
      again.key(`k${at}`);
    }
    // The editor asks again for the last edit 700 ms later (focus came back): not a key after a pause.
    t = 1250 + 700;
    again.key('k1250');
    assert.equal(again.debounce(100), 250);
  });
});

describe('keystrokeAt (the debounce counts from the keystroke, not from its arrival in the extension host)', () => {
  it("takes the window's stamp when it is a plausible hop before the edit arrived", () => {
    assert.equal(keystrokeAt(1_000, 970), 970);
    assert.equal(keystrokeAt(1_000, 1_000), 1_000);
  });

  it("falls back to the edit's arrival when there is no stamp, or the window's clock is off", () => {
    assert.equal(keystrokeAt(1_000, undefined), 1_000);
    assert.equal(keystrokeAt(1_000, Number.NaN), 1_000);
    assert.equal(keystrokeAt(1_000, 1_020), 1_000, 'a stamp after the arrival: the window clock is ahead');
    assert.equal(keystrokeAt(1_000, 1_000 - MAX_HOP_MS - 1), 1_000, 'far before: skew, or a request for an older edit');
  });
});
