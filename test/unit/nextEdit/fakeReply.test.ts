import * as assert from 'node:assert/strict';
import { nextEditReply } from '../../fake/replies';
import { validateAnswer } from '../../../src/nextEdit/answer';
import { EditHistory } from '../../../src/nextEdit/history';
import { buildPrompt, DEFAULT_BUDGET, takeSnapshot } from '../../../src/nextEdit/prompt';
import { docOf, replace } from './docs';

describe('fake Bedrock next-edit reply', () => {
  it('carries a renamed parameter to its next use, in the format the feature validates', () => {
    const before = 'function total(items: number[]) {\n  let sum = 0;\n  // add them up\n  for (const x of items) sum += x;\n  return sum;\n}';
    const h = new EditHistory(before);
    const r = replace(before, 'items:', 'prices:');
    h.apply([r.change]);
    const doc = docOf(r.after);
    const req = buildPrompt({ document: doc, snapshot: takeSnapshot(doc, 0, DEFAULT_BUDGET, 3.5, 0, 0), recent: h.recent(), cursor: { line: 0, character: 20 }, lastEditLine: 0, budget: DEFAULT_BUDGET });
    const answer = nextEditReply([req.system, ...req.messages.map((m) => m.text)].join('\n'));
    const { edits } = validateAnswer(answer, { document: doc, recent: h.recent() });
    assert.deepEqual(edits.map((e) => [e.start.line, e.removed, e.text]), [[3, 'items', 'prices']]);
  });
});
