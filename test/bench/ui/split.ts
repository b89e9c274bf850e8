// Where the time from the last keystroke to ghost text goes, from the page's two clocks and the extension
// host's timing marks (src/shared/trace.ts): one row per burst, then p50/p90 per span.

import type { TraceRecord } from '../../../src/shared/trace';

export const FIRST_BYTE_MS = 110;
export const DEBOUNCE_MS = 100;
export const BURSTS = [
  'const total = ', 'let count = ', 'const names = ', 'return ', 'const first = ', 'let index = ', 'const sum = ',
  'const rest = ', 'let done = ', 'const size = ', 'const ratio = ', 'let label = ', 'const width = ', 'const height = ',
];

export interface Row {
  total: number;
  /** Where the shown item came from (network, inFlight, cache …). */
  source: string;
  keyToIssued: number;
  keyToEdit: number;
  editToCalled: number;
  keyToCalled: number;
  ourWait: number;
  waitToSent: number;
  streamToGated: number;
  gatedToSent: number;
  calledToSent: number;
  sentToHeaders: number;
  headersToFirstText: number;
  firstTextToStreamEnd: number;
  streamEndToReturned: number;
  headersToReturned: number;
  returnedToGhost: number;
  /** Last keystroke → the request at the fake (the fake's own clock), a cross-check of keyToCalled + calledToSent. */
  keyToFake: number;
  /** Requests the fake received from the burst's first key to its ghost text (1 is the least). */
  requests: number;
}

/**
 * The split of one burst: the call whose item was shown (the last to return an item before the ghost text)
 * and the call that sent that item's request (the same one, or an earlier one whose stream it took over).
 */
export function splitOf(key: number, ghost: number, traces: TraceRecord[], atFake: number | undefined): Row | undefined {
  const shown = traces
    .filter((t) => t.itemRequestId !== undefined && t.marks.returned !== undefined && t.marks.returned <= ghost + 1 && t.marks.returned >= key)
    .sort((a, b) => a.marks.returned! - b.marks.returned!)
    .at(-1);
  if (!shown) return undefined;
  const sender = traces.find((t) => t.requestId === shown.itemRequestId);
  const m = sender?.marks;
  if (!m?.called || !m.sent || !m.headers) return undefined;
  const returned = shown.marks.returned!;
  const d = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? NaN : b - a);
  return {
    total: ghost - key,
    source: shown.outcome ?? '?',
    keyToIssued: d(key, m.issued),
    keyToEdit: d(key, m.edit),
    editToCalled: d(m.edit, m.called),
    keyToCalled: m.called - key,
    ourWait: d(m.called, m.debounced),
    waitToSent: d(m.debounced, m.sent),
    streamToGated: d(m.stream, m.gated),
    gatedToSent: d(m.gated, m.sent),
    calledToSent: m.sent - m.called,
    sentToHeaders: m.headers - m.sent,
    headersToFirstText: d(m.headers, m.firstText),
    firstTextToStreamEnd: d(m.firstText, m.streamEnd),
    streamEndToReturned: d(m.streamEnd, returned),
    headersToReturned: returned - m.headers,
    returnedToGhost: ghost - returned,
    keyToFake: atFake === undefined ? NaN : atFake - key,
    requests: 0,
  };
}

export function pct(values: number[], p: number): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
}

const SPANS: [keyof Row, string][] = [
  ['keyToCalled', '**1. last keystroke → provider called**'],
  ['keyToIssued', "  keystroke → the window stamps the request (VS Code's requestIssuedDateTime, whole ms)"],
  ['keyToEdit', '  keystroke → the extension host hears the edit (browser → server → extension host)'],
  ['editToCalled', "  edit heard → provider called (VS Code's own wait, 50 ms in 1.139, + the same hop)"],
  ['calledToSent', '**2. provider called → request sent**'],
  ['ourWait', '  our wait (the rest of the debounce setting)'],
  ['waitToSent', '  wait over → request written (context, prompt, signing, HTTP/2 stream)'],
  ['streamToGated', '    of which the request gate (session, daily budget)'],
  ['gatedToSent', '    of which the SDK (serialization, endpoint, SigV4) and our handler'],
  ['sentToHeaders', `**3. request sent → first byte** (the fake waits ${FIRST_BYTE_MS} ms)`],
  ['headersToReturned', '**4. first byte → item returned**'],
  ['headersToFirstText', '  first byte → first text (event-stream parsing)'],
  ['firstTextToStreamEnd', '  first text → stream result (the rest of the answer, or the early stop)'],
  ['streamEndToReturned', '  stream result → item returned (post-processing, the item)'],
  ['returnedToGhost', '**5. item returned → ghost text in the DOM** (extension host → browser, render)'],
  ['total', '**last keystroke → ghost text**'],
  ['keyToFake', 'cross-check: last keystroke → request at the fake'],
];

const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');

/** A markdown table: one p50 / p90 column pair per variant, and whether the targets are met. */
export function summary(results: { name: string; rows: Row[]; missed: number }[], target50: number, target90: number): string {
  const lines = [
    `| span (ms) | ${results.map((r) => `${r.name} p50 / p90`).join(' | ')} |`,
    `|---|${results.map(() => '---').join('|')}|`,
  ];
  for (const [key, label] of SPANS) {
    lines.push(`| ${label} | ${results.map((r) => `${f(pct(r.rows.map((x) => x[key] as number), 50))} / ${f(pct(r.rows.map((x) => x[key] as number), 90))}`).join(' | ')} |`);
  }
  lines.push('');
  for (const r of results) {
    const p50 = pct(r.rows.map((x) => x.total), 50);
    const p90 = pct(r.rows.map((x) => x.total), 90);
    const sources = Object.entries(r.rows.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x.source]: (acc[x.source] ?? 0) + 1 }), {}))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const requests = r.rows.reduce((n, x) => n + x.requests, 0);
    lines.push(
      `- ${r.name}: ${r.rows.length} bursts measured (${sources}${r.missed ? `; ${r.missed} without ghost text or marks` : ''}), ` +
        `${requests} requests (${(requests / Math.max(1, r.rows.length)).toFixed(2)} per burst, max ${Math.max(0, ...r.rows.map((x) => x.requests))}); ` +
        `target p50 ≤ ${target50} ms ${p50 <= target50 ? 'met' : 'NOT met'} (${p50.toFixed(1)}), p90 ≤ ${target90} ms ${p90 <= target90 ? 'met' : 'NOT met'} (${p90.toFixed(1)}).`,
    );
  }
  return lines.join('\n');
}
