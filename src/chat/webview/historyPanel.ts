// The History panel: past conversations to open or delete (deleting takes a second press).

import type { HistoryEntry, WebviewMessage } from '../../shared/protocol';
import { button, el } from './dom';

export interface HistoryPanelDeps {
  panel: HTMLElement;
  toggle: HTMLButtonElement;
  list: HTMLElement;
  empty: HTMLElement;
  post(msg: WebviewMessage): void;
}

/** Wires the panel's toggle; returns the function that shows a history list. */
export function historyPanel(d: HistoryPanelDeps): (list: HistoryEntry[], currentId?: string) => void {
  d.toggle.addEventListener('click', () => {
    const open = d.panel.hidden;
    d.panel.hidden = !open;
    d.toggle.setAttribute('aria-expanded', String(open));
    if (open) (d.list.querySelector('button') as HTMLButtonElement | null)?.focus();
  });

  return function renderHistory(list: HistoryEntry[], currentId?: string): void {
    d.list.replaceChildren();
    d.empty.hidden = list.length > 0;
    for (const h of list) {
      const li = el('li', 'history-item');
      if (h.id === currentId) li.setAttribute('aria-current', 'true');
      const open = button(h.title, 'history-open', `Open "${h.title}", ${h.turns} question${h.turns === 1 ? '' : 's'}`);
      open.append(el('span', 'history-date', new Date(h.updatedAt).toLocaleString()));
      open.addEventListener('click', () => {
        d.post({ type: 'openConversation', id: h.id });
        d.panel.hidden = true;
        d.toggle.setAttribute('aria-expanded', 'false');
      });
      const del = button('Delete', 'history-delete secondary', `Delete "${h.title}"`);
      // Two steps: a deleted conversation cannot be brought back.
      let armed: ReturnType<typeof setTimeout> | undefined;
      del.addEventListener('click', () => {
        if (armed) {
          clearTimeout(armed);
          d.post({ type: 'deleteConversation', id: h.id });
          return;
        }
        del.textContent = 'Delete?';
        del.setAttribute('aria-label', `Press again to delete "${h.title}"`);
        armed = setTimeout(() => {
          armed = undefined;
          del.textContent = 'Delete';
          del.setAttribute('aria-label', `Delete "${h.title}"`);
        }, 3000);
      });
      li.append(open, del);
      d.list.append(li);
    }
  };
}
