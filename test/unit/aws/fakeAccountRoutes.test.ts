// The fake's SSO portal lists and Bedrock control plane, driven by the real SDK clients: if these pass,
// the picker and the new-profile flow meet in the fake what they would meet at AWS (paging, the bearer
// header, SigV4 for `bedrock`, error names the SDK turns into typed exceptions).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  BedrockClient,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  paginateListInferenceProfiles,
} from '@aws-sdk/client-bedrock';
import { ListAccountRolesCommand, ListAccountsCommand, paginateListAccounts, SSOClient } from '@aws-sdk/client-sso';
import { fromNodeProviderChain, fromSSO } from '@aws-sdk/credential-providers';
import { CATALOG } from '../../../src/bedrock/catalog';
import { ACCOUNT_ID, CLAUDE_3_HAIKU, SONNET_4_5, startFake, withFakeEnv, type Fake } from '../../fake/bedrockFake';

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('fake SSO portal: account and role lists (real SSOClient)', () => {
  let fake: Fake;
  let token: string;
  before(async () => {
    fake = await startFake({ sessionName: 'routes-portal', profileName: 'routes-portal' });
    token = fake.sso.readToken()!.accessToken;
  });
  after(async () => {
    await fake.close();
  });
  const client = () => new SSOClient({ region: 'us-east-1', endpoint: fake.url });

  it('pages ListAccounts: a page holds at most portalPageSize, nextToken leads to the rest', async () => {
    const c = client();
    try {
      const first = await c.send(new ListAccountsCommand({ accessToken: token, maxResults: 100 }));
      assert.equal(first.accountList?.length, 2);
      assert.ok(first.nextToken, 'no nextToken on a partial page');
      const names: string[] = [];
      for await (const page of paginateListAccounts({ client: c }, { accessToken: token })) {
        names.push(...(page.accountList ?? []).map((a) => `${a.accountName} ${a.accountId}`));
      }
      assert.deepEqual(names, ['Haiku Dev 111122223333', 'Sandbox 444455556666', 'Production 777788889999']);
      const calls = fake.sso.requests.filter((r) => r.api === 'listAccounts');
      assert.ok(calls.length >= 3 && calls.every((r) => r.bearer && r.status === 200));
    } finally {
      c.destroy();
    }
  });

  it('ListAccountRoles lists an account\'s roles over pages; an unknown account is ResourceNotFoundException', async () => {
    const c = client();
    try {
      const roles: string[] = [];
      let nextToken: string | undefined;
      do {
        const r = await c.send(new ListAccountRolesCommand({ accessToken: token, accountId: '444455556666', nextToken }));
        roles.push(...(r.roleList ?? []).map((x) => `${x.accountId}/${x.roleName}`));
        nextToken = r.nextToken;
      } while (nextToken);
      assert.deepEqual(roles, ['444455556666/AdministratorAccess', '444455556666/BedrockUser', '444455556666/ReadOnly']);
      const missing = await errorOf(c.send(new ListAccountRolesCommand({ accessToken: token, accountId: '000000000000' })));
      assert.equal(missing.name, 'ResourceNotFoundException');
    } finally {
      c.destroy();
    }
  });

  it('refuses an unknown or expired token (UnauthorizedException) and a made-up nextToken (InvalidRequestException)', async () => {
    const c = client();
    try {
      assert.equal((await errorOf(c.send(new ListAccountsCommand({ accessToken: 'not-a-token' })))).name, 'UnauthorizedException');
      const forged = await errorOf(c.send(new ListAccountsCommand({ accessToken: token, nextToken: Buffer.from('0.roles:1').toString('base64url') })));
      assert.equal(forged.name, 'InvalidRequestException');
      const expired = fake.sso.writeToken({ expiresInMs: 1 });
      await new Promise((r) => setTimeout(r, 5));
      assert.equal((await errorOf(c.send(new ListAccountsCommand({ accessToken: expired })))).name, 'UnauthorizedException');
    } finally {
      c.destroy();
      fake.sso.writeToken();
    }
  });

  it('gives role credentials for any assigned account and role, and remembers which', async () => {
    fs.appendFileSync(
      fake.sso.configFile,
      '\n[profile sandbox]\nsso_session = routes-portal\nsso_account_id = 444455556666\nsso_role_name = BedrockUser\nregion = eu-west-1\n' +
        '\n[profile not-assigned]\nsso_session = routes-portal\nsso_account_id = 777788889999\nsso_role_name = BedrockUser\n',
    );
    const creds = await withFakeEnv(fake, () => fromSSO({ profile: 'sandbox' })());
    assert.deepEqual(
      { account: fake.sso.lookup(creds.accessKeyId)?.accountId, role: fake.sso.lookup(creds.accessKeyId)?.roleName },
      { account: '444455556666', role: 'BedrockUser' },
    );
    const refused = await errorOf(withFakeEnv(fake, () => fromSSO({ profile: 'not-assigned' })()));
    assert.match(refused.message, /ForbiddenException|No access/);
  });
});

describe('fake Bedrock control plane (real BedrockClient)', () => {
  let fake: Fake;
  before(async () => {
    fake = await startFake({ sessionName: 'routes-cp', profileName: 'routes-cp' });
  });
  after(async () => {
    await fake.close();
  });
  afterEach(() => {
    fake.controlPlane.resetData();
    fake.rejectBadSignatures = false;
  });

  // No endpoint option: AWS_ENDPOINT_URL_BEDROCK from fake.env must be what sends the client to the fake.
  function withClient<T>(region: string, fn: (c: BedrockClient) => Promise<T>): Promise<T> {
    return withFakeEnv(fake, async () => {
      const c = new BedrockClient({ region, credentials: fromNodeProviderChain({ profile: 'routes-cp' }) });
      try {
        return await fn(c);
      } finally {
        c.destroy();
      }
    });
  }

  it('lists the catalog\'s Haiku models with AWS lifecycle fields, filtered by provider and region', async () => {
    const r = await withClient('us-east-1', (c) => c.send(new ListFoundationModelsCommand({ byProvider: 'Anthropic' })));
    const ids = (r.modelSummaries ?? []).map((m) => m.modelId);
    for (const m of CATALOG) assert.ok(ids.includes(m.baseId), `${m.baseId} missing`);
    assert.ok(ids.includes(CLAUDE_3_HAIKU) && ids.includes(SONNET_4_5));
    assert.ok(!ids.some((id) => id?.startsWith('amazon.')), 'byProvider=Anthropic still lists Amazon models');
    const retired = r.modelSummaries!.find((m) => m.modelId === CATALOG.find((x) => x.lifecycle === 'retired')!.baseId)!;
    assert.equal(retired.modelLifecycle?.status, 'LEGACY');
    assert.ok(retired.modelLifecycle?.endOfLifeTime instanceof Date, 'the SDK did not parse endOfLifeTime as a date');
    assert.equal(retired.modelLifecycle!.endOfLifeTime!.toISOString().slice(0, 10), CATALOG.find((x) => x.lifecycle === 'retired')!.endOfLife);
    assert.equal(r.modelSummaries!.find((m) => m.modelId === CATALOG[0].baseId)!.modelLifecycle?.status, 'ACTIVE');
    assert.match(r.modelSummaries![0].modelArn ?? '', /^arn:aws:bedrock:us-east-1::foundation-model\//);

    const log = fake.controlPlane.requests.at(-1)!;
    assert.deepEqual([log.api, log.region, log.sigv4Valid, log.query.byProvider], ['listFoundationModels', 'us-east-1', true, 'Anthropic']);
    assert.equal(fake.requests.length, 0, 'control-plane calls must not appear among runtime requests');

    // 3.5 Haiku only ever had a US profile: an EU region does not list it.
    const eu = await withClient('eu-west-1', (c) => c.send(new ListFoundationModelsCommand({ byProvider: 'anthropic', byInferenceType: 'ON_DEMAND' })));
    assert.deepEqual(eu.modelSummaries?.map((m) => m.modelId), [CLAUDE_3_HAIKU]);
  });

  it('pages ListInferenceProfiles and lists only the geographies that serve the region', async () => {
    const ids = await withClient('eu-west-1', async (c) => {
      const out: string[] = [];
      for await (const page of paginateListInferenceProfiles({ client: c, pageSize: 1000 }, {})) {
        out.push(...(page.inferenceProfileSummaries ?? []).map((p) => p.inferenceProfileId!));
      }
      return out;
    });
    assert.ok(ids.length > fake.controlPlane.profilesPageSize, 'too few profiles to prove paging');
    assert.ok(ids.every((id) => /^(eu|global)\./.test(id)), ids.join());
    assert.ok(ids.includes(`eu.${CATALOG[0].baseId}`));
    assert.ok(fake.controlPlane.requests.filter((r) => r.api === 'listInferenceProfiles').length >= 2);

    const one = await withClient('us-west-2', (c) => c.send(new ListInferenceProfilesCommand({ maxResults: 1 })));
    assert.equal(one.inferenceProfileSummaries?.length, 1);
    assert.match(one.inferenceProfileSummaries![0].inferenceProfileArn!, /^arn:aws:bedrock:us-west-2:\d{12}:inference-profile\/(us|global)\./);
    assert.ok(one.inferenceProfileSummaries![0].models!.length > 1);
    const apps = await withClient('us-west-2', (c) => c.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' })));
    assert.deepEqual(apps.inferenceProfileSummaries, []);
  });

  it('answers AccessDeniedException when the role may not list, and refuses bad signatures when told to', async () => {
    fake.controlPlane.denyListing = 'models';
    const denied = await errorOf(withClient('us-east-1', (c) => c.send(new ListFoundationModelsCommand({}))));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /bedrock:ListFoundationModels/);
    const profiles = await withClient('us-east-1', (c) => c.send(new ListInferenceProfilesCommand({})));
    assert.ok(profiles.inferenceProfileSummaries?.length);

    fake.controlPlane.denyListing = false;
    fake.rejectBadSignatures = true;
    const stranger = new BedrockClient({
      region: 'us-east-1',
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x'.repeat(40) },
    });
    try {
      assert.equal((await errorOf(stranger.send(new ListFoundationModelsCommand({})))).name, 'UnrecognizedClientException');
    } finally {
      stranger.destroy();
    }
    assert.equal(fake.controlPlane.requests.at(-1)?.sigv4Problem, 'unknown access key');
    assert.ok(fake.controlPlane.requests.some((r) => r.accessKeyId && fake.sso.lookup(r.accessKeyId)?.accountId === ACCOUNT_ID));
  });
});
