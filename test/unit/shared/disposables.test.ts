import * as assert from 'node:assert/strict';
import { Disposables } from '../../../src/shared/disposables';

describe('Disposables', () => {
  const tracked = (log: string[], name: string, fail = false) => ({
    dispose() {
      log.push(name);
      if (fail) throw new Error(`${name} failed`);
    },
  });

  it('disposes everything it holds once, in the order it was added', () => {
    const log: string[] = [];
    const d = new Disposables(tracked(log, 'a'));
    d.push(tracked(log, 'b'), tracked(log, 'c'));
    d.dispose();
    d.dispose();
    assert.deepEqual(log, ['a', 'b', 'c']);
  });

  it('still disposes the rest when one throws, then reports the first error', () => {
    const log: string[] = [];
    const d = new Disposables(tracked(log, 'a', true), tracked(log, 'b'));
    assert.throws(() => d.dispose(), /a failed/);
    assert.deepEqual(log, ['a', 'b']);
  });

  it('disposes at once what is added after dispose, and clear() keeps accepting', () => {
    const log: string[] = [];
    const d = new Disposables(tracked(log, 'a'));
    d.clear();
    d.push(tracked(log, 'b'));
    assert.deepEqual(log, ['a'], 'clear() released a; b is held');
    d.dispose();
    d.push(tracked(log, 'late'));
    assert.deepEqual(log, ['a', 'b', 'late']);
  });
});
