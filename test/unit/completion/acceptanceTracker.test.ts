import * as assert from 'node:assert/strict';
import { AcceptanceTracker, partialKind } from '../../../src/completion/acceptanceTracker';

function tracker() {
  const events: string[] = [];
  const deferred: (() => void)[] = [];
  const t = new AcceptanceTracker({
    record: (kind, language, detail) => events.push(`${kind}:${language}${detail ? `:${detail.how}:${detail.chars}` : ''}`),
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
    assert.deepEqual(events, ['shown:ts', 'accepted:ts:whole:5']);
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
    const { t, events, settle } = tracker();
    t.shown('a', 'go', 5, 'return x', false);
    t.changed('a', type(5, 'i'));
    t.changed('a', type(6, 'f'));
    settle();
    assert.deepEqual(events, ['shown:go', 'dismissed:go']);
  });

  it('ignores edits in other documents; going to another editor dismisses, once', () => {
    const { t, events, settle } = tracker();
    t.shown('a', 'go', 5, 'x', false);
    t.changed('b', type(5, 'y'));
    t.moved('b', 0, true);
    t.leave();
    t.leave();
    t.changed('a', type(5, 'y'));
    t.moved('a', 0, true);
    t.closed('a');
    settle();
    assert.deepEqual(events, ['shown:go', 'dismissed:go']);
  });

  it('counts accept-next-word then typing something else as one accepted by word, with the word\'s characters', () => {
    const { t, events, settle } = tracker();
    t.shown('a', 'ts', 10, 'const total = 0;', false);
    t.changed('a', type(10, 'const'));
    t.changed('a', type(15, ' '));
    t.shown('a', 'ts', 16, 'total = 0;', true);
    t.changed('a', type(16, 'x'));
    settle();
    assert.deepEqual(events, ['shown:ts', 'accepted:ts:word:5']);
  });

  it('counts accept-next-line as by line, and Tab on the rest afterwards as accepted whole with every character', () => {
    const { t, events, settle } = tracker();
    t.shown('a', 'py', 0, 'if x:\n    y()\n', false);
    t.changed('a', type(0, 'if x:\n'));
    t.changed('a', type(6, '    y()\n'));
    t.accepted('py');
    settle();
    assert.deepEqual(events, ['shown:py', 'accepted:py:whole:14']);
  });

  it('counts a suggestion accepted by line and the rest typed as accepted by line, not typed through', () => {
    const { t, events, settle } = tracker();
    t.shown('a', 'py', 0, 'a = 1\nb', false);
    t.changed('a', type(0, 'a = 1\n'));
    t.changed('a', type(6, 'b'));
    settle();
    assert.deepEqual(events, ['shown:py', 'accepted:py:line:6']);
  });

  it('counts a part accepted and then left (another editor, a new suggestion) once', () => {
    const { t, events } = tracker();
    t.shown('a', 'go', 0, 'fmt.Println(x)', false);
    t.changed('a', type(0, 'fmt'));
    t.leave();
    t.leave();
    t.shown('a', 'go', 0, 'return nil', false);
    t.changed('a', type(0, 'return'));
    t.shown('b', 'go', 0, 'x := 1', false);
    assert.deepEqual(events, ['shown:go', 'accepted:go:word:3', 'shown:go', 'accepted:go:word:6', 'shown:go']);
  });

  it('tells typing from accepting: one character, an auto-closed pair, Enter with indentation are typed', () => {
    assert.equal(partialKind('a'), 'typed');
    assert.equal(partialKind('()'), 'typed');
    assert.equal(partialKind('\n    '), 'typed');
    assert.equal(partialKind('\n'), 'typed');
    assert.equal(partialKind('foo'), 'word');
    assert.equal(partialKind('  '), 'word');
    assert.equal(partialKind('x = 1;\n'), 'line');
    assert.equal(partialKind('x = 1;\r\n'), 'line');
  });

  describe('a suggestion that can no longer be accepted is dismissed, once', () => {
    it('when the cursor leaves its position, or a selection starts', () => {
      const { t, events, settle } = tracker();
      t.shown('a', 'ts', 10, 'foo()', false);
      t.moved('a', 10, true);
      t.moved('a', 9, true);
      t.moved('a', 10, true);
      t.shown('a', 'ts', 20, 'bar', false);
      t.moved('a', 20, false);
      settle();
      assert.deepEqual(events, ['shown:ts', 'dismissed:ts', 'shown:ts', 'dismissed:ts']);
    });

    it('when its document is closed (another document closing changes nothing)', () => {
      const { t, events } = tracker();
      t.shown('a', 'rust', 3, 'Ok(())', false);
      t.closed('b');
      t.closed('a');
      t.closed('a');
      assert.deepEqual(events, ['shown:rust', 'dismissed:rust']);
    });

    it('when another suggestion takes its place without an edit (Escape, then asked again)', () => {
      const { t, events } = tracker();
      t.shown('a', 'ts', 10, 'foo()', false);
      t.shown('a', 'ts', 10, 'bar()', false);
      assert.deepEqual(events, ['shown:ts', 'dismissed:ts', 'shown:ts']);
    });

    it('not while it is typed: the cursor follows each character, and sits inside an auto-closed pair', () => {
      const { t, events, settle } = tracker();
      t.shown('a', 'ts', 0, 'g().x', false);
      t.changed('a', type(0, 'g'));
      t.moved('a', 1, true);
      t.changed('a', type(1, '()'));
      t.moved('a', 2, true);
      t.moved('a', 3, true);
      t.changed('a', type(3, '.'));
      t.moved('a', 4, true);
      t.changed('a', type(4, 'x'));
      t.moved('a', 5, true);
      settle();
      assert.deepEqual(events, ['shown:ts', 'typedThrough:ts']);
    });

    it('not after Tab or typing through: the cursor moving on, leaving or closing counts nothing more', () => {
      const { t, events, settle } = tracker();
      t.shown('a', 'ts', 0, 'abc', false);
      t.changed('a', type(0, 'abc'));
      t.moved('a', 3, true);
      t.moved('a', 0, true);
      t.leave();
      t.accepted('ts');
      t.closed('a');
      settle();
      t.shown('a', 'ts', 0, 'xy', false);
      t.changed('a', type(0, 'x'));
      t.changed('a', type(1, 'y'));
      t.moved('a', 7, true);
      t.leave();
      settle();
      assert.deepEqual(events, ['shown:ts', 'accepted:ts:whole:3', 'shown:ts', 'typedThrough:ts']);
    });

    it('a part accepted by word and then left counts as accepted by word, not dismissed', () => {
      const { t, events } = tracker();
      t.shown('a', 'go', 0, 'fmt.Println(x)', false);
      t.changed('a', type(0, 'fmt'));
      t.moved('a', 3, true);
      t.moved('a', 40, true);
      t.leave();
      assert.deepEqual(events, ['shown:go', 'accepted:go:word:3']);
    });

    it('Tab\'s command before its insertion counts the suggestion on screen, and the insertion nothing more', () => {
      const { t, events, settle } = tracker();
      t.shown('a', 'ts', 0, 'abc', false);
      t.accepted('ts');
      t.changed('a', type(0, 'abc'));
      t.moved('a', 3, true);
      settle();
      assert.deepEqual(events, ['shown:ts', 'accepted:ts:whole:3']);
    });

    it('Tab whose insertion did not look like the suggestion counts accepted, not dismissed as well', () => {
      const { t, events, settle } = tracker();
      t.shown('a', 'py', 4, 'return x', false);
      // An insertion of another shape (e.g. re-indented): the tracker cannot tell it from typing.
      t.changed('a', [{ offset: 0, removed: 4, text: '  return x' }]);
      t.accepted('py');
      settle();
      assert.deepEqual(events, ['shown:py', 'accepted:py:whole:8']);
    });

    it('Tab on a new suggestion while the last one\'s dismissal waits counts both, each once', () => {
      const { t, events, settle } = tracker();
      t.shown('a', 'py', 0, 'pass', false);
      t.changed('a', type(0, 'x'));
      t.shown('a', 'py', 1, ' = 1', false);
      t.accepted('py');
      t.changed('a', type(1, ' = 1'));
      settle();
      assert.deepEqual(events.sort(), ['accepted:py:whole:4', 'dismissed:py', 'shown:py', 'shown:py']);
    });
  });
});
