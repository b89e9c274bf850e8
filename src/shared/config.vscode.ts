// The one place settings are read. Machine/application-scoped AWS settings are read from the user level
// only, so a cloned repository's .vscode/settings.json cannot redirect credentials or code.

import * as vscode from 'vscode';
import { defaultConfig, type Config } from './config';

function userValue<T>(c: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  const i = c.inspect<T>(key);
  return (i?.globalValue ?? i?.defaultValue ?? fallback) as T;
}

export function readConfig(): Config {
  const d = defaultConfig();
  const c = vscode.workspace.getConfiguration('bedrockHaiku');
  const budget = userValue<number | null>(c, 'budget.dailyUsd', null);
  return {
    aws: {
      profile: userValue(c, 'aws.profile', d.aws.profile),
      region: userValue(c, 'aws.region', d.aws.region),
      endpoint: userValue(c, 'aws.endpoint', d.aws.endpoint),
    },
    model: userValue(c, 'model', d.model),
    latencyOptimized: userValue(c, 'latencyOptimized', d.latencyOptimized),
    pricing: userValue(c, 'pricing', d.pricing) ?? {},
    completions: {
      enabled: c.get('completions.enabled', d.completions.enabled),
      debounceMs: c.get('completions.debounceMs', d.completions.debounceMs),
      maxContextTokens: c.get('completions.maxContextTokens', d.completions.maxContextTokens),
    },
    exclude: c.get('exclude', d.exclude),
    budget: { dailyUsd: typeof budget === 'number' && budget > 0 ? budget : undefined },
  };
}
