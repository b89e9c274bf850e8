import * as assert from 'node:assert/strict';
import { buildDocumentContext, firstLines, lastLines, linesOf, nearbyText } from '../../../src/completion/context';
import type { LineSource } from '../../../src/completion/types';

/** A huge synthetic document that counts how many lines were read. */
function countingDoc(lineCount: number): LineSource & { reads: number } {
  const doc = {
    reads: 0,
    lineCount,
    lineAt(i: number) {
      doc.reads++;
      return `const value${String(i).padStart(8, '0')} = compute(x);`;
    },
  };
  return doc;
}

describe('buildDocumentContext', () => {
  const text = ['line0', 'line1', 'function f() {', '  return 1;', '}', 'line5', 'line6'].join('\n');

  it('splits the cursor line into prefix and suffix', () => {
    const ctx = buildDocumentContext(linesOf(text), { line: 3, character: 9 }, { prefixChars: 1000, suffixChars: 1000 });
    assert.equal(ctx.linePrefix, '  return ');
    assert.equal(ctx.lineSuffix, '1;');
    assert.equal(ctx.prefix, 'line0\nline1\nfunction f() {\n  return ');
    assert.equal(ctx.suffix, '1;\n}\nline5\nline6');
    assert.equal(ctx.prefixStartLine, 0);
    assert.equal(ctx.suffixEndLine, 6);
  });

  it('cuts on whole lines within the budget', () => {
    const ctx = buildDocumentContext(linesOf(text), { line: 3, character: 9 }, { prefixChars: 26, suffixChars: 6 });
    assert.ok(ctx.prefix.length <= 26);
    assert.equal(ctx.prefix, 'function f() {\n  return ');
    assert.equal(ctx.prefixStartLine, 2);
    assert.equal(ctx.suffix, '1;\n}');
    assert.equal(ctx.suffixEndLine, 4);
  });

  it('cuts inside the cursor line only when that line alone exceeds the budget', () => {
    const long = 'x'.repeat(500);
    const ctx = buildDocumentContext(linesOf(`a\n${long}`), { line: 1, character: 500 }, { prefixChars: 100, suffixChars: 100 });
    assert.equal(ctx.prefix.length, 100);
    assert.equal(ctx.prefixStartLine, 1);
  });

  it('reads a bounded number of lines whatever the document size', () => {
    const small = countingDoc(1_000);
    buildDocumentContext(small, { line: 500, character: 5 }, { prefixChars: 3000, suffixChars: 800 });
    const huge = countingDoc(5_000_000);
    buildDocumentContext(huge, { line: 2_500_000, character: 5 }, { prefixChars: 3000, suffixChars: 800 });
    assert.equal(huge.reads, small.reads);
    assert.ok(huge.reads < 150, `read ${huge.reads} lines`);
  });

  it('handles the first and last line of the document', () => {
    const ctx = buildDocumentContext(linesOf('only'), { line: 0, character: 2 }, { prefixChars: 100, suffixChars: 100 });
    assert.equal(ctx.prefix, 'on');
    assert.equal(ctx.suffix, 'ly');
  });

  it('accepts CRLF text through linesOf', () => {
    const ctx = buildDocumentContext(linesOf('a\r\nb\r\nc'), { line: 1, character: 1 }, { prefixChars: 100, suffixChars: 100 });
    assert.equal(ctx.prefix, 'a\nb');
    assert.equal(ctx.suffix, '\nc');
  });
});

describe('line helpers', () => {
  it('takes the last and first lines', () => {
    assert.equal(lastLines('a\nb\nc\nd', 2), 'c\nd');
    assert.equal(lastLines('a\nb', 5), 'a\nb');
    assert.equal(firstLines('a\nb\nc', 2), 'a\nb');
    assert.equal(firstLines('a', 3), 'a');
  });

  it('builds the snippet query from the lines around the cursor', () => {
    const ctx = buildDocumentContext(linesOf('one\ntwo\nthree\nfour\nfive'), { line: 2, character: 2 }, { prefixChars: 100, suffixChars: 100 });
    assert.equal(nearbyText(ctx, 2, 2), 'two\nthree\nfour');
  });
});

describe('context cut through a long line', () => {
  const key = 'AKIA' + 'Z7QX4LMNB2RT5WPA';
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq2Ab9Lk3X';

  it('never sends part of a secret that the cut made too short to recognise', () => {
    // A 5 KB line with a secret straddling where the prefix budget cuts it.
    const line = `const cfg = { id: "${key}", secret: "${secret}" , pad: "${'x'.repeat(5000)}" }; // `;
    const after = line.indexOf(secret) + secret.length + 3;
    const before = line.indexOf(secret) - 9;
    for (const chars of [30, 35, 45]) {
      const p = buildDocumentContext(linesOf(line), { line: 0, character: after }, { prefixChars: chars, suffixChars: 40 });
      assert.ok(!/wJalr|XUtnF|K7MDE|bPxRf|CYzq2|b9Lk3X/.test(p.prefix), `prefix cut at ${chars} leaks part of the secret: ${p.prefix}`);
      const q = buildDocumentContext(linesOf(line), { line: 0, character: before }, { prefixChars: 40, suffixChars: chars });
      assert.ok(!/wJalr|XUtnF|K7MDE|bPxRf|CYzq2|b9Lk3X/.test(q.suffix), `suffix cut at ${chars} leaks part of the secret: ${q.suffix}`);
    }
  });
});
