import * as assert from 'node:assert/strict';
import { completeOffline } from '../../bench/completions/offline';
import { isCompleteEnough } from '../../../src/completion/postprocess';
import { buildDocumentContext, linesOf } from '../../../src/completion/context';

describe('complete:offline entry point', () => {
  it('shapes a case of any language id, CRLF documents included', () => {
    assert.deepEqual(completeOffline({ id: 'a', language: 'no-such-language', prefix: 'total = ', suffix: '\r\nnext()', multiline: false, raw: '  sum(xs)' }), {
      id: 'a', insertText: 'sum(xs)', replaceSuffixChars: 0,
    });
    assert.deepEqual(completeOffline({ id: 'b', language: 'python', prefix: 'def f():\r\n    ', suffix: '', multiline: true, raw: 'return 1\r\nprint(2)' }), {
      id: 'b', insertText: 'return 1', replaceSuffixChars: 0,
    });
  });

  it('answers "" when the answer is dropped', () => {
    assert.equal(completeOffline({ id: 'c', language: 'typescript', prefix: 'function f() {\n  ', suffix: '\n}', multiline: true, raw: "I'm unable to help with that." }).insertText, '');
  });
});

describe('stream stop inside a triple-quoted string', () => {
  it('stops once the line closing the string has arrived', () => {
    const text = 'HELP = """\n';
    const ctx = buildDocumentContext(linesOf(text), { line: 0, character: 10 }, { prefixChars: 1000, suffixChars: 1000 });
    const shape = { ctx, multiline: true, prefilled: '<insert>', languageId: 'python' };
    assert.equal(isCompleteEnough('Usage: tool\n\nOptions:\n', shape), false);
    assert.equal(isCompleteEnough('Usage: tool\n"""\n', shape), true);
  });
});
