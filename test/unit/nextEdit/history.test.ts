import * as assert from 'node:assert/strict';
import { EditHistory, formatHunk, MAX_HUNKS } from '../../../src/nextEdit/history';
import { replace } from './docs';

describe('nextEdit history', () => {
  it('keystrokes of one rename become one diff; the shadow text follows the document', () => {
    let text = 'function total(items) {\n  return items.length;\n}';
    const h = new EditHistory(text);
    // Select "items" in the signature and type "rows" key by key.
    const r = replace(text, 'items', '');
    h.apply([r.change]);
    text = r.after;
    [...'rows'].forEach((ch, k) => {
      const at = { line: 0, character: 15 + k };
      h.apply([{ start: at, end: at, text: ch }]);
      text = text.slice(0, 15 + k) + ch + text.slice(15 + k);
    });
    assert.equal(h.text(), text);
    assert.equal(h.recent().length, 1);
    assert.equal(formatHunk(h.recent()[0]), `@@ 1\n-function total(items) {\n+${text.split('\n')[0]}`);
  });

  it('edits far apart are separate diffs, newest last, and only the last few are kept', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line${i}`);
    let text = lines.join('\n');
    const h = new EditHistory(text);
    for (let i = 0; i < MAX_HUNKS + 2; i++) {
      const r = replace(text, `line${i * 10}\n`, `LINE${i * 10}\n`);
      h.apply([r.change]);
      text = r.after;
    }
    const recent = h.recent();
    assert.equal(recent.length, MAX_HUNKS);
    assert.equal(formatHunk(recent.at(-1)!), `@@ ${(MAX_HUNKS + 1) * 10 + 1}\n-line${(MAX_HUNKS + 1) * 10}\n+LINE${(MAX_HUNKS + 1) * 10}`);
    assert.equal(h.text(), text);
  });

  it('an inserted line above an older diff moves it down; an edit typed and erased leaves no diff', () => {
    let text = 'a\nb\nc\nd\ne\nf\ng';
    const h = new EditHistory(text);
    let r = replace(text, 'f', 'F');
    h.apply([r.change]);
    text = r.after;
    r = replace(text, 'a', 'a\nnew');
    h.apply([r.change]);
    text = r.after;
    assert.equal(h.recent()[0].line, 6);
    r = replace(text, 'new', '');
    h.apply([r.change]);
    text = r.after;
    r = replace(text, 'a\n\n', 'a\n');
    h.apply([r.change]);
    text = r.after;
    assert.equal(h.text(), text);
    assert.equal(h.recent().length, 1, 'the typed-then-erased line is no diff');
  });
});
