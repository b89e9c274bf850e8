import * as assert from 'node:assert/strict';
import { checkSendable, isProbablyBinary, looksMinified, SIZE_LIMITS } from '../../../src/privacy/sendable';

describe('sendable checks', () => {
  it('detects binary content by NULs or control characters', () => {
    assert.equal(isProbablyBinary('PK\u0003\u0004\u0000\u0000zip'), true);
    assert.equal(isProbablyBinary('\u0001\u0002\u0003\u0004\u0005\u0006abc'), true);
    assert.equal(isProbablyBinary('\ufffd\ufffd\ufffd\ufffdabc'), true);
    assert.equal(isProbablyBinary('const a = 1;\n\tindented\r\n\u001b[31mred\u001b[0m'), false);
    assert.equal(isProbablyBinary(''), false);
  });

  it('looks only at the start, so a NUL deep in a huge file does not count', () => {
    const text = 'x'.repeat(100_000) + '\u0000';
    assert.equal(isProbablyBinary(text), false);
  });

  it('detects minified code from long lines', () => {
    assert.equal(looksMinified('var a=1;'.repeat(2000)), true);
    assert.equal(looksMinified('const a = 1;\n'.repeat(2000)), false);
  });

  it('explains why a text is not sendable', () => {
    assert.deepEqual(checkSendable('fine\n'), { ok: true });
    assert.equal(checkSendable('\u0000bin').reason, 'binary');
    const big = checkSendable('a\n'.repeat(SIZE_LIMITS.attachChars));
    assert.equal(big.reason, 'tooLarge');
    assert.match(big.message ?? '', /200,000/);
    assert.equal(checkSendable('x\n'.repeat(10), 5).reason, 'tooLarge');
  });
});
