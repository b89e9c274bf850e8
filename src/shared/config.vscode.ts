// The one place settings are read. Machine/application-scoped AWS settings are read from the user level
// only, so a cloned repository's .vscode/settings.json cannot redirect credentials or code.

import * as vscode from 'vscode';
import { defaultConfig, mergeCompletionLevels, routePreference, unionOfLevels, type Config } from './config';

function userValue<T>(c: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  const i = c.inspect<T>(key);
  return (i?.globalValue ?? i?.defaultValue ?? fallback) as T;
}

/** The user's patterns plus any a workspace or folder adds (see unionOfLevels). */
export function excludeGlobs(c: vscode.WorkspaceConfiguration = vscode.workspace.getConfiguration('bedrockHaiku')): string[] {
  const i = c.inspect<string[]>('exclude');
  return unionOfLevels(i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue);
}

/**
 * The completion settings for a document (its folder and language count), a workspace only lowering the
 * user's values (see mergeCompletionLevels).
 */
export function readCompletionSettings(scope?: vscode.ConfigurationScope): Config['completions'] {
  const c = vscode.workspace.getConfiguration('bedrockHaiku', scope);
  return mergeCompletionLevels({
    enabled: c.inspect('completions.enabled'),
    debounceMs: c.inspect('completions.debounceMs'),
    maxContextTokens: c.inspect('completions.maxContextTokens'),
  });
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
    route: routePreference(userValue(c, 'route', d.route)),
    latencyOptimized: userValue(c, 'latencyOptimized', d.latencyOptimized),
    pricing: userValue(c, 'pricing', d.pricing) ?? {},
    completions: readCompletionSettings(),
    exclude: excludeGlobs(c),
    budget: { dailyUsd: typeof budget === 'number' && budget > 0 ? budget : undefined },
  };
}
