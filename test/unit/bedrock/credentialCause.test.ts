// Reading a profile the way the SDK does, to name why its credentials failed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { credentialError, credentialProcessFailure, profileCause } from '../../../src/bedrock/credentialCause';
import { bedrockError } from '../../../src/bedrock/errors';

const config = `# comment
[default]
region = eu-west-1

[profile dev]
sso_session = corp
region=us-west-2 ; trailing comment

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile my.dotted]
credential_process = /usr/local/bin/vault-aws dev

[profile my spaced]
sso_session = corp

[profile  padded ]
region = us-east-1

[profile lost-session]
sso_session = gone

[profile session-with-space]
sso_session = corp eu

[sso-session corp eu]
sso_region = eu-west-1

[sso-session sso-only]
sso_region = us-east-1
`;

function files(credentials = '[static]\naws_access_key_id = x\n\n[cred spaced]\naws_access_key_id = y\n'): NodeJS.ProcessEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cause-'));
  fs.writeFileSync(path.join(dir, 'config'), config);
  fs.writeFileSync(path.join(dir, 'credentials'), credentials);
  return { AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), HOME: dir };
}

describe('profile cause', () => {
  const env = files();

  it('finds profiles the SDK reads, in the config and credentials files, not sso-sessions', () => {
    assert.deepEqual(profileCause('dev', env), { kind: 'ok' });
    assert.deepEqual(profileCause('default', env), { kind: 'ok' });
    assert.deepEqual(profileCause('static', env), { kind: 'ok' });
    assert.deepEqual(profileCause('sso-only', env), { kind: 'notFound' });
    assert.deepEqual(profileCause('nope', env), { kind: 'notFound' });
    assert.deepEqual(profileCause('dev', { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/c' }), { kind: 'notFound' });
  });

  it('reads a dotted name as the SDK does, and sees its credential_process', () => {
    assert.deepEqual(profileCause('my.dotted', env), { kind: 'ok', credentialProcess: '/usr/local/bin/vault-aws dev' });
  });

  it('tells a declared profile the SDK cannot read (a space, odd spacing) from a missing one', () => {
    assert.deepEqual(profileCause('my spaced', env), { kind: 'unreadableName' });
    assert.deepEqual(profileCause('padded', env), { kind: 'unreadableName' });
    assert.deepEqual(profileCause('cred spaced', env), { kind: 'unreadableName' });
    assert.deepEqual(profileCause('other spaced', env), { kind: 'notFound' });
  });

  it('sees an sso_session the SDK cannot find', () => {
    assert.deepEqual(profileCause('lost-session', env), { kind: 'missingSsoSession', session: 'gone' });
    assert.deepEqual(profileCause('session-with-space', env), { kind: 'missingSsoSession', session: 'corp eu' });
  });
});

describe('credential error', () => {
  const chainFailed = bedrockError('noCredentials', 'CredentialsProviderError: Could not load credentials from any providers');
  const ctx = { profile: 'x' };

  it('names each cause with an action that can fix it', () => {
    const unreadable = credentialError(chainFailed, 'my spaced', { kind: 'unreadableName' }, { profile: 'my spaced' });
    assert.equal(unreadable.kind, 'unknownProfile');
    assert.equal(unreadable.action?.id, 'selectProfile');
    assert.match(unreadable.message, /"my spaced".*cannot read its name/);

    const session = credentialError(chainFailed, 'lost-session', { kind: 'missingSsoSession', session: 'gone' }, ctx);
    assert.equal(session.kind, 'unknownProfile');
    assert.match(session.message, /\[sso-session gone\]/);

    const proc = credentialError(chainFailed, 'x', { kind: 'ok', credentialProcess: 'vault' }, ctx);
    assert.equal(proc.kind, 'credentialProcess');
    assert.doesNotMatch(proc.message, /sign in/i);

    assert.equal(credentialError(chainFailed, 'x', { kind: 'notFound' }, ctx).kind, 'unknownProfile');
  });

  it('keeps "no credentials" when no profile was named and there is no default', () => {
    assert.equal(credentialError(chainFailed, undefined, { kind: 'notFound' }, {}).kind, 'noCredentials');
  });

  it('keeps the SDK\'s verdict for a readable SSO profile (an expired session is an expired session)', () => {
    const expired = bedrockError('expiredSso', 'expired');
    assert.equal(credentialError(expired, 'dev', { kind: 'ok' }, ctx), expired);
  });
});

describe('credential_process failure', () => {
  it('returns the process\'s own words, nothing when it worked, and does not wait for a hung one', async () => {
    assert.equal(await credentialProcessFailure(() => Promise.reject(new Error('Command failed: vault\nlogin expired\n'))), 'Command failed: vault\nlogin expired');
    assert.equal(await credentialProcessFailure(() => Promise.resolve({})), undefined);
    assert.match((await credentialProcessFailure(() => new Promise(() => undefined), 50))!, /no answer within 50 ms/);
  });
});
