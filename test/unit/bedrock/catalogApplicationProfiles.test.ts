// Routes and application inference profiles end to end: the control-plane calls against the fake, then
// requests through BedrockService priced at the route's catalog price, to the cent.
import * as assert from 'node:assert/strict';
import { listApplicationProfiles, resolveApplicationProfile } from '../../../src/aws/applicationProfiles';
import { routeOptions } from '../../../src/aws/modelAvailability';
import * as awsSdk from '../../../src/aws/sdk';
import { ApplicationProfiles, applicationProfiles } from '../../../src/bedrock/appProfiles';
import { findModel, type RoutePreference } from '../../../src/bedrock/catalog';
import { BedrockService, type SdkModule } from '../../../src/bedrock/client';
import * as runtimeSdk from '../../../src/bedrock/sdk';
import type { StreamRequest } from '../../../src/bedrock/types';
import { defaultConfig, type Config } from '../../../src/shared/config';
import { silentLogger } from '../../../src/shared/logger';
import { applicationProfile, applicationProfileArn, GEO_REGIONS } from '../../fake/controlPlane';
import { startFake, withFakeEnv, type Fake } from '../../fake/bedrockFake';

const HAIKU_45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const loadSdk = () => awsSdk;
const ask: StreamRequest = { feature: 'test', messages: [{ role: 'user', text: 'Say hello' }], maxTokens: 50 };
const fakeUsage = { inputTokens: 1_234_567, outputTokens: 345_678, cacheReadInputTokens: 2_000_000, cacheWriteInputTokens: 456_789 };
const perM = (p: { input: number; output: number; cacheRead: number; cacheWrite: number }) =>
  (fakeUsage.inputTokens * p.input + fakeUsage.outputTokens * p.output + fakeUsage.cacheReadInputTokens * p.cacheRead + fakeUsage.cacheWriteInputTokens * p.cacheWrite) / 1e6;

describe('route choices in the picker', () => {
  it('offers geographic and global for Haiku 4.5 in the US, with price and where data is processed', () => {
    const opts = routeOptions(findModel('claude-haiku-4-5')!, 'us-east-1');
    assert.deepEqual(opts.map((o) => [o.route, o.invokeId]), [['geographic', `us.${HAIKU_45}`], ['global', `global.${HAIKU_45}`]]);
    assert.match(opts[0].where, /the US only/);
    assert.match(opts[1].where, /any commercial AWS Region/);
    assert.ok(opts[1].price.prices.input < opts[0].price.prices.input);
  });

  it('offers in-region where the model needs no profile, and no geographic route without one', () => {
    assert.deepEqual(routeOptions(findModel('claude-3-5-haiku')!, 'us-east-1').map((o) => o.route), ['geographic', 'inRegion']);
    assert.deepEqual(routeOptions(findModel('claude-haiku-4-5')!, 'ap-northeast-1').map((o) => o.route), ['global']);
  });
});

describe('application inference profiles and routes against the fake', function () {
  this.timeout(30_000);
  let fake: Fake;
  const team = applicationProfile({ id: 'team0a1b2c3d', name: 'team-a', modelId: HAIKU_45, regions: GEO_REGIONS.us, homeRegion: 'us-east-1', tags: { team: 'a' } });
  const euTeam = applicationProfile({ id: 'euteam9z8y7x', name: 'eu-team', modelId: HAIKU_45, regions: ['eu-west-1'], homeRegion: 'eu-west-1' });
  const arn = applicationProfileArn(team);

  before(async () => {
    fake = await startFake({ sessionName: 'appprofiles', profileName: 'lister' });
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.sso.writeToken();
    fake.controlPlane.resetData();
    fake.controlPlane.profiles.push(team, euTeam);
  });

  it('lists only the account\'s application profiles of the region, with model and route', async () => {
    const cache = new ApplicationProfiles();
    const r = await withFakeEnv(fake, () => listApplicationProfiles({ region: 'us-east-1', profile: 'lister', loadSdk, cache }));
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.profiles.map((p) => [p.arn, p.name, p.catalogId, p.route]), [[arn, 'team-a', 'claude-haiku-4-5', 'geographic']]);
    assert.equal(cache.get(arn)?.catalogId, 'claude-haiku-4-5');
    const call = fake.controlPlane.requests.at(-1)!;
    assert.equal(call.query.type, 'APPLICATION');
    assert.ok(call.sigv4Valid);
  });

  it('resolves a pasted ARN in its own Region once, then from the cache', async () => {
    const cache = new ApplicationProfiles();
    const first = await withFakeEnv(fake, () => resolveApplicationProfile(arn, { profile: 'lister', loadSdk, cache }));
    assert.equal(first.info?.catalogId, 'claude-haiku-4-5');
    const gets = () => fake.controlPlane.requests.filter((c) => c.api === 'getInferenceProfile');
    assert.equal(gets().length, 1);
    assert.equal(gets()[0].region, 'us-east-1');
    await withFakeEnv(fake, () => resolveApplicationProfile(arn, { profile: 'lister', loadSdk, cache }));
    assert.equal(gets().length, 1, 'answered from the cache');
  });

  it('says why when Bedrock does not know the profile or the role may not ask', async () => {
    const unknown = arn.replace('team0a1b2c3d', 'nothere12345');
    const r = await withFakeEnv(fake, () => resolveApplicationProfile(unknown, { profile: 'lister', loadSdk, cache: new ApplicationProfiles() }));
    assert.equal(r.info, undefined);
    assert.match(r.message ?? '', /ResourceNotFoundException/);
    fake.controlPlane.denyListing = 'profiles';
    const denied = await withFakeEnv(fake, () => resolveApplicationProfile(arn, { profile: 'lister', loadSdk, cache: new ApplicationProfiles() }));
    assert.match(denied.message ?? '', /bedrock:GetInferenceProfile/);
  });

  describe('cost of a request per route, through BedrockService', () => {
    let service: BedrockService;
    let config: Config;
    let saved: NodeJS.ProcessEnv;
    beforeEach(() => {
      saved = { ...process.env };
      for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
      Object.assign(process.env, fake.env);
      config = defaultConfig();
      config.aws = { profile: 'lister', region: 'us-east-1', endpoint: fake.url };
      service = new BedrockService({ config: () => config, loadSdk: () => runtimeSdk as SdkModule, log: silentLogger });
      fake.respond({ text: 'ok', usage: fakeUsage });
    });
    afterEach(() => {
      service.dispose();
      process.env = saved;
    });

    const cases: [string, RoutePreference, string, 'global' | 'geographic' | 'inRegion'][] = [
      ['claude-haiku-4-5', 'global', `global.${HAIKU_45}`, 'global'],
      ['claude-haiku-4-5', '', `us.${HAIKU_45}`, 'geographic'],
      ['claude-3-5-haiku', 'inRegion', 'anthropic.claude-3-5-haiku-20241022-v1:0', 'inRegion'],
    ];
    for (const [model, preference, invokeId, route] of cases) {
      it(`sends ${route} as ${invokeId.split('.')[0]} and costs the fake's usage × that route's price`, async () => {
        config.model = model;
        config.route = preference;
        const r = await service.stream(ask);
        assert.equal(r.outcome, 'complete', r.error?.detail);
        assert.equal(fake.requests[0].modelId, invokeId);
        assert.equal(r.model.route, route);
        const expected = perM(findModel(model)!.routes[route]!.prices);
        assert.ok(Math.abs(r.cost.usd - expected) < 0.005, `${r.cost.usd} vs ${expected}`);
      });
    }

    it('prices a request through an application profile as the model and route behind it', async () => {
      config.model = arn;
      await resolveApplicationProfile(arn, { profile: 'lister', loadSdk });
      try {
        const r = await service.stream(ask);
        assert.equal(r.outcome, 'complete', r.error?.detail);
        assert.equal(fake.requests[0].modelId, arn, 'the ARN is sent as written');
        assert.deepEqual([r.model.catalogId, r.model.route, r.model.profileArn], ['claude-haiku-4-5', 'geographic', arn]);
        const expected = perM(findModel('claude-haiku-4-5')!.routes.geographic!.prices);
        assert.ok(r.cost.usd > 1 && Math.abs(r.cost.usd - expected) < 0.005, `${r.cost.usd} vs ${expected}`);
      } finally {
        applicationProfiles.clear();
      }
    });
  });
});
