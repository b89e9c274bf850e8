// The four usage charts. Each returns an element ready to append; values are drawn from aggregates
// computed in usageAggregate.ts, so what the charts show is what the unit tests check.

import { FEATURES, type Feature } from '../../bedrock/types';
import { formatMs } from '../../shared/format';
import type { DayCost, HistogramBin, LatencyBucket, TokenTotals } from '../usageAggregate';
import type { UsageRecord } from '../usageStore';
import { chart, el, FRAME, linear, polyline, xLabels, yAxis } from './svg';

export const FEATURE_LABEL: Record<Feature, string> = { completion: 'Completions', nextEdit: 'Next edits', chat: 'Chat', explain: 'Explain', lmChat: 'VS Code chat', test: 'Test' };


export function formatUsdShort(usd: number): string {
  if (usd === 0) return '$0';
  if (Math.abs(usd) < 0.01) return `$${usd.toFixed(4)}`;
  if (Math.abs(usd) < 10) return `$${usd.toFixed(2)}`;
  return `$${usd.toFixed(0)}`;
}

export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

function timeLabel(t: number, spanMs: number): string {
  const d = new Date(t);
  if (spanMs <= 2 * 86_400_000) return `${String(d.getHours()).padStart(2, '0')}:00`;
  return d.toLocaleDateString('en', { month: 'short', day: 'numeric' });
}

/** Tick times on round local boundaries: every few hours for a day or two, else at midnights. */
export function timeTicks(from: number, to: number, maxTicks = 8): number[] {
  const h = 3600_000;
  const span = to - from;
  const out: number[] = [];
  if (span <= 2 * 86_400_000) {
    const step = [1, 2, 3, 6, 12].find((k) => span / (k * h) <= maxTicks) ?? 24;
    const d = new Date(from);
    d.setMinutes(0, 0, 0);
    while (d.getTime() < from || d.getHours() % step) d.setHours(d.getHours() + 1);
    for (; d.getTime() <= to; d.setHours(d.getHours() + step)) out.push(d.getTime());
    return out;
  }
  const days = span / 86_400_000;
  const step = [1, 2, 5, 7, 14, 30, 61, 91].find((k) => days / k <= maxTicks) ?? 182;
  const d = new Date(from);
  d.setHours(0, 0, 0, 0);
  if (d.getTime() < from) d.setDate(d.getDate() + 1);
  for (; d.getTime() <= to; d.setDate(d.getDate() + step)) out.push(d.getTime());
  return out;
}

/** Each request as a faint dot, p50 and p90 per bucket as lines. */
export function latencyChart(records: readonly UsageRecord[], buckets: LatencyBucket[], from: number, to: number): SVGSVGElement {
  const ok = records.filter((r) => r.outcome === 'complete');
  const sorted = ok.map((r) => r.totalMs).sort((a, b) => a - b);
  const p97 = sorted[Math.floor(sorted.length * 0.97)] ?? 0;
  // At least 50 ms of scale: an empty or all-fast chart would otherwise label fractions of a millisecond.
  const top = Math.max(50, Math.max(...buckets.map((b) => b.p90), p97) * 1.1);
  const p50 = buckets.length ? buckets.map((b) => b.p50) : [0];
  const label = buckets.length
    ? `Latency over time: p50 from ${formatMs(Math.min(...p50))} to ${formatMs(Math.max(...p50))} across ${ok.length} requests`
    : 'Latency over time: no completed requests in this range';
  const s = chart(label);
  const y = yAxis(s, top, formatMs);
  const x = linear(from, to, FRAME.left, FRAME.width - FRAME.right);
  const clip = el('clipPath', { id: 'plot-clip' }, el('defs', {}, s));
  el('rect', { x: FRAME.left, y: FRAME.top, width: FRAME.width - FRAME.left - FRAME.right, height: FRAME.height - FRAME.top - FRAME.bottom }, clip);
  const plot = el('g', { 'clip-path': 'url(#plot-clip)' }, s);
  const dots = el('g', { class: 'dots' }, plot);
  // Few requests: bigger, solid dots, or a lone request is lost in the corner.
  const sparse = ok.length < 40;
  for (const r of ok) {
    const c = el('circle', { cx: x(r.at).toFixed(1), cy: y(Math.min(r.totalMs, top)).toFixed(1), r: sparse ? 3.5 : 2.2, class: `dot${sparse ? ' sparse' : ''} f-${r.feature}` }, dots);
    el('title', {}, c, `${FEATURE_LABEL[r.feature]} · ${formatMs(r.totalMs)} · ${new Date(r.at).toLocaleString()}`);
  }
  const mid = (b: LatencyBucket) => x(Math.min(Math.max((b.start + b.end) / 2, from), to));
  if (buckets.length) {
    polyline(buckets.map((b) => [mid(b), y(b.p90)]), 'line-p90', plot);
    polyline(buckets.map((b) => [mid(b), y(b.p50)]), 'line-p50', plot);
    for (const b of buckets) {
      const c = el('circle', { cx: mid(b), cy: y(b.p50), r: 3, class: 'marker-p50' }, plot);
      el('title', {}, c, `${new Date(b.start).toLocaleString('en', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })}: p50 ${formatMs(b.p50)}, p90 ${formatMs(b.p90)}, ${b.count} requests`);
    }
  }
  xLabels(s, timeTicks(from, to).map((t) => ({ x: x(t), text: timeLabel(t, to - from) })));
  return s;
}

function stackedBars(
  s: SVGSVGElement,
  columns: { label: string; counts: Partial<Record<Feature, number>>; title: string }[],
  y: (v: number) => number,
  showEvery: number,
): void {
  const innerW = FRAME.width - FRAME.left - FRAME.right;
  const slot = innerW / Math.max(1, columns.length);
  const bw = Math.max(2, slot * 0.78);
  const g = el('g', { class: 'bars' }, s);
  const labels: { x: number; text: string }[] = [];
  columns.forEach((c, i) => {
    const x0 = FRAME.left + i * slot + (slot - bw) / 2;
    let acc = 0;
    const col = el('g', { class: 'column' }, g);
    el('title', {}, col, c.title);
    for (const f of FEATURES) {
      const v = c.counts[f] ?? 0;
      if (v <= 0) continue;
      const yTop = y(acc + v);
      el('rect', { x: x0.toFixed(1), y: yTop.toFixed(1), width: bw.toFixed(1), height: Math.max(0.5, y(acc) - yTop).toFixed(1), class: `bar f-${f}` }, col);
      acc += v;
    }
    if (i % showEvery === 0) labels.push({ x: x0 + bw / 2, text: c.label });
  });
  xLabels(s, labels);
}

export function histogramChart(bins: HistogramBin[]): SVGSVGElement {
  const total = bins.reduce((n, b) => n + b.total, 0);
  const peak = bins.reduce((best, b) => (b.total > best.total ? b : best), bins[0] ?? { from: 0, to: 0, total: 0, counts: {} });
  const s = chart(total ? `Latency histogram: most requests took ${formatMs(peak.from)} to ${formatMs(peak.to)}` : 'Latency histogram: no completed requests');
  const y = yAxis(s, Math.max(1, ...bins.map((b) => b.total)), (v) => (Number.isInteger(v) ? String(v) : ''));
  const label = (b: HistogramBin) => (b.to === Number.POSITIVE_INFINITY ? `≥${formatMs(b.from)}` : formatMs(b.from));
  stackedBars(
    s,
    bins.map((b) => ({
      label: label(b),
      counts: b.counts,
      title: `${b.to === Number.POSITIVE_INFINITY ? `≥ ${formatMs(b.from)}` : `${formatMs(b.from)}–${formatMs(b.to)}`}: ${b.total} requests`,
    })),
    y,
    Math.ceil(bins.length / 8),
  );
  return s;
}

export function costChart(days: DayCost[], budgetUsd?: number): SVGSVGElement {
  const total = days.reduce((n, d) => n + d.total, 0);
  const s = chart(`Cost per day by feature: ${formatUsdShort(total)} over ${days.length} days`);
  const top = Math.max(1e-4, ...days.map((d) => d.total), budgetUsd ?? 0);
  const y = yAxis(s, top, formatUsdShort);
  stackedBars(
    s,
    days.map((d) => {
      const parts = FEATURES
        .filter((f) => d.byFeature[f])
        .map((f) => `${FEATURE_LABEL[f]} ${formatUsdShort(d.byFeature[f]!)}`);
      const [yy, mm, dd] = d.day.split('-').map(Number);
      const label = new Date(yy, mm - 1, dd).toLocaleDateString('en', { month: 'short', day: 'numeric' });
      return { label, counts: d.byFeature, title: `${d.day}: ${formatUsdShort(d.total)} (${d.requests} requests)${parts.length ? ` — ${parts.join(', ')}` : ''}` };
    }),
    y,
    Math.ceil(days.length / 10),
  );
  if (budgetUsd !== undefined && budgetUsd > 0) {
    const g = el('g', { class: 'budget' }, s);
    el('line', { x1: FRAME.left, x2: FRAME.width - FRAME.right, y1: y(budgetUsd), y2: y(budgetUsd), class: 'budget-line' }, g);
    el('text', { x: FRAME.width - FRAME.right - 4, y: y(budgetUsd) - 4, 'text-anchor': 'end', class: 'budget-label' }, g, `daily budget ${formatUsdShort(budgetUsd)}`);
  }
  return s;
}

/** Horizontal bars: where the tokens went, and the cache's share of the prompt. */
export function tokenChart(t: TokenTotals): SVGSVGElement {
  const frame = { ...FRAME, height: 150, left: 110, right: 70 };
  const rows: { label: string; value: number; cls: string }[] = [
    { label: 'Input', value: t.inputTokens, cls: 'tok-input' },
    { label: 'Cache read', value: t.cacheReadTokens, cls: 'tok-cache-read' },
    { label: 'Cache write', value: t.cacheWriteTokens, cls: 'tok-cache-write' },
    { label: 'Output', value: t.outputTokens, cls: 'tok-output' },
  ];
  const s = chart(`Tokens: ${rows.map((r) => `${r.label.toLowerCase()} ${formatCount(r.value)}`).join(', ')}`, frame);
  const max = Math.max(1, ...rows.map((r) => r.value));
  const x = linear(0, max, frame.left, frame.width - frame.right);
  const rowH = (frame.height - frame.top - 8) / rows.length;
  rows.forEach((r, i) => {
    const yy = frame.top + i * rowH;
    el('text', { x: frame.left - 8, y: yy + rowH / 2 + 4, 'text-anchor': 'end', class: 'row-label' }, s, r.label);
    const bar = el('rect', { x: frame.left, y: (yy + rowH * 0.18).toFixed(1), width: Math.max(r.value ? 1 : 0, x(r.value) - frame.left).toFixed(1), height: (rowH * 0.64).toFixed(1), class: `bar ${r.cls}` }, s);
    el('title', {}, bar, `${r.label}: ${r.value.toLocaleString('en')} tokens`);
    el('text', { x: x(r.value) + 6, y: yy + rowH / 2 + 4, class: 'row-value' }, s, formatCount(r.value));
  });
  return s;
}
