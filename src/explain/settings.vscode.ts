import * as vscode from 'vscode';
import { defaultExplainSettings, type ExplainSettings } from './settings';

export function readExplainSettings(scope?: vscode.Uri): ExplainSettings {
  const d = defaultExplainSettings();
  const c = vscode.workspace.getConfiguration('bedrockHaiku.explain', scope);
  const tokens = c.get<number>('maxContextTokens', d.maxContextTokens);
  return {
    maxContextTokens: Number.isFinite(tokens) ? Math.min(16000, Math.max(500, tokens)) : d.maxContextTokens,
    offerOnTerminalFailure: c.get<boolean>('offerOnTerminalFailure', d.offerOnTerminalFailure),
    offerOnException: c.get<boolean>('offerOnException', d.offerOnException),
  };
}
