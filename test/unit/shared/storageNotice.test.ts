import * as assert from 'node:assert';
import { describeFsError } from '../../../src/shared/storageNotice';

const fsError = (code: string) => Object.assign(new Error(`${code}: something`), { code });

describe('describeFsError', () => {
  it('names each storage failure in words a user can act on, not as an errno code', () => {
    assert.equal(describeFsError(fsError('ENOSPC')), 'disk full');
    assert.equal(describeFsError(fsError('EROFS')), 'the disk is read-only');
    assert.equal(describeFsError(fsError('EACCES')), 'permission denied');
    assert.equal(describeFsError(fsError('EISDIR')), "a folder or file is in the way in the extension's storage");
    assert.equal(describeFsError(fsError('ENOTDIR')), "a folder or file is in the way in the extension's storage");
  });

  it('falls back to the code, then the message, for anything else', () => {
    assert.equal(describeFsError(fsError('EIO')), 'EIO');
    assert.equal(describeFsError(new Error('odd')), 'odd');
  });
});
