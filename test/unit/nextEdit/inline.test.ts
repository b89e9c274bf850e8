import * as assert from 'node:assert/strict';
import { inlineForm } from '../../../src/nextEdit/inline';
import type { ProposedEdit } from '../../../src/nextEdit/types';
import { docOf } from './docs';

const edit = (line: number, from: number, to: number, removed: string, text: string): ProposedEdit => ({
  start: { line, character: from }, end: { line, character: to }, removed, text, anchorLines: [line, line],
});

describe('nextEdit inline form', () => {
  const doc = docOf('const total = sum(items);\nlog(total);');

  it('shows an edit on the cursor line as ghost text when it only adds after what is typed', () => {
    // sum(items) → sum(items, tax): the cursor after "sum(" is inside the widened range.
    const f = inlineForm(doc, edit(0, 23, 23, '', ', tax'), { line: 0, character: 18 });
    assert.deepEqual(f, { range: { start: { line: 0, character: 18 }, end: { line: 0, character: 23 } }, insertText: 'items, tax' });
  });

  it('leaves to decorations what ghost text cannot show: other lines, removals before the cursor, several lines', () => {
    assert.equal(inlineForm(doc, edit(1, 4, 9, 'total', 'sum'), { line: 0, character: 3 }), undefined, 'another line');
    assert.equal(inlineForm(doc, edit(0, 18, 23, 'items', 'rows'), { line: 0, character: 24 }), undefined, 'replaces text before the cursor');
    assert.equal(inlineForm(doc, edit(0, 23, 23, '', ',\n tax'), { line: 0, character: 23 }), undefined, 'adds a line');
  });
});
