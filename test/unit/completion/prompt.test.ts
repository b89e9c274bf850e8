import * as assert from 'node:assert/strict';
import { buildPrompt, CURSOR, SYSTEM_PROMPT, SINGLE_LINE_MAX_TOKENS, MULTI_LINE_MAX_TOKENS, wellFormed } from '../../../src/completion/prompt';
import { buildDocumentContext, linesOf } from '../../../src/completion/context';

const ctx = buildDocumentContext(linesOf('a\nfunction f() {\n  return \n}'), { line: 2, character: 9 }, { prefixChars: 1000, suffixChars: 1000 });
const base = { ctx, prefix: ctx.prefix, suffix: ctx.suffix, snippets: [], relativePath: 'src/f.ts', languageId: 'typescript', multiline: false, acceptsPrefill: false };

describe('buildPrompt', () => {
  it('shows the file with the cursor marker, its path and language', () => {
    const { request } = buildPrompt(base);
    const user = request.messages[0].text;
    assert.ok(user.includes(`  return ${CURSOR}\n}`));
    assert.match(user, /<file path="src\/f\.ts" language="typescript">/);
    assert.equal(request.system, SYSTEM_PROMPT);
  });

  it('ends with a user turn unless the model accepts prefill', () => {
    const without = buildPrompt(base);
    assert.equal(without.request.messages.length, 1);
    assert.equal(without.prefilled, '');
    const withPrefill = buildPrompt({ ...base, acceptsPrefill: true });
    assert.deepEqual(withPrefill.request.messages.at(-1), { role: 'assistant', text: '<insert>' });
    assert.equal(withPrefill.prefilled, '<insert>');
  });

  it('asks for low temperature, few tokens and stops at the closing tag', () => {
    const single = buildPrompt(base).request;
    assert.equal(single.temperature, 0);
    assert.equal(single.maxTokens, SINGLE_LINE_MAX_TOKENS);
    assert.deepEqual(single.stopSequences, ['</insert>']);
    assert.equal(single.feature, 'completion');
    const multi = buildPrompt({ ...base, multiline: true }).request;
    assert.equal(multi.maxTokens, MULTI_LINE_MAX_TOKENS);
    assert.match(multi.messages[0].text, /rest of the current block/);
    assert.match(single.messages[0].text, /current line only/);
  });

  it('states the file\'s indentation where an answer may run to several lines', () => {
    const at = (doc: string, multiline: boolean) => {
      const ctx = buildDocumentContext(linesOf(doc.replace('█', '')), { line: doc.slice(0, doc.indexOf('█')).split('\n').length - 1, character: doc.slice(0, doc.indexOf('█')).split('\n').pop()!.length }, { prefixChars: 1000, suffixChars: 1000 });
      return buildPrompt({ ...base, ctx, prefix: ctx.prefix, suffix: ctx.suffix, multiline }).request.messages[0].text;
    };
    assert.match(at('class A {\n  m() {\n    █\n  }\n}\n', true), /The file indents with 2 spaces per level; write every line after the first at its full column/);
    assert.match(at('func f() {\n\tif ok {\n\t\tx()\n\t}\n\t█\n}\n', false), /The file indents with tabs/);
    // Mid-statement, a one-line answer: nothing to say about later lines.
    assert.doesNotMatch(at('const total = █\n', false), /The file indents/);
  });

  it('lists snippets before the file, marked as reference', () => {
    const { request } = buildPrompt({ ...base, snippets: [{ relativePath: 'src/"x".ts', startLine: 9, text: 'export const y = 1;', score: 0.5 }] });
    const user = request.messages[0].text;
    assert.ok(user.indexOf('<snippet') < user.indexOf('<file'));
    assert.match(user, /<snippet path="src\/&quot;x&quot;\.ts" line="10">\nexport const y = 1;\n<\/snippet>/);
  });

  it('marks a prefix that does not start at the top of the file', () => {
    const cut = { ...ctx, prefixStartLine: 5 };
    assert.match(buildPrompt({ ...base, ctx: cut }).request.messages[0].text, /language="typescript">\n…\n/);
  });

  it('uses no fill-in-the-middle tokens a chat model would not know', () => {
    const user = buildPrompt(base).request.messages[0].text;
    assert.ok(!/fim_|<\|/.test(user + SYSTEM_PROMPT));
  });

  it('replaces NULs and half emoji in what it sends, keeping whole emoji and the text around', () => {
    const emoji = '😀';
    const text = `a\u0000b ${emoji} ${emoji[0]}x ${emoji[1]}y`;
    assert.equal(wellFormed(text), `a\uFFFDb ${emoji} \uFFFDx \uFFFDy`);
    const user = buildPrompt({ ...base, prefix: `const s = "${emoji[0]}`, suffix: `${emoji[1]}\u0000";` }).request.messages[0].text;
    assert.ok(user.includes(`const s = "\uFFFD${CURSOR}\uFFFD\uFFFD";`), user);
  });
});
