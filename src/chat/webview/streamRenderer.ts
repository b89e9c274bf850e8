// Renders a streaming answer so that one more chunk costs the same at token 20,000 as at token 20: blocks
// that can no longer change are rendered once and frozen; only the last blocks (the open tail) are lexed
// and rendered again. Appending never touches the frozen part, so text there stays selectable.

import type { Token } from 'marked';
import { lex, renderTokens } from './markdown';

/** Blocks kept live at the end: a block is frozen only when two more have started after it. */
const LIVE_BLOCKS = 2;

export class StreamRenderer {
  readonly root: HTMLElement;
  private readonly frozen: HTMLElement;
  private readonly live: HTMLElement;
  /** Source not frozen yet; the only part lexed on each render. */
  private tail = '';
  /** The whole answer, for comparing with the final text. */
  private full = '';
  private pendingCR = false;
  private dirty = false;

  constructor(className = 'markdown') {
    this.root = document.createElement('div');
    this.root.className = className;
    this.frozen = document.createElement('div');
    this.frozen.className = 'md-frozen';
    this.live = document.createElement('div');
    this.live.className = 'md-live';
    this.root.append(this.frozen, this.live);
  }

  get text(): string {
    return this.full;
  }

  get needsRender(): boolean {
    return this.dirty;
  }

  append(delta: string): void {
    // marked turns CR/CRLF into LF; doing it here keeps token lengths equal to source lengths.
    let d = delta;
    if (this.pendingCR) d = `\r${d}`;
    this.pendingCR = d.endsWith('\r');
    if (this.pendingCR) d = d.slice(0, -1);
    d = d.replace(/\r\n?/g, '\n');
    if (!d) return;
    this.tail += d;
    this.full += d;
    this.dirty = true;
  }

  /** Replaces everything (history, a final text that differs from what streamed). */
  reset(text: string): void {
    this.frozen.replaceChildren();
    this.live.replaceChildren();
    this.tail = '';
    this.full = '';
    this.pendingCR = false;
    this.append(text);
    this.render();
  }

  render(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const tokens = lex(this.tail);
    const blocks: number[] = [];
    tokens.forEach((t, i) => {
      if (t.type !== 'space') blocks.push(i);
    });
    let liveTokens: Token[] = tokens;
    if (blocks.length > LIVE_BLOCKS) {
      const cut = blocks[blocks.length - LIVE_BLOCKS];
      const done = tokens.slice(0, cut);
      const consumed = done.reduce((n, t) => n + t.raw.length, 0);
      // Freeze only when the tokens account for the source exactly; otherwise stay correct and re-render.
      if (this.tail.slice(0, consumed) === done.map((t) => t.raw).join('')) {
        this.frozen.append(renderTokens(done));
        this.tail = this.tail.slice(consumed);
        liveTokens = tokens.slice(cut);
      }
    }
    this.live.replaceChildren(renderTokens(liveTokens));
  }
}
