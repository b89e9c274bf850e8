// Cost is computed per request from its own usage: tiered prices (Haiku 5.5) depend on the prompt length
// of that request, so daily token totals cannot be priced afterwards.

import type { CatalogModel, Prices, RoutePrice } from './catalog';
import type { Cost, Route, Usage } from './types';
import type { PriceOverrides } from '../shared/config';

export type { PriceOverrides } from '../shared/config';

export interface PriceOptions {
  latencyOptimized?: boolean;
  overrides?: PriceOverrides;
  /** The request's route; undefined or one the catalog has no figure for: the default route's prices. */
  route?: Route;
}

/** The figures of a route, or of the model's default route when that route has none. */
export function routePrice(model: CatalogModel, route: Route | undefined): RoutePrice {
  const r = route ? model.routes[route] : undefined;
  if (r) return r;
  const fallback = model.routes.geographic ?? model.routes.inRegion ?? model.routes.global;
  return fallback ?? { prices: model.prices, tiers: model.tiers, source: 'catalog', asOf: '', estimated: model.pricesEstimated };
}

export function pricesFor(
  model: CatalogModel | undefined,
  usage: Usage,
  opts: PriceOptions = {},
): { prices: Prices; estimate: boolean } | undefined {
  if (!model) return undefined;
  const route = routePrice(model, opts.route);
  let prices = route.prices;
  if (opts.latencyOptimized && model.latencyOptimized) prices = model.latencyOptimized.prices;
  const promptTokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  for (const tier of route.tiers ?? []) if (promptTokens > tier.aboveTokens) prices = tier;
  const override = opts.overrides?.[model.id];
  const valid = override && Object.values(override).every((v) => typeof v === 'number' && v >= 0);
  if (valid) return { prices: { ...prices, ...override }, estimate: false };
  return { prices, estimate: route.estimated };
}

export function costOf(
  model: CatalogModel | undefined,
  usage: Usage,
  opts: PriceOptions = {},
): Cost {
  const p = pricesFor(model, usage, opts);
  if (!p) return { usd: 0, estimate: true, cacheSavingsUsd: 0 };
  const { prices } = p;
  const m = 1e-6;
  const usd =
    usage.inputTokens * prices.input * m +
    usage.outputTokens * prices.output * m +
    usage.cacheReadTokens * prices.cacheRead * m +
    usage.cacheWriteTokens * prices.cacheWrite * m;
  const cacheSavingsUsd = usage.cacheReadTokens * (prices.input - prices.cacheRead) * m;
  return { usd, estimate: p.estimate, cacheSavingsUsd };
}

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  // A tiny request must not read as free.
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}
