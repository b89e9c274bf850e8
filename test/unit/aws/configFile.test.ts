import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigDocument } from '../../../src/aws/configFile';
import { editConfigFile } from '../../../src/aws/configIo';
import { addSsoProfile, convertLegacyProfile, listProfiles } from '../../../src/aws/profiles';

// A config as people really have them: comments everywhere, hand-aligned keys, tabs, a nested block,
// a legacy SSO profile, an assume-role chain, a profile with no space around '=', a trailing comment.
const REAL_WORLD = `# ~/.aws/config — managed partly by hand, partly by \`aws configure\`
; semicolons are comments too

[default]
region=eu-west-1
output = json   # keep json for scripts

# --- work ---
[profile work-dev]
sso_session     = acme
sso_account_id  = 111111111111
sso_role_name   = Developer
region          = us-east-1

[profile   spaced]
region = us-west-2

[profile legacy]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = ReadOnly
region = us-east-2

[profile chained]
role_arn = arn:aws:iam::333333333333:role/Admin
source_profile = work-dev
s3 =
  max_concurrent_requests = 20
  multipart_threshold = 64MB
cli_pager=

[sso-session acme]
sso_start_url = https://acme.awsapps.com/start#/
sso_region = us-east-1
sso_registration_scopes = sso:account:access
\t
[services local]
bedrock-runtime =
  endpoint_url = http://localhost:4566
[profile "quoted"]
region = ap-southeast-2 ; trailing`;

function manyProfiles(n: number): string {
  const out: string[] = ['[default]', 'region = us-east-1', ''];
  for (let i = 0; i < n; i++) {
    out.push(`# profile ${i}`, `[profile p${i}]`, `sso_session = s${i % 3}`, `sso_account_id = ${String(i).padStart(12, '0')}`, 'sso_role_name = Dev', '');
  }
  for (let s = 0; s < 3; s++) out.push(`[sso-session s${s}]`, `sso_start_url = https://s${s}.awsapps.com/start`, 'sso_region = us-east-1', '');
  return out.join('\n');
}

describe('AWS config document', () => {
  it('round-trips real-world files byte for byte (comments, odd spacing, tabs, no final newline)', () => {
    for (const text of [REAL_WORLD, `${REAL_WORLD}\n`, REAL_WORLD.replace(/\n/g, '\r\n'), manyProfiles(200), '', '\n\n', '\uFEFF[default]\nregion = us-east-1\n']) {
      assert.equal(ConfigDocument.parse(text).toString(), text);
    }
  });

  it('reads sections and keys the way the SDK does', () => {
    const doc = ConfigDocument.parse(REAL_WORLD);
    assert.deepEqual(doc.values('default', 'default'), { region: 'eu-west-1', output: 'json' });
    assert.equal(doc.values('profile', 'work-dev').sso_role_name, 'Developer');
    assert.equal(doc.values('profile', 'quoted').region, 'ap-southeast-2');
    // Two spaces after "profile" is not a profile header for the SDK either.
    assert.equal(doc.section('profile', 'spaced'), undefined);
    // Nested block keys are not top-level keys.
    assert.equal(doc.values('profile', 'chained').max_concurrent_requests, undefined);
    assert.equal(doc.values('profile', 'chained').source_profile, 'work-dev');
    assert.equal(doc.values('sso-session', 'acme').sso_start_url, 'https://acme.awsapps.com/start#/');
  });

  it('finds the same profiles, sessions and values as the SDK\'s own parser', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-sdkparse-'));
    try {
      const file = path.join(dir, 'config');
      fs.writeFileSync(file, REAL_WORLD);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const smithy = require('@smithy/core/config') as {
        loadSharedConfigFiles(o: object): Promise<{ configFile: Record<string, Record<string, string>> }>;
        loadSsoSessionData(o: object): Promise<Record<string, Record<string, string>>>;
      };
      const sdk = (await smithy.loadSharedConfigFiles({ configFilepath: file, filepath: path.join(dir, 'none'), ignoreCache: true })).configFile;
      const sessions = await smithy.loadSsoSessionData({ configFilepath: file });
      const doc = ConfigDocument.parse(REAL_WORLD);
      const ours = listProfiles(doc);
      // The SDK's map also carries `services.x` and `sso-session.y` entries next to the profiles.
      const profiles = Object.keys(sdk).filter((k) => !/^(services|sso-session)\./.test(k));
      assert.deepEqual(ours.map((p) => p.name).sort(), profiles.sort());
      for (const name of profiles) {
        const kind = name === 'default' ? 'default' : 'profile';
        const top = Object.fromEntries(Object.entries(sdk[name]).filter(([k]) => !k.includes('.')));
        assert.deepEqual(doc.values(kind, name), top, name);
      }
      for (const name of Object.keys(sessions)) assert.deepEqual(doc.values('sso-session', name), sessions[name]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changes only the value on an existing line, keeping its alignment and comment', () => {
    const doc = ConfigDocument.parse(REAL_WORLD);
    doc.set('profile', 'work-dev', 'region', 'eu-central-1');
    doc.set('default', 'default', 'output', 'yaml');
    const before = REAL_WORLD.split('\n');
    const after = doc.toString().split('\n');
    assert.equal(after.length, before.length);
    const changed = after.map((l, i) => (l === before[i] ? undefined : l)).filter(Boolean);
    assert.deepEqual(changed, ['output = yaml   # keep json for scripts', 'region          = eu-central-1']);
  });

  it('adds a key after the section\'s last key, in the section\'s own style', () => {
    const doc = ConfigDocument.parse(REAL_WORLD);
    doc.set('default', 'default', 'cli_pager', 'less');
    const lines = doc.toString().split('\n');
    const i = lines.indexOf('output = json   # keep json for scripts');
    assert.equal(lines[i + 1], 'cli_pager=less');
    assert.equal(lines.length, REAL_WORLD.split('\n').length + 1);
  });

  it('appends new sections with the file\'s line endings and terminates a last line that had none', () => {
    const crlf = '[default]\r\nregion = us-east-1';
    const doc = ConfigDocument.parse(crlf);
    doc.addSection('profile', 'new', [['region', 'eu-west-1']]);
    assert.equal(doc.toString(), '[default]\r\nregion = us-east-1\r\n\r\n[profile new]\r\nregion = eu-west-1\r\n');
  });

  it('refuses values the SDK would read differently', () => {
    const doc = ConfigDocument.parse('');
    assert.throws(() => doc.set('profile', 'x', 'region', 'us-east-1 # oops'));
    assert.throws(() => doc.set('profile', 'x', 'region', 'a\nb'));
    assert.throws(() => doc.addSection('profile', 'has space'));
  });
});

describe('SSO profile edits', () => {
  it('adds a [profile] + [sso-session] pair without touching a line of the rest', () => {
    const doc = ConfigDocument.parse(REAL_WORLD);
    addSsoProfile(doc, {
      profile: 'bedrock', sessionName: 'corp', startUrl: 'https://corp.awsapps.com/start', ssoRegion: 'eu-west-1',
      accountId: '444444444444', roleName: 'BedrockUser', region: 'eu-central-1',
    });
    const out = doc.toString();
    assert.ok(out.startsWith(`${REAL_WORLD}\n`), 'the original text is a prefix of the result');
    assert.equal(out.slice(REAL_WORLD.length + 1), [
      '',
      '[profile bedrock]',
      'sso_session = corp',
      'sso_account_id = 444444444444',
      'sso_role_name = BedrockUser',
      'region = eu-central-1',
      '',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      'sso_region = eu-west-1',
      'sso_registration_scopes = sso:account:access',
      '',
    ].join('\n'));
    const p = listProfiles(ConfigDocument.parse(out)).find((x) => x.name === 'bedrock')!;
    assert.equal(p.kind, 'sso');
    assert.equal(p.problem, undefined);
  });

  it('reuses an existing session and refuses a duplicate profile name', () => {
    const doc = ConfigDocument.parse(REAL_WORLD);
    addSsoProfile(doc, {
      profile: 'second', sessionName: 'acme', startUrl: 'https://acme.awsapps.com/start#/', ssoRegion: 'us-east-1',
      accountId: '555555555555', roleName: 'Dev', region: 'us-east-1',
    });
    assert.equal(doc.sections().filter((s) => s.kind === 'sso-session' && s.name === 'acme').length, 1);
    assert.throws(() => addSsoProfile(doc, {
      profile: 'work-dev', sessionName: 'acme', startUrl: 'x', ssoRegion: 'us-east-1', accountId: '1', roleName: 'r', region: 'us-east-1',
    }), /already exists/);
  });

  it('converts a legacy SSO profile in place, sharing the matching session', () => {
    const doc = ConfigDocument.parse(REAL_WORLD);
    const session = convertLegacyProfile(doc, 'legacy');
    // sso-session acme has the same start URL (modulo "#/") and region.
    assert.equal(session, 'acme');
    assert.deepEqual(doc.values('profile', 'legacy'), {
      sso_account_id: '222222222222', sso_role_name: 'ReadOnly', region: 'us-east-2', sso_session: 'acme',
    });
    const legacy = listProfiles(doc).find((p) => p.name === 'legacy')!;
    assert.equal(legacy.kind, 'sso');
    assert.equal(legacy.problem, undefined);
    // Everything outside the profile is unchanged.
    const rest = (t: string) => t.split('[profile legacy]')[0] + t.split('[profile chained]')[1];
    assert.equal(rest(doc.toString()), rest(REAL_WORLD));
  });

  it('lists profiles with their kind, and flags the legacy form with a fix', () => {
    const creds = ConfigDocument.parse('[default]\naws_access_key_id = AKIA\naws_secret_access_key = x\n[ci]\naws_access_key_id = AKIB\n');
    const list = listProfiles(ConfigDocument.parse(REAL_WORLD), creds);
    const by = Object.fromEntries(list.map((p) => [p.name, p]));
    assert.equal(list[0].name, 'default');
    assert.equal(by.default.inCredentials, true);
    assert.equal(by['work-dev'].kind, 'sso');
    assert.equal(by['work-dev'].startUrl, 'https://acme.awsapps.com/start#/');
    assert.equal(by.legacy.kind, 'ssoLegacy');
    assert.match(by.legacy.problem!, /cannot be refreshed/);
    assert.match(by.legacy.fix!, /sso-session/);
    assert.equal(by.chained.kind, 'assumeRole');
    assert.equal(by.ci.kind, 'keys');
    assert.equal(by.quoted.region, 'ap-southeast-2');
    assert.equal(by.spaced, undefined);
  });

  it('flags an SSO profile whose session section is missing', () => {
    const p = listProfiles(ConfigDocument.parse('[profile x]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = r\n'))[0];
    assert.match(p.problem!, /sso-session gone/);
  });
});

describe('config file writing', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-cfg-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('backs the file up before writing, keeps its permissions, and writes nothing when nothing changes', async () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, REAL_WORLD, { mode: 0o600 });
    const now = new Date('2026-11-25T10:15:30.123Z');
    const r = await editConfigFile(file, (d) => d.set('profile', 'work-dev', 'region', 'eu-west-3'), now);
    assert.equal(r.changed, true);
    assert.equal(r.backupPath, `${file}.bak-20261125T101530Z`);
    assert.equal(fs.readFileSync(r.backupPath!, 'utf8'), REAL_WORLD);
    assert.match(fs.readFileSync(file, 'utf8'), /region {10}= eu-west-3/);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const again = await editConfigFile(file, (d) => d.set('profile', 'work-dev', 'region', 'eu-west-3'));
    assert.deepEqual(again, { changed: false });
    assert.deepEqual(fs.readdirSync(dir).sort(), ['config', 'config.bak-20261125T101530Z']);
  });

  it('keeps every backup when two edits land in the same second', async () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, REAL_WORLD);
    const now = new Date('2026-11-25T10:15:30.000Z');
    const first = await editConfigFile(file, (d) => d.set('profile', 'work-dev', 'region', 'eu-west-3'), now);
    const between = fs.readFileSync(file, 'utf8');
    const second = await editConfigFile(file, (d) => d.addSection('profile', 'extra', [['region', 'us-east-1']]), now);
    assert.notEqual(second.backupPath, first.backupPath);
    assert.equal(fs.readFileSync(first.backupPath!, 'utf8'), REAL_WORLD, 'the original was overwritten');
    assert.equal(fs.readFileSync(second.backupPath!, 'utf8'), between);
  });

  it('creates a missing config (and its folder) readable only by the user', async () => {
    const file = path.join(dir, 'nested', '.aws', 'config');
    const r = await editConfigFile(file, (d) => d.addSection('profile', 'a', [['region', 'us-east-1']]));
    assert.deepEqual(r, { changed: true, backupPath: undefined });
    assert.equal(fs.readFileSync(file, 'utf8'), '[profile a]\nregion = us-east-1\n');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  });

  it('writes through a symlinked config instead of replacing the link', async () => {
    const real = path.join(dir, 'dotfiles-config');
    fs.writeFileSync(real, '[default]\nregion = us-east-1\n');
    const link = path.join(dir, 'config');
    fs.symlinkSync(real, link);
    await editConfigFile(link, (d) => d.set('default', 'default', 'region', 'eu-west-1'));
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readFileSync(real, 'utf8'), '[default]\nregion = eu-west-1\n');
  });
});
