// What the composition root (src/extension.ts) hands to each feature's adapter: the objects every feature
// may use, all built before any feature. A feature's own API (chat, account) is not here: the root passes
// it to the features that need it.

import type * as vscode from 'vscode';
import type { ModelStreamer, RequestTags, ResolvedModel, StreamResult, BedrockError } from './bedrock/types';
import type { Config } from './shared/config';
import type { Logger } from './shared/logger';
import type { UsageStore } from './status/usageStore';
import type { AcceptanceStore } from './status/acceptance';
import type { WorkspaceExclusions } from './privacy/workspaceExclusions.vscode';

export interface BedrockFacade extends ModelStreamer {
  /** The model and region the next request would use. */
  resolved(): ResolvedModel;
  /** Fires when a request starts / ends (the status bar shows a spinner, records usage with the request's tags). */
  onDidStart(listener: (feature: string) => void): { dispose(): void };
  onDidFinish(listener: (result: StreamResult, feature: string, tags: RequestTags) => void): { dispose(): void };
  /** Fires after credentials may have changed (sign-in, profile or region change): paused features retry. */
  onDidChangeCredentials(listener: () => void): { dispose(): void };
  /** Forget cached credentials and clients (called after sign-in). */
  resetCredentials(): void;
  /** The last auth error (expired SSO, no credentials …) until a request succeeds again. */
  authProblem(): BedrockError | undefined;
  /** Gets the connection and credentials ready (never throws, cheap when warm); completions call it after idle. */
  preconnect?(): Promise<void>;
  /** Bedrock's CountTokens for `text` with the model behind `model` (free); rejects with a BedrockError. */
  countTokens?(model: string, text: string, signal?: AbortSignal): Promise<number>;
}

export interface Services {
  context: vscode.ExtensionContext;
  log: Logger;
  config(): Config;
  bedrock: BedrockFacade;
  usage: UsageStore;
  /** Local counts of suggestions shown / accepted / typed through (the status-bar tooltip reads them). */
  acceptance: AcceptanceStore;
  /** The one loader of the exclusion rules (settings, .haikuignore, secret names): check before sending a file. */
  exclusions: WorkspaceExclusions;
  /** Runs the action attached to an error (sign in, switch model …). */
  runErrorAction(error: BedrockError): Promise<void>;
}
