import * as assert from 'node:assert/strict';
import { completeLines } from '../../../bench/completions/offline';

describe('complete:offline with the parse gate', () => {
  const broken = {
    id: 'paren', language: 'typescript', multiline: true,
    prefix: 'function total(items: Item[]): number {\n  ', suffix: '\n}\n',
    raw: "const sum = items.reduce((a, b) => a + b.price, 0);\n  console.log('sum', sum;\n  return sum;",
  };

  async function run(opts: { parser?: boolean }): Promise<{ insertText: string }[]> {
    const out: string[] = [];
    await completeLines([JSON.stringify(broken), JSON.stringify({ ...broken, id: 'kt', language: 'kotlin' })], (l) => out.push(l), opts);
    return out.map((l) => JSON.parse(l) as { insertText: string });
  }

  it('waits for the grammar and applies the extension\'s gate: the broken line and what follows go', async () => {
    const [ts, kt] = await run({});
    assert.equal(ts.insertText, 'const sum = items.reduce((a, b) => a + b.price, 0);');
    // No grammar for Kotlin: the rules' answer, broken line included.
    assert.match(kt.insertText, /console\.log\('sum', sum;/);
  });

  it('runs the rules alone when asked to (the benchmark compares the two)', async () => {
    const [ts] = await run({ parser: false });
    assert.match(ts.insertText, /console\.log\('sum', sum;\n {2}return sum;$/);
  });
});
