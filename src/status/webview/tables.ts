// The usage view's tables: completion acceptance per day and per language, and usage per route and
// application profile. Figures come from acceptanceAggregate.ts and usageAggregate.ts, so what the tables
// show is what the unit tests check.

import { acceptedWhole, type AcceptanceCounts, type AcceptanceSummary } from '../acceptanceAggregate';
import type { RouteGroup } from '../usageAggregate';
import { formatUsdShort } from './charts';
import { h, table } from './dom';

const n = (x: number) => x.toLocaleString('en-US');
const pct = (rate: number | undefined) => (rate === undefined ? '—' : `${rate.toFixed(rate > 0 && rate < 10 ? 1 : 0)} %`);
const usd = (v: number | undefined) => (v === undefined ? '—' : formatUsdShort(v));
/** "7 / 1 / 2": accepted whole, by word, by line. */
const split = (c: AcceptanceCounts) => `${n(acceptedWhole(c))} / ${n(c.byWord)} / ${n(c.byLine)}`;

function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, 12).toLocaleDateString('en', { weekday: 'short', month: 'short', day: 'numeric' });
}

/** The acceptance panel: a line of totals, then a table per day and one per language. */
export function acceptancePanel(s: AcceptanceSummary): HTMLElement {
  const panel = h('section', 'panel acceptance');
  panel.id = 'acceptance';
  const head = h('div', 'panel-head');
  head.append(h('h2', undefined, 'Completion acceptance'), h('span', 'panel-sub', 'counted on this machine only; nothing of it is sent anywhere'));
  panel.append(head);
  if (!s.days.length) {
    panel.append(h('p', 'panel-empty', 'No completion was shown in this range.'));
    return panel;
  }
  const t = s.total;
  panel.append(h('p', 'acceptance-total',
    `${pct(t.rate)} accepted (${n(t.counts.accepted)} of ${n(t.counts.shown)} shown) · ${n(t.counts.chars)} characters accepted · ` +
    `${usd(t.costPerAcceptedUsd)} per accepted completion`));
  const dayHead = ['Day', 'Shown', 'Accepted', 'Whole / word / line', 'Typed through', 'Dismissed', 'Rate', 'Characters', 'Completion cost', 'Per accepted'];
  const dayRow = (label: string, d: AcceptanceSummary['total']) => [
    label, n(d.counts.shown), n(d.counts.accepted), split(d.counts), n(d.counts.typedThrough), n(d.counts.dismissed), pct(d.rate),
    n(d.counts.chars), usd(d.costUsd), usd(d.costPerAcceptedUsd),
  ];
  panel.append(table('Per day', dayHead, s.days.map((d) => dayRow(dayLabel(d.day), d)), s.days.length > 1 ? dayRow('Total', t) : undefined));
  const langHead = ['Language', ...dayHead.slice(1)];
  // Earlier versions did not record the language: those days' cost is shown apart, not guessed.
  const unattributed = s.unattributedUsd > 0 ? ['Not recorded', '', '', '', '', '', '', '', usd(s.unattributedUsd), '—'] : undefined;
  const langTable = table('Per language', langHead, s.languages.map((l) => [
    l.language, n(l.counts.shown), n(l.counts.accepted), split(l.counts), n(l.counts.typedThrough), n(l.counts.dismissed), pct(l.rate), n(l.counts.chars),
    usd(l.costUsd), usd(l.costPerAcceptedUsd),
  ]), unattributed);
  langTable.querySelector('tfoot th')?.setAttribute('title', 'Completion cost of days before the extension recorded each request\'s language');
  panel.append(langTable);
  return panel;
}

const ROUTE_LABEL: Record<string, string> = { global: 'Global', geographic: 'Geographic', inRegion: 'In-Region' };

/** Requests, tokens and cost per route and application profile (teams allocate cost by profile). */
export function routePanel(groups: readonly RouteGroup[]): HTMLElement {
  const panel = h('section', 'panel routes');
  panel.id = 'routes';
  const head = h('div', 'panel-head');
  head.append(h('h2', undefined, 'By route and application profile'), h('span', 'panel-sub', 'prices differ per route; teams allocate cost by profile'));
  panel.append(head);
  const rows = groups.map((g) => [
    g.route ? ROUTE_LABEL[g.route] ?? g.route : 'Not recorded',
    g.profileArn ? g.profileName ?? profileId(g.profileArn) : '—',
    n(g.requests), n(g.inputTokens), n(g.outputTokens), n(g.cacheReadTokens + g.cacheWriteTokens), `${usd(g.costUsd)}${g.estimate ? ' (est.)' : ''}`,
  ]);
  const t = table('Requests of this range', ['Route', 'Application profile', 'Requests', 'Input tokens', 'Output tokens', 'Cached tokens', 'Cost'], rows, undefined, 2);
  // The full ARN on hover: a name can be shared by profiles in two accounts or Regions.
  t.querySelectorAll('tbody tr').forEach((tr, i) => {
    const arn = groups[i].profileArn;
    if (arn) tr.children[1]?.setAttribute('title', arn);
  });
  panel.append(t);
  return panel;
}

/** `arn:aws:bedrock:us-east-1:123:application-inference-profile/abc` → `abc`. */
function profileId(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1) || arn;
}
