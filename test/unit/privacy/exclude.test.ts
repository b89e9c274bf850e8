import * as assert from 'node:assert/strict';
import { ExclusionRules, isSecretFileName } from '../../../src/privacy/exclude';

describe('isSecretFileName', () => {
  const secret = [
    '.env', '.env.local', '.env.production', 'config/.env.test', 'prod.env', '.envrc',
    'certs/server.pem', 'tls.key', 'keystore.p12', 'release.jks',
    'id_rsa', 'id_rsa.old', 'id_ed25519', 'home/.ssh/id_ecdsa',
    'credentials', '.aws/credentials', '.aws/config', 'credentials.json',
    '.npmrc', '.netrc', '.pgpass', '.pypirc', '.git-credentials', '.htpasswd',
    'infra/terraform.tfvars', 'secrets.yaml', 'C:\\Users\\me\\.env', '.docker/config.json',
  ];
  const ordinary = [
    'src/env.ts', 'environment.ts', 'README.md', 'keyboard.ts', 'src/keys.ts', 'monkey.py',
    'package.json', 'tsconfig.json', 'src/credentialsForm.tsx', 'docs/password-reset.md',
    'rsa_parser.go', 'config.yaml', '.envelope', 'key', '.ssh/known_hosts', '.ssh/id_rsa.pub',
  ];
  for (const p of secret) it(`treats ${p} as a secrets file`, () => assert.equal(isSecretFileName(p), true));
  for (const p of ordinary) it(`treats ${p} as ordinary`, () => assert.equal(isSecretFileName(p), false));
});

describe('ExclusionRules', () => {
  it('excludes secret-named files even with no rules configured', () => {
    const rules = new ExclusionRules({ globs: [] });
    const r = rules.isExcluded('app/.env.local');
    assert.equal(r.excluded, true);
    assert.match(r.reason ?? '', /secret/);
    assert.equal(rules.isExcluded('app/main.ts').excluded, false);
  });

  it('applies bedrockHaiku.exclude globs, with and without slashes', () => {
    const rules = new ExclusionRules({ globs: ['**/internal/**', '*.sql', 'docs/private/*.md'] });
    assert.equal(rules.isExcluded('src/internal/billing.ts').excluded, true);
    assert.equal(rules.isExcluded('db/migrations/001.sql').excluded, true, 'a glob without a slash matches at any depth');
    assert.equal(rules.isExcluded('docs/private/plan.md').excluded, true);
    assert.equal(rules.isExcluded('docs/public/plan.md').excluded, false);
    assert.equal(rules.isExcluded('src/external/billing.ts').excluded, false);
    assert.match(rules.isExcluded('x.sql').reason ?? '', /bedrockHaiku\.exclude "\*\.sql"/);
  });

  it('follows .haikuignore with gitignore semantics (dirs, negation, anchoring, comments)', () => {
    const rules = new ExclusionRules({
      globs: [],
      haikuignore: '# customer data\nfixtures/customers/\n*.csv\n!public.csv\n/generated\n',
    });
    assert.equal(rules.isExcluded('fixtures/customers/acme.json').excluded, true);
    assert.equal(rules.isExcluded('data/export.csv').excluded, true);
    assert.equal(rules.isExcluded('data/public.csv').excluded, false, 'negated pattern');
    assert.equal(rules.isExcluded('generated/api.ts').excluded, true);
    assert.equal(rules.isExcluded('src/generated/api.ts').excluded, false, 'a leading slash anchors at the root');
    assert.match(rules.isExcluded('a.csv').reason ?? '', /\.haikuignore "\*\.csv"/);
  });

  it('accepts Windows separators and ./ prefixes', () => {
    const rules = new ExclusionRules({ globs: ['secret/**'], haikuignore: 'vendor/\n' });
    assert.equal(rules.isExcluded('secret\\plans.txt').excluded, true);
    assert.equal(rules.isExcluded('./vendor/lib.js').excluded, true);
  });

  it('checks files outside the workspace by name only instead of throwing', () => {
    const rules = new ExclusionRules({ globs: [], haikuignore: '*.ts\n' });
    assert.equal(rules.isExcluded('../other/file.ts').excluded, false);
    assert.equal(rules.isExcluded('/abs/path/.env').excluded, true);
  });

  it('ignores a malformed or empty glob without dropping the others', () => {
    const rules = new ExclusionRules({ globs: ['', '   ', '[', '*.log'] });
    assert.equal(rules.isExcluded('app.log').excluded, true);
  });

  it('excludes nothing extra when .haikuignore is empty or only comments', () => {
    const rules = new ExclusionRules({ globs: [], haikuignore: '# nothing here\n\n' });
    assert.equal(rules.isExcluded('src/index.ts').excluded, false);
  });
});
