// The model catalog is data: lifecycles and prices change (3.5 Haiku retired on 2026-06-19), so nothing
// else in the code names a model. Prices are USD per million tokens.

import { applicationProfiles, isApplicationProfileArn, type ApplicationProfiles } from './appProfiles';
import type { ResolvedModel, Route } from './types';
import type { RoutePreference } from '../shared/config';

export type { Route } from './types';

export type Geo = 'us' | 'eu' | 'apac' | 'global';
export type Lifecycle = 'active' | 'legacy' | 'retired';

export interface Prices {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface PriceTier extends Prices {
  /** This tier applies when input + cache reads + cache writes of one request exceed this many tokens. */
  aboveTokens: number;
}

/**
 * How a request reaches the model. global: a `global.` profile, processed in any commercial Region, about
 * 10 % cheaper for the Claude 4.5 generation; geographic: a `us.` / `eu.` / `apac.` profile, processed inside
 * that geography; inRegion: the base model id, processed in the request's own Region.
 */
export const ROUTES: readonly Route[] = ['global', 'geographic', 'inRegion'];

/** What each route's figures rest on: shown next to the price, so a user can judge it. */
export interface RoutePrice {
  prices: Prices;
  /** Higher tiers by prompt length, priced on every token of such a request. */
  tiers?: PriceTier[];
  /** Where the figure comes from, in a few words. */
  source: string;
  /** YYYY-MM-DD: when the figure was last checked against its source. */
  asOf: string;
  /** True when not confirmed from AWS's own Bedrock price list (shown as "est."). */
  estimated: boolean;
}

export interface CatalogModel {
  id: string;
  displayName: string;
  baseId: string;
  /** Geographies with a cross-region inference profile (`us.` + baseId, …). */
  profiles: Geo[];
  /** Whether on-demand calls need an inference profile (a base id then fails with a ValidationException). */
  requiresProfile: boolean;
  lifecycle: Lifecycle;
  endOfLife?: string;
  contextWindow: number;
  maxOutput: number;
  cacheMinTokens: number;
  acceptsPrefill: boolean;
  /** Adaptive thinking is on by default and must be turned off for short, fast answers. */
  thinkingByDefault: boolean;
  /** Tokens per character is higher on newer tokenizers; used for budget estimates. */
  charsPerToken: number;
  /** The default route's prices (geographic, else the only route there is). */
  prices: Prices;
  tiers?: PriceTier[];
  /** Prices per route; a route missing here is not offered for the model. */
  routes: Partial<Record<Route, RoutePrice>>;
  latencyOptimized?: { prices: Prices; regions: string[] };
  /** True when the default route's prices are not confirmed from AWS's own Bedrock price list. */
  pricesEstimated: boolean;
}

const CHECKED = '2026-11-25';
const ANTHROPIC_LIST = 'Anthropic list price; Bedrock not confirmed';
const GLOBAL_SAVING = 'AWS Bedrock user guide, "Global cross-Region inference": about 10 % below geographic';

/** Global profiles are priced about 10 % below geographic ones (AWS user guide, Claude 4.5 generation). */
function tenPercentOff(p: Prices): Prices {
  const r = (x: number) => Math.round(x * 0.9 * 1e6) / 1e6;
  return { input: r(p.input), output: r(p.output), cacheRead: r(p.cacheRead), cacheWrite: r(p.cacheWrite) };
}

const HAIKU_45: Prices = { input: 1.0, output: 5.0, cacheRead: 0.1, cacheWrite: 1.25 };
const HAIKU_55: Prices = { input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125 };
const HAIKU_55_LONG: PriceTier = { aboveTokens: 100_000, input: 0.5, output: 2.5, cacheRead: 0.05, cacheWrite: 0.625 };
const HAIKU_35: Prices = { input: 0.8, output: 4.0, cacheRead: 0.08, cacheWrite: 1.0 };

export const CATALOG: readonly CatalogModel[] = [
  {
    id: 'claude-haiku-4-5',
    displayName: 'Claude Haiku 4.5',
    baseId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    profiles: ['us', 'eu', 'global'],
    requiresProfile: true,
    lifecycle: 'active',
    contextWindow: 200_000,
    maxOutput: 64_000,
    cacheMinTokens: 4096,
    acceptsPrefill: true,
    thinkingByDefault: false,
    charsPerToken: 3.5,
    prices: HAIKU_45,
    routes: {
      geographic: { prices: HAIKU_45, source: ANTHROPIC_LIST, asOf: CHECKED, estimated: true },
      global: { prices: tenPercentOff(HAIKU_45), source: GLOBAL_SAVING, asOf: CHECKED, estimated: true },
    },
    pricesEstimated: true,
  },
  {
    id: 'claude-haiku-5-5',
    displayName: 'Claude Haiku 5.5',
    baseId: 'anthropic.claude-haiku-5-5',
    profiles: ['us', 'global'],
    requiresProfile: true,
    lifecycle: 'active',
    contextWindow: 1_000_000,
    maxOutput: 128_000,
    cacheMinTokens: 4096,
    acceptsPrefill: false,
    thinkingByDefault: true,
    charsPerToken: 2.7,
    prices: HAIKU_55,
    tiers: [HAIKU_55_LONG],
    routes: {
      geographic: { prices: HAIKU_55, tiers: [HAIKU_55_LONG], source: 'Anthropic list price (2026-10); Bedrock not confirmed', asOf: CHECKED, estimated: true },
      global: {
        prices: tenPercentOff(HAIKU_55),
        tiers: [{ ...tenPercentOff(HAIKU_55_LONG), aboveTokens: HAIKU_55_LONG.aboveTokens }],
        source: 'the 4.5 generation\'s 10 % global saving, assumed for 5.5',
        asOf: CHECKED,
        estimated: true,
      },
    },
    pricesEstimated: true,
  },
  {
    id: 'claude-3-5-haiku',
    displayName: 'Claude 3.5 Haiku',
    baseId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    profiles: ['us'],
    requiresProfile: false,
    lifecycle: 'retired',
    endOfLife: '2026-06-19',
    contextWindow: 200_000,
    maxOutput: 8192,
    cacheMinTokens: 2048,
    acceptsPrefill: true,
    thinkingByDefault: false,
    charsPerToken: 3.5,
    prices: HAIKU_35,
    routes: {
      // Before the 4.5 generation a cross-region profile cost what the source Region charges.
      geographic: { prices: HAIKU_35, source: 'AWS Bedrock price list (us-east-1), via mirrors', asOf: CHECKED, estimated: false },
      inRegion: { prices: HAIKU_35, source: 'AWS Bedrock price list (us-east-1), via mirrors', asOf: CHECKED, estimated: false },
    },
    latencyOptimized: { prices: { input: 1.0, output: 5.0, cacheRead: 0.1, cacheWrite: 1.25 }, regions: ['us-east-2'] },
    pricesEstimated: false,
  },
];

export const DEFAULT_MODEL_ID = 'claude-haiku-4-5';

export function findModel(id: string): CatalogModel | undefined {
  return CATALOG.find((m) => m.id === id || m.baseId === id || m.profiles.some((g) => `${g}.${m.baseId}` === id));
}

/** The geography of a region's cross-region inference profiles. */
export function geoForRegion(region: string): Geo | undefined {
  if (region.startsWith('us-') || region.startsWith('ca-')) return 'us';
  if (region.startsWith('eu-')) return 'eu';
  if (region.startsWith('ap-')) return 'apac';
  return undefined;
}

/** The route of an explicit id: `global.` and geography prefixes are profiles, anything else a base id. */
export function routeOfInvokeId(invokeId: string): Route | undefined {
  if (invokeId.startsWith('global.')) return 'global';
  if (/^(us|eu|apac|us-gov|ca|jp|au)\./.test(invokeId)) return 'geographic';
  if (invokeId.startsWith('arn:')) return undefined;
  return 'inRegion';
}

export { routePreference, type RoutePreference } from '../shared/config';

/** The id a catalog model is sent as for a route preference in a region (falls back to what exists). */
export function invokeIdFor(model: CatalogModel, region: string, preference: RoutePreference = ''): string {
  const geo = geoForRegion(region);
  const geoId = geo && model.profiles.includes(geo) ? `${geo}.${model.baseId}` : undefined;
  const globalId = model.profiles.includes('global') ? `global.${model.baseId}` : undefined;
  if (preference === 'global' && globalId) return globalId;
  if (preference === 'inRegion' && !model.requiresProfile) return model.baseId;
  if (geoId) return geoId;
  if (globalId) return globalId;
  if (model.requiresProfile && model.profiles.length) return `${model.profiles[0]}.${model.baseId}`;
  return model.baseId;
}

/**
 * Turns the `bedrockHaiku.model` setting into what is sent. A catalog id (or its base id) becomes the
 * inference profile the route preference asks for where the model has it (default: the region's
 * geography, else global); an explicit profile id is honoured; an application inference profile ARN is
 * sent as written and priced as the model behind it once that is known (see appProfiles.ts).
 */
export function resolveModel(setting: string, region: string, preference: RoutePreference = '', profiles: ApplicationProfiles = applicationProfiles): ResolvedModel {
  const wanted = setting.trim() || DEFAULT_MODEL_ID;
  if (isApplicationProfileArn(wanted)) {
    const info = profiles.get(wanted);
    const model = info?.catalogId ? findModel(info.catalogId) : undefined;
    const displayName = info?.name ? `${info.name}${model ? ` (${model.displayName})` : ''}` : model?.displayName ?? wanted;
    return { catalogId: model?.id, displayName, invokeId: wanted, region, route: info?.route, profileArn: wanted, ...(info?.name ? { profileName: info.name } : {}) };
  }
  const model = findModel(wanted);
  if (!model) return { displayName: wanted, invokeId: wanted, region, route: routeOfInvokeId(wanted) };
  // An explicit profile id such as `eu.anthropic...` is honoured as written.
  const invokeId = wanted !== model.id && wanted !== model.baseId ? wanted : invokeIdFor(model, region, preference);
  return { catalogId: model.id, displayName: model.displayName, invokeId, region, route: routeOfInvokeId(invokeId) };
}

export function supportsLatencyOptimized(model: CatalogModel | undefined, region: string): boolean {
  return !!model?.latencyOptimized?.regions.includes(region);
}

/**
 * Characters per token when the model is unknown or not in the catalog. Claude's tokenizers give roughly
 * 3–4 characters per token on code; erring towards more tokens keeps requests inside the user's budget.
 */
export const DEFAULT_CHARS_PER_TOKEN = 3.5;

/** The one token estimate (budgets, and usage when no metadata arrived); the model's tokenizer decides the real count. */
export function tokensForChars(chars: number, charsPerToken = DEFAULT_CHARS_PER_TOKEN): number {
  return Math.ceil(chars / charsPerToken);
}

/** Rough token estimate for budgets; the model's tokenizer decides the real count. */
export function estimateTokens(text: string, model?: CatalogModel): number {
  return tokensForChars(text.length, model?.charsPerToken);
}

function modelIdOfArn(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

/**
 * What GetInferenceProfile's `models[].modelArn` say about an application profile: the model (for prices and
 * traits) and the route. A profile copied from a system profile lists the foundation model in each Region it
 * may run in: one Region is in-region, one geography is geographic, more is global.
 */
export function describeProfileModels(modelArns: string[]): { catalogId?: string; modelId?: string; route?: Route } {
  if (!modelArns.length) return {};
  const modelId = modelIdOfArn(modelArns[0]);
  const catalogId = findModel(modelId)?.id;
  const profileArn = modelArns.find((a) => a.includes(':inference-profile/'));
  if (profileArn) return { catalogId, modelId, route: routeOfInvokeId(modelIdOfArn(profileArn)) };
  const regions = new Set(modelArns.map((a) => a.split(':')[3]).filter(Boolean));
  const geos = new Set([...regions].map((r) => geoForRegion(r) ?? r));
  const route: Route = regions.size <= 1 ? 'inRegion' : geos.size === 1 ? 'geographic' : 'global';
  return { catalogId, modelId, route };
}
