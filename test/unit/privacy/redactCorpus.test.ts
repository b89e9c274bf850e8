// The tuning set of the redaction corpus and its look-alikes, as a regression check. The held-out set is
// measured by `npm run bench:redaction` only: a test on it would invite tuning on it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { redactSecrets } from '../../../src/privacy/redact';
import { leakedSecrets, loadSecretCases } from '../../bench/redactionCorpus';

describe('redaction corpus', () => {
  it('removes at least 97 % of the tuning set secrets', () => {
    const cases = loadSecretCases('tuning');
    const total = cases.reduce((n, c) => n + c.secrets.length, 0);
    const leaked = cases.flatMap((c) => leakedSecrets(c, redactSecrets(c.text).text).map((s) => `${c.title}: ${s}`));
    assert.ok(total >= 100, `the tuning set has ${total} secrets`);
    assert.ok(leaked.length / total <= 0.03, `${leaked.length} of ${total} leaked:\n${leaked.join('\n')}`);
  });

  it('leaves every line of the look-alikes (fixtures, S3 keys, hashes, package names) as it is', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../fixtures/secrets/lookalikes.txt'), 'utf8');
    const changed = redactSecrets(text).text.split('\n').filter((l, i) => l !== text.split('\n')[i]);
    assert.deepEqual(changed, []);
  });

  it('is idempotent on every case: a redacted text is redacted to itself', () => {
    for (const c of [...loadSecretCases('tuning'), ...loadSecretCases('heldout')]) {
      const once = redactSecrets(c.text).text;
      const twice = redactSecrets(once);
      assert.equal(twice.text, once, c.title);
      assert.equal(twice.redactions, 0, c.title);
    }
  });

  it('the leak check sees a secret that was left in place (a check that cannot fail proves nothing)', () => {
    const [c] = loadSecretCases('tuning');
    assert.deepEqual(leakedSecrets(c, c.text), c.secrets);
  });
});
