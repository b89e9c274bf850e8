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

  it('counts accept-next-word then typing something else as one accepted by word, with the word\'s characters', () => {
    const { t, events } = tracker();
    t.shown('a', 'ts', 10, 'const total = 0;', false);
    t.changed('a', type(10, 'const'));
    t.changed('a', type(15, ' '));
    t.shown('a', 'ts', 16, 'total = 0;', true);
    t.changed('a', type(16, 'x'));
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
});
