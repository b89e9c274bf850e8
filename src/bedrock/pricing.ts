// Cost is computed per request from its own usage: tiered prices (Haiku 5.5) depend on the prompt length
// of that request, so daily token totals cannot be priced afterwards.

import type { CatalogModel, Prices } from './catalog';
import type { Cost, Usage } from './types';

export type PriceOverrides = Record<string, Partial<Prices>>;

export function pricesFor(
  model: CatalogModel | undefined,
  usage: Usage,
  opts: { latencyOptimized?: boolean; overrides?: PriceOverrides } = {},
): { prices: Prices; estimate: boolean } | undefined {
  if (!model) return undefined;
  let prices = model.prices;
  if (opts.latencyOptimized && model.latencyOptimized) prices = model.latencyOptimized.prices;
  const promptTokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  for (const tier of model.tiers ?? []) if (promptTokens > tier.aboveTokens) prices = tier;
  const override = opts.overrides?.[model.id];
  const valid = override && Object.values(override).every((v) => typeof v === 'number' && v >= 0);
  if (valid) return { prices: { ...prices, ...override }, estimate: false };
  return { prices, estimate: model.pricesEstimated };
}

export function costOf(
  model: CatalogModel | undefined,
  usage: Usage,
  opts: { latencyOptimized?: boolean; overrides?: PriceOverrides } = {},
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
