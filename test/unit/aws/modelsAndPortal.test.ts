import * as assert from 'node:assert/strict';
import { findModel } from '../../../src/bedrock/catalog';
import { fetchListing, mergeAvailability, type Listing } from '../../../src/aws/modelAvailability';
import { listAccountRoles, listAccounts } from '../../../src/aws/portal';
import * as sdk from '../../../src/aws/sdk';
import { CLAUDE_3_HAIKU, startFake, withFakeEnv, type Fake } from '../../fake/bedrockFake';

const loadSdk = () => sdk;
const pick = (c: { lifecycle: string; endOfLife?: string }) => ({ lifecycle: c.lifecycle, endOfLife: c.endOfLife });
const TODAY = '2026-11-25';
const HAIKU_45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const NEW_HAIKU = 'anthropic.claude-haiku-6-0-v1:0';

describe('model availability', () => {
  it('without a listing, offers the catalog with the region\'s inference profile and marks the retired model', () => {
    const list = mergeAvailability('eu-west-1', undefined, TODAY);
    const h45 = list.find((m) => m.setting === 'claude-haiku-4-5')!;
    assert.equal(h45.invokeId, `eu.${HAIKU_45}`);
    assert.equal(h45.availability, 'unknown');
    const old = list.find((m) => m.setting === 'claude-3-5-haiku')!;
    assert.equal(old.lifecycle, 'retired');
    assert.equal(list.find((m) => m.setting === 'claude-haiku-5-5')!.lifecycle, 'active');
  });

  it('offers latency-optimized inference only where the model and region have it', () => {
    assert.equal(mergeAvailability('us-east-2', undefined, TODAY).find((m) => m.setting === 'claude-3-5-haiku')!.latencyOptimized, true);
    assert.equal(mergeAvailability('us-east-1', undefined, TODAY).find((m) => m.setting === 'claude-3-5-haiku')!.latencyOptimized, false);
  });

  it('merges what the account lists: available, not offered, picked profile, uncatalogued models, AWS lifecycle', () => {
    const listing: Listing = {
      ok: true,
      models: [
        { modelId: HAIKU_45, inferenceTypes: ['INFERENCE_PROFILE'], lifecycle: 'LEGACY', providerName: 'Anthropic' },
        { modelId: NEW_HAIKU, modelName: 'Claude Haiku 6', inferenceTypes: ['INFERENCE_PROFILE'], providerName: 'Anthropic' },
      ],
      // No apac profile for Haiku 4.5 here, only the global one.
      profiles: [{ id: `global.${HAIKU_45}`, status: 'ACTIVE', modelIds: [HAIKU_45] }, { id: `apac.${NEW_HAIKU}`, status: 'ACTIVE', modelIds: [NEW_HAIKU] }],
    };
    const list = mergeAvailability('ap-northeast-1', listing, TODAY);
    const h45 = list.find((m) => m.catalog?.id === 'claude-haiku-4-5')!;
    assert.equal(h45.availability, 'available');
    assert.equal(h45.invokeId, `global.${HAIKU_45}`);
    assert.equal(h45.lifecycle, 'legacy', 'AWS says LEGACY even though the catalog says active');
    assert.equal(list.find((m) => m.catalog?.id === 'claude-haiku-5-5')!.availability, 'notInRegion');
    const extra = list.find((m) => m.displayName === 'Claude Haiku 6')!;
    assert.equal(extra.setting, `apac.${NEW_HAIKU}`);
    assert.match(extra.notes.join(), /not in the catalog/);
  });

  it('marks a catalog model legacy before its end-of-life date and retired after it', () => {
    const m = { ...findModel('claude-haiku-4-5')!, endOfLife: '2027-01-01' };
    assert.equal(mergeAvailability('us-east-1', undefined, '2026-12-31', [m])[0].lifecycle, 'legacy');
    assert.equal(mergeAvailability('us-east-1', undefined, '2027-01-01', [m])[0].lifecycle, 'retired');
  });
});

describe('AWS listings with the SSO profile\'s credentials (against the fake)', () => {
  let fake: Fake;
  before(async () => {
    fake = await startFake({ sessionName: 'listing', profileName: 'lister' });
  });
  after(async () => {
    await fake.close();
  });
  afterEach(() => fake.controlPlane.resetData());

  it('lists models and every page of inference profiles, signed with role credentials from the portal', async () => {
    const listing = await withFakeEnv(fake, () => fetchListing({ region: 'eu-west-1', profile: 'lister', loadSdk }));
    assert.ok(listing.ok, JSON.stringify(listing));
    const ids = listing.models.map((m) => m.modelId);
    assert.ok(ids.includes(HAIKU_45) && ids.includes(CLAUDE_3_HAIKU));
    assert.ok(!ids.some((id) => id.startsWith('amazon.')), 'asked for Anthropic models only');
    const euProfiles = fake.controlPlane.profiles.filter((p) => p.regions.includes('eu-west-1')).map((p) => p.id);
    assert.ok(euProfiles.length > fake.controlPlane.profilesPageSize, 'the default data should need two pages here');
    assert.deepEqual(listing.profiles.map((p) => p.id).sort(), euProfiles.sort());
    const calls = fake.controlPlane.requests;
    assert.ok(calls.length >= 3 && calls.every((c) => c.sigv4Valid && c.region === 'eu-west-1'), JSON.stringify(calls));
    assert.ok(calls.some((c) => c.query.byProvider === 'Anthropic'));
  });

  it('merges a Haiku the catalog does not know yet, with the AWS lifecycle of the rest', async () => {
    fake.controlPlane.models.push({
      modelId: NEW_HAIKU, modelName: 'Claude Haiku 6', providerName: 'Anthropic', inferenceTypesSupported: ['INFERENCE_PROFILE'], lifecycle: { status: 'ACTIVE' },
    });
    fake.controlPlane.profiles.push({ id: `global.${NEW_HAIKU}`, name: 'Global Claude Haiku 6', modelId: NEW_HAIKU, regions: ['eu-west-1'] });
    // AWS announces ends of life before the catalog knows: one already past, one to come.
    const cp = fake.controlPlane.models;
    cp.find((m) => m.modelId === HAIKU_45)!.lifecycle = { status: 'LEGACY', legacyTime: '2026-05-01T00:00:00Z', endOfLifeTime: '2026-11-01T00:00:00Z' };
    cp.find((m) => m.modelId === CLAUDE_3_HAIKU)!.lifecycle = { status: 'LEGACY', endOfLifeTime: '2027-03-01T00:00:00Z' };
    const listing = await withFakeEnv(fake, () => fetchListing({ region: 'eu-west-1', profile: 'lister', loadSdk }));
    const list = mergeAvailability('eu-west-1', listing, TODAY);
    const h6 = list.find((m) => m.displayName === 'Claude Haiku 6')!;
    assert.equal(h6.setting, `global.${NEW_HAIKU}`);
    assert.equal(list.find((m) => m.catalog?.id === 'claude-haiku-4-5')!.invokeId, `eu.${HAIKU_45}`);
    assert.deepEqual(pick(list.find((m) => m.catalog?.id === 'claude-haiku-4-5')!), { lifecycle: 'retired', endOfLife: '2026-11-01' });
    assert.deepEqual(pick(list.find((m) => m.displayName === 'Claude 3 Haiku')!), { lifecycle: 'legacy', endOfLife: '2027-03-01' });
    // 3.5 Haiku only ever had a US profile.
    assert.equal(list.find((m) => m.catalog?.id === 'claude-3-5-haiku')!.availability, 'notInRegion');
    assert.ok(!list.some((m) => /sonnet/i.test(m.displayName)), 'a Sonnet has no place in the Haiku picker');
  });

  it('falls back to the catalog with a reason when the role may not list models', async () => {
    fake.controlPlane.denyListing = true;
    const listing = await withFakeEnv(fake, () => fetchListing({ region: 'eu-west-1', profile: 'lister', loadSdk }));
    assert.equal(listing.ok, false);
    assert.ok(!listing.ok && listing.reason === 'denied' && /ListFoundationModels/.test(listing.message));
  });

  it('lists the portal\'s accounts (every page) and an account\'s roles with the SSO token', async () => {
    const token = fake.sso.readToken()!.accessToken;
    const accounts = await withFakeEnv(fake, () => listAccounts({ ssoRegion: 'us-east-1', accessToken: token, loadSdk }));
    assert.deepEqual(accounts.map((a) => a.accountName), ['Haiku Dev', 'Production', 'Sandbox']);
    const sandbox = accounts.find((a) => a.accountName === 'Sandbox')!;
    const roles = await withFakeEnv(fake, () => listAccountRoles({ ssoRegion: 'us-east-1', accessToken: token, loadSdk, accountId: sandbox.accountId }));
    assert.deepEqual(roles, ['AdministratorAccess', 'BedrockUser', 'ReadOnly']);
    const calls = fake.sso.requests.filter((r) => r.api === 'listAccounts' || r.api === 'listAccountRoles');
    assert.ok(calls.filter((r) => r.api === 'listAccounts').length >= 2, 'the second page of accounts was not asked for');
    assert.ok(calls.every((c) => c.bearer && c.status === 200));
  });
});
