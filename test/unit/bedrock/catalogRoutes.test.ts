import * as assert from 'node:assert/strict';
import { ApplicationProfiles } from '../../../src/bedrock/appProfiles';
import { CATALOG, describeProfileModels, findModel, resolveModel, ROUTES, routePreference } from '../../../src/bedrock/catalog';
import { costOf, routePrice } from '../../../src/bedrock/pricing';
import type { Route, Usage } from '../../../src/bedrock/types';
import { recordFromResult } from '../../../src/status/usageStore';
import { usageCsv } from '../../../src/status/usageAggregate';

const cents = (usd: number) => Math.round(usd * 100);
/** Equal to the cent: the difference is below half a cent (rounding either sum could straddle a half cent). */
const sameToTheCent = (a: number, b: number) => assert.ok(Math.abs(a - b) < 0.005, `${a} vs ${b}`);
// A request big enough that a one-cent difference between routes would show.
const usage: Usage = { inputTokens: 3_000_000, outputTokens: 600_000, cacheReadTokens: 2_000_000, cacheWriteTokens: 400_000 };

function expectedUsd(p: { input: number; output: number; cacheRead: number; cacheWrite: number }, u: Usage): number {
  return (u.inputTokens * p.input + u.outputTokens * p.output + u.cacheReadTokens * p.cacheRead + u.cacheWriteTokens * p.cacheWrite) / 1e6;
}

describe('routes and their prices', () => {
  it('gives every route a price with a source, a date and whether it is an estimate', () => {
    for (const m of CATALOG) {
      assert.ok(Object.keys(m.routes).length > 0, m.id);
      for (const r of Object.values(m.routes)) {
        assert.ok(r!.source.length > 5 && /^\d{4}-\d{2}-\d{2}$/.test(r!.asOf), m.id);
        assert.ok(r!.prices.input > 0 && r!.prices.output > r!.prices.input, m.id);
      }
    }
  });

  it('prices the global route about 10 % below the geographic one for Haiku 4.5', () => {
    const m = findModel('claude-haiku-4-5')!;
    assert.equal(m.routes.global!.prices.input, 0.9);
    assert.equal(m.routes.global!.prices.output, 4.5);
    assert.equal(m.routes.geographic!.prices.input, 1.0);
    assert.equal(m.routes.inRegion, undefined, 'Haiku 4.5 needs a profile: no in-region route');
  });

  it('sends each route its own id and records the route on the resolved model', () => {
    assert.deepEqual(
      [resolveModel('claude-haiku-4-5', 'eu-west-1', 'global').invokeId, resolveModel('claude-haiku-4-5', 'eu-west-1', 'global').route],
      ['global.anthropic.claude-haiku-4-5-20251001-v1:0', 'global'],
    );
    assert.deepEqual(
      [resolveModel('claude-haiku-4-5', 'eu-west-1', 'geographic').invokeId, resolveModel('claude-haiku-4-5', 'eu-west-1').route],
      ['eu.anthropic.claude-haiku-4-5-20251001-v1:0', 'geographic'],
    );
    // Not chosen yet: geographic.
    assert.equal(resolveModel('claude-haiku-4-5', 'us-east-1', '').route, 'geographic');
    // In-region only where the model allows on-demand calls without a profile.
    assert.deepEqual(
      [resolveModel('claude-3-5-haiku', 'us-east-1', 'inRegion').invokeId, resolveModel('claude-3-5-haiku', 'us-east-1', 'inRegion').route],
      ['anthropic.claude-3-5-haiku-20241022-v1:0', 'inRegion'],
    );
    assert.equal(resolveModel('claude-haiku-4-5', 'us-east-1', 'inRegion').route, 'geographic');
    assert.equal(resolveModel('global.anthropic.claude-haiku-5-5', 'us-east-1').route, 'global');
  });

  it('accepts only known route settings', () => {
    assert.equal(routePreference('global'), 'global');
    assert.equal(routePreference('mars'), '');
    assert.equal(routePreference(3), '');
  });

  const cases: [string, string, Route][] = [
    ['claude-haiku-4-5', 'us-east-1', 'global'],
    ['claude-haiku-4-5', 'eu-central-1', 'geographic'],
    ['claude-haiku-5-5', 'us-west-2', 'global'],
    ['claude-haiku-5-5', 'us-west-2', 'geographic'],
    ['claude-3-5-haiku', 'us-east-1', 'inRegion'],
    ['claude-3-5-haiku', 'us-east-2', 'geographic'],
  ];
  for (const [id, region, route] of cases) {
    it(`costs usage × the catalog price of the ${route} route for ${id}, to the cent`, () => {
      const resolved = resolveModel(id, region, route);
      assert.equal(resolved.route, route);
      const m = findModel(id)!;
      const cost = costOf(m, usage, { route: resolved.route });
      // This request's prompt (5.4M tokens) is above Haiku 5.5's 100K tier: every token at the tier's price.
      const rp = m.routes[route]!;
      sameToTheCent(cost.usd, expectedUsd(rp.tiers?.[0] ?? rp.prices, usage));
      assert.equal(cost.estimate, m.routes[route]!.estimated);
    });
  }

  it('shows the routes at different costs where their prices differ', () => {
    const m = findModel('claude-haiku-4-5')!;
    const g = costOf(m, usage, { route: 'global' }).usd;
    const geo = costOf(m, usage, { route: 'geographic' }).usd;
    sameToTheCent(geo - g, geo * 0.1);
    assert.ok(cents(geo - g) > 50);
  });

  it('prices a long Haiku 5.5 request on the global route at the global upper tier', () => {
    const m = findModel('claude-haiku-5-5')!;
    const long = { inputTokens: 200_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    assert.equal(costOf(m, long, { route: 'global' }).usd.toFixed(4), (0.2 * 0.45).toFixed(4));
    assert.equal(costOf(m, long, { route: 'geographic' }).usd.toFixed(4), (0.2 * 0.5).toFixed(4));
  });

  it('falls back to the default route for a route the model has no figure for', () => {
    const m = findModel('claude-haiku-4-5')!;
    assert.equal(routePrice(m, 'inRegion'), m.routes.geographic);
    assert.ok(ROUTES.includes('inRegion'));
  });
});

describe('application inference profiles', () => {
  const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6';
  const fm = (region: string, id = 'anthropic.claude-haiku-4-5-20251001-v1:0') => `arn:aws:bedrock:${region}::foundation-model/${id}`;

  it('tells the route from the Regions of the models behind the profile', () => {
    assert.deepEqual(describeProfileModels([fm('us-east-1')]), { catalogId: 'claude-haiku-4-5', modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0', route: 'inRegion' });
    assert.equal(describeProfileModels([fm('us-east-1'), fm('us-east-2'), fm('us-west-2')]).route, 'geographic');
    assert.equal(describeProfileModels([fm('us-east-1'), fm('eu-west-1'), fm('ap-northeast-1')]).route, 'global');
    assert.equal(describeProfileModels([fm('eu-west-1', 'anthropic.claude-unknown-9')]).catalogId, undefined);
  });

  it('prices an application profile as the model and route behind it, to the cent', () => {
    const profiles = new ApplicationProfiles();
    assert.equal(resolveModel(arn, 'us-east-1', '', profiles).catalogId, undefined, 'unknown until GetInferenceProfile answered');
    profiles.set({ arn, name: 'team-a', at: Date.now(), ...describeProfileModels([fm('us-east-1'), fm('eu-west-1')]) });
    const r = resolveModel(arn, 'us-east-1', 'geographic', profiles);
    assert.deepEqual([r.invokeId, r.catalogId, r.route, r.profileArn, r.profileName, r.displayName], [arn, 'claude-haiku-4-5', 'global', arn, 'team-a', 'team-a (Claude Haiku 4.5)']);
    const m = findModel(r.catalogId!)!;
    sameToTheCent(costOf(m, usage, { route: r.route }).usd, expectedUsd(m.routes.global!.prices, usage));
  });

  it('records the route and the profile with each request, and exports them', () => {
    const model = { displayName: 'team-a', region: 'us-east-1', route: 'global', profileArn: arn, profileName: 'team-a' };
    const rec = recordFromResult('chat', {
      outcome: 'complete', usage, cost: { usd: 1.5, estimate: true, cacheSavingsUsd: 0 }, timings: { totalMs: 10 }, model,
    }, Date.UTC(2026, 10, 25));
    assert.equal(rec.route, 'global');
    assert.equal(rec.profileArn, arn);
    const row = usageCsv([rec]).split('\r\n')[1];
    assert.equal(rec.profileName, 'team-a');
    assert.ok(row.endsWith(`,global,${arn},team-a,`), row);
  });

  it('restores only well-formed remembered profiles', () => {
    const profiles = new ApplicationProfiles();
    profiles.restore([{ arn, at: 1, catalogId: 'claude-haiku-5-5' }, { arn: 'not-an-arn', at: 1 }, null, 'x']);
    assert.deepEqual(profiles.all().map((p) => p.arn), [arn]);
    assert.equal(profiles.stale(arn, 2), false);
    assert.equal(profiles.stale(arn, 2 + 25 * 3600_000), true);
  });
});
