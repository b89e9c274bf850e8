// The part of web-tree-sitter's API the parse gate uses, typed here so that nothing imports the runtime
// statically: the runtime and its grammars are loaded from a directory at run time (VS Code's own copy in
// the editor, the devDependency offline), never bundled.

export interface TsNode {
  readonly type: string;
  readonly isError: boolean;
  readonly isMissing: boolean;
  readonly hasError: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly childCount: number;
  child(index: number): TsNode | null;
  readonly parent: TsNode | null;
  descendantForIndex(start: number, end?: number): TsNode | null;
}

export interface TsPoint {
  row: number;
  column: number;
}

/** An edit in UTF-16 code units, as web-tree-sitter counts (its `startIndex`, its point columns). */
export interface TsEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: TsPoint;
  oldEndPosition: TsPoint;
  newEndPosition: TsPoint;
}

export interface TsTree {
  readonly rootNode: TsNode;
  copy(): TsTree;
  edit(edit: TsEdit): void;
  delete(): void;
}

export interface TsParseOptions {
  /** Called now and then during the parse; `true` cancels it (the parse returns null). */
  progressCallback?: (state: { currentOffset: number; hasError: boolean }) => boolean;
}

export interface TsParser {
  /**
   * `input`: the text, or a function giving the text from an offset on (any length; '' at the end). With
   * `oldTree` (edited to match), only what the edit touched is parsed again.
   */
  parse(input: string | ((index: number) => string), oldTree?: TsTree | null, options?: TsParseOptions): TsTree | null;
  /** After a cancelled parse: the next one starts afresh instead of resuming it. */
  reset(): void;
  delete(): void;
}

/** The module `tree-sitter.js` exports (an emscripten build: `init` instantiates `tree-sitter.wasm`). */
export interface TsRuntime {
  Parser: {
    init(options?: { locateFile: (file: string, folder: string) => string }): Promise<void>;
    new (): TsParser & { setLanguage(language: unknown): unknown };
  };
  Language: { load(input: string | Uint8Array): Promise<unknown> };
}
