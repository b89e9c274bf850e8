import * as assert from 'node:assert/strict';
import { redactSecrets, looksLikeRandomSecret } from '../../../src/privacy/redact';

// Secrets built at run time so this file itself does not trip secret scanners.
const AWS_KEY_ID = 'AKIA' + 'IOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY';
const GH = 'ghp_' + 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';
const GH_PAT = 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ';
const GL = 'glpat-' + 'abcdefghij1234567890';
const SLACK = 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIn0' + '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const KEY_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n';

const cases: { name: string; input: string; kind: string; keep?: string }[] = [
  { name: 'AWS access key id in a string', input: `const id = "${AWS_KEY_ID}";`, kind: 'aws-access-key', keep: 'const id = "' },
  { name: 'AWS secret in a credentials file', input: `aws_secret_access_key = ${AWS_SECRET}`, kind: 'aws-secret-key', keep: 'aws_secret_access_key = ' },
  { name: 'AWS secret standing alone', input: `// key: ${AWS_SECRET}`, kind: 'aws-secret-key' },
  { name: 'AWS secret quoted in env style', input: `AWS_SECRET_ACCESS_KEY="${AWS_SECRET}"`, kind: 'aws-secret-key', keep: 'AWS_SECRET_ACCESS_KEY="' },
  { name: 'GitHub classic token', input: `token: ${GH}`, kind: 'github-token' },
  { name: 'GitHub fine-grained token', input: `const t = '${GH_PAT}'`, kind: 'github-token' },
  { name: 'GitLab personal token', input: `GITLAB=${GL}`, kind: 'gitlab-token' },
  { name: 'Slack bot token', input: `slack = "${SLACK}"`, kind: 'slack-token' },
  { name: 'Slack webhook', input: 'post("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")', kind: 'slack-webhook' },
  { name: 'JWT', input: `headers.cookie = "${JWT}";`, kind: 'jwt' },
  { name: 'private key block', input: `-----BEGIN RSA PRIVATE KEY-----\n${KEY_BODY}-----END RSA PRIVATE KEY-----\nafter`, kind: 'private-key', keep: '\nafter' },
  { name: 'private key block cut at the end of the window', input: `key = """-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}`, kind: 'private-key', keep: 'key = """' },
  { name: 'private key block cut at the start of the window', input: `${KEY_BODY}-----END PRIVATE KEY-----\nrest()`, kind: 'private-key', keep: 'rest()' },
  { name: 'password assignment (Python)', input: 'password = "hunter2"', kind: 'password', keep: 'password = "' },
  { name: 'password in a YAML file', input: 'db:\n  password: s3cr3t!x\n  user: app', kind: 'password', keep: '  user: app' },
  { name: 'password in .properties', input: 'DB_PASSWORD=s3cr3t!', kind: 'password', keep: 'DB_PASSWORD=' },
  { name: 'JSON api_key', input: '{"api_key": "9f8e7d6c5b4a"}', kind: 'api-key', keep: '"api_key": "' },
  { name: 'camelCase clientSecret in JS', input: 'const cfg = { clientSecret: "abc123def456" };', kind: 'secret', keep: 'clientSecret: "' },
  { name: 'Go short assignment', input: 'authToken := "tok_12345abcdef"', kind: 'token', keep: 'authToken := "' },
  { name: 'PHP array arrow', input: "'secret' => 'p4ssw0rd-value',", kind: 'secret' },
  { name: 'URL with a password', input: 'DATABASE_URL="postgres://admin:hunter22@db.example.com:5432/app"', kind: 'password', keep: 'postgres://admin:' },
  { name: 'Bearer header', input: 'Authorization: Bearer abcdefghijklmnop1234567890', kind: 'token', keep: 'Authorization: Bearer ' },
  { name: 'Stripe live key', input: "stripe('sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc')", kind: 'api-key' },
  { name: 'Google API key', input: 'const k = "AIza' + 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY";', kind: 'api-key' },
  { name: 'random-looking quoted literal', input: 'const x = "aB3dE5gH7jK9mN1pQ3sT5vX7zA9";', kind: 'high-entropy' },
];

const untouched: { name: string; input: string }[] = [
  { name: 'a call assigned to token', input: 'const token = getToken();' },
  { name: 'a type annotation', input: 'password: string;' },
  { name: 'a comparison', input: 'if (token === "abc") {}' },
  { name: 'a property path', input: 'password = config.password' },
  { name: 'an env lookup', input: 'let apiKey = process.env.API_KEY;' },
  { name: 'a label with spaces', input: 'const passwordLabel = "Enter your password";' },
  { name: 'a name that only starts with token', input: 'const tokenType = "Bearer";' },
  { name: 'a secret name, not value', input: 'const secretName = "prod/db";' },
  { name: 'a template placeholder', input: 'password: ${DB_PASSWORD}' },
  { name: 'a mustache placeholder', input: 'password = "{{ vault_password }}"' },
  { name: 'a masked value', input: 'password = "********"' },
  { name: 'a git sha', input: 'const sha = "3f786850e387550fdab836ed7e6dc881de23001b";' },
  { name: 'a UUID', input: 'id = "550e8400-e29b-41d4-a716-446655440000"' },
  { name: 'a lockfile integrity hash', input: '"integrity": "sha512-Kq5sNclPz7QV2+lfQIuvbkhR6fmaixLGm2ePvrVD3lH5uGv2lfUZN4rEC3lvYbQU4ZfM7IaFBNyYMNFG9e05jQ=="' },
  { name: 'a module path', input: 'import x from "some/module/path/thatIsLong";' },
  { name: 'an alphabet', input: 'const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";' },
  { name: 'an assignment from a variable', input: 'self.token = token' },
  { name: 'a function keyword argument', input: 'login(user, password=password)' },
  { name: 'a short literal', input: 'pwd = "ab"' },
  { name: 'ordinary TypeScript', input: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n' },
  { name: 'a URL without credentials', input: 'fetch("https://example.com:8080/path?q=1")' },
  { name: 'a camelCase identifier list', input: 'const names = ["getUserProfileSettings", "setUserProfileSettings"];' },
];

describe('redactSecrets', () => {
  for (const c of cases) {
    it(`redacts ${c.name}`, () => {
      const r = redactSecrets(c.input);
      assert.ok(r.text.includes(`<redacted:${c.kind}>`), `expected <redacted:${c.kind}> in ${r.text}`);
      assert.ok(r.redactions >= 1);
      assert.ok(r.kinds.includes(c.kind));
      if (c.keep) assert.ok(r.text.includes(c.keep), `expected "${c.keep}" kept in ${r.text}`);
    });
  }

  for (const c of untouched) {
    it(`leaves ${c.name} alone`, () => {
      const r = redactSecrets(c.input);
      assert.equal(r.text, c.input);
      assert.equal(r.redactions, 0);
      assert.deepEqual(r.kinds, []);
    });
  }

  it('removes the secret value itself from the text', () => {
    const input = `const a = "${AWS_KEY_ID}";\nconst b = "${GH}";\npassword = "hunter2"\n`;
    const r = redactSecrets(input);
    for (const secret of [AWS_KEY_ID, GH, 'hunter2']) assert.ok(!r.text.includes(secret), `${secret} leaked`);
    assert.equal(r.redactions, 3);
    assert.deepEqual(r.kinds, ['aws-access-key', 'github-token', 'password']);
  });

  it('keeps lines and the surrounding code intact', () => {
    const input = 'function connect() {\n  const password = "hunter2";\n  return db.open(password);\n}\n';
    const r = redactSecrets(input);
    assert.equal(r.text, 'function connect() {\n  const password = "<redacted:password>";\n  return db.open(password);\n}\n');
  });

  it('is idempotent: a redacted text stays as it is', () => {
    const once = redactSecrets(`token = "${GH}"\npassword = "hunter2"\n${AWS_SECRET}`).text;
    const twice = redactSecrets(once);
    assert.equal(twice.text, once);
    assert.equal(twice.redactions, 0);
  });

  it('handles large ordinary input without redacting anything', () => {
    const code = 'export const value = compute(alpha, beta) + other.field;\n'.repeat(20_000);
    const r = redactSecrets(code);
    assert.equal(r.redactions, 0);
    assert.equal(r.text.length, code.length);
  });
});

describe('looksLikeRandomSecret', () => {
  it('accepts generated keys and rejects words, hex and paths', () => {
    assert.ok(looksLikeRandomSecret(AWS_SECRET));
    assert.ok(looksLikeRandomSecret('Zx8Qm2Lr5Tv9Wn3Ks7Pb1Hd4Fg6Jc0Y'));
    assert.ok(!looksLikeRandomSecret('thisIsAVeryLongCamelCaseIdentifierName'));
    assert.ok(!looksLikeRandomSecret('a3f786850e387550fdab836ed7e6dc881de23001'));
    assert.ok(!looksLikeRandomSecret('src/completion/postProcess.ts'));
    assert.ok(!looksLikeRandomSecret('short1A'));
  });
});
