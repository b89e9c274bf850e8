import * as assert from 'node:assert/strict';
import { NextEditController, type NextEditDeps } from '../../../src/nextEdit/controller';
import { stillApplies } from '../../../src/nextEdit/answer';
import type { StreamRequest } from '../../../src/bedrock/types';
import type { NextEditDocument, ProposedEdit } from '../../../src/nextEdit/types';
import { ExclusionRules } from '../../../src/privacy/exclude';
import { SimModel } from '../../support/simModel';
import { VirtualClock } from '../../support/virtualClock';
import { docOf, replace } from './docs';

const FILE = ['function total(items) {', '  let sum = 0;', '  for (const r of items) sum += r.price;', '  return sum;', '}'].join('\n');
const ANSWER = '@@ 3\n-  for (const r of items) sum += r.price;\n+  for (const r of rows) sum += r.price;';

function setup(reply: (r: StreamRequest) => string = () => ANSWER, over: Partial<NextEditDeps> = {}) {
  const clock = new VirtualClock();
  const model = new SimModel(clock, reply);
  const rules = new ExclusionRules({ globs: ['**/secret/**'] });
  let ghost = false;
  const c = new NextEditController({
    streamer: model,
    settings: () => ({ enabled: true, pauseMs: 400 }),
    charsPerToken: () => 3.5,
    isExcluded: (d) => rules.isExcluded(d.relativePath),
    ghostTextVisible: () => ghost,
    now: clock.now,
    sleep: clock.sleep,
    ...over,
  });
  let doc: NextEditDocument & { text: string } = docOf(FILE);
  c.track(doc, doc.text);
  /** Types `by` in place of `find`, one change, like a paste or a rename keystroke. */
  const edit = (find: string, by: string) => {
    const r = replace(doc.text, find, by);
    doc = docOf(r.after, doc.relativePath);
    c.didChange(doc, [r.change], { line: r.change.start.line, character: r.change.start.character + by.length });
  };
  /** Types `text` right after `after` (an insertion, like keystrokes). */
  const insert = (after: string, text: string) => {
    const at = doc.text.indexOf(after) + after.length;
    const before = doc.text.slice(0, at);
    const pos = { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
    doc = docOf(doc.text.slice(0, at) + text + doc.text.slice(at), doc.relativePath);
    c.didChange(doc, [{ start: pos, end: pos, text }], { line: pos.line, character: pos.character + text.length });
  };
  const applyEdit = (e: ProposedEdit) => {
    const lines = doc.text.split('\n');
    const startOff = lines.slice(0, e.start.line).join('\n').length + (e.start.line ? 1 : 0) + e.start.character;
    const endOff = lines.slice(0, e.end.line).join('\n').length + (e.end.line ? 1 : 0) + e.end.character;
    doc = docOf(doc.text.slice(0, startOff) + e.text + doc.text.slice(endOff), doc.relativePath);
    c.applied(doc, e, e.start);
  };
  /** Deletes `count` characters right after `after` (Backspace/Delete). */
  const remove = (after: string, count: number) => {
    const at = doc.text.indexOf(after) + after.length;
    const before = doc.text.slice(0, at);
    const pos = { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
    doc = docOf(doc.text.slice(0, at) + doc.text.slice(at + count), doc.relativePath);
    c.didChange(doc, [{ start: pos, end: { line: pos.line, character: pos.character + count }, text: '' }], pos);
  };
  return { clock, model, c, edit, insert, remove, applyEdit, doc: () => doc, setGhost: (v: boolean) => (ghost = v) };
}

describe('NextEditController', () => {
  it('asks once after the pause and shows the edit the answer makes', async () => {
    const t = setup();
    t.edit('total(items', 'total(rows');
    await t.clock.advance(399);
    assert.equal(t.model.calls.length, 0, 'nothing before the pause ends');
    await t.clock.runAll();
    assert.equal(t.model.calls.length, 1);
    assert.equal(t.model.calls[0].request.feature, 'nextEdit');
    const s = t.c.suggestion!;
    assert.deepEqual([s.edit.removed, s.edit.text, s.edit.start.line], ['items', 'rows', 2]);
  });

  it('sends the recent edit as a diff, the file in the cached part, and no secret', async () => {
    const t = setup();
    t.edit('return sum;', 'return sum; const k = "AKIAIOSFODNN7EXAMPLE";');
    t.edit('total(items', 'total(rows');
    await t.clock.runAll();
    const r = t.model.calls[0].request;
    assert.ok(r.systemCachePoint && r.messages[0].cachePoint, 'instructions and file are cache checkpoints');
    assert.match(r.messages[0].text, /<file>\nfunction total\(rows\)/);
    assert.match(r.messages[2].text, /@@ 4\n-  return sum;\n\+  return sum; const k = "<redacted:aws-access-key>";\n@@ 1\n-function total\(items\) \{\n\+function total\(rows\) \{/);
    assert.doesNotMatch(JSON.stringify(r), /AKIAIOSFODNN7EXAMPLE/);
  });

  it('one request per pause: each keystroke cancels the wait and the request in flight', async () => {
    const t = setup();
    t.edit('total(items', 'total(r');
    await t.clock.advance(200);
    t.edit('total(r', 'total(ro');
    await t.clock.advance(500);
    assert.equal(t.model.calls.length, 1, 'one request after the pause');
    t.edit('total(ro', 'total(rows');
    await t.clock.runAll();
    assert.equal(t.model.calls.length, 2);
    assert.equal(t.model.calls[0].outcome, 'aborted', 'the keystroke cancelled the first');
    assert.equal(t.c.stats.aborted, 1);
    assert.ok(t.c.suggestion);
  });

  it('neither asks nor shows while completion ghost text is visible, nor for excluded files', async () => {
    const t = setup();
    t.setGhost(true);
    t.edit('total(items', 'total(rows');
    await t.clock.runAll();
    assert.equal(t.model.calls.length, 0);
    assert.equal(t.c.suggestion, undefined);

    const ex = setup();
    const d = docOf(FILE, 'secret/app.ts');
    ex.c.track(d, d.text);
    const r = replace(d.text, 'total(items', 'total(rows');
    ex.c.didChange(docOf(r.after, 'secret/app.ts'), [r.change], r.change.start);
    await ex.clock.runAll();
    assert.equal(ex.model.calls.length, 0);
  });

  it('Tab jumps to the edit, Tab again applies exactly what was shown, then the next edit is asked for at once', async () => {
    const t = setup((req) => (req.messages[2].text.includes('of rows') ? '@@ 4\n-  return sum;\n+  return sum; // rows' : ANSWER));
    t.edit('total(items', 'total(rows');
    await t.clock.runAll();
    const first = t.c.accept(t.doc(), { line: 0, character: 18 });
    assert.deepEqual(first, { kind: 'jump', to: { line: 2, character: 18 } });
    const second = t.c.accept(t.doc(), { line: 2, character: 18 });
    assert.equal(second.kind, 'apply');
    const edit = (second as { edit: ProposedEdit }).edit;
    assert.ok(stillApplies(t.doc(), edit));
    t.applyEdit(edit);
    assert.match(t.doc().text, /for \(const r of rows\)/);
    await t.clock.runAll();
    assert.equal(t.model.calls.length, 2, 'the chain asked again without waiting for typing');
    assert.equal(t.c.suggestion?.edit.text, ' // rows');
    assert.equal(t.c.stats.accepted, 1);
  });

  it('drops the suggestion when its text is edited, keeps it when an edit above moves it, and Escape hides it', async () => {
    const t = setup();
    t.edit('total(items', 'total(rows');
    await t.clock.runAll();
    t.edit('function', '// sum\nfunction');
    assert.equal(t.c.suggestion?.edit.start.line, 3, 'moved down with the inserted line');
    t.c.dismiss();
    assert.equal(t.c.suggestion, undefined);

    const u = setup();
    u.edit('total(items', 'total(rows');
    await u.clock.runAll();
    u.edit('of items', 'of itemz');
    assert.equal(u.c.suggestion, undefined);
  });

  it('an answer that does not apply shows nothing', async () => {
    const t = setup(() => '@@ 3\n-  for (const x of items) sum += x.price;\n+  for (const x of rows) sum += x.price;');
    t.edit('total(items', 'total(rows');
    await t.clock.runAll();
    assert.equal(t.c.suggestion, undefined);
    assert.equal(t.c.stats.dropped.notFound, 1);
  });

  it('asks after code is reworked, not while new code is typed at the end of a line (that is for completions)', async () => {
    const t = setup();
    t.insert('  return sum;', '\n  log(');
    await t.clock.runAll();
    t.insert('log(', 'sum);');
    await t.clock.runAll();
    assert.equal(t.model.calls.length, 0, 'new code typed at the end of a line');
    t.edit('let sum = 0', 'let sum = 1');
    await t.clock.runAll();
    assert.equal(t.model.calls.length, 1, 'a value replaced');
    t.insert('log(', 'total, ');
    await t.clock.runAll();
    assert.equal(t.model.calls.length, 2, 'an argument inserted inside a call');
  });

  it('typing over a closer the editor inserted, or Backspace at the end of the line being written, is typing, not rework', async () => {
    const t = setup();
    t.insert('  return sum;', '\n  log(sum)');
    // VS Code types `)` over the `)` it auto-closed: a one-character replacement by the same text.
    t.edit('log(sum)', 'log(sum)');
    t.remove('log(su', 1);
    await t.clock.runAll();
    assert.equal(t.model.calls.length, 0, 'overtyping and a Backspace at the line end asked for a next edit');
    t.remove('let s', 1);
    await t.clock.runAll();
    assert.equal(t.model.calls.length, 1, 'a character removed inside existing code is rework');
  });
});
