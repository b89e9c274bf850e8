import * as assert from 'node:assert/strict';
import { ctxAt, splitAtCursor } from './cursorDoc';
import { postProcess } from '../../../src/completion/postprocess';
import { joinWithSuffix, minimalReplace } from '../../../src/completion/shapingSuffix';

/** The file after inserting the shaped `raw` at `█` (what the user sees once Tab is pressed). */
function after(doc: string, raw: string, language: string, multiline = false): string {
  const { text, before, at } = splitAtCursor(doc);
  const ctx = ctxAt(doc);
  const got = postProcess({ raw, ctx, multiline, languageId: language });
  return before + (got?.insertText ?? '') + text.slice(at + (got?.replaceSuffixChars ?? 0));
}

describe('trailing commas against the file', () => {
  it('drops a comma before the closing brace of strict JSON', () => {
    assert.equal(after('{\n  "name": "demo",\n  "version": "█"\n}\n', '<insert>1.0.0",</insert>', 'json'), '{\n  "name": "demo",\n  "version": "1.0.0"\n}\n');
    assert.equal(after('[\n  1,\n  █\n]\n', '<insert>2,</insert>', 'json'), '[\n  1,\n  2\n]\n');
  });

  it('adds the comma a JSON entry needs before a sibling entry', () => {
    assert.equal(after('{\n  "a": 1,\n  "b": █\n  "c": 3\n}\n', '<insert>2</insert>', 'json'), '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}\n');
    // The closing quote the editor typed stays, and the comma goes after it.
    assert.equal(after('{\n  "a": "x",\n  "b": "█"\n  "c": 3\n}\n', '<insert>y</insert>', 'jsonc'), '{\n  "a": "x",\n  "b": "y",\n  "c": 3\n}\n');
  });

  it('follows the file where the language allows both', () => {
    // A JavaScript file without trailing commas.
    assert.equal(
      after('const a = {\n  x: 1\n};\nconst b = {\n  y: 1,\n  █\n};\n', '<insert>z: 2,</insert>', 'javascript'),
      'const a = {\n  x: 1\n};\nconst b = {\n  y: 1,\n  z: 2\n};\n',
    );
    // A Python file with them: kept.
    assert.equal(after('A = [\n    "x",\n]\nB = {\n    "k": 1,\n    █\n}\n', '<insert>"j": 2,</insert>', 'python'), 'A = [\n    "x",\n]\nB = {\n    "k": 1,\n    "j": 2,\n}\n');
    // No example in the file (a Rust match, a statement block): the answer stays as written.
    assert.equal(after('match n {\n    0 => "a",\n    █\n}\n', '<insert>_ => "b",</insert>', 'rust'), 'match n {\n    0 => "a",\n    _ => "b",\n}\n');
    assert.equal(after('function f() {\n  █\n}\n', '<insert>return 1;</insert>', 'typescript'), 'function f() {\n  return 1;\n}\n');
  });

  it('never adds a comma outside JSON, nor after an opener', () => {
    assert.equal(after('const o = {\n  a: 1,\n  b: █\n  c: 3,\n};\n', '<insert>2</insert>', 'typescript'), 'const o = {\n  a: 1,\n  b: 2\n  c: 3,\n};\n');
    assert.equal(after('{\n  "a": 1,\n  "b": █\n  "c": 3\n}\n', '<insert>{</insert>', 'json'), '{\n  "a": 1,\n  "b": {\n  "c": 3\n}\n');
  });
});

describe('the rest of the line after a one-line answer', () => {
  it('keeps a separator the answer only has somewhere inside', () => {
    assert.deepEqual(joinWithSuffix('format!("{}, {}", a, b)', ','), { insertText: 'format!("{}, {}", a, b)', replaceSuffixChars: 0 });
    assert.deepEqual(joinWithSuffix("get('a', 'b')", ';'), { insertText: "get('a', 'b')", replaceSuffixChars: 0 });
  });

  it('replaces the rest of the line when the answer wrote it again and ends as it does', () => {
    assert.deepEqual(joinWithSuffix('x, y);', ')'), { insertText: 'x, y);', replaceSuffixChars: 1 });
    assert.deepEqual(joinWithSuffix('"a", "b", c)]', ', "b", )]'), { insertText: '"a", "b", c)]', replaceSuffixChars: 9 });
  });
});

describe('minimalReplace', () => {
  it('leaves out the replaced characters the insertion ends with', () => {
    assert.deepEqual(minimalReplace({ insertText: 'foo")', replaceSuffixChars: 2 }, '")'), { insertText: 'foo', replaceSuffixChars: 0 });
    assert.deepEqual(minimalReplace({ insertText: 'a, b)', replaceSuffixChars: 1 }, ', c)'), { insertText: 'a, b)', replaceSuffixChars: 1 });
  });
});
