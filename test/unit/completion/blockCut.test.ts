import * as assert from 'node:assert/strict';
import { bracketBalance, cutAtBlockEnd, isCloserLine } from '../../../src/completion/blockCut';

const base = { lineSuffix: '', maxLines: 25, topLevel: false };

describe('bracketBalance', () => {
  it('counts brackets outside strings and comments', () => {
    assert.deepEqual(bracketBalance('if (a) {'), { delta: 1, min: 0 });
    assert.deepEqual(bracketBalance('}'), { delta: -1, min: -1 });
    assert.deepEqual(bracketBalance('} else {'), { delta: 0, min: -1 });
    assert.deepEqual(bracketBalance('log("{")'), { delta: 0, min: 0 });
    assert.deepEqual(bracketBalance("x = '(' + y // )"), { delta: 0, min: 0 });
    assert.deepEqual(bracketBalance('s = "a\\"(" # )'), { delta: 0, min: 0 });
    assert.deepEqual(bracketBalance("don't (stop"), { delta: 1, min: 0 });
  });
});

describe('isCloserLine', () => {
  it('knows bracket and keyword closers', () => {
    for (const l of ['}', '  });', ']', ')', 'end', '  fi', 'done', 'esac']) assert.ok(isCloserLine(l), l);
    for (const l of ['} else {', 'endpoint = 1', 'return x', 'x)', 'end ++', 'end: index,', 'end = start + 1']) assert.ok(!isCloserLine(l), l);
    for (const l of ['end)', 'end if', 'End Function', 'end;']) assert.ok(isCloserLine(l), l);
  });
});

describe('cutAtBlockEnd', () => {
  it('stops before a line that dedents below the block', () => {
    const r = cutAtBlockEnd({ ...base, lines: ['a = 1', '    b = 2', 'def g():', '    pass'], floor: 4 });
    assert.deepEqual(r.lines, ['a = 1', '    b = 2']);
    assert.equal(r.cut, true);
  });

  it('drops the enclosing closer the file already has on the next line', () => {
    const r = cutAtBlockEnd({ ...base, lines: ['return 1;', '}', '', 'function g() {}'], floor: 2, nextLine: '}' });
    assert.deepEqual(r.lines, ['return 1;']);
  });

  it('keeps the enclosing closer when the file lacks it', () => {
    const r = cutAtBlockEnd({ ...base, lines: ['return 1;', '}', '', 'function g() {}'], floor: 2, nextLine: undefined });
    assert.deepEqual(r.lines, ['return 1;', '}']);
    assert.equal(r.cut, true);
  });

  it('says the block is closed once its own closer is the last line, so a stream can stop there', () => {
    const r = cutAtBlockEnd({ ...base, lines: ['return 1;', '}'], floor: 2, nextLine: undefined });
    assert.deepEqual(r.lines, ['return 1;', '}']);
    assert.deepEqual([r.cut, r.closed], [false, true]);
    const open = cutAtBlockEnd({ ...base, lines: ['if (a) {', '    go();', '  }'], floor: 2, nextLine: '}' });
    assert.deepEqual([open.cut, open.closed], [false, false], 'an inner closer does not end the block');
  });

  it('says a top-level construct is closed at its last line', () => {
    const r = cutAtBlockEnd({ ...base, topLevel: true, lines: ['function g() {', '  return 1;', '}'], floor: 0 });
    assert.deepEqual([r.cut, r.closed], [false, true]);
    const body = cutAtBlockEnd({ ...base, topLevel: true, lines: ['function g() {', '  return 1;'], floor: 0 });
    assert.equal(body.closed, false);
  });

  it('keeps nested blocks opened inside the completion', () => {
    const lines = ['if (a) {', '    go();', '  } else {', '    stop();', '  }', '  return;'];
    const r = cutAtBlockEnd({ ...base, lines, floor: 2, nextLine: '}' });
    assert.deepEqual(r.lines, lines);
    assert.equal(r.cut, false);
  });

  it('treats a closer indented oddly but matching an inner opener as ours', () => {
    const r = cutAtBlockEnd({ ...base, lines: ['items.forEach((x) => {', '  use(x);', '});', 'more();'], floor: 2, nextLine: '}' });
    assert.deepEqual(r.lines, ['items.forEach((x) => {', '  use(x);', '});']);
  });

  it('ends a top-level completion after its first construct', () => {
    const r = cutAtBlockEnd({ ...base, topLevel: true, lines: ['function a() {', '  return 1;', '}', '', 'function b() {}'], floor: 0 });
    assert.deepEqual(r.lines, ['function a() {', '  return 1;', '}']);
  });

  it('ends a top-level Python construct at the blank line after it', () => {
    const r = cutAtBlockEnd({ ...base, topLevel: true, lines: ['def a():', '    return 1', '', 'def b():', '    pass'], floor: 0 });
    assert.deepEqual(r.lines, ['def a():', '    return 1']);
  });

  it('keeps consecutive top-level statements that open nothing', () => {
    const r = cutAtBlockEnd({ ...base, topLevel: true, lines: ['import os', 'import sys'], floor: 0 });
    assert.deepEqual(r.lines, ['import os', 'import sys']);
  });

  it('uses keyword closers (end) like braces', () => {
    const present = cutAtBlockEnd({ ...base, lines: ['puts x', 'end', '', 'puts 1'], floor: 2, nextLine: 'end' });
    assert.deepEqual(present.lines, ['puts x']);
    const missing = cutAtBlockEnd({ ...base, lines: ['puts x', 'end', '', 'puts 1'], floor: 2, nextLine: 'puts 2' });
    assert.deepEqual(missing.lines, ['puts x', 'end']);
  });

  it('stops at the line budget', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `x${i} = ${i}`);
    const r = cutAtBlockEnd({ ...base, lines, floor: 0, maxLines: 25 });
    assert.equal(r.lines.length, 25);
    assert.equal(r.cut, true);
  });

  it('a closer right of the cursor counts as the file having it', () => {
    const r = cutAtBlockEnd({ ...base, lineSuffix: '}', lines: ['', '  return 1;', '}'], floor: 1 });
    assert.deepEqual(r.lines, ['', '  return 1;']);
  });
});
