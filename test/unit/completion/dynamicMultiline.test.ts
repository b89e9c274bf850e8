import * as assert from 'node:assert/strict';
import { ctxAt } from './cursorDoc';
import { isCompleteEnough, postProcess } from '../../../src/completion/postprocess';
import { buildPrompt } from '../../../src/completion/prompt';
import { wantsMultiline } from '../../../src/completion/syntax';

/** A one-line request at `█`, as the engine sends it there (the trigger rule says one line). */
function single(doc: string, raw: string, language: string) {
  const ctx = ctxAt(doc);
  assert.equal(wantsMultiline(ctx), false, 'the trigger rule asks for one line here');
  return postProcess({ raw, ctx, multiline: false, languageId: language });
}

describe('dynamic multi-line: a one-line request whose answer opens a block', () => {
  it('keeps the block the first line opens mid-line, and nothing after it', () => {
    assert.equal(
      single('const a = 1;\nfunction █\n', '<insert>add(a, b) {\n  return a + b;\n}\n\nfunction sub(a, b) {</insert>', 'javascript')?.insertText,
      'add(a, b) {\n  return a + b;\n}',
    );
    assert.equal(
      single('def main():\n    xs = load()\n    for x in █\n    return xs\n', '<insert>xs:\n        print(x)\n    return xs</insert>', 'python')?.insertText,
      'xs:\n        print(x)',
    );
  });

  it('shows nothing when the block the line opens has only a placeholder for a body', () => {
    assert.equal(single('fun notify(users: List<User>) {\n    val sent = mutableListOf<User>()\n    █\n}\n', '<insert>for (u in users) {\n        // ...\n    }</insert>', 'kotlin'), undefined);
    assert.equal(single('def drain(q):\n    n = 0\n    █\n', '<insert>while q:\n        ...\n</insert>', 'python'), undefined);
  });

  it('on a blank line under a statement keeps the new block with its chain, not the lines after it', () => {
    assert.equal(
      single('func load(p string) error {\n\terr := read(p)\n\t█\n}\n', '<insert>if err != nil {\n\t\treturn err\n\t} else {\n\t\tlog(p)\n\t}\n\treturn nil\n}</insert>', 'go')?.insertText,
      'if err != nil {\n\t\treturn err\n\t} else {\n\t\tlog(p)\n\t}',
    );
    assert.equal(
      single('def f(n):\n    n += 1\n    █\n', '<insert>if n > 3:\n        n = 3\n    else:\n        n = 0\n    return n</insert>', 'python')?.insertText,
      'if n > 3:\n        n = 3\n    else:\n        n = 0',
    );
    // A keyword closer at the header's column is the block's own, even with the method's `end` below.
    assert.equal(
      single('def total\n  sum = 0\n  █\nend\n', '<insert>items.each do |i|\n    sum += i\n  end\n  sum</insert>', 'ruby')?.insertText,
      'items.each do |i|\n    sum += i\n  end',
    );
  });

  it('ends on the closers right of the cursor without writing them twice', () => {
    const got = single('run(█);\n', '<insert>function () {\n  go();\n});</insert>', 'javascript');
    assert.equal(got?.insertText, 'function () {\n  go();\n}');
    assert.equal(got?.replaceSuffixChars, 0);
  });

  it('replaces the closers right of the cursor that the block already wrote', () => {
    /** The line after Tab. */
    const file = (doc: string, raw: string, language: string) => {
      const got = single(doc, raw, language);
      const at = doc.indexOf('█');
      return doc.slice(0, at) + (got?.insertText ?? '') + doc.slice(at + 1 + (got?.replaceSuffixChars ?? 0));
    };
    assert.equal(file('def add(█)\n', '<insert>a, b):\n    return a + b</insert>', 'python'), 'def add(a, b):\n    return a + b\n');
    assert.equal(file('function add(█)\n', '<insert>a, b) {\n  return a + b;\n}</insert>', 'javascript'), 'function add(a, b) {\n  return a + b;\n}\n');
    // The model left the call's `)` to the file: it stays after the block.
    assert.equal(file('on(█);\n', '<insert>"click", () => {\n  go();\n}</insert>', 'javascript'), 'on("click", () => {\n  go();\n});\n');
    assert.equal(file('on(█);\n', '<insert>"click", () => {\n  go();\n})</insert>', 'javascript'), 'on("click", () => {\n  go();\n});\n');
  });

  it('reads a block opened on the next line in an Allman file', () => {
    assert.equal(
      single('class P\n{\n    int A;\n    public P(int a, int █\n}\n', '<insert>b)\n    {\n        A = a + b;\n    }</insert>', 'csharp')?.insertText,
      'b)\n    {\n        A = a + b;\n    }',
    );
  });

  it('stays one line where the line does not open a block or text follows the cursor', () => {
    assert.equal(single('const total = █\n', '<insert>sum(xs);\nconsole.log(total);</insert>', 'typescript')?.insertText, 'sum(xs);');
    assert.equal(single('log("█");\n', '<insert>{\n  x\n}</insert>', 'javascript')?.insertText, '{');
    // A comment that ends with a colon opens nothing: the stream stops after it.
    assert.equal(isCompleteEnough('# Steps:\n', { ctx: ctxAt('x = 1\n█\n'), multiline: false, prefilled: '<insert>', languageId: 'python' }), true);
    const ctx = ctxAt('if (█ready) {\n');
    assert.equal(postProcess({ raw: '<insert>!done && {\n  go();\n}</insert>', ctx, multiline: false, languageId: 'typescript' })?.insertText, '!done && {');
  });

  it('the stream goes on through a block its first line opens and stops where the block closes', () => {
    const shape = { ctx: ctxAt('function main() {\n  █\n}\n'), multiline: false, prefilled: '<insert>', languageId: 'typescript' };
    assert.equal(isCompleteEnough('foo();\n', shape), true);
    assert.equal(isCompleteEnough('if (ok) {\n', shape), false);
    assert.equal(isCompleteEnough('if (ok) {\n    go();\n', shape), false);
    assert.equal(isCompleteEnough('if (ok) {\n    go();\n  }\n', shape), true);
  });

  it('the stream stops once the answer reaches a line the file has right below the cursor', () => {
    const shape = { ctx: ctxAt('function f() {\n  const a = 1;\n  █\n  log(a);\n  return a;\n}\n'), multiline: true, prefilled: '<insert>', languageId: 'javascript' };
    assert.equal(isCompleteEnough('const b = 2;\n', shape), false);
    assert.equal(isCompleteEnough('const b = 2;\n  log(a);\n', shape), true);
    assert.equal(postProcess({ raw: 'const b = 2;\n  log(a);\n', ...shape })?.insertText, 'const b = 2;');
  });

  it('the one-line prompt asks for the block too', () => {
    const { request } = buildPrompt({
      ctx: ctxAt('x = █\n'), prefix: 'x = ', suffix: '\n', snippets: [], relativePath: 'a.py', languageId: 'python', multiline: false, acceptsPrefill: true,
    });
    assert.match(request.messages[0].text, /rest of the current line only; but if that line then ends by opening a block/);
  });
});
