// Secrets at rest and in the log: the SSO token cache is readable by its owner only, even when it replaces
// a looser file; a rewritten ~/.aws/config and its backup keep the original permissions; and no log line
// carries a credential or a whole prompt.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { editConfigFile } from '../../../src/aws/configIo';
import { bedrockError } from '../../../src/bedrock/errors';
import { errorView } from '../../../src/chat/conversation';
import { FolderStorage } from '../../../src/chat/fileStorage';
import { tokenCachePath, writeToken, type SsoToken } from '../../../src/aws/tokenCache';
import type { Logger } from '../../../src/shared/logger';
import { redactingLogger } from '../../../src/privacy/redactingLogger';
import { AWS_KEY, AWS_SECRET, JWT, assertNoLeak } from './secrets';

const posix = process.platform !== 'win32';
const modeOf = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);

describe('security: secrets at rest', () => {
  const token: SsoToken = {
    startUrl: 'https://x.awsapps.com/start', region: 'us-east-1', accessToken: 'aoa-planted', expiresAt: '2030-01-01T00:00:00Z',
    clientId: 'cid', clientSecret: 'planted-client-secret', refreshToken: 'aor-planted',
  };

  it('the token cache file is 0600, also when it replaces a world-readable one', async function () {
    if (!posix) this.skip();
    const env = { ...process.env, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-sec-')) };
    const file = tokenCachePath('perm-test', env);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{}', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    await writeToken('perm-test', token, env);
    assert.equal(modeOf(file), '600');
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).refreshToken, 'aor-planted');
    assert.deepEqual(fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.tmp')), [], 'no temp file left behind');
  });

  it('a fresh cache directory is private to the user', async function () {
    if (!posix) this.skip();
    const env = { ...process.env, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-sec-')) };
    const file = await writeToken('dir-test', token, env);
    assert.equal(modeOf(path.dirname(file)), '700');
  });

  it('a rewritten AWS config and its backup keep the file\'s permissions', async function () {
    if (!posix) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-sec-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, '[profile a]\nregion = us-east-1\n');
    fs.chmodSync(file, 0o640);
    const r = await editConfigFile(file, (doc) => doc.set('profile', 'a', 'region', 'eu-west-1'));
    assert.ok(r.changed && r.backupPath);
    assert.equal(modeOf(file), '640');
    assert.equal(modeOf(r.backupPath!), '640', 'the backup holds the same content: same mode, never wider');
  });
});

describe('security: chat history at rest', () => {
  it('conversation files and their folder are private to the user', async function () {
    if (!posix) this.skip();
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-sec-')), 'chat');
    const storage = new FolderStorage(dir);
    await storage.write('conversation-abc.json', '{"turns":[]}');
    assert.equal(modeOf(dir), '700');
    assert.equal(modeOf(path.join(dir, 'conversation-abc.json')), '600');
    await assert.rejects(storage.write('../escape.json', 'x'), /bad storage name/);
  });
});

describe('security: log lines', () => {
  function capture(): { log: Logger; lines: string[] } {
    const lines: string[] = [];
    const push = (m: unknown, ...a: unknown[]) => void lines.push([m, ...a].map((x) => (x instanceof Error ? `${x.message}\n${x.stack}` : String(x))).join(' '));
    return { log: redactingLogger({ trace: push, debug: push, info: push, warn: push, error: push }), lines };
  }

  it('redacts what SDK and helper errors quote, at every level', () => {
    const { log, lines } = capture();
    // The credential-process provider's message is the failed command line plus its stderr.
    log.warn(`Bedrock chat request failed (noCredentials): CredentialsProviderError: Command failed: get-creds --secret-key=${AWS_SECRET}\nusing ${AWS_KEY}`);
    log.error(new Error(`token ${JWT} rejected`));
    log.info('explain: terminal context sent (%d chars)', `Authorization: Bearer ${JWT}`);
    log.debug(`AWS_SECRET_ACCESS_KEY=${AWS_SECRET} aws sts get-caller-identity`);
    assert.equal(lines.length, 4);
    assertNoLeak(lines.join('\n'), 'the log');
    assert.match(lines[0], /Bedrock chat request failed \(noCredentials\)/, 'the rest of the line is kept');
  });

  it('no log call in src interpolates a prompt, an answer, a question or a token', () => {
    const root = path.join(__dirname, '../../../src');
    const offenders: string[] = [];
    let calls = 0;
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.includes(`${path.sep}webview${path.sep}`)) {
          // A log call's argument runs to the end of the statement; look at its template expressions.
          const text = fs.readFileSync(p, 'utf8');
          for (const m of text.matchAll(/\blog\??\.(?:trace|debug|info|warn|error)\(([\s\S]*?)\);/g)) {
            calls++;
            for (const x of m[1].matchAll(/\$\{([^}]*)\}/g)) {
              const expr = x[1].trim();
              if (/\.length\b|\.size\b/.test(expr)) continue;
              if (/(?:prompt|question|answer|accessToken|refreshToken|clientSecret|deviceCode|userCode|secret|password|\btext)\b/i.test(expr)) {
                offenders.push(`${path.relative(root, p)}: \${${expr}}`);
              }
            }
          }
        }
      }
    };
    walk(root);
    assert.ok(calls >= 20, `the scan found the log calls (${calls})`);
    assert.deepEqual(offenders, []);
  });
});

describe('security: error messages shown in the chat', () => {
  it('an unclassified error quoting a credential helper is shown and stored redacted', () => {
    const e = bedrockError('unknown', `Error: Command failed: get-creds --key ${AWS_KEY} --secret=${AWS_SECRET}`);
    assert.ok(e.message.includes(AWS_KEY), 'the message quotes the detail (the case this guards)');
    const view = errorView(e);
    assertNoLeak(view.message, 'the error shown in the chat');
    assert.match(view.message, /^Bedrock request failed: Error: Command failed: get-creds/);
  });
});
