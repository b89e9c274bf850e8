// `Haiku: Select AWS Profile`: every profile the SDK can use (SSO ones marked, legacy SSO flagged with
// a one-click fix), and a guided "New SSO profile…" that ends with a [profile] + [sso-session] pair in
// ~/.aws/config, written without disturbing the rest of the file and after a backup.

import * as vscode from 'vscode';
import { editConfigFile, readConfig } from './configIo';
import { listAccountRoles, listAccounts, type PortalAccount, type PortalOptions } from './portal';
import { accountError, type AccountOperation } from './accountErrors';
import type { ConfigDocument } from './configFile';
import { configFilePath } from './paths';
import {
  addSsoProfile, convertLegacyProfile, findSession, SSO_SCOPES, suggestProfileName, suggestSessionName, type ProfileInfo,
} from './profiles';
import { BEDROCK_REGIONS, isRegion, isStartUrl } from './regions';
import { activeProfileName, readProfiles } from './session';
import { runDeviceFlow, type AccountContext } from './signIn.vscode';

type Item = vscode.QuickPickItem & { action: 'profile' | 'new' | 'chain'; profile?: ProfileInfo };

const KIND_LABEL: Record<ProfileInfo['kind'], string> = {
  sso: 'SSO',
  ssoLegacy: 'SSO (legacy form)',
  keys: 'access keys',
  assumeRole: 'assume role',
  process: 'credential process',
  webIdentity: 'web identity',
  other: 'other',
};

async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('bedrockHaiku').update(key, value, vscode.ConfigurationTarget.Global);
}

export async function selectProfile(ctx: AccountContext): Promise<void> {
  const setting = ctx.services.config().aws.profile;
  const current = activeProfileName(setting);
  let profiles: ProfileInfo[];
  try {
    profiles = await readProfiles();
  } catch (e) {
    void reportAccountError(ctx, 'readConfig', e, configFilePath());
    return;
  }
  const items: Item[] = profiles.map((p) => ({
    action: 'profile',
    profile: p,
    label: `${p.name === current ? '$(check) ' : ''}${p.name}`,
    description: [KIND_LABEL[p.kind], p.accountId && p.roleName ? `${p.accountId} / ${p.roleName}` : undefined, p.region].filter(Boolean).join(' · '),
    // The legacy form's whole story is in the dialog that follows; the row says what selecting it does.
    detail: p.kind === 'ssoLegacy' ? '$(warning) Legacy SSO form: its session cannot be refreshed. Select to convert it.' : p.problem ? `$(warning) ${p.problem}` : undefined,
  }));
  items.push(
    { action: 'new', label: '$(add) New SSO profile…', description: 'sign in, then pick an account and a role' },
    { action: 'chain', label: '$(key) Default credential chain', description: `AWS_PROFILE or [default]${setting ? '' : ' (current)'}` },
  );
  const pick = await pickWithActive(items, {
    title: 'AWS profile for Bedrock',
    placeholder: profiles.length ? `Current: ${current}` : 'No profiles found: create an SSO profile',
    // Enter keeps the current profile rather than switching to whichever sorts first.
    active: items.find((i) => i.profile?.name === current) ?? items.find((i) => i.action === 'chain' && !setting),
  });
  if (!pick) return;
  if (pick.action === 'new') return void (await newSsoProfile(ctx));
  if (pick.action === 'chain') {
    await updateSetting('aws.profile', '');
    return;
  }
  let p = pick.profile!;
  if (p.kind === 'ssoLegacy' && p.startUrl && p.ssoRegion) {
    const choice = await vscode.window.showWarningMessage(
      `Profile "${p.name}": ${p.problem}`,
      { modal: true, detail: `${p.fix}\n\nAfter converting, a sign-in may be needed once more; the AWS CLI keeps working with the converted profile.` },
      'Convert and use',
      'Use as is',
    );
    if (!choice) return;
    if (choice === 'Convert and use') {
      const r = await editConfigFile(configFilePath(), (doc) => void convertLegacyProfile(doc, p.name));
      void vscode.window.showInformationMessage(`Haiku: profile "${p.name}" now uses an [sso-session].${r.backupPath ? ` Backup: ${r.backupPath}` : ''}`);
      p = (await readProfiles()).find((x) => x.name === p.name) ?? p;
    }
  } else if (p.problem) {
    const choice = await vscode.window.showWarningMessage(`Profile "${p.name}": ${p.problem}`, { modal: true, detail: p.fix }, 'Use anyway');
    if (!choice) return;
  }
  await updateSetting('aws.profile', p.name);
  ctx.services.bedrock.resetCredentials();
  await ctx.watch.watcher.check();
  const status = ctx.watch.status();
  if (status.kind === 'missing' || status.kind === 'expired') {
    const choice = await vscode.window.showInformationMessage(`Haiku: using profile "${p.name}". Its SSO session needs a sign-in.`, 'Sign in');
    if (choice) await vscode.commands.executeCommand('bedrockHaiku.signIn');
  }
}

/** showQuickPick with a chosen active item (showQuickPick always starts on the first). */
function pickWithActive<T extends vscode.QuickPickItem>(items: T[], o: { title: string; placeholder: string; active?: T }): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = o.title;
  qp.placeholder = o.placeholder;
  qp.matchOnDescription = true;
  qp.items = items;
  if (o.active) qp.activeItems = [o.active];
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

function quickInput(o: vscode.InputBoxOptions): Thenable<string | undefined> {
  return vscode.window.showInputBox({ ignoreFocusOut: true, ...o });
}

/** Step 1 of the guided flow: an IAM Identity Center already configured, or a new start URL and its region. */
async function pickPortal(config: ConfigDocument, title: string): Promise<{ startUrl: string; ssoRegion: string; sessionName: string } | undefined> {
  const sessions = config
    .sections()
    .filter((s) => s.kind === 'sso-session')
    .map((s) => ({ name: s.name, startUrl: config.values('sso-session', s.name).sso_start_url, region: config.values('sso-session', s.name).sso_region }));
  let startUrl: string | undefined;
  let ssoRegion: string | undefined;
  let sessionName: string | undefined;
  if (sessions.some((s) => s.startUrl && s.region)) {
    const pick = await vscode.window.showQuickPick(
      [
        ...sessions
          .filter((s) => s.startUrl && s.region)
          .map((s) => ({ label: s.name, description: `${s.startUrl} · ${s.region}`, session: s })),
        { label: '$(add) Another start URL…', description: 'your AWS access portal URL', session: undefined },
      ],
      { title: `${title} (1/5): AWS access portal`, placeHolder: 'Which IAM Identity Center?', ignoreFocusOut: true },
    );
    if (!pick) return undefined;
    if (pick.session) {
      startUrl = pick.session.startUrl;
      ssoRegion = pick.session.region;
      sessionName = pick.session.name;
    }
  }
  if (!startUrl) {
    startUrl = (await quickInput({
      title: `${title} (1/5): AWS access portal URL`,
      prompt: 'The start URL your administrator gave you, e.g. https://my-company.awsapps.com/start',
      placeHolder: 'https://…awsapps.com/start',
      validateInput: (v) => (isStartUrl(v) ? undefined : 'Enter an https:// URL'),
    }))?.trim();
    if (!startUrl) return undefined;
    ssoRegion = (await quickInput({
      title: `${title} (2/5): IAM Identity Center region`,
      prompt: 'The region where your IAM Identity Center lives (not necessarily where you use Bedrock)',
      value: 'us-east-1',
      validateInput: (v) => (isRegion(v) ? undefined : 'A region id such as us-east-1 or eu-west-1'),
    }))?.trim();
    if (!ssoRegion) return undefined;
    sessionName = findSession(config, startUrl, ssoRegion) ?? suggestSessionName(config, startUrl);
  }
  // A configured session was offered only with both its URL and region; a new one asked for both.
  return { startUrl, ssoRegion: ssoRegion!, sessionName: sessionName! };
}

/** Step 3 of the guided flow: the AWS account and the role in it, from the portal (skipped when there is one). */
async function pickAccountAndRole(
  ctx: AccountContext,
  portal: PortalOptions,
  title: string,
): Promise<{ account: PortalAccount; roleName: string } | undefined> {
  let accounts;
  try {
    accounts = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Haiku: listing your AWS accounts…' }, () => listAccounts(portal));
  } catch (e) {
    void reportAccountError(ctx, 'listAccounts', e);
    return undefined;
  }
  if (!accounts.length) {
    void vscode.window.showWarningMessage('Haiku: this portal gives you no AWS accounts. Ask your administrator for access.');
    return undefined;
  }
  const account = accounts.length === 1
    ? accounts[0]
    : (await vscode.window.showQuickPick(
        accounts.map((a) => ({ label: a.accountName, description: a.accountId, detail: a.emailAddress, account: a })),
        { title: `${title} (3/5): AWS account`, matchOnDescription: true, ignoreFocusOut: true },
      ))?.account;
  if (!account) return undefined;
  let roles: string[];
  try {
    roles = await listAccountRoles({ ...portal, accountId: account.accountId });
  } catch (e) {
    void reportAccountError(ctx, 'listRoles', e, account.accountName);
    return undefined;
  }
  // Roles that mention Bedrock first: the likeliest to have model access.
  roles.sort((a, b) => Number(/bedrock/i.test(b)) - Number(/bedrock/i.test(a)));
  const roleName = roles.length === 1
    ? roles[0]
    : (await vscode.window.showQuickPick(roles, { title: `${title} (4/5): role in ${account.accountName}`, ignoreFocusOut: true }));
  if (!roleName) return undefined;
  return { account, roleName };
}

/** The guided flow. Resolves the new profile's name, or undefined when the user stopped. */
export async function newSsoProfile(ctx: AccountContext): Promise<string | undefined> {
  const file = configFilePath();
  const config = await readConfig(file);
  const title = 'New SSO profile';

  // 1. Start URL: one of the sessions already configured, or a new one.
  const portalPick = await pickPortal(config, title);
  if (!portalPick) return undefined;
  const { startUrl, ssoRegion, sessionName } = portalPick;

  // 2. Sign in to the portal (this also creates the session's token cache for the new profile).
  const token = await runDeviceFlow(ctx, { startUrl, ssoRegion: ssoRegion!, cacheId: sessionName!, scopes: [SSO_SCOPES], label: startUrl });
  if (!token) return undefined;
  const portal = { ssoRegion: ssoRegion!, accessToken: token.accessToken, loadSdk: ctx.loadSdk };

  // 3. Account and role, from the portal.
  const picked = await pickAccountAndRole(ctx, portal, title);
  if (!picked) return undefined;
  const { account, roleName } = picked;

  // 4. Bedrock region and the profile's name.
  const regionPick = await vscode.window.showQuickPick(
    BEDROCK_REGIONS.map((r) => ({ label: r.id, description: r.name + (r.id === ssoRegion ? ' · same as Identity Center' : '') })),
    { title: `${title} (5/5): region for Bedrock`, placeHolder: 'Where requests are sent (pick one near you with the model available)', ignoreFocusOut: true },
  );
  if (!regionPick) return undefined;
  const fresh = await readConfig(file);
  const name = (await quickInput({
    title: `${title}: profile name`,
    value: suggestProfileName(fresh, account.accountName, roleName),
    validateInput: (v) => {
      if (!/^[\w\-@+.%:/]+$/.test(v)) return 'Letters, digits and - _ . @ + % : / only';
      if (fresh.section('profile', v) || (v === 'default' && fresh.section('default', 'default'))) return `A profile named "${v}" already exists`;
      return undefined;
    },
  }))?.trim();
  if (!name) return undefined;

  try {
    const r = await editConfigFile(file, (doc) =>
      addSsoProfile(doc, { profile: name, sessionName: sessionName!, startUrl: startUrl!, ssoRegion: ssoRegion!, accountId: account.accountId, roleName, region: regionPick.label }),
    );
    await updateSetting('aws.profile', name);
    ctx.services.bedrock.resetCredentials();
    await ctx.watch.watcher.check();
    void vscode.window.showInformationMessage(
      `Haiku: profile "${name}" (${account.accountName} / ${roleName}, ${regionPick.label}) added to ${file} and selected.${r.backupPath ? ` Backup: ${r.backupPath}` : ''}`,
    );
    return name;
  } catch (e) {
    void reportAccountError(ctx, 'writeConfig', e, file);
    return undefined;
  }
}

/** Logs the raw failure, shows its typed message, and runs the action the user picks. */
async function reportAccountError(ctx: AccountContext, operation: AccountOperation, e: unknown, target?: string): Promise<void> {
  const err = accountError(operation, e, target);
  ctx.services.log.warn(err.detail);
  const choice = await vscode.window.showErrorMessage(err.message, ...(err.action ? [err.action.label] : []));
  if (!choice || !err.action) return;
  if (err.action.id === 'signIn') await vscode.commands.executeCommand('bedrockHaiku.signIn');
  else await vscode.window.showTextDocument(vscode.Uri.file(operation === 'writeConfig' && target ? target : configFilePath()));
}
