// Editor context attached to a question (the selection or the active file). It passes the same privacy
// gate as completions: excluded and secret-named files are refused, binary/huge/minified text is refused,
// and secrets in what remains are replaced by placeholders before anything is counted or sent.

import { estimateTokens, type CatalogModel } from '../bedrock/catalog';
import { checkSendable, redactSecrets, SIZE_LIMITS, type ExclusionRules, type NotSendableReason } from '../privacy';
import type { AttachmentKind, AttachmentView } from '../shared/protocol';
import { newId } from './conversation';

/** What the adapter reads from the editor; plain data. */
export interface EditorSnapshot {
  /** Workspace-relative path (or the file name of an untitled document). */
  relativePath: string;
  languageId: string;
  text: string;
  /** 1-based line range of a selection. */
  startLine?: number;
  endLine?: number;
}

export interface Attachment extends AttachmentView {
  /** The redacted text that will be sent. */
  text: string;
  path: string;
  languageId: string;
  startLine?: number;
  endLine?: number;
}

export type AttachResult = { ok: true; attachment: Attachment } | { ok: false; reason: string };

export function buildAttachment(
  kind: AttachmentKind,
  snap: EditorSnapshot,
  rules: Pick<ExclusionRules, 'isExcluded'>,
  model?: CatalogModel,
): AttachResult {
  const name = snap.relativePath;
  const excluded = rules.isExcluded(name);
  if (excluded.excluded) return { ok: false, reason: `${name} is not sent: ${excluded.reason ?? 'it is excluded'}.` };
  if (!snap.text.trim()) {
    return { ok: false, reason: kind === 'selection' ? 'The selection is empty.' : `${name} is empty.` };
  }
  const sendable = checkSendable(snap.text, SIZE_LIMITS.attachChars);
  if (!sendable.ok) return { ok: false, reason: notAttachedReason(kind, name, snap.text.length, sendable.reason) };

  const red = redactSecrets(snap.text);
  const label = kind === 'selection' && snap.startLine !== undefined
    ? `${name}:${snap.startLine}${snap.endLine !== undefined && snap.endLine !== snap.startLine ? `-${snap.endLine}` : ''}`
    : name;
  const attachment: Attachment = {
    id: newId(),
    kind,
    label,
    tokens: 0,
    redactions: red.redactions,
    text: red.text,
    path: name,
    languageId: snap.languageId,
    startLine: snap.startLine,
    endLine: snap.endLine,
  };
  attachment.tokens = estimateTokens(formatAttachment(attachment), model);
  return { ok: true, attachment };
}

/** Says what was refused and what to do instead; nothing was attached, so nothing was sent. */
function notAttachedReason(kind: AttachmentKind, name: string, chars: number, reason: NotSendableReason | undefined): string {
  const what = kind === 'selection' ? `The selection in ${name}` : name;
  switch (reason) {
    case 'binary':
      return `${what} looks binary, so it was not attached.`;
    case 'tooLarge':
      return (
        `${what} is too large to attach (${chars.toLocaleString('en-US')} characters; the limit is ` +
        `${SIZE_LIMITS.attachChars.toLocaleString('en-US')}). Select the part you need and attach the selection.`
      );
    case 'minified':
      return `${what} looks minified or generated (very long lines), so it was not attached. Select a few readable lines instead.`;
    default:
      return `${what} cannot be attached.`;
  }
}

/**
 * The question as it is sent, shown and stored: a secret typed or pasted into the box is no more needed by
 * the model than one in an attached file, and the history files should not keep it either.
 */
export function redactQuestion(question: string): { text: string; redactions: number } {
  const r = redactSecrets(question);
  return { text: r.text, redactions: r.redactions };
}

/** A fence longer than any run of backticks inside, so attached Markdown cannot close it early. */
export function fenceFor(text: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function formatAttachment(a: Attachment): string {
  const where = a.kind === 'selection' && a.startLine !== undefined
    ? `Selected lines ${a.startLine}${a.endLine !== undefined && a.endLine !== a.startLine ? `-${a.endLine}` : ''} of \`${a.path}\``
    : `The file \`${a.path}\``;
  const fence = fenceFor(a.text);
  const lang = /^[A-Za-z0-9_+#.-]{1,40}$/.test(a.languageId) ? a.languageId : '';
  return `${where}:\n${fence}${lang}\n${a.text.replace(/\n$/, '')}\n${fence}`;
}

/** The user message: attached context first (long text before the question reads best), then the question. */
export function composePrompt(question: string, attachments: Attachment[]): { prompt: string; contextSent?: string } {
  if (!attachments.length) return { prompt: question };
  const contextSent = attachments.map(formatAttachment).join('\n\n');
  return { prompt: `${contextSent}\n\n${question}`, contextSent };
}

export function toAttachmentView(a: Attachment): AttachmentView {
  return { id: a.id, kind: a.kind, label: a.label, tokens: a.tokens, redactions: a.redactions };
}
