// The typed view of the `bedrockHaiku.*` settings. Read through one accessor (config.vscode.ts);
// everything below the adapters takes this plain object.

import type { RoutePreference } from '../bedrock/catalog';
import type { PriceOverrides } from '../bedrock/pricing';

export interface Config {
  aws: { profile: string; region: string; endpoint: string };
  model: string;
  /** `bedrockHaiku.route`: empty until chosen (requests then go the geographic way). */
  route?: RoutePreference;
  latencyOptimized: boolean;
  pricing: PriceOverrides;
  completions: { enabled: boolean; debounceMs: number; maxContextTokens: number };
  exclude: string[];
  budget: { dailyUsd: number | undefined };
}

export const DEFAULT_REGION = 'us-east-1';

export const defaultConfig = (): Config => ({
  aws: { profile: '', region: '', endpoint: '' },
  model: 'claude-haiku-4-5',
  route: '',
  latencyOptimized: false,
  pricing: {},
  completions: { enabled: true, debounceMs: 100, maxContextTokens: 1500 },
  exclude: [],
  budget: { dailyUsd: undefined },
});

/** A number setting within the bounds package.json declares: VS Code does not enforce them on read. */
export function boundedNumber(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

/**
 * `bedrockHaiku.exclude` from every level at once. VS Code returns only the most specific array, so a
 * cloned repository's `"bedrockHaiku.exclude": []` would otherwise drop the user's own patterns; a
 * workspace may add exclusions, never remove them.
 */
export function unionOfLevels(...levels: unknown[]): string[] {
  const out: string[] = [];
  for (const level of levels) {
    if (!Array.isArray(level)) continue;
    for (const g of level) if (typeof g === 'string' && g.trim() && !out.includes(g)) out.push(g);
  }
  return out;
}
