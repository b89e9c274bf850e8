// The secrets issue 9 found getting through, one test per kind, and the ordinary text that was redacted
// although it holds no secret. Values are assembled at run time so this file does not trip secret scanners.

import * as assert from 'node:assert/strict';
import { redactSecrets } from '../../../src/privacy/redact';

const b64 = (n: number, seed = 7) => {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let x = seed;
  return Array.from({ length: n }, () => a[(x = (x * 1103515245 + 12345) % 2147483648) % 64]).join('');
};
const alnum = (n: number, seed = 3) => b64(n, seed).replace(/[+/]/g, 'q');
const HEX = 'f3a9c1d07b2e4856' + '9e0d1c2b3a495867';

/** Every secret is gone from the redacted text, and every `keep` string is still there. */
function assertRedacted(input: string, secrets: string[], keep: string[]): void {
  const out = redactSecrets(input).text;
  for (const s of secrets) assert.ok(!out.includes(s), `"${s}" survived in:\n${out}`);
  for (const k of keep) assert.ok(out.includes(k), `"${k}" was lost from:\n${out}`);
}

describe('redactSecrets: kinds that used to get through', () => {
  it('a token in a curl -H "Header: value" string', () => {
    const key = alnum(32);
    assertRedacted(`curl -s -H "X-Api-Key: ${key}" https://api.example.com/v1`, [key], ['curl -s -H "X-Api-Key: ', '" https://api.example.com/v1']);
    const tok = HEX + 'abcd';
    assertRedacted(`curl -H 'Authorization: token ${tok}' https://ghe/api`, [tok], ['Authorization: token ']);
    assertRedacted(`x-api-key: ${key}\ncontent-type: application/json`, [key], ['content-type: application/json']);
  });

  it('an Azure AccountKey in a connection string', () => {
    const key = b64(86) + '==';
    assertRedacted(`DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=${key};EndpointSuffix=core.windows.net`, [key], ['AccountName=logs;AccountKey=', ';EndpointSuffix=core.windows.net']);
  });

  it('a password in redis://:pw@host (no user name)', () => {
    assertRedacted('REDIS_URL=redis://:' + 'tangerinefox' + '@cache.internal:6379/0', ['tangerinefox'], ['redis://:', '@cache.internal:6379/0']);
  });

  it('a Go DSN user:pw@tcp(host)', () => {
    assertRedacted('dsn := "app:' + 'p4ss-W0rd-x' + '@tcp(127.0.0.1:3306)/orders"', ['p4ss-W0rd-x'], ['dsn := "app:', '@tcp(127.0.0.1:3306)/orders"']);
  });

  it('a JDBC &password= parameter, also XML-escaped', () => {
    assertRedacted('jdbc:mysql://db:3306/app?user=app&password=' + 'S0methingS3cret' + '&useSSL=false', ['S0methingS3cret'], ['&useSSL=false']);
    assertRedacted('<property name="url" value="jdbc:postgresql://pg/crm?user=crm&amp;password=' + 'crmOwner77' + '"/>', ['crmOwner77'], ['"/>']);
  });

  it('an .npmrc _auth and _authToken', () => {
    const auth = Buffer.from('ci:' + 'hunter' + 'horse').toString('base64');
    assertRedacted(`registry=https://registry.npmjs.org/\n_auth=${auth}\nalways-auth=true`, [auth], ['always-auth=true']);
    const tok = alnum(36, 9);
    assertRedacted(`//nexus.example.com/npm/:_authToken=${tok}`, [tok], ['//nexus.example.com/npm/:_authToken=']);
  });

  it('a password without digits in docker-compose, Spring properties and YAML', () => {
    assertRedacted('    environment:\n      POSTGRES_PASSWORD: ' + 'purplemonkey' + '\n      POSTGRES_USER: shop', ['purplemonkey'], ['POSTGRES_USER: shop']);
    assertRedacted('      - MYSQL_ROOT_PASSWORD=' + 'letmeinplease', ['letmeinplease'], ['MYSQL_ROOT_PASSWORD=']);
    assertRedacted('spring.datasource.username=admin\nspring.datasource.password=' + 'tiger' + '\n', ['tiger'], ['username=admin']);
    assertRedacted('spring:\n  datasource:\n    password: ' + 'secretsauce', ['secretsauce'], ['datasource:']);
  });

  it('a token or password given as a command-line argument', () => {
    const tok = alnum(32, 11);
    assertRedacted(`./deploy.sh --env prod --token ${tok}`, [tok], ['--env prod --token ']);
    assertRedacted(`docker login -u ci -p ${alnum(20, 5)} registry.gitlab.com`, [alnum(20, 5)], ['registry.gitlab.com']);
    assertRedacted('wget --user=builder --password=' + 'buildbuild' + ' https://x/app.tgz', ['buildbuild'], ['https://x/app.tgz']);
    assertRedacted('redis-cli -h cache -a ' + 'Zr4nd0mPw' + ' INFO', ['Zr4nd0mPw'], [' INFO']);
    assertRedacted('curl -u deploy:' + 'Wint3r-is-c0ming' + ' https://nexus/x', ['Wint3r-is-c0ming'], ['curl -u deploy:']);
  });

  it('a base64 PEM private key in a Kubernetes Secret, but not a certificate', () => {
    const pem = `-----BEGIN PRIVATE KEY-----\n${b64(64)}\n${b64(64, 9)}\n-----END PRIVATE KEY-----\n`;
    const key = Buffer.from(pem).toString('base64');
    const cert = Buffer.from(`-----BEGIN CERTIFICATE-----\n${b64(64, 4)}\n-----END CERTIFICATE-----\n`).toString('base64');
    assertRedacted(`data:\n  tls.crt: ${cert}\n  tls.key: ${key}\n`, [key.slice(20, 60)], [`tls.crt: ${cert}`]);
  });

  it('mysql -pPASS (attached), but not a lone -p that prompts', () => {
    assertRedacted('mysql -h 127.0.0.1 -u root -p' + 'Passw0rd123' + ' shop < dump.sql', ['Passw0rd123'], [' shop < dump.sql']);
    assertRedacted('mysqldump -uroot -p' + 'opensesame' + ' --all-databases', ['opensesame'], ['--all-databases']);
    assert.equal(redactSecrets('mysql -u root -p shop < dump.sql').text, 'mysql -u root -p shop < dump.sql');
  });

  it('a Maven <password>, but not a property reference or an encrypted value', () => {
    assertRedacted('<server>\n  <username>deployer</username>\n  <password>' + 'd3pl0yMe!' + '</password>\n</server>', ['d3pl0yMe!'], ['<username>deployer</username>']);
    assertRedacted('<password>' + 'releasemanager' + '</password>', ['releasemanager'], ['<password>']);
    for (const kept of ['<password>${env.NEXUS_PASSWORD}</password>', '<password>{DESede}c2VjcmV0</password>']) assert.equal(redactSecrets(kept).text, kept);
  });
});

describe('redactSecrets: ordinary text that used to be redacted', () => {
  const untouched = (text: string) => {
    const r = redactSecrets(text);
    assert.equal(r.text, text);
    assert.equal(r.redactions, 0);
  };

  it('an error message that names a command before its subcommand ("vault: login expired")', () => {
    untouched('vault: login expired, run `vault login`');
    untouched('Error: docker: login failed, check -p flag usage');
  });

  it('MDN links in lib.dom.d.ts (40 characters of a URL path)', () => {
    for (const p of ['AbstractRange/collapsed', 'WebGL2RenderingContext/compressedTexSubImage3D', 'IntersectionObserverEntry/boundingClientRect']) {
      untouched(`    /** [MDN Reference](https://developer.mozilla.org/docs/Web/API/${p}) */`);
    }
    untouched(' * method takes a string as input, and returns a Global_Objects/Uint8Array containing the text');
  });

  it('base64 test fixtures: text, and bytes in a pattern', () => {
    for (const s of ['The quick brown fox jumps over the lazy dog', '{"alg":"RS256","kid":"2024-05"}', 'username,email\nalice,alice@example.com']) {
      untouched(`expect(decode("${Buffer.from(s).toString('base64')}")).toEqual(x);`);
    }
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 7 + 3) & 255)).toString('base64');
    untouched(`const FIXTURE = Buffer.from("${bytes}", "base64");`);
    untouched('const px = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";');
  });

  it('S3 key paths', () => {
    for (const k of ['tenants/AcmeCorp/Invoices/2024/Q1/INV2024000123.pdf', 'media/Originals/Photos/2023/Summer/IMG_4821.JPG', 'AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/trail.json.gz']) {
      untouched(`  Key: "${k}",`);
      untouched(`aws s3 cp s3://acme-prod/${k} ./downloads/`);
    }
  });

  it('package names ending in "pass" or "token" with their versions', () => {
    untouched('{\n  "dependencies": {\n    "bypass": "^2.0.0",\n    "csrf-token": "^4.1.0",\n    "keytar-pass": "1.2.3",\n    "last-token": "workspace:*"\n  }\n}');
    untouched('import csrfToken from "csrf-token";\nnpm install --save csrf-token@4.0.1 express-bypass@2.1.0');
  });

  it('code that names secrets without holding one', () => {
    for (const line of ['_credentials = credentials;', 'readonly STENCIL_PASS_DEPTH_PASS: 0x8C96;', 'AWS_SECRET_KEY: "AWS_SECRET_ACCESS_KEY",', 'type RequestCredentials = "include" | "omit";', 'password: string', '--token-file /var/run/secrets/token']) {
      untouched(line);
    }
  });

  it('module paths, long identifiers and constants that name themselves', () => {
    for (const line of [
      'export * from "./GetAutomatedReasoningPolicyBuildWorkflowResultAssetsCommand";',
      'export { NoOpLogger } from "./smithy-client/NoOpLogger";',
      'exports.SignatureV4SignWithCredentials = SignatureV4SignWithCredentials;',
      'const value = this.buffer.readUInt16BE(offset + i * 2)',
      'const X_AWS_EC2_METADATA_TOKEN = "x-aws-ec2-metadata-token";',
      '    EVENT_TEST_PASS: "pass",',
      '  currentItemToken = item',
      'aws_secret_access_key=bar',
    ]) {
      untouched(line);
    }
  });
});

describe('redactSecrets stays linear on the shapes the new rules look for', () => {
  // Mocha's timeout is the hang detector: a quadratic rule takes minutes on 400 KB.
  for (const unit of ['password=', 'password="', '-H "X-Key: ', 'u:p@tcp(', '<password>x', '--token ', 'mysql -p', 'key="a" ', '://a:', 'a:1:b:c:', 'password: x\n', 'LS0tLS1CRUdJTi', 'docker login ', 'vault login -a ', 'htpasswd -b ', 'curl -u ']) {
    it(`a 400 KB run of ${JSON.stringify(unit)}`, function () {
      this.timeout(10_000);
      redactSecrets(unit.repeat(Math.ceil(400_000 / unit.length)));
    });
  }
});
