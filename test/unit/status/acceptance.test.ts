// Acceptance counts: two instances on one folder are two windows; each sees the other's suggestions.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AcceptanceStore, acceptanceRate, zeroCounts } from '../../../src/status/acceptance';
import { dayOf } from '../../../src/status/usageFile';
import { nodeFs } from '../../../src/shared/storageNodeFs';
import { StorageNotices } from '../../../src/shared/storageNotice';
import { silentLogger } from '../../../src/shared/logger';
import { FaultyFs, noticeLog } from '../faults/fsFaults';

const at = new Date('2026-12-04T10:00:00').getTime();

describe('acceptance counts', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-accept-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const window = (extra: Partial<ConstructorParameters<typeof AcceptanceStore>[1]> = {}) => new AcceptanceStore(() => at, { dir, fs: nodeFs, ...extra });

  it('merges two windows: 3 shown, 1 accepted, 1 typed through in one, 1 shown and accepted in the other', async () => {
    const a = window();
    const b = window();
    for (let i = 0; i < 3; i++) a.record({ feature: 'completion', kind: 'shown', language: 'typescript' });
    a.record({ feature: 'completion', kind: 'accepted', language: 'typescript' });
    a.record({ feature: 'completion', kind: 'typedThrough', language: 'typescript' });
    b.record({ feature: 'completion', kind: 'shown', language: 'python' });
    b.record({ feature: 'completion', kind: 'accepted', language: 'python' });
    b.record({ feature: 'nextEdit', kind: 'shown', language: 'python' });
    await Promise.all([a.flush(), b.flush()]);
    await Promise.all([a.refresh(), b.refresh()]);
    for (const w of [a, b]) {
      const c = w.day().byFeature.completion!;
      assert.deepEqual(c, { ...zeroCounts(), shown: 4, accepted: 2, typedThrough: 1 });
      assert.equal(acceptanceRate(c), 50);
      assert.deepEqual(w.day().byFeature.nextEdit, { ...zeroCounts(), shown: 1 });
      assert.equal(w.day().byLanguage.get('completion:python')?.accepted, 1);
      assert.equal(w.day().byLanguage.get('completion:typescript')?.shown, 3);
    }
    // A refresh with nothing new counts nothing twice.
    await a.refresh();
    assert.equal(a.day().byFeature.completion?.shown, 4);
    const reopened = window();
    await reopened.refresh();
    assert.equal(reopened.day().byFeature.completion?.accepted, 2);
    assert.equal(reopened.day(dayOf(at - 86_400_000)).byFeature.completion, undefined);
  });

  it('keeps accepts by word and by line and the characters accepted, read back by another window', async () => {
    const a = window();
    for (let i = 0; i < 4; i++) a.record({ feature: 'completion', kind: 'shown', language: 'rust' });
    a.record({ feature: 'completion', kind: 'accepted', language: 'rust', how: 'whole', chars: 30 });
    a.record({ feature: 'completion', kind: 'accepted', language: 'rust', how: 'word', chars: 6 });
    a.record({ feature: 'completion', kind: 'accepted', language: 'rust', how: 'line', chars: 21 });
    a.record({ feature: 'completion', kind: 'dismissed', language: 'rust' });
    await a.flush();
    const b = window();
    await b.refresh();
    const want = { ...zeroCounts(), shown: 4, accepted: 3, byWord: 1, byLine: 1, chars: 57, dismissed: 1 };
    assert.deepEqual(a.day().byFeature.completion, want);
    assert.deepEqual(b.day().byFeature.completion, want);
    assert.deepEqual(b.rows(), [{ day: dayOf(at), feature: 'completion', language: 'rust', counts: want }]);
    // Lines an earlier version wrote (no `how`, no `chars`) count as accepted whole; a silly `chars` is refused.
    const file = path.join(dir, `${dayOf(at)}.jsonl`);
    fs.appendFileSync(file, `${JSON.stringify({ w: 'old', i: 1, e: { at, feature: 'completion', kind: 'accepted', language: 'rust' } })}\n`);
    fs.appendFileSync(file, `${JSON.stringify({ w: 'old', i: 2, e: { at, feature: 'completion', kind: 'accepted', language: 'rust', chars: -5 } })}\n`);
    const c = window({ log: silentLogger });
    await c.refresh();
    assert.deepEqual(c.day().byFeature.completion, { ...want, accepted: 4 });
  });

  it('skips a damaged line and keeps counting the good ones', async () => {
    const a = window();
    a.record({ feature: 'completion', kind: 'shown', language: 'go' });
    await a.flush();
    const file = path.join(dir, `${dayOf(at)}.jsonl`);
    fs.appendFileSync(file, '{"w":"x","i":1,"e":{"at":1,"feature":"completion","kind":"sh\n{not json\n');
    const b = window({ log: silentLogger });
    b.record({ feature: 'completion', kind: 'shown', language: 'go' });
    await b.flush();
    await b.refresh();
    assert.equal(b.day().byFeature.completion?.shown, 2);
  });

  it('tells the user once when the disk is full, and still counts in this window', async () => {
    const faulty = new FaultyFs().fail({ op: 'appendFile', code: 'ENOSPC' });
    const log = noticeLog();
    const a = window({ fs: faulty, notices: new StorageNotices(log.notify, silentLogger) });
    a.record({ feature: 'completion', kind: 'shown', language: 'go' });
    await a.flush();
    a.record({ feature: 'completion', kind: 'accepted', language: 'go' });
    await a.flush();
    assert.equal(log.messages.length, 1);
    assert.match(log.messages[0], /Acceptance counts/);
    assert.deepEqual(a.day().byFeature.completion, { ...zeroCounts(), shown: 1, accepted: 1 });
    faulty.heal();
    await a.refresh();
    const b = window();
    await b.refresh();
    assert.equal(b.day().byFeature.completion?.shown, 1, 'the lines kept in memory were written once the disk had room');
  });
});
