import * as assert from 'node:assert/strict';
import {
  cutPlaceholders, cutPromptLeak, endsInRepetition, stripDiffMarkers, isRefusal, proseFits, stripLeadingJunk, stripZeroWidth, unwrapForeignTags, unwrapInlineBackticks,
} from '../../../src/completion/shapingFilters';
import { extractInsertion } from '../../../src/completion/extract';
import { isCompleteEnough } from '../../../src/completion/postprocess';
import { ctxAt } from './cursorDoc';

describe('shaping filters', () => {
  it('junk before the code: bullets, diff markers, emoji, zero-width spaces', () => {
    assert.equal(stripLeadingJunk('- total += x;', true, 'javascript'), 'total += x;');
    assert.equal(stripLeadingJunk('+   return n;', true, 'rust'), 'return n;');
    assert.equal(stripLeadingJunk('\u2022 print(x)', true, 'python'), 'print(x)');
    assert.equal(stripZeroWidth('\u200B  let a = 1;'), 'let a = 1;');
    assert.equal(stripZeroWidth('let\u200B a = 1;'), 'let a = 1;');
  });

  it('keeps a leading marker where it is content or code', () => {
    assert.equal(stripLeadingJunk('- item two', true, 'markdown'), '- item two');
    assert.equal(stripLeadingJunk('- name: build', true, 'yaml'), '- name: build');
    assert.equal(stripLeadingJunk('. ./env.sh', true, 'shellscript'), '. ./env.sh');
    assert.equal(stripLeadingJunk('- 1', false, 'python'), '- 1', 'mid-line a minus is an operator');
    assert.equal(stripLeadingJunk('-x', true, 'python'), '-x');
  });

  it('cuts where the model went on writing the prompt', () => {
    assert.equal(cutPromptLeak('x = 1\nHuman: and now?'), 'x = 1');
    assert.equal(cutPromptLeak('a()\n</file>'), 'a()');
    assert.equal(cutPromptLeak('const path = "a: b";'), 'const path = "a: b";');
  });

  it('drops a file-name header before the code and keeps the code after it', () => {
    assert.equal(cutPromptLeak('# File: app/models/user.rb\n  has_many :posts'), '  has_many :posts');
    assert.equal(cutPromptLeak('-- Path: db/schema.sql\n\nSELECT 1;'), 'SELECT 1;');
    assert.equal(cutPromptLeak('/* File: main.c */\nreturn 0;'), 'return 0;');
    assert.equal(cutPromptLeak('x := 1\n// File: other.go\npackage other'), 'x := 1', 'a header after code starts another file');
    assert.equal(cutPromptLeak('# Filename handling below\nopen(f)'), '# Filename handling below\nopen(f)', 'a comment about files is code');
    assert.equal(cutPromptLeak('<!-- templates/base.html -->\n<main></main>'), '<main></main>', 'a bare path comment is a header too');
    assert.equal(cutPromptLeak('// see docs/api.md\nfetch(u)'), '// see docs/api.md\nfetch(u)', 'a comment that mentions a path is code');
  });

  it('reads an answer written as a diff: removed lines go, markers go, indentation stays', () => {
    assert.equal(stripDiffMarkers('-    x = 1\n+    x = 2\n+    y = x', 'python'), '    x = 2\n    y = x');
    assert.equal(stripDiffMarkers('+let a = 1;\n+\n+    a += 2;', 'rust'), 'let a = 1;\n\n    a += 2;');
    assert.equal(stripDiffMarkers('- name: lint\n- name: test', 'yaml'), '- name: lint\n- name: test', 'YAML list items');
    assert.equal(stripDiffMarkers('-1\n-2', 'go'), '-1\n-2', 'no added line: not a diff');
    assert.equal(stripDiffMarkers('++i;\n--j;', 'c'), '++i;\n--j;');
    assert.equal(stripDiffMarkers('+ offset;', 'java'), '+ offset;', 'one line: an operator');
  });

  it('an answer that is only a to-do note shows nothing', () => {
    assert.equal(cutPlaceholders('# TODO: handle the timeout'), '');
    assert.equal(cutPlaceholders('    // FIXME parse the header\n    // TODO: and the body'), '');
    assert.equal(cutPlaceholders('-- TODO: index\nCREATE INDEX i ON t(a);'), '-- TODO: index\nCREATE INDEX i ON t(a);');
  });

  it('placeholders are dropped, or end the answer', () => {
    assert.equal(cutPlaceholders('...'), '');
    assert.equal(cutPlaceholders('// TODO: implement'), '');
    assert.equal(cutPlaceholders('    # TODO'), '');
    assert.equal(cutPlaceholders('const a = load();\n// ... existing code ...\n}'), 'const a = load();');
    assert.equal(cutPlaceholders('/* ... */'), '');
    assert.equal(cutPlaceholders('return { ...defaults, x };'), 'return { ...defaults, x };');
    assert.equal(cutPlaceholders('// TODO: retry on 429\nawait send();'), '// TODO: retry on 429\nawait send();', 'a real TODO is a comment');
  });

  it('a block whose body is only a placeholder goes with its header', () => {
    // Go: the loop is a skeleton; the statement before it is real code.
    assert.equal(cutPlaceholders('total := 0\nfor _, it := range items {\n\t// ...\n}'), 'total := 0');
    assert.equal(cutPlaceholders('def retry(fn):\n    # rest of the code\n'), '');
    assert.equal(cutPlaceholders('impl Drop for Pool {\n\n    // ... existing code ...\n}'), '');
    // A body with code before the placeholder keeps its code (and its header).
    assert.equal(cutPlaceholders('match cmd {\n    Cmd::Stop => stop(),\n    // ...\n}'), 'match cmd {\n    Cmd::Stop => stop(),');
  });

  it('a refusal is never inserted', () => {
    assert.ok(isRefusal("I'm unable to complete this without more context."));
    assert.ok(isRefusal('I cannot see the rest of the file.'));
    assert.ok(!isRefusal('items.filter(Boolean)'));
    assert.equal(extractInsertion("<insert>I'm sorry, I can't help with that.</insert>"), '');
    // In prose the same words are a sentence of the text, unless they talk about the task.
    assert.equal(extractInsertion('I cannot attend on Friday.', '', { languageId: 'markdown' }), 'I cannot attend on Friday.');
    assert.equal(extractInsertion('I cannot complete this code.', '', { languageId: 'markdown' }), '');
  });

  it('unwraps wrapper tags other than ours, except real markup', () => {
    assert.equal(unwrapForeignTags('<code>a + b</code>', 'python'), 'a + b');
    assert.equal(unwrapForeignTags('<CODE5711>\nfoo()\n</CODE5711>', 'typescript'), 'foo()');
    assert.equal(unwrapForeignTags('<code>npm test</code>', 'html'), '<code>npm test</code>');
    assert.equal(unwrapForeignTags('<div>x</div>', 'python'), '<div>x</div>');
  });

  it('unwraps a one-line answer in inline backticks where backticks are not syntax', () => {
    assert.equal(unwrapInlineBackticks('`len(items)`', 'python'), 'len(items)');
    assert.equal(unwrapInlineBackticks('`items.length;`', 'typescript'), 'items.length;');
    assert.equal(unwrapInlineBackticks('`Hello ${name}`', 'typescript'), '`Hello ${name}`', 'a template literal');
    assert.equal(unwrapInlineBackticks('`date +%s`', 'shellscript'), '`date +%s`', 'command substitution');
    assert.equal(unwrapInlineBackticks('`json:"name"`', 'go'), '`json:"name"`', 'a struct tag');
    assert.equal(unwrapInlineBackticks('`npm ci`', 'markdown'), '`npm ci`');
  });

  it('tells where a sentence is content', () => {
    assert.ok(proseFits('| Name | ', 'markdown'));
    assert.ok(proseFits('  <p>', 'html'));
    assert.ok(!proseFits('  <p class=', 'html'));
    assert.ok(proseFits('  // Returns the ', 'typescript'));
    assert.ok(proseFits('msg = "Could not ', 'python'));
    assert.ok(proseFits('doc = """', 'python'));
    assert.ok(!proseFits('const total = ', 'typescript'));
  });

  it('sees a line that ends in a loop', () => {
    assert.ok(endsInRepetition('x = y = y = y = y = y = y ='));
    assert.ok(!endsInRepetition('[0, 0, 0, 0, 0, 0]'));
    assert.ok(!endsInRepetition('f(g(h(1)))))))'));
    assert.ok(!endsInRepetition('const total = items.reduce((a, b) => a + b, 0);'));
  });

  it('ends the answer at another model\'s end-of-text token, unless the token is in a string the user writes', () => {
    // Go: what follows the token (a new turn) is not code.
    assert.equal(extractInsertion('<insert>if err != nil {\n\treturn err\n}<|im_end|>\nHuman: thanks</insert>', '', { languageId: 'go' }), 'if err != nil {\n\treturn err\n}');
    assert.equal(extractInsertion('<insert>total += price * qty; <|eot_id|></insert>', '', { languageId: 'c' }), 'total += price * qty;');
    assert.equal(extractInsertion('<insert>let y = x + 1;<｜end▁of▁sentence｜>let z</insert>', '', { languageId: 'rust' }), 'let y = x + 1;');
    // A tokenizer constant in a string literal is the user's code.
    assert.equal(extractInsertion('<insert>EOS = "<|endoftext|>"</insert>', '', { languageId: 'python' }), 'EOS = "<|endoftext|>"');
  });

  it('stops the stream at an end-of-text token', () => {
    const shape = { ctx: ctxAt('fn area(r: f64) -> f64 {\n    █\n}\n'), multiline: true, prefilled: '<insert>', languageId: 'rust' };
    assert.equal(isCompleteEnough('let a = r * r;\n', shape), false);
    assert.equal(isCompleteEnough('let a = r * r;<|endoftext|>', shape), true);
  });

  it('decodes an answer that arrived HTML-escaped, only where the entities stand in code', () => {
    assert.equal(extractInsertion('<insert>let names: Vec&lt;String&gt; = Vec::new();</insert>', '', { languageId: 'rust' }), 'let names: Vec<String> = Vec::new();');
    assert.equal(extractInsertion('<insert>if lo &lt;= x and x &lt; hi:\n    print(&quot;in range&quot;)</insert>', '', { languageId: 'python' }), 'if lo <= x and x < hi:\n    print("in range")');
    // The user's own entities: in a string, in a regular expression, in markup.
    assert.equal(extractInsertion('<insert>String amp = "&amp;";</insert>', '', { languageId: 'java' }), 'String amp = "&amp;";');
    assert.equal(extractInsertion('<insert>s.replace(/&amp;/g, "&")</insert>', '', { languageId: 'javascript' }), 's.replace(/&amp;/g, "&")');
    assert.equal(extractInsertion('<insert>Tom &amp; Jerry</p></insert>', '', { languageId: 'html' }), 'Tom &amp; Jerry</p>');
    assert.equal(extractInsertion('<insert><p className="t">Terms &amp; conditions</p></insert>', '', { languageId: 'javascript' }), '<p className="t">Terms &amp; conditions</p>', 'JSX in a .js file');
  });
});
