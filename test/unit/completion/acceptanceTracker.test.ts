import * as assert from 'node:assert/strict';
import { AcceptanceTracker } from '../../../src/completion/acceptanceTracker';

function tracker() {
  const events: string[] = [];
  const deferred: (() => void)[] = [];
  const t = new AcceptanceTracker({
    record: (kind, language) => events.push(`${kind}:${language}`),
    defer: (run) => {
      let live = true;
      deferred.push(() => live && run());
      return { cancel: () => (live = false) };
    },
  });
  const settle = () => deferred.splice(0).forEach((r) => r());
  return { t, events, settle };
}
const type = (offset: number, text: string) => [{ offset, removed: 0, text }];

describe('completion acceptance tracking', () => {
  it('counts a suggestion shown once, however often the editor asks again for the same place', () => {
    const { t, events } = tracker();
    t.shown('a', 'ts', 10, 'foo()', false);
    t.shown('a', 'ts', 10, 'foo()', false);
    assert.deepEqual(events, ['shown:ts']);
  });

  it('counts Tab as accepted, not as typed through', () => {
    const { t, events, settle } = tracker();
    t.shown('a', 'ts', 10, 'foo()', false);
    t.changed('a', type(10, 'foo()'));
    t.accepted('ts');
    settle();
    assert.deepEqual(events, ['shown:ts', 'accepted:ts']);
  });

  it('counts a suggestion typed to its end as typed through, once, and its rests as the same suggestion', () => {
    const { t, events, settle } = tracker();
    t.shown('a', 'py', 0, 'abc', false);
    t.changed('a', type(0, 'a'));
    // VS Code also sends an event without changes when the document becomes dirty.
    t.changed('a', []);
    t.shown('a', 'py', 1, 'bc', true);
    t.changed('a', type(1, 'b'));
    t.changed('a', type(2, 'c'));
    settle();
    assert.deepEqual(events, ['shown:py', 'typedThrough:py']);
  });

  it('counts typing something else as dismissed', () => {
    const { t, events } = tracker();
    t.shown('a', 'go', 5, 'return x', false);
    t.changed('a', type(5, 'i'));
    t.changed('a', type(6, 'f'));
    assert.deepEqual(events, ['shown:go', 'dismissed:go']);
  });

  it('ignores edits in other documents and forgets the suggestion when the person leaves', () => {
    const { t, events } = tracker();
    t.shown('a', 'go', 5, 'x', false);
    t.changed('b', type(5, 'y'));
    t.leave();
    t.changed('a', type(5, 'y'));
    assert.deepEqual(events, ['shown:go']);
  });
});
