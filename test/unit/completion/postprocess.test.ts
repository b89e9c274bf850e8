import * as assert from 'node:assert/strict';
import { CORPUS, runCase } from '../../bench/completions/corpus';
import { ctxAt } from './cursorDoc';
import { isCompleteEnough, detectIndent } from '../../../src/completion/postprocess';
import { wantsMultiline } from '../../../src/completion/syntax';

const ctxOf = (doc: string) => ctxAt(doc, { prefixChars: 2000, suffixChars: 500 });

describe('postProcess on the corpus of raw model outputs', () => {
  for (const c of CORPUS) {
    it(`${c.language}: ${c.name}`, () => {
      const { got, multiline } = runCase(c);
      if (c.multiline !== undefined) assert.equal(multiline, c.multiline, 'single/multi-line decision');
      if (c.expect === undefined) {
        assert.equal(got, undefined, `expected nothing, got ${JSON.stringify(got?.insertText)}`);
      } else {
        assert.ok(got, 'expected a completion');
        assert.equal(got.insertText, c.expect);
        assert.equal(got.replaceSuffixChars, c.replace ?? 0);
      }
    });
  }

  it('covers several languages and at least 60 cases', () => {
    assert.ok(CORPUS.length >= 60);
    assert.ok(new Set(CORPUS.map((c) => c.language)).size >= 10);
  });
});

describe('isCompleteEnough (early stop of the stream)', () => {
  it('stops a single-line answer at its first line break', () => {
    const ctx = ctxOf('const x = █\n');
    const shape = { ctx, multiline: false, prefilled: '<insert>' };
    assert.equal(isCompleteEnough('compute(', shape), false);
    assert.equal(isCompleteEnough('compute();', shape), false);
    assert.equal(isCompleteEnough('compute();\n', shape), true);
  });

  it('does not stop at a leading line break on a blank line', () => {
    const ctx = ctxOf('const a = 1;\n█\n');
    const shape = { ctx, multiline: false, prefilled: '<insert>' };
    assert.equal(isCompleteEnough('\n', shape), false);
    assert.equal(isCompleteEnough('\nconst b = 2;\n', shape), true);
  });

  it('stops when the closing tag arrives', () => {
    const ctx = ctxOf('const x = █\n');
    assert.equal(isCompleteEnough('<insert>1</insert>', { ctx, multiline: false }), true);
  });

  it('stops a multi-line answer once the block has ended, not before', () => {
    const ctx = ctxOf('function f() {\n  █\n}\n');
    const shape = { ctx, multiline: wantsMultiline(ctx), prefilled: '<insert>' };
    assert.equal(shape.multiline, true);
    assert.equal(isCompleteEnough('const a = 1;\n', shape), false);
    assert.equal(isCompleteEnough('const a = 1;\n  if (a) {\n    go();\n  }\n', shape), false);
    assert.equal(isCompleteEnough('const a = 1;\n  return a;\n}\n', shape), true);
  });

  it('stops a multi-line answer at the line that closes its block, without waiting for the next line', () => {
    const ctx = ctxOf('function f() {\n  █\n');
    const shape = { ctx, multiline: wantsMultiline(ctx), prefilled: '<insert>' };
    assert.equal(shape.multiline, true);
    assert.equal(isCompleteEnough('const a = 1;\n  return a;\n}', shape), false, 'the closer line may still go on ("} else {")');
    assert.equal(isCompleteEnough('const a = 1;\n  return a;\n}\n', shape), true);
    assert.equal(isCompleteEnough('const a = 1;\n  return a;\n}\n', shape, { atBlockClose: false }), false, 'the old rule waits for a line after it');
  });

  it('stops a top-level construct after it closes', () => {
    const ctx = ctxOf('if __name__ == "__main__":\n█\n');
    const shape = { ctx, multiline: wantsMultiline(ctx), prefilled: '<insert>' };
    assert.equal(isCompleteEnough('    main()\n', shape), false);
    assert.equal(isCompleteEnough('    main()\n\ndef other():\n', shape), true);
  });
});

describe('detectIndent', () => {
  it('reads tabs or the space step from the code around the cursor', () => {
    assert.deepEqual(detectIndent({ prefix: 'a {\n\tb\n\t\tc\n', suffix: '', linePrefix: '\t' }), { tabs: true, unit: 4 });
    assert.deepEqual(detectIndent({ prefix: 'a {\n  b\n    c\n  d\n', suffix: '', linePrefix: '  ' }), { tabs: false, unit: 2 });
    assert.deepEqual(detectIndent({ prefix: 'def f():\n    x\n', suffix: '', linePrefix: '    ' }), { tabs: false, unit: 4 });
  });
});
