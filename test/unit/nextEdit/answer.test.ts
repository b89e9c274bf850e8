import * as assert from 'node:assert/strict';
import { parseAnswer, stillApplies, validateAnswer } from '../../../src/nextEdit/answer';
import { EditHistory } from '../../../src/nextEdit/history';
import { docOf, replace } from './docs';

const FILE = ['function total(rows) {', '  let sum = 0;', '  for (const r of items) sum += r.price;', '  return sum;', '}', '', 'for (const r of items) log(r);'].join('\n');

describe('nextEdit answer', () => {
  it('turns a hunk into the smallest edit of the current document', () => {
    const doc = docOf(FILE);
    const { edits, dropped } = validateAnswer('@@ 3\n-  for (const r of items) sum += r.price;\n+  for (const r of rows) sum += r.price;\n', { document: doc });
    assert.deepEqual(dropped, []);
    assert.equal(edits.length, 1);
    const e = edits[0];
    assert.deepEqual([e.start, e.end, e.removed, e.text], [{ line: 2, character: 18 }, { line: 2, character: 23 }, 'items', 'rows']);
    assert.ok(stillApplies(doc, e));
  });

  it('finds the anchor without a line number when it is unique, and reads NONE as no edit', () => {
    const doc = docOf(FILE);
    assert.equal(validateAnswer('@@\n-  return sum;\n+  return sum * 2;', { document: doc }).edits[0].text, ' * 2');
    const none = parseAnswer('NONE');
    assert.ok(none.none);
    assert.equal(none.hunks.length, 0);
  });

  it('drops what does not apply exactly: unknown text, ambiguous anchors, repeats, malformed lines', () => {
    const doc = docOf(FILE.replace('log(r)', 'sum += r.price'));
    const reasons = (answer: string) => validateAnswer(answer, { document: doc }).dropped;
    assert.deepEqual(reasons('@@ 3\n-  for (const r of itemz) sum += r.price;\n+x'), ['notFound']);
    // Two lines read "for (const r of items) sum += r.price;" once indentation is ignored, but anchors are exact:
    assert.deepEqual(reasons('@@ 2\n-  let sum = 0;\n+  let sum = 1;'), []);
    assert.deepEqual(reasons('@@ 40\n }\n-\n-\n+// end'), ['notFound'], 'empty anchor lines must exist too');
    assert.deepEqual(reasons('@@ 3\n   return sum;\n'), ['noChange']);
    assert.deepEqual(reasons('@@ 3\n-  return sum;\n*  return total;'), ['malformed']);
    assert.deepEqual(reasons('@@ 3\n+  // a comment with nothing to anchor it'), ['noAnchor']);
  });

  it('picks among identical anchors only by a line number close to one of them', () => {
    const doc = docOf('x = 1;\ny = 2;\nx = 1;\nz = 3;');
    assert.deepEqual(validateAnswer('@@\n-x = 1;\n+x = 2;', { document: doc }).dropped, ['ambiguous']);
    assert.equal(validateAnswer('@@ 3\n-x = 1;\n+x = 2;', { document: doc }).edits[0].start.line, 2);
    assert.deepEqual(validateAnswer('@@ 2\n-x = 1;\n+x = 2;', { document: doc }).dropped, ['ambiguous'], 'one line off from both');
    const far = docOf(['x = 1;', ...Array(20).fill(''), 'x = 1;'].join('\n'));
    assert.equal(validateAnswer('@@ 20\n-x = 1;\n+x = 2;', { document: far }).edits[0].start.line, 21);
  });

  it('refuses edits over text changed since the request, over secrets, and edits that undo the last one', () => {
    const doc = docOf(FILE);
    const answer = '@@ 3\n-  for (const r of items) sum += r.price;\n+  for (const r of rows) sum += r.price;';
    assert.deepEqual(validateAnswer(answer, { document: doc, changedSince: [[2, 2]] }).dropped, ['changedSince']);

    const secret = docOf('const key = "AKIAIOSFODNN7EXAMPLE";\nuse(key);');
    assert.deepEqual(validateAnswer('@@ 1\n-const key = "AKIAIOSFODNN7EXAMPLE";\n+const key = "x";', { document: secret }).dropped, ['redacted']);
    assert.deepEqual(validateAnswer('@@ 2\n-use(key);\n+use("<redacted:aws-access-key>");', { document: secret }).dropped, ['redacted']);

    const before = 'function total(items) {\n  return items;\n}';
    const h = new EditHistory(before);
    const r = replace(before, 'total(items', 'total(rows');
    h.apply([r.change]);
    const undo = validateAnswer('@@ 1\n-function total(rows) {\n+function total(items) {', { document: docOf(r.after), recent: h.recent() });
    assert.deepEqual(undo.dropped, ['undoesLastEdit']);
  });

  it('is not fooled by a hunk glued after prose or a code fence, and keeps only non-overlapping edits', () => {
    const doc = docOf(FILE);
    const answer = 'Here is the edit:\n```diff\n@@ 7\n-for (const r of items) log(r);\n+for (const r of rows) log(r);\n```\n@@ 7\n-for (const r of items) log(r);\n+for (const r of items) log(r, 1);';
    const { edits, dropped } = validateAnswer(answer, { document: doc });
    assert.equal(edits.length, 1);
    assert.equal(edits[0].text, 'rows');
    assert.deepEqual(dropped, ['overlapsEarlier']);
  });

  it('removes whole lines when a hunk removes them, also at the end of the file', () => {
    const doc = docOf('a();\nb();\nc();');
    const mid = validateAnswer('@@ 2\n-b();', { document: doc }).edits[0];
    assert.deepEqual([mid.start, mid.end], [{ line: 1, character: 0 }, { line: 2, character: 0 }]);
    const last = validateAnswer('@@ 3\n-c();', { document: doc }).edits[0];
    assert.deepEqual([last.start, last.end], [{ line: 1, character: 4 }, { line: 2, character: 4 }]);
  });

  it('does not trust a cut-off answer, a bare-bracket anchor, or a unique quote far from the line it names', () => {
    const doc = docOf(FILE);
    const cut = '@@ 4\n-  return sum;\n+  return su';
    assert.equal(validateAnswer(cut, { document: doc }).edits.length, 1, 'looks fine on its own');
    assert.deepEqual(validateAnswer(cut, { document: doc, truncated: true }).dropped, ['malformed']);
    assert.deepEqual(validateAnswer('@@\n-}\n+} // end', { document: doc }).dropped, ['weakAnchor']);
    assert.equal(validateAnswer('@@ 5\n-}\n+} // end', { document: doc }).edits.length, 1, 'named at its exact line it may stand');
    assert.deepEqual(validateAnswer('@@ 90\n-  return sum;\n+  return 0;', { document: doc }).dropped, ['farFromHint']);
  });
});
