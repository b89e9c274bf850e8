// The typed view of the `bedrockHaiku.*` settings. Read through one accessor (config.vscode.ts);
// everything below the adapters takes this plain object.

import type { PriceOverrides } from '../bedrock/pricing';

export interface Config {
  aws: { profile: string; region: string; endpoint: string };
  model: string;
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
  latencyOptimized: false,
  pricing: {},
  completions: { enabled: true, debounceMs: 100, maxContextTokens: 1500 },
  exclude: [],
  budget: { dailyUsd: undefined },
});
