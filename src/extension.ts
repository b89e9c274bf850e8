// Composition root: build the services once, hand them to each feature, own every disposable.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { BedrockService, type SdkModule } from './bedrock/client';
import { DEFAULT_MODEL_ID } from './bedrock/catalog';
import { bedrockError } from './bedrock/errors';
import { formatUsd } from './bedrock/pricing';
import type { BedrockError, StreamResult } from './bedrock/types';
import { readConfig } from './shared/config.vscode';
import type { Logger } from './shared/logger';
import { redactingLogger } from './privacy/redactingLogger';
import { modelAccessUrl } from './aws/regions';
import type { Services } from './services';
import { showStatusMenu, StatusBar } from './status/statusBar.vscode';
import { formatMs } from './shared/format';
import { recordFromResult, UsageStore } from './status/usageStore';
import { AcceptanceStore } from './status/acceptance';
import { nodeFs } from './shared/storageNodeFs';
import { StorageNotices } from './shared/storageNotice';
import { registerAccount } from './aws/index.vscode';
import { registerChat } from './chat/index.vscode';
import { CompletionProvider, registerCompletions } from './completion/index.vscode';
import { CompletionState } from './completion/state';
import { registerExplain } from './explain/index.vscode';
import { registerLmChat } from './lmChat/index.vscode';
import { createWorkspaceExclusions } from './privacy/workspaceExclusions.vscode';
import { registerNextEdit, type NextEditApi } from './nextEdit/index.vscode';

export interface ExtensionApi {
  /** True once the AWS SDK bundle has been required (tests check activation stays light). */
  sdkLoaded(): boolean;
  services: Services;
  /** Next edit suggestions (the extension-host tests drive its controller). */
  nextEdit?: NextEditApi;
}

/** One lazily created log channel; every line passes redaction (SDK messages can quote a credential_process command). */
function lazyLogger(): Logger & vscode.Disposable {
  let channel: vscode.LogOutputChannel | undefined;
  const get = () => (channel ??= vscode.window.createOutputChannel('Haiku for Bedrock', { log: true }));
  const safe = redactingLogger({
    trace: (m, ...a) => get().trace(m, ...a),
    debug: (m, ...a) => get().debug(m, ...a),
    info: (m, ...a) => get().info(m, ...a),
    warn: (m, ...a) => get().warn(m, ...a),
    error: (m, ...a) => get().error(m, ...a),
  });
  return { ...safe, dispose: () => channel?.dispose() };
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const log = lazyLogger();
  context.subscriptions.push(log);
  // Every window appends its own records under globalStorage/usage and reads the others' (usageStore.ts).
  const notices = new StorageNotices((m) => void vscode.window.showWarningMessage(`Haiku: ${m}`), log);
  const usage = new UsageStore(context.globalState, Date.now, { dir: path.join(context.globalStorageUri.fsPath, 'usage'), fs: nodeFs, notices, log });
  void usage.load().catch((e) => log.warn(`usage: could not load: ${String(e)}`));
  context.subscriptions.push(usage.watch());
  // Suggestions shown / accepted / typed through, counted on this machine only, like usage (acceptance.ts).
  const acceptance = new AcceptanceStore(Date.now, { dir: path.join(context.globalStorageUri.fsPath, 'acceptance'), fs: nodeFs, notices, log });
  void acceptance.refresh().catch((e) => log.warn(`acceptance: could not load: ${String(e)}`));
  const bedrock = new BedrockService({
    config: readConfig,
    log,
    // A separate bundle: requiring it is the moment the SDK's cost is paid (first request, not activation).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loadSdk: () => require(path.join(__dirname, 'sdk.js')) as SdkModule,
  });
  context.subscriptions.push({ dispose: () => bedrock.dispose() });
  context.subscriptions.push(
    bedrock.onDidFinish((result, feature) => {
      // A gated request (budget, known-expired session) cost nothing and reached nobody: not usage.
      if (result.notSent) return;
      usage.record(recordFromResult(feature as never, result, Date.now()));
    }),
  );

  // One loader of the exclusion rules for every feature, so they cannot disagree about a file.
  const exclusions = createWorkspaceExclusions();
  context.subscriptions.push(exclusions);

  const services: Services = {
    context,
    log,
    config: readConfig,
    bedrock,
    usage,
    acceptance,
    exclusions,
    runErrorAction: (error) => runErrorAction(error, services),
  };

  const statusBar = new StatusBar(services);
  context.subscriptions.push(
    statusBar,
    vscode.commands.registerCommand('bedrockHaiku.statusMenu', () => showStatusMenu(statusBar)),
    vscode.commands.registerCommand('bedrockHaiku.runErrorAction', (error: BedrockError) => runErrorAction(error, services)),
    vscode.commands.registerCommand('bedrockHaiku.testConnection', () => testConnection(services)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bedrockHaiku.aws')) bedrock.resetCredentials();
    }),
  );

  // Account first: it installs the request gate (budget, known-expired session) the others rely on.
  context.subscriptions.push(...registerAccount(services));
  const chat = registerChat(services);
  services.chat = chat.api;
  flushOnExit = () => Promise.all([usage.flush(), chat.flush(), acceptance.flush()]).then(() => undefined);
  context.subscriptions.push(...chat.disposables);
  context.subscriptions.push(...registerExplain(services));

  const completionState = new CompletionState(context.globalState);
  completionState.setPauseCheck(() => {
    const budget = services.account?.budget;
    const state = budget?.state(usage.today()?.costUsd ?? 0);
    return state?.kind === 'over' ? `daily budget of ${formatUsd(state.limitUsd)} reached` : undefined;
  });
  const PAUSE_LABEL: Partial<Record<string, string>> = { disabled: 'Off', snoozed: 'Snoozed', paused: 'Budget', throttled: 'Throttled', failing: 'Paused' };
  const showPaused = () => statusBar.setPaused(completionState.statusText(), PAUSE_LABEL[completionState.blocked()?.reason ?? '']);
  // "Sign in" shows the moment the token cache says the session is over, not at the next request.
  const account = services.account;
  if (account) {
    context.subscriptions.push(
      account.onDidChangeSession((session) => {
        const profile = services.config().aws.profile || process.env.AWS_PROFILE;
        if (session.kind === 'expired' || session.kind === 'missing') statusBar.setAuthProblem(bedrockError('expiredSso', `SSO session ${session.kind}`, { profile }));
        else if (session.kind === 'valid') statusBar.setAuthProblem(undefined);
      }),
    );
  }
  showPaused();
  context.subscriptions.push(
    { dispose: () => completionState.dispose() },
    completionState.onDidChange(showPaused),
    ...(services.account ? [services.account.budget.onDidChange(showPaused)] : []),
    usage.onDidRecord(showPaused),
  );
  const completions = registerCompletions(services, { state: completionState, acceptance });
  context.subscriptions.push(...completions);

  // Next edit suggestions: never beside completion ghost text, so they ask the completion provider.
  const completionProvider = completions.find((d): d is CompletionProvider => d instanceof CompletionProvider);
  const nextEdit = registerNextEdit({
    bedrock,
    log,
    exclusions,
    extensionUri: context.extensionUri,
    ghostTextVisible: () => !!completionProvider?.lastOutcome?.item,
    acceptance,
  });
  context.subscriptions.push(nextEdit);

  // Haiku in VS Code's own chat and agent mode (Language Model Chat Provider API).
  context.subscriptions.push(...registerLmChat(services));

  return { sdkLoaded: () => bedrock.sdkLoaded(), services, nextEdit };
}

/** Writes still queued when the window closes or reloads (VS Code awaits this, briefly). */
let flushOnExit: (() => Promise<void>) | undefined;

export function deactivate(): Promise<void> | undefined {
  // Everything else is owned by context.subscriptions.
  return flushOnExit?.();
}

async function testConnection(services: Services): Promise<StreamResult> {
  const model = services.bedrock.resolved();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Haiku: testing ${model.displayName} in ${model.region}…`, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      return services.bedrock
        .stream(
          { feature: 'test', messages: [{ role: 'user', text: 'Reply with the single word: ok' }], maxTokens: 8, temperature: 0 },
          { signal: controller.signal },
        )
        .finally(() => sub.dispose());
    },
  );
  if (result.outcome === 'complete') {
    const u = result.usage;
    void vscode.window.showInformationMessage(
      `Haiku: connected in ${formatMs(result.timings.totalMs)} (first token ${formatMs(result.timings.firstTokenMs)}) · ` +
        `${result.model.displayName}, ${result.model.region} · ${u.inputTokens} in / ${u.outputTokens} out tokens · ` +
        `${formatUsd(result.cost.usd)}${result.cost.estimate ? ' (estimate)' : ''} · model id ${result.model.invokeId}`,
    );
  } else if (result.error) {
    void showError(result.error, services);
  } else {
    void vscode.window.showWarningMessage('Haiku: test connection cancelled.');
  }
  return result;
}

export async function showError(error: BedrockError, services: Services): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`Haiku: ${error.message}`, ...(error.action ? [error.action.label] : []));
  if (choice && error.action) await runErrorAction(error, services);
}

async function runErrorAction(error: BedrockError, services: Services): Promise<void> {
  switch (error.action?.id) {
    case 'signIn':
      await vscode.commands.executeCommand('bedrockHaiku.signIn');
      return;
    case 'selectProfile':
      await vscode.commands.executeCommand('bedrockHaiku.selectProfile');
      return;
    case 'switchModel':
      await vscode.commands.executeCommand('bedrockHaiku.selectModel');
      return;
    case 'useDefaultModel':
      await vscode.workspace.getConfiguration('bedrockHaiku').update('model', DEFAULT_MODEL_ID, vscode.ConfigurationTarget.Global);
      return;
    case 'openModelAccess': {
      // The region may come from AWS_REGION (a dev container's env): only a validated one makes the URL.
      await vscode.env.openExternal(vscode.Uri.parse(modelAccessUrl(services.bedrock.resolved().region)));
      return;
    }
    case 'overrideBudget':
      await vscode.commands.executeCommand('bedrockHaiku.budgetOverride');
      return;
    case 'retry':
    case 'testConnection':
      await vscode.commands.executeCommand('bedrockHaiku.testConnection');
      return;
    default:
      await vscode.commands.executeCommand('workbench.action.openSettings', 'bedrockHaiku');
  }
}
