// Redaction gaps found in the review: a secret after `=` with no quotes, `NAME=secret command` in a shell
// line, and text cut through a secret by a length limit.

import * as assert from 'node:assert/strict';
import { clip } from '../../../src/explain/tokens';
import { countPlaceholders, redactSecrets, redactedHead, redactedTail } from '../../../src/privacy';
import { AWS_KEY, AWS_SECRET, JWT, assertNoLeak } from './secrets';

describe('security: redaction rules', () => {
  it('an AWS secret key right after `=` (env files, shell, INI without spaces)', () => {
    for (const line of [`AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, `secret=${AWS_SECRET} rest`, `--aws-secret=${AWS_SECRET}`]) {
      assertNoLeak(redactSecrets(line).text, line.slice(0, 20));
    }
  });

  it('a secret-named variable set for one shell command', () => {
    const cases = [
      `PGPASSWORD=Tr0ub4dor psql -h db`,
      `GITHUB_TOKEN=abc123def456 gh pr list`,
      `env API_KEY=k-123456789 node server.js`,
    ];
    for (const c of cases) {
      const r = redactSecrets(c);
      assert.equal(r.redactions, 1, c);
      assert.match(r.text, /^(?:env )?[A-Z_]+=<redacted:[a-z-]+> \S/, c);
    }
  });

  it('leaves ordinary shell assignments and references alone', () => {
    for (const c of ['NODE_ENV=production npm start', 'GITHUB_TOKEN=$GITHUB_TOKEN gh pr list', 'PASSWORD=${PASSWORD} ./run', 'TOKEN_TYPE=bearer curl x', 'DEBUG=1 npm test']) {
      assert.equal(redactSecrets(c).text, c, c);
    }
  });

  it('cutting redacts first, so the piece of a secret at the cut is not sent', () => {
    const text = `${'a '.repeat(10)}${AWS_SECRET} and ${JWT}`;
    for (let at = 15; at < text.length; at += 7) {
      assertNoLeak(redactedHead(text, at), `a head cut at ${at}`);
      assertNoLeak(redactedTail(text, at), `a tail cut at ${at}`);
      assertNoLeak(clip(text, at), `clip at ${at}`);
    }
    assert.equal(clip('short', 10), 'short', 'text under the limit is untouched');
    assert.equal(redactedHead(`key ${AWS_KEY}`, 100), 'key <redacted:aws-access-key>');
  });

  it('a 10 MB line is cut without redacting all of it', () => {
    const line = `${AWS_KEY} ${'x'.repeat(10 * 1024 * 1024)}`;
    assert.equal(redactedHead(line, 30), `<redacted:aws-access-key> xxxx`);
    assert.equal(redactedTail(line, 5), 'xxxxx');
  });

  it('counts the placeholders that are sent', () => {
    assert.deepEqual(countPlaceholders('a <redacted:jwt> b <redacted:aws-access-key> <redacted:jwt>'), { redactions: 3, kinds: ['jwt', 'aws-access-key'] });
    assert.deepEqual(countPlaceholders('nothing here'), { redactions: 0, kinds: [] });
  });
});
