import * as assert from 'node:assert/strict';
import { windowAround } from '../../../../src/completion/parse/syntaxErrors';

describe('parse window', () => {
  it('keeps a short file whole', () => {
    assert.deepEqual(windowAround('a\nb', 'c\nd'), { head: 'a\nb', tail: 'c\nd' });
  });

  it('parses a few thousand characters of a big file, from a line at column 0, in whole lines', () => {
    const fn = (i: number) => `function f${i}() {\n  return ${i};\n}\n`;
    const prefix = Array.from({ length: 2000 }, (_, i) => fn(i)).join('') + 'function g() {\n  ';
    const suffix = '\n}\n' + Array.from({ length: 2000 }, (_, i) => fn(i)).join('');
    const w = windowAround(prefix, suffix);
    assert.ok(w.head.length <= 2000 && w.head.length > 1000, String(w.head.length));
    assert.match(w.head, /^function f\d+\(\) \{\n/);
    assert.ok(w.head.endsWith('function g() {\n  '));
    assert.ok(w.tail.length <= 1000 && w.tail.startsWith('\n}\n'));
    assert.ok(suffix.startsWith(w.tail + '\n'), 'the tail ends at a line end');
  });

  it('on one minified line of 1 MB reads only the characters next to the cursor', () => {
    const line = 'var a=1;'.repeat(125_000);
    const w = windowAround(line, line);
    assert.equal(w.head.length, 2000);
    assert.equal(w.tail.length, 1000);
  });
});
