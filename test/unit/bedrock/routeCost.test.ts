// The cost shown for a request, end to end through the real client and SDK against the fake: the fake's
// usage × the catalog's price for the route the request took, to the cent, for the three route kinds and an
// application profile. The expected figure is worked out here from the catalog's route prices, not by costOf.
import * as assert from 'node:assert/strict';
import { applicationProfiles } from '../../../src/bedrock/appProfiles';
import { describeProfileModels, findModel } from '../../../src/bedrock/catalog';
import { BedrockService, type SdkModule } from '../../../src/bedrock/client';
import * as sdkModule from '../../../src/bedrock/sdk';
import type { Route, StreamResult } from '../../../src/bedrock/types';
import { defaultConfig, type Config, type RoutePreference } from '../../../src/shared/config';
import { silentLogger } from '../../../src/shared/logger';
import { usageCsv } from '../../../src/status/usageAggregate';
import { recordFromResult } from '../../../src/status/usageStore';
import { startFake, type Fake } from '../../fake/bedrockFake';

/** Big enough that a one-cent slip in any price would show. */
const USAGE = { inputTokens: 2_345_678, outputTokens: 456_789, cacheReadInputTokens: 1_234_567, cacheWriteInputTokens: 345_678 };
const ARN = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/teama1b2c3';

function expectedUsd(catalogId: string, route: Route): number {
  const p = findModel(catalogId)!.routes[route]!.prices;
  const u = USAGE;
  return (u.inputTokens * p.input + u.outputTokens * p.output + u.cacheReadInputTokens * p.cacheRead + u.cacheWriteInputTokens * p.cacheWrite) / 1e6;
}

interface Case {
  name: string;
  model: string;
  region: string;
  route: RoutePreference;
  /** What the fake must be asked for. */
  sentAs: string;
  catalogId: string;
  priced: Route;
}

const CASES: Case[] = [
  { name: 'the global route', model: 'claude-haiku-4-5', region: 'us-east-1', route: 'global', sentAs: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', catalogId: 'claude-haiku-4-5', priced: 'global' },
  { name: 'a geographic route', model: 'claude-haiku-4-5', region: 'eu-west-1', route: 'geographic', sentAs: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0', catalogId: 'claude-haiku-4-5', priced: 'geographic' },
  { name: 'the in-Region route', model: 'claude-3-5-haiku', region: 'us-east-1', route: 'inRegion', sentAs: 'anthropic.claude-3-5-haiku-20241022-v1:0', catalogId: 'claude-3-5-haiku', priced: 'inRegion' },
  { name: 'an application profile (global behind it)', model: ARN, region: 'us-east-1', route: 'geographic', sentAs: ARN, catalogId: 'claude-haiku-4-5', priced: 'global' },
];

describe('cost per request = the fake\'s usage × the route\'s catalog price', function () {
  this.timeout(30_000);
  let fake: Fake;
  let saved: NodeJS.ProcessEnv;

  before(async () => {
    fake = await startFake();
    const fm = (r: string) => `arn:aws:bedrock:${r}::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0`;
    applicationProfiles.set({ arn: ARN, name: 'team-a', at: Date.now(), ...describeProfileModels([fm('us-east-1'), fm('eu-west-1'), fm('ap-northeast-1')]) });
  });
  after(async () => {
    await fake.close();
    applicationProfiles.clear();
  });
  beforeEach(() => {
    fake.reset();
    fake.sso.writeToken();
    saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    Object.assign(process.env, fake.env);
  });
  afterEach(() => {
    process.env = saved;
  });

  for (const c of CASES) {
    it(`${c.name}: ${c.sentAs.split('/')[0]} priced at the ${c.priced} price, to the cent`, async () => {
      const config: Config = { ...defaultConfig(), model: c.model, route: c.route };
      config.aws = { profile: 'haiku-test', region: c.region, endpoint: fake.url };
      const service = new BedrockService({ config: () => config, loadSdk: () => sdkModule as SdkModule, log: silentLogger });
      fake.respond({ text: 'ok', usage: USAGE });
      let result: StreamResult;
      try {
        result = await service.stream({ feature: 'test', messages: [{ role: 'user', text: 'Reply with ok' }], maxTokens: 8 });
      } finally {
        service.dispose();
      }
      assert.equal(result.outcome, 'complete', result.error?.detail);
      assert.equal(fake.requests[0].modelId, c.sentAs);
      assert.equal(result.model.route, c.priced);
      const want = expectedUsd(c.catalogId, c.priced);
      assert.ok(want > 1, `a request worth several dollars (${want})`);
      assert.equal(Math.round(result.cost.usd * 100), Math.round(want * 100), `${result.cost.usd} vs ${want}`);
      // What the usage view and its CSV show for it.
      const rec = recordFromResult('test', result, Date.UTC(2026, 11, 4));
      assert.equal(rec.route, c.priced);
      assert.equal(Number(usageCsv([rec]).split('\r\n')[1].split(',')[12]).toFixed(2), want.toFixed(2));
      if (c.model === ARN) assert.deepEqual([rec.profileArn, rec.profileName], [ARN, 'team-a']);
    });
  }

  it('tells the routes apart: the global request costs about 10 % less than the geographic one', () => {
    const g = expectedUsd('claude-haiku-4-5', 'global');
    const geo = expectedUsd('claude-haiku-4-5', 'geographic');
    assert.ok(Math.round(geo * 100) - Math.round(g * 100) > 10);
  });
});
