// Loads web-tree-sitter and one grammar per language, lazily: never at activation, never awaited on the
// typing path. The first request sent in a language starts its load (`preload`); an answer shaped before the
// load ends gets undefined from `parserFor` (the rules alone apply), later ones get the parser. One load per
// grammar, shared by every caller; a failed load is remembered, not retried.

import * as path from 'node:path';
import { grammarFile } from './grammars';
import type { TsParser, TsRuntime } from './treeSitter';

export interface LoaderOptions {
  /**
   * Directory holding `tree-sitter.js`, `tree-sitter.wasm` and the grammars' `.wasm` files; a function is
   * asked only at the first load (activation computes nothing, and a host without a usable path only means
   * the rules apply).
   */
  dir: string | (() => string);
  /** Reads the runtime module (tests inject a counting or failing one). */
  loadRuntime?: (dir: string) => TsRuntime;
  log?: (message: string) => void;
  now?: () => number;
}

export interface LoadRecord {
  grammar: string;
  ok: boolean;
  /** Wall time of the load, the runtime's own start included for the first grammar. */
  ms: number;
  /** Then the warm-up parses (their turns of the event loop included). */
  warmUpMs?: number;
}

function requireRuntime(dir: string): TsRuntime {
  // A path known only at run time: the bundler leaves this require alone, so nothing is added to the .vsix.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(dir, 'tree-sitter.js')) as TsRuntime;
}

/**
 * The first parses of a fresh grammar run cold (its code is compiled lazily: ~10 ms for 3 KB, then ~1 ms).
 * Parsing a one-letter text compiles most of it (~5 ms, measured with TypeScript's grammar): done here, off
 * the typing path, so that the first completions are not the cold ones. A longer text in no particular
 * language can keep a grammar recovering from errors for seconds (PowerShell's, on JavaScript).
 */
async function warmUp(parser: TsParser): Promise<void> {
  for (let i = 0; i < 2; i++) {
    // Read as the gate reads (through a function), so that path is warm too.
    parser.parse((k) => 'a\n'.slice(k))?.delete();
    await new Promise((r) => setImmediate(r));
  }
}

export class GrammarLoader {
  private runtime?: Promise<TsRuntime>;
  private readonly loading = new Map<string, Promise<TsParser | undefined>>();
  private readonly ready = new Map<string, TsParser>();
  /** Every load started, in order (the benchmark reads the times, tests the count). */
  readonly loads: LoadRecord[] = [];
  private disposed = false;

  constructor(private readonly opts: LoaderOptions) {}

  private resolvedDir?: string;

  /** Where the runtime and grammars are read from (asked of the host once). */
  get dir(): string {
    if (this.resolvedDir === undefined) {
      const { dir } = this.opts;
      this.resolvedDir = typeof dir === 'string' ? dir : dir();
      if (typeof this.resolvedDir !== 'string') throw new Error('no grammar directory');
    }
    return this.resolvedDir;
  }

  /** The parser for `languageId` if its grammar is loaded; otherwise starts the load and returns undefined. */
  parserFor(languageId: string | undefined): TsParser | undefined {
    const file = grammarFile(languageId);
    if (!file) return undefined;
    const parser = this.ready.get(file);
    if (!parser) void this.load(file);
    return parser;
  }

  /**
   * Starts the load of `languageId`'s grammar, if it has one and it has not started; returns at once. The
   * load's synchronous start (reading the runtime's module, ~6 ms the first time) runs on a later turn, not
   * on the stack of the request being sent.
   */
  preload(languageId: string | undefined): void {
    const file = grammarFile(languageId);
    if (!file || this.loading.has(file)) return;
    setImmediate(() => {
      if (!this.disposed) void this.load(file);
    });
  }

  /** Waits for the parser (batch use: the offline entry point). Undefined when there is no grammar or it failed. */
  whenReady(languageId: string | undefined): Promise<TsParser | undefined> {
    const file = grammarFile(languageId);
    return file ? this.load(file) : Promise.resolve(undefined);
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.ready.values()) p.delete();
    this.ready.clear();
  }

  private load(file: string): Promise<TsParser | undefined> {
    let p = this.loading.get(file);
    if (!p) {
      p = this.loadGrammar(file);
      this.loading.set(file, p);
    }
    return p;
  }

  private async loadGrammar(file: string): Promise<TsParser | undefined> {
    const now = this.opts.now ?? (() => performance.now());
    const t0 = now();
    let dir = '(none)';
    try {
      dir = this.dir;
      const rt = await this.startRuntime();
      const language = await rt.Language.load(path.join(dir, file));
      const parser = new rt.Parser();
      parser.setLanguage(language);
      const ms = now() - t0;
      await warmUp(parser);
      const warmUpMs = now() - t0 - ms;
      this.loads.push({ grammar: file, ok: true, ms, warmUpMs });
      this.opts.log?.(`parser: ${file} loaded from ${dir} in ${ms.toFixed(0)} ms (+ ${warmUpMs.toFixed(0)} ms warm-up)`);
      if (this.disposed) {
        parser.delete();
        return undefined;
      }
      this.ready.set(file, parser);
      return parser;
    } catch (e) {
      this.loads.push({ grammar: file, ok: false, ms: now() - t0 });
      this.opts.log?.(`parser: ${file} not loaded from ${dir} (${e instanceof Error ? e.message : String(e)}); the rules apply`);
      return undefined;
    }
  }

  private startRuntime(): Promise<TsRuntime> {
    this.runtime ??= (async () => {
      const rt = (this.opts.loadRuntime ?? requireRuntime)(this.dir);
      await rt.Parser.init({ locateFile: (f) => path.join(this.dir, f) });
      return rt;
    })();
    return this.runtime;
  }
}
