import * as assert from 'node:assert/strict';
import { identifiers, jaccard, SnippetIndex, type SnippetSource } from '../../../src/completion/snippets';
import { linesOf } from '../../../src/completion/context';
import type { LineSource } from '../../../src/completion/types';

function source(path: string, text: string, opts: Partial<SnippetSource> = {}): SnippetSource & { reads: () => number } {
  const l = linesOf(text);
  let reads = 0;
  const lines: LineSource = { lineCount: l.lineCount, lineAt: (i) => (reads++, l.lineAt(i)) };
  return { uri: `file:///${path}`, relativePath: path, languageId: 'typescript', version: 1, lines, lastActive: 0, ...opts, reads: () => reads };
}

/** An index whose indexing clock never moves: these tests are about ranking, not the per-keystroke time budget (a loaded machine would otherwise leave a file half indexed). */
const unhurried = () => new SnippetIndex(Date.now, () => 0);

const filler = (n: number, word: string) => Array.from({ length: n }, (_, i) => `const ${word}${i} = ${word}Helper(${i});`).join('\n');

describe('identifiers and jaccard', () => {
  it('keeps meaningful identifiers, drops keywords and short names', () => {
    assert.deepEqual([...identifiers('const total = computeTotal(items, x); return total;')].sort(), ['computetotal', 'items', 'total']);
  });
  it('scores overlap of sets', () => {
    assert.equal(jaccard(new Set(['a', 'b']), new Set(['b', 'c'])), 1 / 3);
    assert.equal(jaccard(new Set(), new Set(['a'])), 0);
  });
});

describe('SnippetIndex', () => {
  const related = filler(40, 'noise') + '\nexport function parseInvoiceLine(line: string): InvoiceLine {\n  const [sku, qty, price] = line.split(",");\n  return { sku, qty: Number(qty), price: Number(price) };\n}\n' + filler(40, 'other');

  it('finds the window that shares identifiers with the code at the cursor', () => {
    const idx = unhurried();
    const out = idx.retrieve('const parsed = rows.map((line) => parseInvoiceLine(line)); // sku qty price', [source('src/invoice.ts', related)], { languageId: 'typescript', budgetChars: 2000 });
    assert.ok(out.length >= 1);
    assert.match(out[0].text, /parseInvoiceLine/);
    assert.equal(out[0].relativePath, 'src/invoice.ts');
  });

  it('stays within the character budget and does not repeat overlapping windows', () => {
    const idx = unhurried();
    const out = idx.retrieve('noise1 noiseHelper noise2 noise3 noise4', [source('a.ts', filler(200, 'noise'))], { languageId: 'typescript', budgetChars: 900 });
    const used = out.reduce((n, s) => n + s.text.length + s.relativePath.length + 32, 0);
    assert.ok(used <= 900);
    for (let i = 0; i < out.length; i++) for (let j = i + 1; j < out.length; j++) {
      const a = out[i], b = out[j];
      assert.ok(a.startLine + 16 <= b.startLine || b.startLine + 16 <= a.startLine, 'windows overlap');
    }
  });

  it('ignores files of unrelated languages but mixes JS and TS', () => {
    const idx = unhurried();
    const py = source('x.py', related, { languageId: 'python' });
    const js = source('x.js', related, { languageId: 'javascript' });
    assert.equal(idx.retrieve('parseInvoiceLine sku qty', [py], { languageId: 'typescript', budgetChars: 2000 }).length, 0);
    assert.ok(idx.retrieve('parseInvoiceLine sku qty', [js], { languageId: 'typescript', budgetChars: 2000 }).length > 0);
  });

  it('indexes a document once per version', () => {
    const idx = unhurried();
    const s = source('a.ts', related);
    idx.retrieve('parseInvoiceLine', [s], { languageId: 'typescript', budgetChars: 2000 });
    const after1 = s.reads();
    idx.retrieve('parseInvoiceLine', [s], { languageId: 'typescript', budgetChars: 2000 });
    const after2 = s.reads();
    assert.ok(after2 - after1 < 40, 'second query only reads the picked windows');
    idx.retrieve('parseInvoiceLine', [{ ...s, version: 2 }], { languageId: 'typescript', budgetChars: 2000 });
    assert.ok(s.reads() - after2 > 80, 'a new version is re-indexed');
  });

  it('uses parts of the current file outside the prompt window, never inside it', () => {
    const idx = unhurried();
    const text = 'import { parseInvoiceLine } from "./invoice";\n' + filler(300, 'noise') + '\nconst x = parseInvoiceLine(';
    const cur = source('src/main.ts', text);
    const lastLine = cur.lines.lineCount - 1;
    const out = idx.retrieve('parseInvoiceLine(', [], {
      languageId: 'typescript',
      budgetChars: 2000,
      current: { source: cur, skipFrom: lastLine - 50, skipTo: lastLine, cursorLine: lastLine },
    });
    assert.ok(out.some((s) => s.startLine === 0 && s.text.includes('import { parseInvoiceLine }')));
    assert.ok(out.every((s) => s.startLine + 16 <= lastLine - 50));
  });

  it('prefers the most recently active file on equal scores', () => {
    const idx = unhurried();
    const a = source('a.ts', related, { lastActive: 1 });
    const b = source('b.ts', related, { lastActive: 5, uri: 'file:///b.ts' });
    const out = idx.retrieve('parseInvoiceLine sku qty price', [a, b], { languageId: 'typescript', budgetChars: 1500, maxSnippets: 1 });
    assert.equal(out[0].relativePath, 'b.ts');
  });
});
