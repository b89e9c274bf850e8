// Composition root: build the shared services, the account (session watch, budget guard, request gate) and
// every feature once, hand each feature what it needs, and own every disposable. Features return their APIs;
// nothing writes into a shared object after it is built.

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
import { BudgetGuard } from './status/budget';
import { recordFromResult, UsageStore } from './status/usageStore';
import { AcceptanceStore } from './status/acceptance';
import { nodeFs } from './shared/storageNodeFs';
import { StorageNotices } from './shared/storageNotice';
import type { AccountApi } from './aws/api';
import { SessionWatch } from './aws/expiry.vscode';
import { confirmOverBudget, registerAccount } from './aws/index.vscode';
import { createRequestGate } from './aws/requestGate';
import { loadAwsSdk } from './aws/sdkLoader';
import type { ChatApi } from './chat/api';
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
  /** SSO session, budget guard and the request gate every request passes (the extension-host tests use it). */
  account: AccountApi;
  /** How explain (and the extension-host tests) start a chat turn. */
  chat: ChatApi;
  /** Next edit suggestions (the extension-host tests drive its controller). */
  nextEdit: NextEditApi;
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

type Subscriptions = vscode.ExtensionContext['subscriptions'];
/** The root keeps the concrete service: it installs the request gate, which features never see. */
type RootServices = Services & { bedrock: BedrockService };

/** What every feature may use, built before any feature: log, settings, the Bedrock facade, the stores, exclusions. */
function buildServices(context: vscode.ExtensionContext, log: Logger, subs: Subscriptions): RootServices {
  // Every window appends its own records under globalStorage/usage and reads the others' (usageStore.ts).
  const notices = new StorageNotices((m) => void vscode.window.showWarningMessage(`Haiku: ${m}`), log);
  const usage = new UsageStore(context.globalState, Date.now, { dir: path.join(context.globalStorageUri.fsPath, 'usage'), fs: nodeFs, notices, log });
  void usage.load().catch((e) => log.warn(`usage: could not load: ${String(e)}`));
  subs.push(usage.watch());
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
  subs.push(
    { dispose: () => bedrock.dispose() },
    bedrock.onDidFinish((result, feature, tags) => {
      // A gated request (budget, known-expired session) cost nothing and reached nobody: not usage.
      if (result.notSent) return;
      usage.record(recordFromResult(feature as never, result, Date.now(), tags));
    }),
  );
  // One loader of the exclusion rules for every feature, so they cannot disagree about a file.
  const exclusions = createWorkspaceExclusions();
  subs.push(exclusions);
  const services: RootServices = {
    context,
    log,
    config: readConfig,
    bedrock,
    usage,
    acceptance,
    exclusions,
    runErrorAction: (error) => runErrorAction(error, services),
  };
  return services;
}

/**
 * The account: the SSO session watch, the budget guard, and the request gate that asks both before every
 * request (installed on the Bedrock service here, before any feature can send).
 */
function buildAccount(services: RootServices, subs: Subscriptions): AccountApi {
  const watch = new SessionWatch(services, loadAwsSdk);
  const budget = new BudgetGuard(services.context.globalState, () => services.config().budget.dailyUsd);
  const gate = createRequestGate({
    session: () => watch.status(),
    profileName: () => watch.profileName(),
    budget,
    spend: services.usage,
    confirm: confirmOverBudget,
  });
  services.bedrock.installGate(gate);
  subs.push(watch, { dispose: () => budget.dispose() }, ...registerAccount(services, { watch, budget }));
  return { sessionStatus: () => watch.status(), onDidChangeSession: (listener) => watch.onDidChange(listener), budget, gate };
}

/** The status bar's view of the account: the budget pause on completions, and "Sign in" as soon as the session ends. */
function wireStatusBar(services: Services, account: AccountApi, statusBar: StatusBar, subs: Subscriptions): CompletionState {
  const { usage } = services;
  const completionState = new CompletionState(services.context.globalState);
  completionState.setPauseCheck(() => account.budget.completionPause(usage.today()?.costUsd ?? 0));
  const PAUSE_LABEL: Partial<Record<string, string>> = { disabled: 'Off', snoozed: 'Snoozed', paused: 'Budget', throttled: 'Throttled', failing: 'Paused' };
  const showPaused = () => statusBar.setPaused(completionState.statusText(), PAUSE_LABEL[completionState.blocked()?.reason ?? '']);
  // "Sign in" shows the moment the token cache says the session is over, not at the next request.
  subs.push(
    account.onDidChangeSession((session) => {
      const profile = services.config().aws.profile || process.env.AWS_PROFILE;
      if (session.kind === 'expired' || session.kind === 'missing') statusBar.setAuthProblem(bedrockError('expiredSso', `SSO session ${session.kind}`, { profile }));
      else if (session.kind === 'valid') statusBar.setAuthProblem(undefined);
    }),
  );
  showPaused();
  subs.push(
    { dispose: () => completionState.dispose() },
    completionState.onDidChange(showPaused),
    account.budget.onDidChange(showPaused),
    usage.onDidRecord(showPaused),
  );
  return completionState;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const subs = context.subscriptions;
  const log = lazyLogger();
  subs.push(log);
  const services = buildServices(context, log, subs);
  const { bedrock, usage, acceptance } = services;

  const statusBar = new StatusBar(services);
  subs.push(
    statusBar,
    vscode.commands.registerCommand('bedrockHaiku.statusMenu', () => showStatusMenu(statusBar)),
    vscode.commands.registerCommand('bedrockHaiku.runErrorAction', (error: BedrockError) => runErrorAction(error, services)),
    vscode.commands.registerCommand('bedrockHaiku.testConnection', () => testConnection(services)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bedrockHaiku.aws')) bedrock.resetCredentials();
    }),
  );

  // Account first: its request gate (budget, known-expired session) is in place before anyone can send.
  const account = buildAccount(services, subs);
  const chat = registerChat(services);
  ownExitFlush([() => usage.flush(), chat.flush, () => acceptance.flush()], subs);
  subs.push(...chat.disposables, ...registerExplain(services, chat.api));

  const completions = registerCompletions(services, { state: wireStatusBar(services, account, statusBar, subs), acceptance });
  subs.push(...completions);

  // Next edit suggestions: never beside completion ghost text, so they ask the completion provider.
  const completionProvider = completions.find((d): d is CompletionProvider => d instanceof CompletionProvider);
  const nextEdit = registerNextEdit({
    bedrock,
    log,
    exclusions: services.exclusions,
    extensionUri: context.extensionUri,
    ghostTextVisible: () => !!completionProvider?.lastOutcome?.item,
    acceptance,
  });
  subs.push(nextEdit);

  // Haiku in VS Code's own chat and agent mode (Language Model Chat Provider API).
  subs.push(...registerLmChat(services));

  return { sdkLoaded: () => bedrock.sdkLoaded(), services, account, chat: chat.api, nextEdit };
}

/**
 * Writes still queued when the window closes or reloads. `deactivate` takes no arguments, so the running
 * activation leaves its handle here; its subscriptions clear it (VS Code calls `deactivate` first, then
 * disposes them).
 */
let exitFlush: { flush(): Promise<void> } | undefined;

function ownExitFlush(flushers: (() => Promise<void>)[], subs: Subscriptions): void {
  // Every store gets its chance: one that fails does not cut the wait for the others short.
  const handle = { flush: () => Promise.allSettled(flushers.map((f) => f())).then(() => undefined) };
  exitFlush = handle;
  subs.push({
    dispose: () => {
      if (exitFlush === handle) exitFlush = undefined;
    },
  });
}

export function deactivate(): Promise<void> | undefined {
  // Everything else is owned by context.subscriptions.
  return exitFlush?.flush();
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
