// Plain shapes the completion engine works on. The adapter turns VS Code objects into these once.

export interface Position {
  line: number;
  character: number;
}

/**
 * Line access to a document without materialising it: VS Code's `TextDocument.lineAt` is cheap, while
 * `getText()` on a 10 MB file costs tens of milliseconds, so nothing below the adapter calls it.
 */
export interface LineSource {
  readonly lineCount: number;
  lineAt(line: number): string;
}

export interface CompletionDocument extends LineSource {
  /** Stable identity (the URI as a string). */
  readonly uri: string;
  /** Path relative to the workspace root where possible, shown to the model and matched by exclusion rules. */
  readonly relativePath: string;
  readonly languageId: string;
  readonly version: number;
  /** Line break used by the document. */
  readonly eol: '\n' | '\r\n';
}

export type TriggerKind = 'automatic' | 'explicit';

export interface CompletionRequest {
  document: CompletionDocument;
  position: Position;
  /**
   * Absolute offset of the position as the editor counts it, a CRLF being two characters (used to tell
   * typing-through from other edits; the engine counts every line break as one).
   */
  offset: number;
  trigger: TriggerKind;
  /** True when text is selected: no completion then. */
  hasSelection?: boolean;
  /** VS Code's suggest widget is open with this item selected; the completion must start with it. */
  selectedSuggestion?: string;
}

export interface CompletionItem {
  /** Text inserted at the cursor (it may extend over the characters in `replaceSuffixChars`). */
  insertText: string;
  /** How many characters right of the cursor the insertion replaces (closers it already contains). */
  replaceSuffixChars: number;
  /** Where the answer came from, for tests, the benchmark and the log. */
  source: 'network' | 'inFlight' | 'cache' | 'typedThrough';
  multiline: boolean;
  /** Which request produced it (the engine numbers them from 1), so the benchmark can tell used answers from wasted ones. */
  requestId?: number;
  /** The first line of a block whose rest is still streaming (earlyLine.ts): more of the same suggestion follows. */
  partial?: boolean;
  /** The whole block of a first line already on screen: the same suggestion, grown, not a new one. */
  completes?: boolean;
}

/** Why no completion was offered; tests and the benchmark count these, the log shows them at trace level. */
export type SkipReason =
  | 'disabled'
  | 'snoozed'
  | 'paused'
  | 'signedOut'
  /** A permanent failure (access denied, retired model …) paused automatic requests. */
  | 'failing'
  /** The cursor line is longer than a line of code gets (minified code, a data blob). */
  | 'longLine'
  | 'throttled'
  | 'excluded'
  | 'notSendable'
  | 'selection'
  | 'midWord'
  | 'textAfterCursor'
  | 'endOfStatement'
  | 'cancelled'
  | 'stale'
  | 'empty'
  | 'error';

export interface CompletionOutcome {
  item?: CompletionItem;
  skipped?: SkipReason;
}
