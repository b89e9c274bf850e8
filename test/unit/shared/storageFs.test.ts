// The append-only readers' one tail read: whole lines only, from where the reader stopped, again from the
// start when the file was replaced by a shorter one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAppendedLines } from '../../../src/shared/storageFs';
import { nodeFs } from '../../../src/shared/storageNodeFs';

describe('readAppendedLines', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-lines-'));
    file = path.join(dir, 'day.jsonl');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says a missing file is missing', async () => {
    assert.deepEqual(await readAppendedLines(nodeFs, file, 0), { missing: true });
  });

  it('reads whole lines from the offset and leaves a half line for later', async () => {
    fs.writeFileSync(file, 'one\ntwo\nthr');
    const a = await readAppendedLines(nodeFs, file, 0);
    assert.deepEqual(a, { missing: false, reset: false, text: 'one\ntwo\n', next: 8 });
    fs.appendFileSync(file, 'ee\n');
    assert.deepEqual(await readAppendedLines(nodeFs, file, 8), { missing: false, reset: false, text: 'three\n', next: 14 });
    assert.deepEqual(await readAppendedLines(nodeFs, file, 14), { missing: false, reset: false, text: '', next: 14 });
  });

  it('reads a file shorter than the offset again from its start', async () => {
    fs.writeFileSync(file, '{"t":1}\n');
    assert.deepEqual(await readAppendedLines(nodeFs, file, 100), { missing: false, reset: true, text: '{"t":1}\n', next: 8 });
  });

  it('counts bytes, not characters, in the offset', async () => {
    fs.writeFileSync(file, 'é\n');
    const a = await readAppendedLines(nodeFs, file, 0);
    assert.equal(a.missing === false && a.next, 3);
  });
});
