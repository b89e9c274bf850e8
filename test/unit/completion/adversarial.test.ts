import * as assert from 'node:assert/strict';
import { completeOffline } from '../../bench/completions/offline';
import { postProcess } from '../../../src/completion/postprocess';
import { ctxAt } from './cursorDoc';

/** The shaped insertion for a realistic raw Haiku answer at `█` (undefined: nothing shown). */
function shaped(doc: string, raw: string, language: string, multiline = true) {
  return postProcess({ raw, ctx: ctxAt(doc), multiline, languageId: language, prefilled: '' });
}

describe('realistic raw answers that break the rules of the prompt', () => {
  it('a markdown fence inside <insert>, with or without a sentence before it', () => {
    assert.equal(
      shaped('def area(r):\n    █\n', '<insert>```python\nimport math\n    return math.pi * r * r\n```</insert>', 'python')?.insertText,
      'import math\n    return math.pi * r * r',
    );
    assert.equal(
      shaped('fn main() {\n    let v = █\n}\n', '<insert>Here is the code:\n```rust\nvec![1, 2, 3];\n```</insert>', 'rust')?.insertText,
      'vec![1, 2, 3];',
    );
  });

  it('an explanation after the code, inside or outside the tags', () => {
    assert.equal(shaped('function sum(xs) {\n  █\n}\n', '<insert>return xs.reduce((a, b) => a + b, 0);</insert>\n\nThis function adds the numbers.', 'javascript')?.insertText, 'return xs.reduce((a, b) => a + b, 0);');
    assert.equal(shaped('function sum(xs) {\n  █\n}\n', '<insert>return xs.reduce((a, b) => a + b, 0);\n\nThis function adds the numbers.</insert>', 'javascript')?.insertText, 'return xs.reduce((a, b) => a + b, 0);');
    assert.equal(shaped('const PORT = █\n', 'process.env.PORT ?? 3000;\n\nThis reads the port from the environment.', 'typescript', false)?.insertText, 'process.env.PORT ?? 3000;');
    assert.equal(shaped('x = █\n\ny = 2\n', '<insert>compute()\n\nThis calls compute and stores the result.</insert>', 'python')?.insertText, 'compute()');
  });

  it('<insert> without its closing tag (the stream stopped)', () => {
    assert.equal(shaped('class A {\n  get name() {\n    █\n  }\n}\n', '<insert>return this._name;', 'typescript')?.insertText, 'return this._name;');
    assert.equal(shaped('for i in range(3):\n    █\n', 'Sure!\n<insert>print(i)\n    total += i', 'python')?.insertText, 'print(i)\n    total += i');
  });

  it('an answer that restates the whole line and the text after the cursor', () => {
    const got = shaped('    const user = await fetchUser(█);\n', '<insert>    const user = await fetchUser(id, { cache: true });</insert>', 'typescript', false);
    assert.equal(got?.insertText, 'id, { cache: true }');
    assert.equal(shaped('if x > 0:\n    print(█)\n', '<insert>print("positive")</insert>', 'python', false)?.insertText, '"positive"');
  });

  it('CRLF documents and CRLF answers', () => {
    assert.deepEqual(
      completeOffline({ id: 'crlf', language: 'csharp', prefix: 'class A\r\n{\r\n    int F()\r\n    {\r\n        ', suffix: '\r\n    }\r\n}\r\n', multiline: true, raw: '<insert>var x = 1;\r\n        return x;\r\n    }</insert>' }),
      { id: 'crlf', insertText: 'var x = 1;\n        return x;', replaceSuffixChars: 0 },
    );
  });

  it('any language id, unknown or empty, through the offline entry point', () => {
    for (const language of ['no-such-language', '', 'x'.repeat(300), 'c++', 'TypeScript']) {
      const out = completeOffline({ id: 'u', language, prefix: 'let total = ', suffix: '\n', multiline: false, raw: '<insert>a + b</insert>' });
      assert.equal(out.insertText, 'a + b', language);
    }
  });

  it('the lines right above the cursor written again before the new code', () => {
    assert.equal(shaped('function f() {\n  const a = load();\n  █\n}\n', '<insert>const a = load();\n  const b = a * 2;</insert>', 'typescript')?.insertText, 'const b = a * 2;');
    assert.equal(shaped('def f(xs):\n    n = len(xs)\n    █\n', '<insert>n = len(xs)\nreturn n</insert>', 'python', false)?.insertText, 'return n');
    // A closer is too common to be an echo: `}` under an inner `}` closes the outer block.
    assert.equal(shaped('fn f() {\n    if a {\n        b();\n    }\n█\n', '<insert>}\n\nfn g() {}</insert>', 'rust')?.insertText, '}');
  });

  it('a line break before the code after `=`, an operator or `return`', () => {
    assert.equal(shaped('const total = █\n', '<insert>\nitems.length;\n</insert>', 'typescript', false)?.insertText, 'items.length;');
    assert.equal(shaped('    ok = a and █\n', '<insert>\n    b\n</insert>', 'python', false)?.insertText, 'b');
    // A block scalar's text is not joined to `|`: it stays on the next line (kept by dynamic multi-line).
    assert.equal(shaped('run:\n  script: |█\n', '<insert>\n    npm test\n</insert>', 'yaml', false)?.insertText, '\n    npm test');
    // After a complete statement the line break is meant: the code goes on the next line.
    assert.equal(shaped('int f() {\n    return 1;█\n', '<insert>\n}</insert>', 'c')?.insertText, '\n}');
  });

  it('the expression being typed started again', () => {
    assert.equal(shaped('const n = items.█\n', '<insert>items.filter(Boolean).length;</insert>', 'typescript', false)?.insertText, 'filter(Boolean).length;');
    assert.equal(shaped('    self.cache = self.█\n', '<insert>self.load()</insert>', 'python', false)?.insertText, 'load()');
  });

  it('an answer that runs on into the code below the cursor, changed further down', () => {
    assert.equal(
      shaped('function f(xs) {\n  const a = 1;\n  █\n  const c = a + b;\n  log(c);\n  return c;\n}\n', '<insert>const b = 2;\n  const c = a + b;\n  log(c);\n  console.log("extra");\n  return c;</insert>', 'javascript')?.insertText,
      'const b = 2;',
    );
  });

  it('the whole function written again down to the cursor, then the new code', () => {
    assert.equal(
      shaped('function f(a) {\n  const x = a * 2;\n\n  const y = x + 1;\n  return █\n}\n', '<insert>function f(a) {\n  const x = a * 2;\n  const y = x + 1;\n  return x + y;\n}</insert>', 'javascript', false)?.insertText,
      'x + y;',
    );
    assert.equal(
      shaped('def f(a):\n    x = a * 2\n\n    y = x + 1\n    █\n', '<insert>def f(a):\n    x = a * 2\n\n    y = x + 1\n    return x + y</insert>', 'python')?.insertText,
      'return x + y',
    );
    // Mid-line, lines like the ones above that do not lead to the cursor line are the model's own code.
    assert.equal(shaped('x := 1\ny := █\n', '<insert>x + 1\nx := 1</insert>', 'go', false)?.insertText, 'x + 1');
  });
});

