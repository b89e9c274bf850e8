// Context chips: the attachments of the next question (removable) and of each asked question.

import type { AttachmentView, WebviewMessage } from '../../shared/protocol';
import { button, el } from './dom';

const fmtTokens = (n: number) => `~${n.toLocaleString('en-US')} tokens`;

/** The attachments a question was sent with, under the question. */
export function chipList(attachments: AttachmentView[]): HTMLElement {
  const ul = el('ul', 'turn-chips');
  ul.setAttribute('aria-label', 'Attached context');
  for (const a of attachments) {
    const li = el('li', 'chip', `${a.label} · ${fmtTokens(a.tokens)}`);
    if (a.redactions) li.title = `${a.redactions} secret(s) replaced by placeholders`;
    ul.append(li);
  }
  return ul;
}

/** The attachments waiting for the next question, above the box. */
export function renderChips(list: AttachmentView[], post: (msg: WebviewMessage) => void): void {
  const chips = document.getElementById('chips')!;
  chips.replaceChildren();
  chips.hidden = !list.length;
  for (const a of list) {
    const chip = el('span', 'chip');
    chip.setAttribute('role', 'listitem');
    chip.append(el('span', 'chip-label', a.label), el('span', 'chip-tokens', fmtTokens(a.tokens)));
    if (a.redactions) chip.append(el('span', 'chip-note', `${a.redactions} redacted`));
    const x = button('×', 'chip-remove', `Remove ${a.label}`);
    x.addEventListener('click', () => post({ type: 'removeAttachment', id: a.id }));
    chip.append(x);
    chips.append(chip);
  }
  if (list.length > 1) {
    const total = list.reduce((n, a) => n + a.tokens, 0);
    chips.append(el('span', 'chip-total', `${fmtTokens(total)} in all`));
  }
}
