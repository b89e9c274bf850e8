// What the account feature offers the rest of the extension (built by the composition root, src/extension.ts):
// the SSO session seen coming to its end, the budget guard, and the request gate that combines both before
// anything is sent.

import type { BedrockError, Feature } from '../bedrock/types';
import type { BudgetGuard } from '../status/api';
import type { SessionStatus } from './expiryWatcher';

export interface AccountApi {
  /** The active profile's SSO session: unknown (not read yet), notSso, missing, valid, expiringSoon or expired. */
  sessionStatus(): SessionStatus;
  onDidChangeSession(listener: (status: SessionStatus) => void): { dispose(): void };
  budget: BudgetGuard;
  /**
   * Call before each request. Completions: an `expiredSso` error while the session is known to be over
   * (nothing is sent), a `budget` error past the daily budget. Chat/explain past the budget: asks once a
   * day, then lets them through; a refusal comes back as a `budget` error.
   */
  gate(feature: Feature): Promise<BedrockError | undefined>;
}
