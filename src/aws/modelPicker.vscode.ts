// `Haiku: Select Model`: the catalog at once, then refined by what the account lists in the region
// (availability, lifecycle, the inference profile to use). Retired and legacy models stay selectable,
// marked. Latency-optimized inference is offered where the model and region have it.

import * as vscode from 'vscode';
import { DEFAULT_MODEL_ID, findModel } from '../bedrock/catalog';
import { dayOf } from '../status/usageStore';
import { fetchListing, mergeAvailability, type Listing, type ModelChoice } from './modelAvailability';
import { activeProfileName } from './session';
import type { AccountContext } from './signIn.vscode';

type Item = vscode.QuickPickItem & { choice?: ModelChoice };

const LISTING_TTL_MS = 10 * 60_000;
const listings = new Map<string, { at: number; listing: Promise<Listing> }>();

function priceText(c: ModelChoice): string {
  const m = c.catalog;
  if (!m) return 'no prices: cost not tracked';
  const base = `$${m.prices.input.toFixed(2)} in / $${m.prices.output.toFixed(2)} out per M`;
  const notes = [m.tiers?.length ? 'more above 100K prompt tokens' : '', m.pricesEstimated ? 'est.' : ''].filter(Boolean);
  return notes.length ? `${base} (${notes.join(', ')})` : base;
}

function toItem(c: ModelChoice, current: string): Item {
  const isCurrent = c.setting === current || (c.catalog && (current === c.catalog.id || current === c.catalog.baseId));
  const tags: string[] = [];
  if (c.lifecycle === 'retired') tags.push(`$(warning) retired${c.endOfLife ? ` ${c.endOfLife}` : ''}`);
  else if (c.lifecycle === 'legacy') tags.push(`$(history) legacy${c.endOfLife ? `, ends ${c.endOfLife}` : ''}`);
  if (c.availability === 'notInRegion') tags.push('$(circle-slash) not offered here');
  if (c.setting === DEFAULT_MODEL_ID) tags.push('default');
  return {
    label: `${isCurrent ? '$(check) ' : ''}${c.displayName}`,
    description: [...tags, priceText(c)].filter(Boolean).join(' · '),
    detail: [c.invokeId, ...c.notes].join(' — '),
    choice: c,
  };
}

export async function selectModel(ctx: AccountContext): Promise<void> {
  const { services } = ctx;
  const config = services.config();
  const region = services.bedrock.resolved().region;
  const profile = activeProfileName(config.aws.profile);
  const today = dayOf(Date.now());
  const key = `${profile}\u0000${region}`;
  let cached = listings.get(key);
  if (!cached || Date.now() - cached.at > LISTING_TTL_MS) {
    const listing = fetchListing({ region, profile: config.aws.profile || undefined, loadSdk: ctx.loadSdk });
    cached = { at: Date.now(), listing };
    listings.set(key, cached);
    // A failure (expired session, no permission yet) is not remembered: the next picker asks again.
    void listing.then((l) => {
      if (!l.ok && listings.get(key)?.listing === listing) listings.delete(key);
    });
  }

  const qp = vscode.window.createQuickPick<Item>();
  qp.title = `Model for Bedrock in ${region}`;
  qp.placeholder = 'Checking what your account offers here…';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;
  const show = (listing: Listing | undefined) => {
    const items = mergeAvailability(region, listing, today).map((c) => toItem(c, config.model));
    const custom: Item = { label: '$(edit) Other model id, inference profile or ARN…', alwaysShow: true };
    qp.items = [...items, { label: '', kind: vscode.QuickPickItemKind.Separator }, custom];
    const active = items.find((i) => i.label.startsWith('$(check)'));
    if (active) qp.activeItems = [active];
  };
  show(undefined);
  const done = new Promise<Item | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]));
    qp.onDidHide(() => resolve(undefined));
  });
  qp.show();
  void cached.listing.then((listing) => {
    qp.busy = false;
    qp.placeholder = listing.ok ? `Pick the model for completions, chat and explain (checked against profile ${profile})` : listing.message;
    if (!listing.ok) services.log.info(listing.message);
    show(listing);
  });
  const pick = await done;
  qp.dispose();
  if (!pick) return;

  let setting: string;
  let choice = pick.choice;
  if (!choice) {
    const typed = (await vscode.window.showInputBox({
      title: 'Model id, inference profile id or ARN',
      value: config.model,
      prompt: 'e.g. us.anthropic.claude-haiku-4-5-20251001-v1:0 or an application inference profile ARN',
      validateInput: (v) => (v.trim() ? undefined : 'Enter an id'),
    }))?.trim();
    if (!typed) return;
    setting = typed;
    const m = findModel(typed);
    if (m) choice = mergeAvailability(region, undefined, today).find((c) => c.catalog?.id === m.id);
  } else {
    setting = choice.setting;
    if (choice.lifecycle === 'retired') {
      const go = await vscode.window.showWarningMessage(
        `${choice.displayName} reached its end of life${choice.endOfLife ? ` on ${choice.endOfLife}` : ''}: Bedrock will likely refuse requests to it.`,
        { modal: true },
        'Select anyway',
      );
      if (!go) return;
    } else if (choice.availability === 'notInRegion') {
      const go = await vscode.window.showWarningMessage(`${choice.displayName} is not offered to your account in ${region}.`, { modal: true }, 'Select anyway');
      if (!go) return;
    }
  }
  const cfg = vscode.workspace.getConfiguration('bedrockHaiku');
  await cfg.update('model', setting, vscode.ConfigurationTarget.Global);

  if (choice?.latencyOptimized && choice.catalog?.latencyOptimized) {
    const p = choice.catalog.latencyOptimized.prices;
    const on = await vscode.window.showQuickPick(
      [
        { label: 'Standard', description: 'regular latency and price', value: false },
        { label: '$(zap) Latency-optimized', description: `faster; $${p.input.toFixed(2)} in / $${p.output.toFixed(2)} out per M`, value: true },
      ],
      { title: `${choice.displayName} offers latency-optimized inference in ${region}`, placeHolder: `Currently ${config.latencyOptimized ? 'on' : 'off'}` },
    );
    if (on) await cfg.update('latencyOptimized', on.value, vscode.ConfigurationTarget.Global);
  }
}
