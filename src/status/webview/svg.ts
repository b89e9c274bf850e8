// Plain SVG charts for the usage view. Why not a chart library: four small charts do not justify 60-200 KB
// of bundle, most libraries inject inline styles (blocked by our CSP without 'unsafe-inline'), and DOM
// calls on SVG elements cannot inject markup. Colours come from CSS classes bound to VS Code theme
// variables in media/usage.css, so the charts follow the user's theme.

const NS = 'http://www.w3.org/2000/svg';

export type Attrs = Record<string, string | number>;

export function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Attrs = {}, parent?: Element, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  parent?.appendChild(node);
  return node;
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const FRAME: Frame = { width: 640, height: 230, left: 56, right: 12, top: 12, bottom: 34 };

/** An <svg> scaled by CSS, described for screen readers by `label`. */
export function chart(label: string, frame: Frame = FRAME): SVGSVGElement {
  const s = el('svg', { viewBox: `0 0 ${frame.width} ${frame.height}`, role: 'img', 'aria-label': label, class: 'chart' });
  el('title', {}, s, label);
  return s;
}

export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Round tick values (1, 2, 5 × 10^n) covering [0, max]. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/** Horizontal grid lines and labels on the left. Returns the y scale. */
export function yAxis(svg: SVGSVGElement, max: number, format: (v: number) => string, frame: Frame = FRAME): (v: number) => number {
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1];
  const y = linear(0, top, frame.height - frame.bottom, frame.top);
  const g = el('g', { class: 'axis axis-y' }, svg);
  for (const t of ticks) {
    el('line', { x1: frame.left, x2: frame.width - frame.right, y1: y(t), y2: y(t), class: t === 0 ? 'baseline' : 'grid' }, g);
    el('text', { x: frame.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, g, format(t));
  }
  return y;
}

export function xLabels(svg: SVGSVGElement, labels: { x: number; text: string }[], frame: Frame = FRAME): void {
  const g = el('g', { class: 'axis axis-x' }, svg);
  for (const l of labels) el('text', { x: l.x, y: frame.height - frame.bottom + 16, 'text-anchor': 'middle' }, g, l.text);
}

export function legend(container: HTMLElement, items: { cls: string; label: string }[]): void {
  const ul = document.createElement('ul');
  ul.className = 'legend';
  for (const i of items) {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch ${i.cls}`;
    li.append(swatch, document.createTextNode(i.label));
    ul.append(li);
  }
  container.append(ul);
}

export function polyline(points: [number, number][], cls: string, parent: Element): SVGPolylineElement {
  return el('polyline', { points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '), class: cls, fill: 'none' }, parent);
}
