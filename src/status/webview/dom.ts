// The one way the usage view's page builds HTML: elements and text nodes, never markup strings.

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A table with a header row, body rows and an optional footer row; the columns after `textColumns` are figures (right-aligned). */
export function table(caption: string, head: string[], rows: string[][], foot?: string[], textColumns = 1): HTMLTableElement {
  const t = h('table', 'figures');
  t.append(h('caption', undefined, caption));
  const tr = (cells: string[], tag: 'th' | 'td') => {
    const r = h('tr');
    cells.forEach((c, i) => {
      const cell = h(i === 0 ? 'th' : tag, i < textColumns ? undefined : 'num', c);
      if (i === 0 && tag === 'td') cell.setAttribute('scope', 'row');
      r.append(cell);
    });
    return r;
  };
  const thead = h('thead');
  thead.append(tr(head, 'th'));
  const tbody = h('tbody');
  for (const r of rows) tbody.append(tr(r, 'td'));
  t.append(thead, tbody);
  if (foot) {
    const tfoot = h('tfoot');
    tfoot.append(tr(foot, 'td'));
    t.append(tfoot);
  }
  return t;
}
