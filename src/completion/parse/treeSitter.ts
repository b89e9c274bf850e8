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

export interface TsTree {
  readonly rootNode: TsNode;
  delete(): void;
}

export interface TsParser {
  parse(text: string): TsTree | null;
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
