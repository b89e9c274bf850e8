import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
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

describe('redactSecrets: a window inside a key body (no BEGIN or END line)', () => {
  // A real key, made at run time: its body is what a completion window inside a key file would show.
  // 2048 bits makes ~26 body lines, as a 4096-bit key's 50 would, in a tenth of the time.
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const bodyLines = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  const rewrap = (width: number) => (bodyLines.join('').match(new RegExp(`.{1,${width}}`, 'g')) ?? []);
  const leaks = (text: string, lines: string[]) => lines.filter((l) => l.length >= 8 && text.includes(l.slice(0, 8)) && text.includes(l));

  it('replaces whole lines of a key body by one placeholder, keeping the code around them', () => {
    const input = `  fixture(\`\n${bodyLines.slice(10, 20).join('\n')}\n\`);\n`;
    const r = redactSecrets(input);
    assert.equal(r.text, '  fixture(`\n<redacted:private-key-body>\n`);\n');
    assert.deepEqual(r.kinds, ['private-key-body']);
    assert.equal(r.redactions, 1);
  });

  it('takes the lines a window cut at its start and end, and the padded last line', () => {
    const window = pem.slice(pem.indexOf('\n', 900) - 23, pem.lastIndexOf('\n', pem.length - 400) + 17);
    assert.ok(!window.includes('-----'));
    const r = redactSecrets(window);
    assert.equal(r.text, '<redacted:private-key-body>');
    // The last line's length depends on the key: try one padded and one not.
    for (const last of ['Zm9vYmFyQmF6cXV4MTIz7w==', 'Zm9vYmFyQmF6cXV4MTIz']) {
      const tail = `${bodyLines.slice(-6, -1).join('\n')}\n${last}\n"""\nprint(key)\n`;
      assert.equal(redactSecrets(tail).text, '<redacted:private-key-body>\n"""\nprint(key)\n');
    }
  });

  it('handles 76-column wrapping, indentation and CRLF', () => {
    const lines = rewrap(76).slice(3, 9);
    const input = `key: |\r\n${lines.map((l) => `    ${l}`).join('\r\n')}\r\nnext: 1\r\n`;
    const r = redactSecrets(input);
    assert.deepEqual(leaks(r.text, lines), []);
    assert.ok(r.text.startsWith('key: |\r\n') && r.text.endsWith('\r\nnext: 1\r\n'), r.text);
  });

  it('is idempotent', () => {
    const once = redactSecrets(bodyLines.slice(2, 12).join('\n')).text;
    const twice = redactSecrets(once);
    assert.equal(twice.text, once);
    assert.equal(twice.redactions, 0);
  });

  const hex = (seed: number) => Array.from({ length: 64 }, (_, i) => ((seed * 7 + i * 13) % 16).toString(16)).join('');
  const keepAsIs: { name: string; input: string }[] = [
    { name: 'lines of sha256 hex hashes', input: [1, 2, 3, 4, 5].map(hex).join('\n') },
    { name: 'lines of upper-case hex hashes', input: [1, 2, 3, 4].map((n) => hex(n).toUpperCase()).join('\n') },
    {
      name: 'lockfile integrity lines',
      input: [1, 2, 3].map((n) => `  integrity sha512-${bodyLines[n].slice(0, 86 - 18)}==`).join('\n'),
    },
    {
      name: 'minified code',
      input: [
        'function(e,t){var n=e.length;for(var r=0;r<n;r++){t(e[r],r)}return e}',
        'var a=require("x"),b=a.create({mode:1,keep:!0}),c=b.run();module.exports=c',
        'e.exports=function(t){return t&&t.__esModule?t:{default:t}};var q=0;',
      ].join('\n'),
    },
    {
      name: 'long identifiers on their own lines',
      input: [
        'handleUserAuthenticationCallbackForAccountSettingsProviderVersion2',
        'registerWorkspaceConfigurationChangeListenerForExtensionHost2024',
        'createDefaultInlineCompletionProviderForLanguageServerClient3Times',
      ].join('\n'),
    },
    {
      name: 'a certificate (public) with its BEGIN line',
      input: `-----BEGIN CERTIFICATE-----\n${bodyLines.slice(0, 5).join('\n')}\n-----END CERTIFICATE-----\n`,
    },
    { name: 'two base64 lines only', input: bodyLines.slice(4, 6).join('\n') },
  ];
  for (const c of keepAsIs) {
    it(`leaves ${c.name} alone`, () => {
      const r = redactSecrets(c.input);
      assert.equal(r.text, c.input);
      assert.equal(r.redactions, 0);
    });
  }
});

describe('redactSecrets on long lines without secrets', () => {
  // Each of these once made a rule rescan the rest of the line from every position (quadratic: a 200 KB
  // line of "ab." took ~50 s and a 2 MB one never finished). Mocha's timeout is the hang detector here.
  for (const unit of ['a', 'ab.', 'ab-', 'a.b:', 'Zm9vYmFy', '"a":', 'x=']) {
    it(`returns a 400 KB line of ${JSON.stringify(unit)} unchanged`, function () {
      this.timeout(5000);
      const text = unit.repeat(Math.ceil(400_000 / unit.length));
      assert.equal(redactSecrets(text).text, text);
    });
  }
});
