import * as assert from 'node:assert/strict';
import { findModel } from '../../../src/bedrock/catalog';
import { fetchListing, mergeAvailability, type Listing } from '../../../src/aws/modelAvailability';
import { listAccountRoles, listAccounts } from '../../../src/aws/portal';
import * as sdk from '../../../src/aws/sdk';
import { startFake, withFakeEnv, type Fake } from '../../fake/bedrockFake';
import { HAIKU_45, NEW_HAIKU, startMiniAws, type MiniAws } from './miniAws';

const loadSdk = () => sdk;
const TODAY = '2026-11-25';

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
    assert.match(extra.notes.join(), /no prices/);
  });

  it('marks a catalog model legacy before its end-of-life date and retired after it', () => {
    const m = { ...findModel('claude-haiku-4-5')!, endOfLife: '2027-01-01' };
    assert.equal(mergeAvailability('us-east-1', undefined, '2026-12-31', [m])[0].lifecycle, 'legacy');
    assert.equal(mergeAvailability('us-east-1', undefined, '2027-01-01', [m])[0].lifecycle, 'retired');
  });
});

describe('AWS listings with the SSO profile\'s credentials', () => {
  let fake: Fake;
  let mini: MiniAws;
  before(async () => {
    fake = await startFake({ sessionName: 'listing', profileName: 'lister' });
    mini = await startMiniAws();
  });
  after(async () => {
    await fake.close();
    await mini.close();
  });

  it('lists models and inference profiles, signed with role credentials from the portal', async () => {
    const listing = await withFakeEnv(fake, () => fetchListing({ region: 'eu-west-1', profile: 'lister', loadSdk, endpoint: mini.url }));
    assert.ok(listing.ok, JSON.stringify(listing));
    assert.deepEqual(listing.models.map((m) => m.modelId), [HAIKU_45, NEW_HAIKU]);
    assert.deepEqual(listing.profiles.map((p) => p.id), [`eu.${HAIKU_45}`, `global.${NEW_HAIKU}`]);
    assert.ok(mini.calls.filter((c) => c.path.startsWith('/foundation-models')).every((c) => c.signed));
    assert.ok(mini.calls.some((c) => c.path.includes('byProvider=Anthropic')));
  });

  it('falls back to the catalog with a reason when the role may not list models', async () => {
    mini.denyListing = true;
    try {
      const listing = await withFakeEnv(fake, () => fetchListing({ region: 'eu-west-1', profile: 'lister', loadSdk, endpoint: mini.url }));
      assert.equal(listing.ok, false);
      assert.ok(!listing.ok && listing.reason === 'denied' && /ListFoundationModels/.test(listing.message));
    } finally {
      mini.denyListing = false;
    }
  });

  it('lists the portal\'s accounts (every page) and an account\'s roles with the SSO token', async () => {
    const token = fake.sso.readToken()!.accessToken;
    const accounts = await listAccounts({ ssoRegion: 'us-east-1', accessToken: token, loadSdk, endpoint: mini.url });
    assert.deepEqual(accounts.map((a) => a.accountName), ['Data', 'Production', 'Sandbox']);
    const roles = await listAccountRoles({ ssoRegion: 'us-east-1', accessToken: token, loadSdk, endpoint: mini.url, accountId: accounts[0].accountId });
    assert.deepEqual(roles, ['BedrockUser', 'ReadOnly']);
    assert.ok(mini.calls.filter((c) => c.path.startsWith('/assignment')).every((c) => c.bearer === token));
  });
});
