import * as assert from 'node:assert/strict';
import { extractInsertion, looksLikeProse } from '../../../src/completion/extract';

describe('extractInsertion', () => {
  it('takes the text inside the insert tags', () => {
    assert.equal(extractInsertion('blah <insert>x + 1</insert> more'), 'x + 1');
  });
  it('continues after the prefill', () => {
    assert.equal(extractInsertion('x + 1</insert>', '<insert>'), 'x + 1');
    assert.equal(extractInsertion('x + 1', '<insert>'), 'x + 1');
  });
  it('keeps an unterminated tag body (stream stopped early)', () => {
    assert.equal(extractInsertion('<insert>foo(\n  a'), 'foo(\n  a');
  });
  it('unwraps fences with or without a language', () => {
    assert.equal(extractInsertion('```ts\nconst a = 1;\n```'), 'const a = 1;');
    assert.equal(extractInsertion('```\na\nb\n```\n'), 'a\nb');
  });
  it('removes markers from other prompt formats', () => {
    assert.equal(extractInsertion('<insert>{{FILL_HERE}}a<CURSOR/>b<|fim_middle|></insert>'), 'ab');
  });
  it('leaves code with angle brackets alone', () => {
    assert.equal(extractInsertion('<insert>a < b && <div>x</div></insert>'), 'a < b && <div>x</div>');
    assert.equal(extractInsertion('<insert>List<String> xs</insert>'), 'List<String> xs');
  });
  it('normalises CRLF', () => {
    assert.equal(extractInsertion('<insert>a\r\nb</insert>'), 'a\nb');
  });
  it('drops prose around untagged code', () => {
    assert.equal(extractInsertion('Here is the code:\nfoo();\n\nThis calls foo.'), 'foo();');
  });
});

describe('looksLikeProse', () => {
  it('tells sentences from code', () => {
    for (const s of ["Here's the completion:", 'Sure, here you go.', 'This completes the function.', 'I cannot see enough context.', 'The missing code is:']) {
      assert.ok(looksLikeProse(s), s);
    }
    for (const s of ['return x;', 'const here = 1;', 'if (a) {', '# comment', 'print("This is a sentence.")', 'x = y']) assert.ok(!looksLikeProse(s), s);
  });
});
