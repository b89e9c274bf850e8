// The request gate the composition root installs on the Bedrock service: asked before every request, it
// holds back completions while the SSO session is known to be over, and applies the budget guard's decision
// (completions pause, chat and explain ask once a day).

import { bedrockError } from '../bedrock/errors';
import type { BedrockError, Feature } from '../bedrock/types';
import type { BudgetGuard } from '../status/api';
import type { SessionStatus } from './expiryWatcher';

/** The person's answer to "Send anyway?" past the budget; undefined when they declined or closed it. */
export type OverBudgetChoice = 'send' | 'allowToday' | undefined;

export interface RequestGateDeps {
  session(): SessionStatus;
  /** The profile whose session is watched (named in the error). */
  profileName(): string | undefined;
  budget: Pick<BudgetGuard, 'decide' | 'confirmToday' | 'overrideToday'>;
  /** Today's spend of every window. */
  spend: Parameters<BudgetGuard['decide']>[1];
  /** Asks once whether to send past the budget (a modal in VS Code). */
  confirm(reason: string): Promise<OverBudgetChoice>;
}

export type RequestGate = (feature: Feature) => Promise<BedrockError | undefined>;

export function createRequestGate(deps: RequestGateDeps): RequestGate {
  return async (feature) => {
    const session = deps.session();
    if (feature === 'completion' && (session.kind === 'expired' || session.kind === 'missing')) {
      // Completions pause quietly: no request, the status bar shows the Sign in action.
      return bedrockError('expiredSso', `SSO session ${session.kind} (seen in the token cache; nothing sent)`, { profile: deps.profileName() });
    }
    const decision = await deps.budget.decide(feature, deps.spend);
    if (decision.allowed) return undefined;
    if (decision.needsConfirmation) {
      const choice = await deps.confirm(decision.reason ?? '');
      if (choice === 'send') {
        await deps.budget.confirmToday();
        return undefined;
      }
      if (choice === 'allowToday') {
        await deps.budget.overrideToday();
        return undefined;
      }
      // The generic budget message speaks of paused completions: a declined question needs its own words.
      return { ...bedrockError('budget', decision.reason ?? 'daily budget reached'), message: decision.declined ?? decision.reason ?? '' };
    }
    return bedrockError('budget', decision.reason ?? 'daily budget reached');
  };
}
