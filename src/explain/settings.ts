// The `bedrockHaiku.explain.*` settings as one plain object (read in settings.vscode.ts).

export interface ExplainSettings {
  /** Input-token budget for the gathered context of one explanation. */
  maxContextTokens: number;
  /** Offer an explanation in a notification when a terminal command fails (shell integration). */
  offerOnTerminalFailure: boolean;
  /** Offer an explanation in a notification when the debugger stops on an exception. */
  offerOnException: boolean;
}

export const defaultExplainSettings = (): ExplainSettings => ({
  maxContextTokens: 3000,
  offerOnTerminalFailure: false,
  offerOnException: true,
});

/** Answer length for a fix: the region rewritten, with room for a short note. */

export function fixMaxOutputTokens(regionText: string): number {
  const regionTokens = Math.ceil(regionText.length / 3);
  return Math.min(8000, Math.max(1000, regionTokens * 2 + 400));
}
