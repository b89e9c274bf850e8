// In a real extension host, the cost the extension shows for a request (Haiku: Test Connection's result, the
// usage store the status bar and the usage view read) equals the fake's usage × the catalog's price for the
// route the request took, to the cent: global, geographic, in-Region, and an application profile the
// extension resolved itself (GetInferenceProfile against the fake's control plane).
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { findModel } from '../../src/bedrock/catalog';
import type { Route, StreamResult } from '../../src/bedrock/types';
import { withFakeEnv, type Fake } from '../fake/bedrockFake';
import { applicationProfile, applicationProfileArn } from '../fake/controlPlane';
import { useFakeInHost, type ExtensionApi } from '../support/extension';

const USAGE = { inputTokens: 2_345_678, outputTokens: 456_789, cacheReadInputTokens: 1_234_567, cacheWriteInputTokens: 345_678 };
const HAIKU_45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';

const config = () => vscode.workspace.getConfiguration('bedrockHaiku');
const set = async (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);

function expectedUsd(catalogId: string, route: Route): number {
  const p = findModel(catalogId)!.routes[route]!.prices;
  const u = USAGE;
  return (u.inputTokens * p.input + u.outputTokens * p.output + u.cacheReadInputTokens * p.cacheRead + u.cacheWriteInputTokens * p.cacheWrite) / 1e6;
}

suite('cost per request by route (extension host)', () => {
  let fake: Fake;
  let api: ExtensionApi;
  const team = applicationProfile({ id: 'teama1b2c3', name: 'team-a', modelId: HAIKU_45, regions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'], homeRegion: 'us-east-1' });
  const arn = applicationProfileArn(team);

  useFakeInHost((s) => {
    ({ api, fake } = s);
    fake.controlPlane.profiles.push(team);
  });

  suiteTeardown(async () => {
    for (const key of ['model', 'route', 'aws.region']) await set(key, undefined);
  });

  const cases: { name: string; model: string; route: string; region: string; sentAs: string; catalogId: string; priced: Route }[] = [
    { name: 'global', model: 'claude-haiku-4-5', route: 'global', region: 'us-east-1', sentAs: `global.${HAIKU_45}`, catalogId: 'claude-haiku-4-5', priced: 'global' },
    { name: 'geographic', model: 'claude-haiku-4-5', route: 'geographic', region: 'eu-west-1', sentAs: `eu.${HAIKU_45}`, catalogId: 'claude-haiku-4-5', priced: 'geographic' },
    { name: 'in-Region', model: 'claude-3-5-haiku', route: 'inRegion', region: 'us-east-1', sentAs: 'anthropic.claude-3-5-haiku-20241022-v1:0', catalogId: 'claude-3-5-haiku', priced: 'inRegion' },
    { name: 'an application profile', model: arn, route: 'geographic', region: 'us-east-1', sentAs: arn, catalogId: 'claude-haiku-4-5', priced: 'global' },
  ];

  for (const c of cases) {
    test(`${c.name}: Test Connection's cost and the usage record are usage × the ${c.priced} price, to the cent`, async () => {
      await withFakeEnv(fake, async () => {
        await set('aws.region', c.region);
        await set('route', c.route);
        await set('model', c.model);
        // An application profile: the extension asks GetInferenceProfile which model is behind it.
        for (let i = 0; i < 100 && api.services.bedrock.resolved().catalogId !== c.catalogId; i++) await new Promise((r) => setTimeout(r, 100));
        assert.strictEqual(api.services.bedrock.resolved().catalogId, c.catalogId, 'the model behind the setting is known');
        fake.respond({ text: 'ok', usage: USAGE });
        const result = (await vscode.commands.executeCommand('bedrockHaiku.testConnection')) as StreamResult;
        assert.strictEqual(result.outcome, 'complete', result.error?.detail);
        assert.strictEqual(fake.requests.at(-1)?.modelId, c.sentAs);
        const want = expectedUsd(c.catalogId, c.priced);
        const rec = api.services.usage.last()!;
        assert.deepStrictEqual([rec.route, rec.feature], [c.priced, 'test']);
        for (const shown of [result.cost.usd, rec.costUsd]) assert.strictEqual(Math.round(shown * 100), Math.round(want * 100), `${shown} vs ${want}`);
        if (c.model === arn) assert.deepStrictEqual([rec.profileArn, rec.profileName], [arn, 'team-a']);
      });
    });
  }
});
