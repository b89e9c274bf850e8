// Whether a document is worth sending at all. Every check looks at a bounded sample, so the answer costs
// the same for a 10 MB file as for a 1 KB one.

/** Characters of the start of a document that the checks look at. */
export const SAMPLE_CHARS = 8192;

export const SIZE_LIMITS = {
  /** Completions read only a window around the cursor, so they accept large files; past this, skip. */
  completionDocumentChars: 50_000_000,
  /** Chat and explain attach whole files or selections up to this size; larger is cut or refused. */
  attachChars: 200_000,
  /** A line longer than this is minified or generated: no useful context, and costly tokens. */
  lineChars: 10_000,
} as const;

/** NUL characters or many control characters in the first 8 KB mean binary content decoded as text. */
export function isProbablyBinary(text: string): boolean {
  const n = Math.min(text.length, SAMPLE_CHARS);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    // Tab, LF, FF, CR and ESC (ANSI colours in logs) are ordinary in text.
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13 && c !== 27) || c === 0xfffd) control++;
  }
  return control / n > 0.1;
}

/** Long average lines in the sample: minified bundles, data dumps, source maps. */
export function looksMinified(text: string): boolean {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  if (sample.length < 2000) return false;
  const lines = sample.split('\n').length;
  return sample.length / lines > 500;
}

export type NotSendableReason = 'binary' | 'tooLarge' | 'minified';

export interface SendableCheck {
  ok: boolean;
  reason?: NotSendableReason;
  /** A sentence for a log line or an inline note. */
  message?: string;
}

/** One call for every feature: is this text fit to send (binary, too large, minified)? */
export function checkSendable(text: string, maxChars: number = SIZE_LIMITS.attachChars): SendableCheck {
  if (isProbablyBinary(text)) return { ok: false, reason: 'binary', message: 'The file looks binary, so it is not sent.' };
  if (text.length > maxChars) {
    return { ok: false, reason: 'tooLarge', message: `The text is larger than ${maxChars.toLocaleString('en-US')} characters, so it is not sent whole.` };
  }
  if (looksMinified(text)) return { ok: false, reason: 'minified', message: 'The file looks minified or generated, so it is not sent.' };
  return { ok: true };
}
