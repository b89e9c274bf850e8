// The AWS account feature's adapter: sign-in, profiles, models, the usage view and the budget commands,
// registered with VS Code. The composition root (src/extension.ts) builds the session watch, the budget
// guard and the request gate, and hands them here.

import * as vscode from 'vscode';
import type { Services } from '../services';
import type { BudgetGuard } from '../status/api';
import { formatUsd } from '../bedrock/pricing';
import { UsageView } from '../status/api.vscode';
import type { SessionWatch } from './expiry.vscode';
import { selectModel, watchApplicationProfiles } from './modelPicker.vscode';
import { selectProfile } from './profilePicker.vscode';
import { modelAccessUrl } from './regions';
import type { OverBudgetChoice } from './requestGate';
import { loadAwsSdk } from './sdkLoader';
import { signIn, type AccountContext, type SignInArgs } from './signIn.vscode';

/** The request gate's question past the budget, as a modal: nothing is sent until the person answers. */
export async function confirmOverBudget(reason: string): Promise<OverBudgetChoice> {
  const choice = await vscode.window.showWarningMessage(`Haiku: ${reason}`, { modal: true }, 'Send anyway', 'Allow all for today');
  return choice === 'Send anyway' ? 'send' : choice === 'Allow all for today' ? 'allowToday' : undefined;
}

export function registerAccount(services: Services, account: { watch: SessionWatch; budget: BudgetGuard }): vscode.Disposable[] {
  const { watch, budget } = account;
  const ctx: AccountContext = { services, watch, loadSdk: loadAwsSdk };
  const usageView = new UsageView(services);

  const setContext = (key: string, value: boolean) => void vscode.commands.executeCommand('setContext', key, value);
  return [
    usageView,
    ...watchApplicationProfiles(ctx),
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
