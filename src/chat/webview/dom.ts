// Small DOM helpers shared by the chat view's parts.

import { ownButtons } from './markdown';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A button of ours (model output never gets one: the click handlers check `ownButtons`). */
export function button(label: string, cls: string, aria?: string): HTMLButtonElement {
  const b = el('button', cls, label);
  b.type = 'button';
  if (aria) {
    b.setAttribute('aria-label', aria);
    b.title = aria;
  }
  ownButtons.add(b);
  return b;
}
