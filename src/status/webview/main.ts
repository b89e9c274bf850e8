// The usage view's browser side: receives a snapshot of the usage store, draws the summary and the
// four charts for the chosen range, and builds the CSV the extension saves.

import { FEATURES, type Feature } from '../../bedrock/types';
import {
  bucketMs, costPerDay, inRange, latencyHistogram, latencyOverTime, latencySummary, RANGE_MS, tokenTotals, usageByRoute, usageCsv, type Range,
} from '../usageAggregate';
import type { ToUsageView, UsageSnapshot } from '../usageViewProtocol';
import { dayOf } from '../usageStore';
import { acceptanceCsv, lastDays, summarizeAcceptance } from '../acceptanceAggregate';
import { costChart, FEATURE_LABEL, formatCount, formatUsdShort, histogramChart, latencyChart, tokenChart } from './charts';
import { formatMs } from '../../shared/format';
import { legend } from './svg';
import { h } from './dom';
import { acceptancePanel, routePanel } from './tables';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const RANGES: { id: Range; label: string }[] = [
  { id: '24h', label: '24 hours' },
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
  { id: 'all', label: 'All' },
];
let snapshot: UsageSnapshot | undefined;
const savedRange = (vscode.getState() as { range?: Range } | undefined)?.range;
let range: Range = RANGES.some((r) => r.id === savedRange) ? savedRange! : '7d';
/** Until the user picks a range: a first day of use would be squeezed into the right edge of a week. */
let rangeChosen = RANGES.some((r) => r.id === savedRange);

function isSnapshot(m: unknown): m is ToUsageView {
  const x = m as ToUsageView | undefined;
  return x?.type === 'snapshot' && Array.isArray(x.snapshot?.records) && Array.isArray(x.snapshot?.days) && typeof x.snapshot.now === 'number';
}

function card(label: string, value: string, note?: string): HTMLElement {
  const c = h('div', 'card');
  c.append(h('div', 'card-label', label), h('div', 'card-value', value));
  if (note) c.append(h('div', 'card-note', note));
  return c;
}

function section(title: string, subtitle: string, body: Element, legendItems?: { cls: string; label: string }[]): HTMLElement {
  const s = h('section', 'panel');
  const head = h('div', 'panel-head');
  head.append(h('h2', undefined, title), h('span', 'panel-sub', subtitle));
  s.append(head);
  if (legendItems) legend(s, legendItems);
  s.append(body);
  return s;
}

function featureLegend(features: Set<Feature>): { cls: string; label: string }[] {
  return FEATURES.filter((f) => features.has(f)).map((f) => ({ cls: `f-${f}`, label: FEATURE_LABEL[f] }));
}

function exportCsv(): void {
  if (!snapshot) return;
  const rows = inRange(snapshot.records, range, snapshot.now);
  vscode.postMessage({ type: 'exportCsv', csv: usageCsv(rows), suggestedName: `haiku-usage-${range}-${dayOf(snapshot.now)}.csv` });
}

/** The calendar days a range covers, for the per-day acceptance counts. */
function rangeDays(s: UsageSnapshot): Set<string> {
  if (range !== 'all') return lastDays(s.now, range === '24h' ? 1 : range === '7d' ? 7 : 30);
  return new Set([...(s.acceptance ?? []).map((r) => r.day), ...s.days.map((d) => d.day)]);
}

function exportAcceptanceCsv(): void {
  if (!snapshot) return;
  const csv = acceptanceCsv(snapshot.acceptance ?? [], snapshot.days, rangeDays(snapshot));
  vscode.postMessage({ type: 'exportCsv', csv, suggestedName: `haiku-acceptance-${range}-${dayOf(snapshot.now)}.csv` });
}

/** The title, range buttons and export buttons; returns the export buttons so render can enable them. */
function renderHeader(root: HTMLElement): { exportButton: HTMLButtonElement; exportAcceptance: HTMLButtonElement } {
  const top = h('header', 'top');
  const title = h('div', 'title');
  title.append(h('h1', undefined, 'Haiku usage'));
  if (snapshot) title.append(h('span', 'context', `${snapshot.model} · ${snapshot.region}`));
  const controls = h('div', 'controls');
  const group = h('div', 'ranges');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Time range');
  for (const r of RANGES) {
    const b = h('button', r.id === range ? 'range active' : 'range', r.label);
    b.setAttribute('aria-pressed', String(r.id === range));
    b.dataset.range = r.id;
    b.addEventListener('click', () => {
      range = r.id;
      rangeChosen = true;
      vscode.setState({ range });
      render();
    });
    group.append(b);
  }
  const exportButton = h('button', 'export', 'Export CSV');
  exportButton.id = 'export-csv';
  exportButton.addEventListener('click', exportCsv);
  const exportAcceptance = h('button', 'export', 'Export acceptance CSV');
  exportAcceptance.id = 'export-acceptance-csv';
  exportAcceptance.addEventListener('click', exportAcceptanceCsv);
  controls.append(group, exportButton, exportAcceptance);
  top.append(title, controls);
  root.append(top);
  return { exportButton, exportAcceptance };
}

function render(): void {
  const root = document.getElementById('root');
  if (!root) return;
  root.replaceChildren();
  const { exportButton, exportAcceptance } = renderHeader(root);
  if (!snapshot) {
    root.append(h('p', 'empty', 'Loading…'));
    return;
  }
  const now = snapshot.now;
  const records = inRange(snapshot.records, range, now);
  exportButton.disabled = records.length === 0;
  const acceptance = summarizeAcceptance(snapshot.acceptance ?? [], snapshot.days, rangeDays(snapshot));
  exportAcceptance.disabled = acceptance.days.length === 0;
  const earliest = snapshot.records.reduce((m, r) => Math.min(m, r.at), now);
  const from = range === 'all' ? Math.min(earliest, now - 86_400_000) : now - RANGE_MS[range];
  const totals = tokenTotals(records);
  const lat = latencySummary(records);
  const today = snapshot.days.find((d) => d.day === dayOf(now));
  const est = totals.estimate ? ' (est.)' : '';

  const cards = h('div', 'cards');
  cards.append(
    card('Requests', formatCount(totals.requests), totals.errors ? `${totals.errors} failed` : undefined),
    card('Latency p50 / p90', lat.count ? `${formatMs(lat.p50!)} / ${formatMs(lat.p90!)}` : '—', lat.count ? `${lat.count} completed` : undefined),
    card('Cost', `${formatUsdShort(totals.costUsd)}${est}`, `today ${formatUsdShort(today?.costUsd ?? 0)}${snapshot.budgetUsd !== undefined ? ` of ${formatUsdShort(snapshot.budgetUsd)}` : ''}`),
    card('Prompt caching saved', formatUsdShort(totals.cacheSavingsUsd), `${formatCount(totals.cacheReadTokens)} tokens read from cache`),
  );
  root.append(cards);

  if (!records.length) {
    root.append(h('p', 'empty', 'No requests in this range yet. Accept a completion or ask the chat something, then come back.'));
  }

  const features = new Set(records.map((r) => r.feature));
  const grid = h('div', 'charts');
  grid.append(
    section('Latency over time', 'each dot is a request; lines are p50 and p90', latencyChart(records, latencyOverTime(records, bucketMs(now - from)), from, now), [
      { cls: 'line-p50', label: 'p50' },
      { cls: 'line-p90', label: 'p90' },
      ...featureLegend(features),
    ]),
    section('Latency histogram', 'completed requests by total time', histogramChart(latencyHistogram(records)), featureLegend(features)),
  );
  const dayCount = range === '24h' || range === '7d' ? 7 : range === '30d' ? 30 : Math.min(90, Math.max(7, Math.ceil((now - from) / 86_400_000) + 1));
  const days = costPerDay(snapshot.days, now, dayCount);
  const costFeatures = new Set<Feature>(days.flatMap((d) => Object.keys(d.byFeature) as Feature[]));
  grid.append(
    section('Cost per day', `by feature, last ${dayCount} days${est}`, costChart(days, snapshot.budgetUsd), featureLegend(costFeatures)),
    section('Tokens', `in, out and cached; caching saved ${formatUsdShort(totals.cacheSavingsUsd)}`, tokenChart(totals)),
  );
  root.append(grid);
  if (snapshot.acceptance) root.append(acceptancePanel(acceptance));
  if (records.length) root.append(routePanel(usageByRoute(records)));
}

window.addEventListener('message', (e: MessageEvent) => {
  if (!isSnapshot(e.data)) return;
  snapshot = e.data.snapshot;
  if (!rangeChosen && snapshot.records.length) {
    const oldest = Math.min(...snapshot.records.map((r) => r.at));
    range = snapshot.now - oldest < 86_400_000 ? '24h' : '7d';
  }
  render();
});
render();
vscode.postMessage({ type: 'ready' });
