// The model catalog is data: lifecycles and prices change (3.5 Haiku retired on 2026-06-19), so nothing
// else in the code names a model. Prices are USD per million tokens.

import type { ResolvedModel } from './types';

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
  prices: Prices;
  /** Higher tiers by prompt length, priced on every token of such a request. */
  tiers?: PriceTier[];
  latencyOptimized?: { prices: Prices; regions: string[] };
  /** True when the prices are not confirmed from AWS's own Bedrock price list. */
  pricesEstimated: boolean;
}

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
    prices: { input: 1.0, output: 5.0, cacheRead: 0.1, cacheWrite: 1.25 },
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
    prices: { input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125 },
    tiers: [{ aboveTokens: 100_000, input: 0.5, output: 2.5, cacheRead: 0.05, cacheWrite: 0.625 }],
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
    prices: { input: 0.8, output: 4.0, cacheRead: 0.08, cacheWrite: 1.0 },
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

/**
 * Turns the `bedrockHaiku.model` setting into what is sent. A catalog id (or its base id) becomes the
 * inference profile of the region's geography, else the global one; anything else (a profile id, an ARN,
 * an uncatalogued model id) is sent as written.
 */
export function resolveModel(setting: string, region: string): ResolvedModel {
  const wanted = setting.trim() || DEFAULT_MODEL_ID;
  const model = findModel(wanted);
  if (!model) return { displayName: wanted, invokeId: wanted, region };
  if (wanted !== model.id && wanted !== model.baseId) {
    // An explicit profile id such as `eu.anthropic...`: honour it.
    return { catalogId: model.id, displayName: model.displayName, invokeId: wanted, region };
  }
  const geo = geoForRegion(region);
  let invokeId = model.baseId;
  if (geo && model.profiles.includes(geo)) invokeId = `${geo}.${model.baseId}`;
  else if (model.profiles.includes('global')) invokeId = `global.${model.baseId}`;
  else if (model.requiresProfile && model.profiles.length) invokeId = `${model.profiles[0]}.${model.baseId}`;
  return { catalogId: model.id, displayName: model.displayName, invokeId, region };
}

export function supportsLatencyOptimized(model: CatalogModel | undefined, region: string): boolean {
  return !!model?.latencyOptimized?.regions.includes(region);
}

/** Rough token estimate for budgets; the model's tokenizer decides the real count. */
export function estimateTokens(text: string, model?: CatalogModel): number {
  return Math.ceil(text.length / (model?.charsPerToken ?? 3.5));
}
