// Settings a cloned repository must not control: who pays (profile), where code goes (region, endpoint,
// model) and what it is priced at are user-level only and restricted in untrusted workspaces; settings a
// workspace may tune stay within their bounds, and a workspace can add exclusions but never remove them.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { boundedNumber, mergeCompletionLevels, unionOfLevels } from '../../../src/shared/config';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
type Prop = { scope?: string; minimum?: number; maximum?: number; type?: string | string[] };
const props: Record<string, Prop> = Object.assign({}, ...[pkg.contributes.configuration].flat().map((c: { properties: object }) => c.properties));
const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;

/** Decide whose credentials are used, where code is sent, or what a request costs. */
const SENSITIVE = ['bedrockHaiku.aws.profile', 'bedrockHaiku.aws.region', 'bedrockHaiku.aws.endpoint', 'bedrockHaiku.model', 'bedrockHaiku.pricing'];

describe('security: settings a workspace must not control', () => {
  it('every credential, endpoint, region, model and pricing setting is user-level and restricted', () => {
    for (const key of SENSITIVE) {
      assert.ok(props[key], `${key} is declared`);
      assert.ok(['application', 'machine'].includes(props[key].scope ?? ''), `${key} is application or machine scoped (is ${props[key].scope})`);
      assert.ok(restricted.includes(key), `${key} is in restrictedConfigurations`);
    }
  });

  it('no other setting names an AWS account, endpoint, URL or credential without being restricted', () => {
    for (const [key, p] of Object.entries(props)) {
      if (!/aws|endpoint|url|profile|credential|secret|apiKey$/i.test(key)) continue;
      assert.ok(restricted.includes(key) && (p.scope === 'application' || p.scope === 'machine'), `${key} looks sensitive but is not restricted`);
    }
  });

  it('the budget cannot be raised by a workspace', () => {
    const budget = props['bedrockHaiku.budget.dailyUsd'];
    assert.ok(['application', 'machine'].includes(budget.scope ?? ''));
  });

  it('workspace-tunable numbers are clamped to the bounds package.json declares', () => {
    // The real merge of the completion settings, fed values past either bound at every level.
    const tokens = props['bedrockHaiku.completions.maxContextTokens'];
    const debounce = props['bedrockHaiku.completions.debounceMs'];
    const user = (value: number) => mergeCompletionLevels({ debounceMs: { globalValue: value }, maxContextTokens: { globalValue: value } });
    const workspace = (value: number) => mergeCompletionLevels({ debounceMs: { workspaceValue: value }, maxContextTokens: { workspaceValue: value } });
    assert.equal(user(1e9).maxContextTokens, tokens.maximum);
    assert.equal(user(-5).maxContextTokens, tokens.minimum);
    assert.equal(user(1e9).debounceMs, debounce.maximum);
    assert.equal(user(-5).debounceMs, debounce.minimum);
    // A workspace only lowers the budget and lengthens the wait, and not past the bounds either.
    assert.equal(workspace(-5).maxContextTokens, tokens.minimum, 'a repository cannot starve completions of context below the minimum');
    assert.equal(workspace(1e9).maxContextTokens, 1500, 'a repository cannot make every completion send a whole file');
    assert.equal(workspace(1e9).debounceMs, debounce.maximum, 'a repository cannot stall completions past the maximum wait');
    assert.equal(boundedNumber('9999999', 200, 16000, 1500), 1500, 'a string is not a number');
    assert.equal(boundedNumber(Number.NaN, 200, 16000, 1500), 1500);
  });

  it('a workspace adds exclusions to the user\'s, never replaces them', () => {
    assert.deepEqual(unionOfLevels(['**/secrets/**', '*.sql'], [], undefined), ['**/secrets/**', '*.sql'], 'an empty workspace list keeps the user\'s');
    assert.deepEqual(unionOfLevels(['**/secrets/**'], ['vendor/**'], ['**/secrets/**']), ['**/secrets/**', 'vendor/**']);
    assert.deepEqual(unionOfLevels('**/*' as unknown, [42, '', ' ', 'ok/**'] as unknown), ['ok/**'], 'non-arrays and non-strings are dropped');
  });
});
