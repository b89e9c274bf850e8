import * as assert from 'node:assert/strict';
import { ctxAt } from './cursorDoc';
import { indentWidth, opensBlock, skipReason, wantsMultiline, scanCode } from '../../../src/completion/syntax';

const ctxOf = (doc: string) => ctxAt(doc, { prefixChars: 2000, suffixChars: 500 });

describe('skipReason', () => {
  const auto = { explicit: false };
  it('asks at the end of a line or before closers', () => {
    assert.equal(skipReason(ctxOf('const x = █'), auto), undefined);
    assert.equal(skipReason(ctxOf('foo(█)'), auto), undefined);
    assert.equal(skipReason(ctxOf('foo("█");'), auto), undefined);
    assert.equal(skipReason(ctxOf('x = [█]  '), auto), undefined);
  });
  it('does not ask in the middle of a word', () => {
    assert.equal(skipReason(ctxOf('const val█ue = 1'), auto), 'midWord');
    assert.equal(skipReason(ctxOf('foo(█bar)'), auto), 'midWord');
  });
  it('does not ask with real code right of the cursor', () => {
    assert.equal(skipReason(ctxOf('foo(█ + bar)'), auto), 'textAfterCursor');
    assert.equal(skipReason(ctxOf('x = █ // note'), auto), 'textAfterCursor');
  });
  it('does not ask with a selection, even explicitly', () => {
    assert.equal(skipReason(ctxOf('x█'), { explicit: true, hasSelection: true }), 'selection');
  });
  it('lets an explicit request through mid-word', () => {
    assert.equal(skipReason(ctxOf('const val█ue = 1'), { explicit: true }), undefined);
  });
});

describe('wantsMultiline', () => {
  const multi = [
    ['empty line in a just-opened JS function', 'function f() {\n  █\n}\n'],
    ['empty line under a Python def', 'def f(x):\n    █\n'],
    ['empty line under a Go if with a tab file', 'func f() {\n\tif ok {\n\t\t█\n\t}\n}\n'],
    ['right after an opening brace', 'if (x) {█}\n'],
    ['right after a Python colon at the end of the line', 'for x in xs:█\n'],
    ['empty line under a Ruby do block with params', 'items.each do |item|\n  █\nend\n'],
    ['empty line under a Lua function header', 'function M.setup(opts)\n  █\nend\n'],
    ['empty line under an arrow function', 'const f = () =>\n  █\n'],
    ['empty block at the end of the file', 'class A {\n  █'],
  ];
  const single = [
    ['middle of a statement', 'const x = foo(█)\n'],
    ['empty line in a block that already has a body', 'function f() {\n  █\n  return 1;\n}\n'],
    ['empty line after a plain statement', 'const a = 1;\n█\n'],
    ['after an opener with code on the right', 'if (x) {█ return; }\n'],
    ['end of a non-empty line', '  return █\n'],
    ['a TypeScript overload declaration above', 'function f(): void;\n█\n'],
    ['after a Rust or C++ path separator', '    let v = Vec::█;\n'],
    ['after a C++ namespace', 'auto s = std::█\n'],
  ];
  for (const [name, doc] of multi) it(`multi-line: ${name}`, () => assert.equal(wantsMultiline(ctxOf(doc)), true));
  for (const [name, doc] of single) it(`single line: ${name}`, () => assert.equal(wantsMultiline(ctxOf(doc)), false));
});

describe('indentation helpers', () => {
  it('measures tabs to the next tab stop', () => {
    assert.equal(indentWidth('    x'), 4);
    assert.equal(indentWidth('\tx'), 4);
    assert.equal(indentWidth('  \tx'), 4);
    assert.equal(indentWidth('\t\t  x'), 10);
    assert.equal(indentWidth('x'), 0);
  });
  it('recognises block openers in several languages', () => {
    for (const l of ['if (x) {', 'def f():', 'x.each do |i|', 'fn main() -> i32 {', 'for i in 1..3 do', 'if x then', 'const o = {', 'call(']) {
      assert.ok(opensBlock(l), l);
    }
    for (const l of ['return x;', 'x = 1', 'foo()', '}', 'end', 'let v = Vec::', 'using std::']) assert.ok(!opensBlock(l), l);
  });
  it('a clause that carries its body on the same line opens nothing; a bare header still does', () => {
    for (const l of ['case .red: return "stop"', 'if retries > 3: raise Timeout()', 'if ready?, do: start()', 'case Some(v) -> v', 'case class Point(x: Int, y: Int)']) {
      assert.ok(!opensBlock(l), l);
    }
    // The colon or arrow inside brackets or a string belongs to the header.
    for (const l of ['case status', 'for (String s : names)', 'if (ok ? a : b)', 'case "a:b" in', 'while x[1:]']) assert.ok(opensBlock(l), l);
  });
});

describe('scanCode', () => {
  const code = (line: string) => {
    let out = '';
    scanCode(line, (ch) => (out += ch));
    return out;
  };

  it('skips strings, escaped quotes and comments', () => {
    assert.equal(code('f("(", x) // )'), 'f(, x) ');
    assert.equal(code("s = 'a\\'(' + t # ("), 's =  + t ');
    assert.equal(code('a(/* ) */ b)'), 'a( b)');
  });

  it('tells an apostrophe in a word from a quote, and a string prefix from a word', () => {
    assert.equal(code("don't (stop"), "dont (stop");
    assert.equal(scanCode("print(f'{x}").openQuote, "'");
    assert.equal(scanCode("let c = L'x").openQuote, "'");
    assert.equal(scanCode("it's fine").openQuote, undefined);
  });

  it('says whether the line ends inside a string or a comment', () => {
    assert.deepEqual(scanCode('msg = "Could not '), { openQuote: '"', inComment: false });
    assert.equal(scanCode('x = 1 /* note').inComment, true);
    assert.equal(scanCode('x = 1 /* note */ + ').inComment, false);
    assert.equal(scanCode('#include <a.h>').inComment, true);
  });
});
