// The typed view of the `bedrockHaiku.*` settings. Read through one accessor (config.vscode.ts);
// everything below the adapters takes this plain object.

// The setting shapes are declared here, where settings are read; bedrock/ takes them from here (shared/
// imports nothing else in src/, see eslint.config.mjs).

/** `bedrockHaiku.route`: a route (bedrock/types `Route`), or empty until the user chooses (then geographic). */
export type RoutePreference = 'global' | 'geographic' | 'inRegion' | '';

export function routePreference(v: unknown): RoutePreference {
  return v === 'global' || v === 'geographic' || v === 'inRegion' ? v : '';
}

/** `bedrockHaiku.pricing`: USD per million tokens by model id, each price optional. */
export type PriceOverrides = Record<string, Partial<Record<'input' | 'output' | 'cacheRead' | 'cacheWrite', number>>>;

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

/** The Region when neither the setting, the profile nor the environment names one. */
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

/** What `WorkspaceConfiguration.inspect()` returns for one setting, as far as the merge needs it. */
export interface SettingLevels {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  defaultLanguageValue?: unknown;
  globalLanguageValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

function firstValid<T>(valid: (v: unknown) => v is T, ...values: unknown[]): T | undefined {
  for (const v of values) if (valid(v)) return v;
  return undefined;
}

/**
 * The value without any workspace: the user's, else the default. As in VS Code, a language-specific value
 * (`"[markdown]": {…}`) wins over a plain one whatever their levels.
 */
export function userLevel<T>(levels: SettingLevels | undefined, valid: (v: unknown) => v is T): T | undefined {
  return firstValid(valid, levels?.globalLanguageValue, levels?.defaultLanguageValue, levels?.globalValue, levels?.defaultValue);
}

/** What the workspace and its folder say, most specific first (VS Code's order); undefined: nothing. */
export function workspaceLevel<T>(levels: SettingLevels | undefined, valid: (v: unknown) => v is T): T | undefined {
  return firstValid(valid, levels?.workspaceFolderLanguageValue, levels?.workspaceLanguageValue, levels?.workspaceFolderValue, levels?.workspaceValue);
}

const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export interface CompletionLevels {
  enabled?: SettingLevels;
  debounceMs?: SettingLevels;
  maxContextTokens?: SettingLevels;
}

/**
 * The completion settings a cloned repository cannot turn against the user. Each one costs money or sends
 * code, so a workspace (or folder) may lower it and never raise it past the user's own value: it may turn
 * completions off but not back on, shrink the context budget but not grow it, and lengthen the debounce
 * (fewer requests) but not shorten it.
 */
export function mergeCompletionLevels(levels: CompletionLevels): Config['completions'] {
  const d = defaultConfig().completions;
  const userEnabled = userLevel(levels.enabled, isBool) ?? d.enabled;
  const userDebounce = boundedNumber(userLevel(levels.debounceMs, isNumber), 0, 2000, d.debounceMs);
  const userTokens = boundedNumber(userLevel(levels.maxContextTokens, isNumber), 200, 16000, d.maxContextTokens);
  const wsEnabled = workspaceLevel(levels.enabled, isBool);
  const wsDebounce = workspaceLevel(levels.debounceMs, isNumber);
  const wsTokens = workspaceLevel(levels.maxContextTokens, isNumber);
  return {
    enabled: userEnabled && wsEnabled !== false,
    debounceMs: wsDebounce === undefined ? userDebounce : Math.max(userDebounce, boundedNumber(wsDebounce, 0, 2000, userDebounce)),
    maxContextTokens: wsTokens === undefined ? userTokens : Math.min(userTokens, boundedNumber(wsTokens, 200, 16000, userTokens)),
  };
}
