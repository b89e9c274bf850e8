// `Haiku: Sign In to AWS`: the device authorization flow in a cancellable notification that shows the
// user code and opens the verification page, or `aws sso login` in a terminal when the CLI is installed.

import * as vscode from 'vscode';
import type { Services } from '../services';
import { accountError } from './accountErrors';
import { findOnPath, ssoLoginCommand } from './cli';
import { deviceSignIn, DeviceFlowError, type AwsSdk } from './deviceFlow';
import type { SessionWatch } from './expiry.vscode';
import { SSO_SCOPES, tokenCacheId } from './profiles';
import { activeProfileName, loadActiveSession } from './session';
import type { SsoToken } from './tokenCache';

export interface AccountContext {
  services: Services;
  watch: SessionWatch;
  loadSdk: () => AwsSdk;
}

export interface SignInArgs {
  /** Profile to sign in for; default the active one. */
  profile?: string;
  /** Skip the choice: `device` (in the editor) or `cli` (terminal). */
  method?: 'device' | 'cli';
}

function untilText(token: SsoToken): string {
  return new Date(token.expiresAt).toLocaleString([], { hour: '2-digit', minute: '2-digit', weekday: 'short' });
}

/** Runs the device flow with its UI. Resolves the token, or undefined when cancelled or failed (already reported). */
export async function runDeviceFlow(
  ctx: AccountContext,
  o: { startUrl: string; ssoRegion: string; cacheId: string; scopes?: string[]; label: string },
): Promise<SsoToken | undefined> {
  const { log } = ctx.services;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Haiku: signing in to AWS (${o.label})`, cancellable: true },
      async (progress, cancel) => {
        const controller = new AbortController();
        const sub = cancel.onCancellationRequested(() => controller.abort());
        try {
          progress.report({ message: 'contacting IAM Identity Center…' });
          return await deviceSignIn({
            ...o,
            signal: controller.signal,
            loadSdk: ctx.loadSdk,
            onCode: (code) => {
              void vscode.env.clipboard.writeText(code.userCode);
              progress.report({ message: `confirm code ${code.userCode} in your browser (copied). Waiting…` });
              void vscode.env.openExternal(vscode.Uri.parse(code.verificationUriComplete ?? code.verificationUri));
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    log.info(`Signed in to AWS SSO (${o.label}); token cached in ${result.file}.`);
    return result.token;
  } catch (e) {
    if (e instanceof DeviceFlowError) {
      if (e.kind === 'cancelled') return undefined;
      log.warn(`AWS sign-in failed (${e.kind}): ${e.detail || e.message}`);
      const actions = e.kind === 'badStartUrl' || e.kind === 'badRegion' ? ['Choose profile'] : ['Try again'];
      const choice = await vscode.window.showErrorMessage(`Haiku: ${e.message}`, ...actions);
      if (choice === 'Try again') return runDeviceFlow(ctx, o);
      if (choice === 'Choose profile') void vscode.commands.executeCommand('bedrockHaiku.selectProfile');
      return undefined;
    }
    const err = accountError('signIn', e);
    log.warn(err.detail);
    void vscode.window.showErrorMessage(err.message);
    return undefined;
  }
}

export async function signIn(ctx: AccountContext, args: SignInArgs = {}): Promise<boolean> {
  const { services } = ctx;
  const profileName = args.profile ?? activeProfileName(services.config().aws.profile);
  const session = await loadActiveSession(args.profile ?? services.config().aws.profile);
  const p = session.profile;
  if (!p) {
    const choice = await vscode.window.showWarningMessage(
      `Haiku: the AWS profile "${profileName}" is not in your AWS config. Choose a profile or create an SSO profile.`,
      'Choose profile',
    );
    if (choice) await vscode.commands.executeCommand('bedrockHaiku.selectProfile');
    return false;
  }
  const cacheId = tokenCacheId(p);
  if (!cacheId || !p.startUrl || !p.ssoRegion) {
    const msg = p.problem
      ? `Haiku: profile "${p.name}" cannot sign in: ${p.problem}`
      : `Haiku: profile "${p.name}" does not use IAM Identity Center (SSO), so there is nothing to sign in to. Choose an SSO profile to sign in.`;
    const choice = await vscode.window.showWarningMessage(msg, 'Choose profile');
    if (choice) await vscode.commands.executeCommand('bedrockHaiku.selectProfile');
    return false;
  }

  let method = args.method;
  if (!method) {
    const cli = await findOnPath('aws');
    if (cli) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: '$(globe) Sign in here', description: 'opens the AWS sign-in page in your browser', method: 'device' as const },
          { label: '$(terminal) Run in a terminal', description: ssoLoginCommand(p.name), method: 'cli' as const },
        ],
        { title: `Sign in to AWS — profile "${p.name}"`, placeHolder: 'Both write the same SSO session the AWS CLI and SDK use' },
      );
      if (!pick) return false;
      method = pick.method;
    } else {
      method = 'device';
    }
  }

  if (method === 'cli') {
    const terminal = vscode.window.createTerminal({ name: 'AWS sign-in' });
    terminal.show();
    terminal.sendText(ssoLoginCommand(p.name));
    // The cache watcher sees the new token when the CLI writes it and resets credentials then.
    return true;
  }

  const token = await runDeviceFlow(ctx, {
    startUrl: p.startUrl,
    ssoRegion: p.ssoRegion,
    cacheId,
    // The legacy profile form registers without scopes (no refresh token), as the CLI does.
    scopes: p.kind === 'sso' ? [SSO_SCOPES] : undefined,
    label: `profile "${p.name}"`,
  });
  if (!token) return false;
  services.bedrock.resetCredentials();
  await ctx.watch.watcher.check();
  void vscode.window.showInformationMessage(`Haiku: signed in to AWS (profile "${p.name}") until ${untilText(token)}.`);
  return true;
}
