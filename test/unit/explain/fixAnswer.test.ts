import * as assert from 'node:assert';
import {
  applyUnifiedDiff,
  chooseFixRegion,
  parseFixAnswer,
  redactRegion,
  restoreRedactions,
  MAX_FIX_REGION_LINES,
  type FixRegion,
} from '../../../src/explain/fixAnswer';

const FILE = `import { money } from './format';

export function total(prices: number[]): number {
  let sum = 0;
  for (const p of prices) {
    sum += p;
  }
  const label: number = money(sum);
  return label;
}
`.split('\n');

const region: FixRegion = chooseFixRegion(FILE, { start: 7, end: 7 }, 'typescript');
const FIXED_BODY = region.text.replace('const label: number = money(sum);\n  return label;', 'return sum;');

function expectOk(r: ReturnType<typeof parseFixAnswer>): string {
  if (!r.ok) assert.fail(`parse failed: ${r.reason}`);
  return r.newText;
}

describe('explain/fixAnswer: region', () => {
  it('rewrites the whole enclosing function when it is short', () => {
    assert.strictEqual(region.startLine, 2);
    assert.strictEqual(region.endLine, 9);
    assert.match(region.text, /^export function total[\s\S]*\n\}$/);
  });

  it('uses lines around the diagnostic when the function is too long or absent', () => {
    const long = ['function f() {', ...Array.from({ length: 200 }, (_, i) => `  x${i}();`), '}'];
    const r = chooseFixRegion(long, { start: 100, end: 100 }, 'javascript');
    assert.deepStrictEqual([r.startLine, r.endLine], [94, 106]);
    const script = Array.from({ length: 20 }, (_, i) => `print(${i})`);
    const s = chooseFixRegion(script, { start: 2, end: 2 }, 'python');
    assert.deepStrictEqual([s.startLine, s.endLine], [0, 8]);
  });

  it('never exceeds the line limit even for a huge diagnostic range', () => {
    const src = Array.from({ length: 500 }, (_, i) => `line${i}`);
    const r = chooseFixRegion(src, { start: 10, end: 400 }, 'plaintext');
    assert.ok(r.endLine - r.startLine + 1 <= MAX_FIX_REGION_LINES);
  });
});

describe('explain/fixAnswer: parsing', () => {
  it('takes the replacement between tags and the note after them', () => {
    const answer = `Here is the fix.\n<replacement>\n${FIXED_BODY}\n</replacement>\nReturned the number instead of the formatted label.`;
    const r = parseFixAnswer(answer, region);
    assert.ok(r.ok);
    assert.strictEqual(r.newText, FIXED_BODY);
    assert.strictEqual(r.note, 'Returned the number instead of the formatted label.');
    assert.strictEqual(r.form, 'tags');
  });

  it('accepts a code fence inside the tags and CRLF line ends', () => {
    const answer = `<replacement>\r\n\`\`\`typescript\r\n${FIXED_BODY.replace(/\n/g, '\r\n')}\r\n\`\`\`\r\n</replacement>`;
    assert.strictEqual(expectOk(parseFixAnswer(answer, region)), FIXED_BODY);
  });

  it('says the answer was cut off when the closing tag is missing', () => {
    const r = parseFixAnswer(`<replacement>\n${FIXED_BODY.slice(0, 40)}`, region);
    assert.deepStrictEqual(r.ok ? 'ok' : r.reason, 'truncated');
  });

  it('refuses an answer that changes nothing', () => {
    const r = parseFixAnswer(`<replacement>\n${region.text}\n</replacement>\nNo change needed.`, region);
    assert.deepStrictEqual(r.ok ? 'ok' : r.reason, 'unchanged');
  });

  it('applies a unified diff answer to the region', () => {
    const answer = [
      'The label is a string:',
      '```diff',
      '@@ -6,3 +6,2 @@',
      '   }',
      '-  const label: number = money(sum);',
      '-  return label;',
      '+  return sum;',
      '```',
    ].join('\n');
    const r = parseFixAnswer(answer, region);
    assert.ok(r.ok && r.form === 'diff');
    assert.strictEqual(r.newText, FIXED_BODY);
  });

  it('refuses a diff whose context does not match the code', () => {
    const answer = '```diff\n@@ -1 +1 @@\n-  const nothing = 1;\n+  const nothing = 2;\n```';
    const r = parseFixAnswer(answer, region);
    assert.deepStrictEqual(r.ok ? 'ok' : r.reason, 'diffMismatch');
  });

  it('falls back to a single code block', () => {
    const r = parseFixAnswer(`Try this:\n\n\`\`\`ts\n${FIXED_BODY}\n\`\`\`\n`, region);
    assert.ok(r.ok && r.form === 'codeBlock');
    assert.strictEqual(r.newText, FIXED_BODY);
    assert.strictEqual(r.note, 'Try this:');
  });

  it('refuses prose without code, and several code blocks without tags', () => {
    assert.deepStrictEqual(((r) => (r.ok ? 'ok' : r.reason))(parseFixAnswer('You should return sum.', region)), 'noReplacement');
    const two = '```ts\na\n```\nor\n```ts\nb\n```';
    assert.deepStrictEqual(((r) => (r.ok ? 'ok' : r.reason))(parseFixAnswer(two, region)), 'noReplacement');
  });

  it('restores the indentation a model dropped from an indented region', () => {
    const lines = ['class A {', '  m() {', '    return x;', '  }', '}'];
    const reg: FixRegion = { startLine: 1, endLine: 3, text: lines.slice(1, 4).join('\n') };
    const r = parseFixAnswer('<replacement>\nm() {\n  return this.x;\n}\n</replacement>', reg);
    assert.strictEqual(expectOk(r), '  m() {\n    return this.x;\n  }');
  });

  it('strips line-number gutters copied from our excerpt format', () => {
    const reg: FixRegion = { startLine: 0, endLine: 1, text: 'let a: number = "1";\nuse(a);' };
    const r = parseFixAnswer('<replacement>\n> 1 | let a: number = 1;\n  2 | use(a);\n</replacement>', reg);
    assert.strictEqual(expectOk(r), 'let a: number = 1;\nuse(a);');
  });

  it('keeps deliberate blank lines and trailing content inside the region', () => {
    const reg: FixRegion = { startLine: 0, endLine: 2, text: 'a\n\nb' };
    assert.strictEqual(expectOk(parseFixAnswer('<replacement>\na\n\nc\n</replacement>', reg)), 'a\n\nc');
  });
});

describe('explain/fixAnswer: secrets in the region', () => {
  const secret = 'Zk8' + 'pQ2rT7vX9yB4nM6cL1dF3gH5jK';
  const code = `const client = connect({\n  host: 'db',\n  password: "${secret}",\n});\nclient.qurey('select 1');`;
  const reg: FixRegion = { startLine: 0, endLine: 4, text: code };

  it('sends placeholders and puts the original values back into the edit', () => {
    const red = redactRegion(code);
    assert.ok(!red.text.includes(secret));
    assert.match(red.text, /password: "<redacted:password>"/);
    const answer = `<replacement>\n${red.text.replace('qurey', 'query')}\n</replacement>`;
    const r = parseFixAnswer(answer, reg, red);
    assert.strictEqual(expectOk(r), code.replace('qurey', 'query'));
  });

  it('refuses an edit with a placeholder it cannot map', () => {
    const red = redactRegion(code);
    const r = parseFixAnswer('<replacement>\nconst t = "<redacted:github-token>";\n</replacement>', reg, red);
    assert.deepStrictEqual(r.ok ? 'ok' : r.reason, 'unsafe');
    const plain = parseFixAnswer('<replacement>\nconst t = "<redacted:password>";\n</replacement>', { startLine: 0, endLine: 0, text: 'x' });
    assert.deepStrictEqual(plain.ok ? 'ok' : plain.reason, 'unsafe');
  });

  it('maps several placeholders of one kind in order', () => {
    const two = `const a = { password: "${secret}" };\nconst b = { password: "${secret.split('').reverse().join('')}" };`;
    const red = redactRegion(two);
    assert.deepStrictEqual(red.values.get('password'), [secret, secret.split('').reverse().join('')]);
    assert.strictEqual(restoreRedactions(red.text, red), two);
  });

  it('leaves a region without secrets untouched', () => {
    const red = redactRegion('let x = 1;');
    assert.strictEqual(red.text, 'let x = 1;');
    assert.strictEqual(red.values.size, 0);
  });
});

describe('explain/fixAnswer: unified diff', () => {
  it('applies several hunks in order and tolerates trailing-space differences', () => {
    const text = 'a\nb  \nc\nd\ne\nf';
    const diff = '@@ -1,2 +1,2 @@\n a\n-b\n+B\n@@ -5,2 +5,2 @@\n e\n-f\n+F';
    assert.strictEqual(applyUnifiedDiff(text, diff), 'a\nB\nc\nd\ne\nF');
  });

  it('accepts hunks without @@ headers and ignores file headers', () => {
    assert.strictEqual(applyUnifiedDiff('x\ny', '--- a/f\n+++ b/f\n x\n-y\n+z'), 'x\nz');
  });

  it('returns undefined for an empty or no-op diff', () => {
    assert.strictEqual(applyUnifiedDiff('x', ''), undefined);
    assert.strictEqual(applyUnifiedDiff('x', '@@ -1 +1 @@\n x'), undefined);
  });
});
