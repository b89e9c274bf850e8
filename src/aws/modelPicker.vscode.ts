// `Haiku: Select Model`: the catalog at once, then refined by what the account lists in the region
// (availability, lifecycle, the inference profile to use) and the account's application inference
// profiles. Retired and legacy models stay selectable, marked. Then the route (global or geographic, with
// price and where data is processed) and latency-optimized inference where the model and region have them.

import * as vscode from 'vscode';
import { applicationProfiles, isApplicationProfileArn, type ApplicationProfileInfo } from '../bedrock/appProfiles';
import { DEFAULT_MODEL_ID, findModel, type RoutePreference } from '../bedrock/catalog';
import { routePrice } from '../bedrock/pricing';
import { dayOf } from '../status/api';
import { listApplicationProfiles, resolveApplicationProfile, type ProfilesListing } from './applicationProfiles';
import { fetchListing, mergeAvailability, ROUTE_LABEL, routeOptions, routePriceText, type Listing, type ModelChoice } from './modelAvailability';
import { activeProfileName } from './session';
import type { AccountContext } from './signIn.vscode';

type Item = vscode.QuickPickItem & { choice?: ModelChoice; appProfile?: ApplicationProfileInfo };

const LISTING_TTL_MS = 10 * 60_000;
const PROFILES_KEY = 'bedrockHaiku.applicationProfiles';
const listings = new Map<string, { at: number; listing: Promise<Listing>; profiles: Promise<ProfilesListing> }>();

function priceText(c: ModelChoice, region: string): string {
  const m = c.catalog;
  if (!m) return 'no prices: cost not tracked';
  const routes = routeOptions(m, region);
  if (routes.length < 2) return routePriceText(routePrice(m, routes[0]?.route));
  return routes.map((r) => `${ROUTE_LABEL[r.route]} ${routePriceText(r.price)}`).join(' · ');
}

function toItem(c: ModelChoice, current: string, region: string): Item {
  const isCurrent = c.setting === current || (c.catalog && (current === c.catalog.id || current === c.catalog.baseId));
  const tags: string[] = [];
  if (c.lifecycle === 'retired') tags.push(`$(warning) retired${c.endOfLife ? ` ${c.endOfLife}` : ''}`);
  else if (c.lifecycle === 'legacy') tags.push(`$(history) legacy${c.endOfLife ? `, ends ${c.endOfLife}` : ''}`);
  if (c.availability === 'notInRegion') tags.push('$(circle-slash) not offered here');
  if (c.setting === DEFAULT_MODEL_ID) tags.push('default');
  return {
    label: `${isCurrent ? '$(check) ' : ''}${c.displayName}`,
    description: [...tags, priceText(c, region)].filter(Boolean).join(' · '),
    detail: [c.invokeId, ...c.notes].join(' — '),
    choice: c,
  };
}

function profileItem(p: ApplicationProfileInfo, current: string): Item {
  const m = p.catalogId ? findModel(p.catalogId) : undefined;
  const price = m ? routePriceText(routePrice(m, p.route)) : 'model not in the catalog: cost not tracked';
  return {
    label: `${p.arn === current ? '$(check) ' : ''}$(organization) ${p.name ?? p.arn.split('/').pop()}`,
    description: [m?.displayName ?? p.modelId, p.route ? ROUTE_LABEL[p.route] : '', price].filter(Boolean).join(' · '),
    detail: p.arn,
    appProfile: p,
  };
}

function listingsFor(ctx: AccountContext, region: string): { listing: Promise<Listing>; profiles: Promise<ProfilesListing> } {
  const config = ctx.services.config();
  const key = `${activeProfileName(config.aws.profile)}\u0000${region}`;
  let cached = listings.get(key);
  if (!cached || Date.now() - cached.at > LISTING_TTL_MS) {
    const opts = { region, profile: config.aws.profile || undefined, loadSdk: ctx.loadSdk };
    const entry = { at: Date.now(), listing: fetchListing(opts), profiles: listApplicationProfiles(opts) };
    cached = entry;
    listings.set(key, entry);
    // A failure (expired session, no permission yet) is not remembered: the next picker asks again.
    void entry.listing.then((l) => {
      if (!l.ok && listings.get(key) === entry) listings.delete(key);
    });
  }
  return cached;
}

async function pickFromList(ctx: AccountContext, region: string): Promise<Item | undefined> {
  const { services } = ctx;
  const config = services.config();
  const today = dayOf(Date.now());
  const { listing, profiles } = listingsFor(ctx, region);
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = `Model for Bedrock in ${region}`;
  qp.placeholder = 'Checking what your account offers here…';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;
  let models: Listing | undefined;
  let apps: ProfilesListing | undefined;
  const show = () => {
    const items = mergeAvailability(region, models, today, undefined, config.route ?? '').map((c) => toItem(c, config.model, region));
    const appItems = apps?.ok ? apps.profiles.map((p) => profileItem(p, config.model)) : [];
    const custom: Item = { label: '$(edit) Other model id, inference profile or application profile ARN…', alwaysShow: true };
    qp.items = [
      ...items,
      ...(appItems.length ? [{ label: 'Application inference profiles', kind: vscode.QuickPickItemKind.Separator } as Item, ...appItems] : []),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      custom,
    ];
    const active = [...items, ...appItems].find((i) => i.label.startsWith('$(check)'));
    if (active) qp.activeItems = [active];
  };
  show();
  const done = new Promise<Item | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]));
    qp.onDidHide(() => resolve(undefined));
  });
  qp.show();
  void listing.then((l) => {
    models = l;
    qp.busy = false;
    qp.placeholder = l.ok ? `Pick the model for completions, chat and explain (checked against profile ${activeProfileName(config.aws.profile)})` : l.message;
    if (!l.ok) services.log.info(l.message);
    show();
  });
  void profiles.then((p) => {
    apps = p;
    if (p.ok) void persistProfiles(ctx);
    else services.log.info(p.message);
    show();
  });
  const pick = await done;
  qp.dispose();
  return pick;
}

function persistProfiles(ctx: AccountContext): Thenable<void> {
  return ctx.services.context.globalState.update(PROFILES_KEY, applicationProfiles.all());
}

/** Asks the model behind an application profile ARN; says so when Bedrock would not tell. */
async function resolvePasted(ctx: AccountContext, arn: string): Promise<void> {
  const config = ctx.services.config();
  const { info, message } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Haiku: asking Bedrock which model this profile uses…' },
    () => resolveApplicationProfile(arn, { profile: config.aws.profile || undefined, loadSdk: ctx.loadSdk }),
  );
  if (info) await persistProfiles(ctx);
  if (message || !info?.catalogId) {
    void vscode.window.showWarningMessage(
      `Haiku: ${message ?? `the model behind this profile (${info?.modelId ?? 'unknown'}) is not in the catalog`}: requests are sent, but their cost is not tracked and model-specific settings fall back to defaults.`,
    );
  }
}

export async function selectModel(ctx: AccountContext): Promise<void> {
  const { services } = ctx;
  const config = services.config();
  const region = services.bedrock.resolved().region;
  const today = dayOf(Date.now());
  const pick = await pickFromList(ctx, region);
  if (!pick) return;

  let setting: string;
  let choice = pick.choice;
  if (pick.appProfile) {
    setting = pick.appProfile.arn;
  } else if (!choice) {
    const typed = (await vscode.window.showInputBox({
      title: 'Model id, inference profile id or application inference profile ARN',
      value: config.model,
      prompt: 'e.g. us.anthropic.claude-haiku-4-5-20251001-v1:0 or arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc123',
      validateInput: (v) => (v.trim() ? undefined : 'Enter an id'),
    }))?.trim();
    if (!typed) return;
    setting = typed;
    if (isApplicationProfileArn(typed)) await resolvePasted(ctx, typed);
    const m = findModel(typed);
    if (m) choice = mergeAvailability(region, undefined, today).find((c) => c.catalog?.id === m.id);
  } else {
    setting = choice.setting;
    if (!(await confirmUnusual(choice, region))) return;
  }
  const cfg = vscode.workspace.getConfiguration('bedrockHaiku');
  await cfg.update('model', setting, vscode.ConfigurationTarget.Global);
  if (choice?.catalog && choice.setting === choice.catalog.id && setting === choice.setting) await pickRoute(choice, region, config.route ?? '');
  await pickLatency(choice, region, config.latencyOptimized);
}

async function confirmUnusual(choice: ModelChoice, region: string): Promise<boolean> {
  if (choice.lifecycle === 'retired') {
    const go = await vscode.window.showWarningMessage(
      `${choice.displayName} reached its end of life${choice.endOfLife ? ` on ${choice.endOfLife}` : ''}: Bedrock will likely refuse requests to it.`,
      { modal: true },
      'Select anyway',
    );
    return !!go;
  }
  if (choice.availability === 'notInRegion') {
    return !!(await vscode.window.showWarningMessage(`${choice.displayName} is not offered to your account in ${region}.`, { modal: true }, 'Select anyway'));
  }
  return true;
}

/**
 * Global or geographic: a choice about where code is processed, so it is asked, not made silently. Until
 * the user answers, requests go the geographic way (processing stays in the region's geography).
 */
async function pickRoute(choice: ModelChoice, region: string, current: RoutePreference): Promise<void> {
  const options = routeOptions(choice.catalog!, region);
  if (options.length < 2) return;
  const effective = current || 'geographic';
  const picked = await vscode.window.showQuickPick(
    options.map((o) => ({
      label: `${o.route === effective ? '$(check) ' : ''}${ROUTE_LABEL[o.route]}`,
      description: routePriceText(o.price),
      detail: `Processed in ${o.where} · price: ${o.price.source}, checked ${o.price.asOf} · sends ${o.invokeId}`,
      route: o.route,
    })),
    {
      title: `How should requests to ${choice.displayName} be routed?`,
      placeHolder: current ? `Currently ${ROUTE_LABEL[current]}` : 'Not chosen yet: requests go the geographic way until you choose',
    },
  );
  if (picked) await vscode.workspace.getConfiguration('bedrockHaiku').update('route', picked.route, vscode.ConfigurationTarget.Global);
}

async function pickLatency(choice: ModelChoice | undefined, region: string, currentlyOn: boolean): Promise<void> {
  if (!choice?.latencyOptimized || !choice.catalog?.latencyOptimized) return;
  const p = choice.catalog.latencyOptimized.prices;
  const on = await vscode.window.showQuickPick(
    [
      { label: 'Standard', description: 'regular latency and price', value: false },
      { label: '$(zap) Latency-optimized', description: `faster; $${p.input.toFixed(2)} in / $${p.output.toFixed(2)} out per M`, value: true },
    ],
    { title: `${choice.displayName} offers latency-optimized inference in ${region}`, placeHolder: `Currently ${currentlyOn ? 'on' : 'off'}` },
  );
  if (on) await vscode.workspace.getConfiguration('bedrockHaiku').update('latencyOptimized', on.value, vscode.ConfigurationTarget.Global);
}

/**
 * Keeps the model behind the configured application profile known: restored from the last window, asked
 * again (in the background) when the setting names a profile not yet resolved or resolved over a day ago.
 */
export function watchApplicationProfiles(ctx: AccountContext): vscode.Disposable[] {
  const { services } = ctx;
  applicationProfiles.restore(services.context.globalState.get(PROFILES_KEY));
  let inFlight: string | undefined;
  const check = () => {
    const arn = services.config().model.trim();
    if (!isApplicationProfileArn(arn) || !applicationProfiles.stale(arn) || inFlight === arn) return;
    inFlight = arn;
    void resolveApplicationProfile(arn, { profile: services.config().aws.profile || undefined, loadSdk: ctx.loadSdk })
      .then(async ({ info, message }) => {
        if (message) services.log.warn(`Application inference profile: ${message}`);
        if (info) await persistProfiles(ctx);
      })
      .finally(() => (inFlight = undefined));
  };
  return [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bedrockHaiku.model')) check();
    }),
    // The first request of a window whose setting names an unknown profile: the SDK is loading anyway.
    services.bedrock.onDidStart(check),
  ];
}
