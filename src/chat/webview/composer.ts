// The question box. It shows how close a question is to the size limit before it is sent, refuses to send
// one over it, and keeps the text until the extension says it took the question (`sendAccepted`): a
// refused question stays in the box with the reason under it. Cheap per keystroke even with megabytes
// pasted: a length read, a few attribute writes, and the draft saved only once typing pauses.

import { LIMITS, TOO_LONG_ADVICE, type WebviewMessage } from '../../shared/protocol';

/** From this length on the box shows a counter. */
export const COUNT_FROM = Math.floor(LIMITS.sendChars * 0.8);
/** The draft (kept across reloads) is saved this long after the last keystroke. */
const DRAFT_DELAY_MS = 400;
/** With no answer to a send by then, the box takes new sends again (the text is still never cleared). */
const PENDING_MS = 5000;

export interface ComposerDeps {
  input: HTMLTextAreaElement;
  sendBtn: HTMLButtonElement;
  /** The line under the box: `message` says why the question cannot go, `count` how long it is. */
  note: HTMLElement;
  message: HTMLElement;
  count: HTMLElement;
  /** Shown with a question over the limit: opens its text in an editor tab, where a selection can be attached. */
  openBtn: HTMLButtonElement;
  post(msg: WebviewMessage): void;
  saveDraft(text: string): void;
  /** Tells screen readers; called only when the box's state changes, not at every keystroke. */
  announce(text: string): void;
  onAccepted(): void;
}

type NoteLevel = '' | 'info' | 'warning' | 'error';

const fmt = (n: number) => n.toLocaleString('en-US');

export class Composer {
  private busy = false;
  /** A send is out and not yet answered. */
  private pending = false;
  private pendingTimer: ReturnType<typeof setTimeout> | undefined;
  /** The text of the last send: cleared from the box when accepted, even if the answer came late. */
  private lastSent: string | undefined;
  private refusal: string | undefined;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private shownLevel: NoteLevel = '';

  constructor(private readonly d: ComposerDeps) {
    d.input.addEventListener('input', () => {
      this.refusal = undefined;
      this.update();
      this.scheduleDraft();
    });
    // Typing pauses save the draft; leaving the box saves it at once (a reload may follow).
    d.input.addEventListener('blur', () => this.saveDraftNow());
    d.sendBtn.addEventListener('click', () => this.send());
    d.openBtn.addEventListener('click', () => {
      const code = d.input.value;
      if (code.length <= LIMITS.codeChars) d.post({ type: 'codeAction', action: 'open', code });
    });
    this.update();
  }

  send(): void {
    const text = this.d.input.value;
    if (this.busy || this.pending || !text.trim()) return;
    if (text.length > LIMITS.sendChars) {
      // The note already says why; say it again for a screen reader, whose user may not see it.
      this.d.announce(this.d.message.textContent ?? '');
      return;
    }
    this.pending = true;
    this.lastSent = text;
    this.pendingTimer = setTimeout(() => this.settle(), PENDING_MS);
    this.d.post({ type: 'send', text });
    this.update();
  }

  accepted(): void {
    const sent = this.lastSent;
    this.settle();
    this.refusal = undefined;
    // Only the text that was sent goes: anything typed since stays.
    if (sent !== undefined && this.d.input.value === sent) this.d.input.value = '';
    this.saveDraftNow();
    this.update();
    this.d.onAccepted();
  }

  refused(reason: string): void {
    this.settle();
    this.refusal = reason;
    this.update();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    // "Still streaming" no longer holds once the answer is done.
    if (!busy) this.refusal = undefined;
    this.update();
  }

  /** Sets the box's text (a restored draft). */
  setText(text: string): void {
    this.d.input.value = text;
    this.update();
  }

  private settle(): void {
    this.pending = false;
    this.lastSent = undefined;
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
  }

  private update(): void {
    const { input, sendBtn, note, message, count, openBtn } = this.d;
    const n = input.value.length;
    const over = n > LIMITS.sendChars;
    sendBtn.disabled = this.busy || this.pending || over;
    sendBtn.title = over ? 'Too long to send' : '';
    input.setAttribute('aria-invalid', String(over));
    openBtn.hidden = !over || n > LIMITS.codeChars;
    count.hidden = n < COUNT_FROM;
    if (!count.hidden) count.textContent = `${fmt(n)} / ${fmt(LIMITS.sendChars)}`;
    let text = '';
    let level: NoteLevel = '';
    if (over) {
      text = `Too long to send: the limit is ${fmt(LIMITS.sendChars)} characters. ${TOO_LONG_ADVICE}`;
      level = 'error';
    } else if (this.refusal) {
      text = this.refusal;
      level = 'warning';
    } else if (n >= COUNT_FROM) {
      level = 'info';
    }
    if (message.textContent !== text) message.textContent = text;
    message.hidden = !text;
    note.dataset.level = level;
    note.hidden = !level;
    if (level !== this.shownLevel && (level === 'error' || level === 'warning')) this.d.announce(text);
    this.shownLevel = level;
  }

  private scheduleDraft(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => this.saveDraftNow(), DRAFT_DELAY_MS);
  }

  private saveDraftNow(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = undefined;
    this.d.saveDraft(this.d.input.value);
  }
}
