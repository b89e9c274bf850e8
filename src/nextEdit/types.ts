// Plain shapes of next edit suggestions: no `vscode` here, so the logic runs in plain Node.

export interface Pos {
  line: number;
  character: number;
}

/** A text change as the editor reports it: `range` in the document before the change. */
export interface TextChange {
  start: Pos;
  end: Pos;
  text: string;
}

/** The document as the core sees it (the adapter wraps a TextDocument). */
export interface NextEditDocument {
  uri: string;
  relativePath: string;
  languageId: string;
  version: number;
  readonly lineCount: number;
  lineAt(line: number): string;
}

/** One entry of the outline (from the document symbol provider). */
export interface OutlineSymbol {
  name: string;
  kind: string;
  line: number;
  depth: number;
}

/**
 * One validated edit: `range` of the current document is replaced by `text`. `removed` is the text the
 * range held when it was validated: the adapter applies the edit only if the document still holds it.
 */
export interface ProposedEdit {
  start: Pos;
  end: Pos;
  text: string;
  removed: string;
  /** Lines of the document the anchor matched (first, last), for markers and overlap checks. */
  anchorLines: [number, number];
}
