// The AWS account feature's adapter: sign-in, profiles, models, the usage view, the budget guard and
// the SSO expiry watcher, registered with VS Code and offered to the rest of the extension as an
// AccountApi on `services.account`.

import * as vscode from 'vscode';
import { bedrockError } from '../bedrock/errors';
import type { BedrockError, Feature } from '../bedrock/types';
import type { Services } from '../services';
import { BudgetGuard } from '../status/api';
import { formatUsd } from '../bedrock/pricing';
import { UsageView } from '../status/api.vscode';
import type { AccountApi } from './api';
import { SessionWatch } from './expiry.vscode';
import { selectModel, watchApplicationProfiles } from './modelPicker.vscode';
import { selectProfile } from './profilePicker.vscode';
import { modelAccessUrl } from './regions';
import { loadAwsSdk } from './sdkLoader';
import { signIn, type AccountContext, type SignInArgs } from './signIn.vscode';

type GateHolder = { gate?: (feature: Feature) => Promise<BedrockError | undefined> | BedrockError | undefined };

export function registerAccount(services: Services): vscode.Disposable[] {
  const watch = new SessionWatch(services, loadAwsSdk);
  const ctx: AccountContext = { services, watch, loadSdk: loadAwsSdk };
  const budget = new BudgetGuard(services.context.globalState, () => services.config().budget.dailyUsd);
  const usageView = new UsageView(services);

  const gate = async (feature: Feature): Promise<BedrockError | undefined> => {
    const session = watch.status();
    if (feature === 'completion' && (session.kind === 'expired' || session.kind === 'missing')) {
      // Completions pause quietly: no request, the status bar shows the Sign in action.
      return bedrockError('expiredSso', `SSO session ${session.kind} (seen in the token cache; nothing sent)`, { profile: watch.profileName() });
    }
    const decision = await budget.decide(feature, services.usage);
    if (decision.allowed) return undefined;
    if (decision.needsConfirmation) {
      const choice = await vscode.window.showWarningMessage(`Haiku: ${decision.reason}`, { modal: true }, 'Send anyway', 'Allow all for today');
      if (choice === 'Send anyway') {
        await budget.confirmToday();
        return undefined;
      }
      if (choice === 'Allow all for today') {
        await budget.overrideToday();
        return undefined;
      }
      // The generic budget message speaks of paused completions: a declined question needs its own words.
      return { ...bedrockError('budget', decision.reason ?? 'daily budget reached'), message: decision.declined ?? decision.reason ?? '' };
    }
    return bedrockError('budget', decision.reason ?? 'daily budget reached');
  };

  const account: AccountApi = {
    sessionStatus: () => watch.status(),
    onDidChangeSession: (listener) => watch.onDidChange(listener),
    budget,
    gate,
  };
  Object.assign(services, { account });
  // The facade asks a gate before each request; install ours unless the composition root chose one.
  const facade = services.bedrock as typeof services.bedrock & GateHolder;
  if ('gate' in facade && !facade.gate) facade.gate = gate;

  const setContext = (key: string, value: boolean) => void vscode.commands.executeCommand('setContext', key, value);
  return [
    watch,
    usageView,
    ...watchApplicationProfiles(ctx),
    { dispose: () => budget.dispose() },
    // A new limit can pause or resume completions without any request: the status bar must hear of it.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bedrockHaiku.budget')) budget.limitChanged();
    }),
    vscode.commands.registerCommand('bedrockHaiku.signIn', (args?: SignInArgs) => signIn(ctx, args)),
    vscode.commands.registerCommand('bedrockHaiku.selectProfile', () => selectProfile(ctx)),
    vscode.commands.registerCommand('bedrockHaiku.selectModel', () => selectModel(ctx)),
    vscode.commands.registerCommand('bedrockHaiku.showUsage', () => usageView.show()),
    vscode.commands.registerCommand('bedrockHaiku.budgetOverride', async () => {
      const limit = budget.limitUsd();
      if (limit === undefined) {
        const choice = await vscode.window.showInformationMessage('Haiku: no daily budget is set, so nothing is paused.', 'Set a budget');
        if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'bedrockHaiku.budget.dailyUsd');
        return;
      }
      await budget.overrideToday();
      void vscode.window.showInformationMessage(
        `Haiku: budget of ${formatUsd(limit)} lifted until midnight (spent today: ${formatUsd(services.usage.today()?.costUsd ?? 0)}).`,
      );
    }),
    vscode.commands.registerCommand('bedrockHaiku.openModelAccess', () =>
      vscode.env.openExternal(vscode.Uri.parse(modelAccessUrl(services.bedrock.resolved().region))),
    ),
    // Walkthrough steps complete on these context keys. Set on a first success, not at activation:
    // VS Code never completes a step whose key was already true when the walkthrough was registered.
    services.bedrock.onDidFinish((result, feature) => {
      if (result.outcome !== 'complete') return;
      setContext('bedrockHaiku.signedIn', true);
      if (feature === 'completion') setContext('bedrockHaiku.triedCompletion', true);
      if (feature === 'chat' || feature === 'explain') setContext('bedrockHaiku.triedChat', true);
    }),
  ];
}
