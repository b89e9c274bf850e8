import * as assert from 'node:assert/strict';
import {
  cutPlaceholders, cutPromptLeak, endsInRepetition, isRefusal, proseFits, stripLeadingJunk, stripZeroWidth, unwrapForeignTags, unwrapInlineBackticks,
} from '../../../src/completion/shapingFilters';
import { extractInsertion } from '../../../src/completion/extract';

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
    assert.equal(cutPromptLeak('// Path: src/app.ts\nimport a'), '');
    assert.equal(cutPromptLeak('a()\n</file>'), 'a()');
    assert.equal(cutPromptLeak('const path = "a: b";'), 'const path = "a: b";');
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
});
