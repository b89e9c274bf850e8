import * as assert from 'node:assert/strict';
import { estimateTokens, findModel } from '../../../src/bedrock/catalog';
import { buildAttachment, composePrompt, fenceFor, formatAttachment, type Attachment } from '../../../src/chat/context';
import { ExclusionRules } from '../../../src/privacy';

const rules = new ExclusionRules({ globs: ['**/generated/**'], haikuignore: 'private/\n' });
const model = findModel('claude-haiku-4-5');
const ok = (r: ReturnType<typeof buildAttachment>): Attachment => {
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.attachment;
};

describe('chat context attachments', () => {
  it('attaches a selection with its line range and a token estimate', () => {
    const a = ok(buildAttachment('selection', { relativePath: 'src/app.ts', languageId: 'typescript', text: 'const x = 1;\nconst y = 2;\n', startLine: 10, endLine: 11 }, rules, model));
    assert.equal(a.label, 'src/app.ts:10-11');
    assert.equal(a.redactions, 0);
    assert.equal(a.tokens, estimateTokens(formatAttachment(a), model));
    assert.ok(a.tokens > 5);
  });

  it('attaches the active file by its path', () => {
    const a = ok(buildAttachment('file', { relativePath: 'src/app.ts', languageId: 'typescript', text: 'export {};\n' }, rules, model));
    assert.equal(a.label, 'src/app.ts');
    assert.match(formatAttachment(a), /^The file `src\/app\.ts`:\n```typescript\nexport \{\};\n```$/);
  });

  it('refuses files named like secrets, excluded by settings or by .haikuignore', () => {
    for (const p of ['.env', 'config/prod.pem', 'src/generated/api.ts', 'private/notes.md']) {
      const r = buildAttachment('file', { relativePath: p, languageId: 'plaintext', text: 'hello' }, rules, model);
      assert.equal(r.ok, false, p);
      if (!r.ok) assert.match(r.reason, new RegExp(`^${p.replace(/\./g, '\\.')} is not sent`));
    }
  });

  it('refuses binary, huge and minified text', () => {
    const cases = {
      binary: 'abc\u0000def',
      huge: 'x\n'.repeat(150_000),
      minified: `var a=${'1,'.repeat(3000)}1;`,
    };
    for (const [name, text] of Object.entries(cases)) {
      const r = buildAttachment('file', { relativePath: 'x.js', languageId: 'javascript', text }, rules, model);
      assert.equal(r.ok, false, name);
    }
  });

  it('refuses an empty selection', () => {
    const r = buildAttachment('selection', { relativePath: 'a.ts', languageId: 'typescript', text: '  \n', startLine: 1, endLine: 1 }, rules, model);
    assert.equal(r.ok, false);
  });

  it('replaces secrets by placeholders and counts them', () => {
    const text = 'const key = "AKIAIOSFODNN7EXAMPLE";\nconst other = 1;\n';
    const a = ok(buildAttachment('selection', { relativePath: 'a.ts', languageId: 'typescript', text, startLine: 3, endLine: 4 }, rules, model));
    assert.equal(a.redactions, 1);
    assert.doesNotMatch(a.text, /AKIAIOSFODNN7EXAMPLE/);
    assert.match(a.text, /<redacted:aws-access-key>/);
    assert.doesNotMatch(composePrompt('why?', [a]).prompt, /AKIAIOSFODNN7EXAMPLE/);
  });

  it('fences attached text with more backticks than it contains', () => {
    assert.equal(fenceFor('plain'), '```');
    assert.equal(fenceFor('a ``` b'), '````');
    assert.equal(fenceFor('`````'), '``````');
    const a = ok(buildAttachment('file', { relativePath: 'README.md', languageId: 'markdown', text: '```js\nx\n```\n' }, rules, model));
    assert.match(formatAttachment(a), /^The file `README\.md`:\n````markdown\n```js\nx\n```\n````$/);
  });

  it('puts the attached context before the question and reports it as context sent', () => {
    const a = ok(buildAttachment('file', { relativePath: 'a.py', languageId: 'python', text: 'print(1)\n' }, rules, model));
    const { prompt, contextSent } = composePrompt('What does this print?', [a]);
    assert.ok(prompt.endsWith('\n\nWhat does this print?'));
    assert.ok(prompt.startsWith(contextSent!));
    assert.deepEqual(composePrompt('hi', []), { prompt: 'hi' });
  });
});
