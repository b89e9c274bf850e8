// Snippets from other open or recently edited files, ranked by how many identifiers they share with the
// code at the cursor (Jaccard similarity over identifier sets of sliding line windows). Windows are
// indexed once per document version, so repeated keystrokes in one file do not re-read the others.

import type { LineSource } from './types';

export interface SnippetSource {
  uri: string;
  relativePath: string;
  languageId: string;
  version: number;
  lines: LineSource;
  /** Epoch ms of the last edit or focus; recent files win ties and are searched first. */
  lastActive: number;
}

export interface Snippet {
  relativePath: string;
  startLine: number;
  text: string;
  score: number;
}

export const WINDOW_LINES = 16;
export const WINDOW_STRIDE = 8;
/** Lines of one file that are indexed: files beyond this are searched in their first part only. */
export const MAX_INDEXED_LINES = 6000;
/**
 * A window longer than this is data or minified code (16 lines of code are rarely 1,500 characters) and
 * could never fit a snippet budget. Its lines' lengths are checked before its text is read, so a megabyte
 * line in another open file costs nothing per keystroke.
 */
export const MAX_WINDOW_CHARS = 4000;
const MAX_SOURCES = 20;
const MIN_SCORE = 0.05;

// Keywords and very common names say nothing about which code is related.
const STOP_WORDS = new Set(
  (
    'if else for while do return const let var function class new this self true false null undefined none ' +
    'import from export default as async await try catch finally throw public private protected static void ' +
    'int string number boolean bool any type interface extends implements def elif pass lambda and or not in is ' +
    'with yield break continue switch case package func go defer struct impl pub fn mut use mod let match the ' +
    'get set end then local begin require include typeof instanceof of nil'
  ).split(' '),
);

export function identifiers(text: string): Set<string> {
  const out = new Set<string>();
  const re = /[A-Za-z_$][A-Za-z0-9_$]*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const id = m[0];
    if (id.length < 3) continue;
    const lower = id.toLowerCase();
    if (STOP_WORDS.has(lower)) continue;
    out.add(lower);
  }
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

interface Window {
  startLine: number;
  endLine: number;
  ids: Set<string>;
}

interface Build {
  version: number;
  from: number;
  to: number;
  next: number;
  windows: Window[];
}

interface IndexedFile {
  /** Windows ready to search: possibly of an older version or range while a rebuild runs. */
  windows: Window[];
  version: number;
  from: number;
  /** When `windows` was completed (the `now` clock). */
  at: number;
  building?: Build;
}

/** The file being edited: its lines outside the prompt's window (imports, helpers further away) count too. */
export interface CurrentFile {
  source: SnippetSource;
  /** Lines already in the prompt as prefix or suffix. */
  skipFrom: number;
  skipTo: number;
  cursorLine: number;
}

/** The current file's index is reused for this long while its version changes on every keystroke. */
const CURRENT_STALE_MS = 5000;
/** Lines of the current file indexed around the cursor in a large file. */
const CURRENT_RADIUS = 1500;
/**
 * Milliseconds of indexing one retrieval may spend. Indexing resumes on the next request where it stopped,
 * and the windows of the previous build serve meanwhile, so a newly opened 6,000-line file or a jump in a
 * 10 MB file never costs one keystroke more than this.
 */
export const INDEX_BUDGET_MS = 1.5;

/** Languages whose files inform each other (a .ts file benefits from a .js or .tsx neighbour). */
function languageFamily(languageId: string): string {
  if (/^(typescript|javascript|typescriptreact|javascriptreact|vue|svelte)$/.test(languageId)) return 'js';
  if (/^(c|cpp|objective-c|objective-cpp|cuda-cpp)$/.test(languageId)) return 'c';
  return languageId;
}

/** Indexes windows from `build.next` on until done or past `deadline`; true when done. */
function indexSome(lines: LineSource, build: Build, deadline: number, clock: () => number): boolean {
  const { to } = build;
  let n = 0;
  while (build.next < to) {
    const start = build.next;
    const end = Math.min(to, start + WINDOW_LINES);
    const text = readLines(lines, start, end, MAX_WINDOW_CHARS);
    const ids = text ? identifiers(text) : undefined;
    if (ids?.size) build.windows.push({ startLine: start, endLine: end, ids });
    build.next = end >= to ? to : start + WINDOW_STRIDE;
    if (++n % 4 === 0 && clock() > deadline) break;
  }
  return build.next >= to;
}

export function indexWindows(lines: LineSource, from = 0, to = Math.min(lines.lineCount, MAX_INDEXED_LINES)): Window[] {
  const build: Build = { version: 0, from, to, next: from, windows: [] };
  indexSome(lines, build, Number.POSITIVE_INFINITY, () => 0);
  return build.windows;
}

export interface RetrieveOptions {
  languageId: string;
  current?: CurrentFile;
  budgetChars: number;
  /** At most this many snippets. */
  maxSnippets?: number;
  /** Indexing time allowed for this call (default INDEX_BUDGET_MS; Infinity indexes everything now). */
  indexBudgetMs?: number;
}

export class SnippetIndex {
  private readonly files = new Map<string, IndexedFile>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Best windows from `sources` for `query`, within `budgetChars` (each snippet's text plus its header). */
  retrieve(query: string, sources: readonly SnippetSource[], opts: RetrieveOptions): Snippet[] {
    const q = identifiers(query);
    if (!q.size || opts.budgetChars <= 0) return [];
    const family = languageFamily(opts.languageId);
    const deadline = this.clock() + (opts.indexBudgetMs ?? INDEX_BUDGET_MS);
    const candidates: { source: SnippetSource; window: Window; score: number }[] = [];
    const current = opts.current;
    const ordered = [...sources]
      .filter((s) => s.uri !== current?.source.uri)
      .sort((a, b) => b.lastActive - a.lastActive)
      .slice(0, MAX_SOURCES);
    for (const source of ordered) {
      if (languageFamily(source.languageId) !== family) continue;
      for (const window of this.windowsOf(source, deadline)) {
        const score = jaccard(q, window.ids);
        if (score >= MIN_SCORE) candidates.push({ source, window, score });
      }
    }
    if (current) {
      for (const window of this.currentWindows(current, deadline)) {
        if (window.startLine < current.skipTo + 1 && current.skipFrom < window.endLine) continue;
        const score = jaccard(q, window.ids);
        if (score >= MIN_SCORE) candidates.push({ source: current.source, window, score });
      }
    }
    // Forget documents that were closed.
    const live = new Set(sources.map((s) => s.uri));
    if (current) live.add(current.source.uri);
    for (const uri of [...this.files.keys()]) if (!live.has(uri)) this.files.delete(uri);

    candidates.sort((a, b) => b.score - a.score || b.source.lastActive - a.source.lastActive);
    const picked: Snippet[] = [];
    const taken: { uri: string; start: number; end: number }[] = [];
    let used = 0;
    for (const c of candidates) {
      if (picked.length >= (opts.maxSnippets ?? 8)) break;
      // Overlapping windows repeat the same lines: keep the better one only.
      if (taken.some((t) => t.uri === c.source.uri && c.window.startLine < t.end && t.start < c.window.endLine)) continue;
      const endLine = Math.min(c.window.endLine, c.source.lines.lineCount);
      // Read fresh (the file may have changed since it was indexed), but only if it still fits.
      const text = readLines(c.source.lines, c.window.startLine, endLine, opts.budgetChars - used)?.trimEnd();
      if (!text) continue;
      const cost = text.length + c.source.relativePath.length + 32;
      if (used + cost > opts.budgetChars) continue;
      used += cost;
      taken.push({ uri: c.source.uri, start: c.window.startLine, end: c.window.endLine });
      picked.push({ relativePath: c.source.relativePath, startLine: c.window.startLine, text, score: c.score });
    }
    return picked;
  }

  private windowsOf(source: SnippetSource, deadline: number): Window[] {
    const to = Math.min(source.lines.lineCount, MAX_INDEXED_LINES);
    return this.indexed(source, source.version, 0, to, false, deadline);
  }

  /**
   * The edited file changes on every keystroke; re-reading it each time would cost time in proportion to
   * its size, so its index may lag a few seconds (the text of a picked window is read fresh). Large files
   * are indexed around the cursor only.
   */
  private currentWindows(current: CurrentFile, deadline: number): Window[] {
    const { source, cursorLine } = current;
    const count = source.lines.lineCount;
    const from = count <= 2 * CURRENT_RADIUS ? 0 : Math.max(0, Math.min(cursorLine - CURRENT_RADIUS, count - 2 * CURRENT_RADIUS));
    const to = Math.min(count, from + 2 * CURRENT_RADIUS);
    const cached = this.files.get(source.uri);
    // A lagging index still serves while it is recent and the cursor stays well inside its range.
    const fresh = cached && (cached.version === source.version || this.now() - cached.at < CURRENT_STALE_MS);
    const covers = cached && (cached.from === from || Math.abs(cursorLine - (cached.from + CURRENT_RADIUS)) < CURRENT_RADIUS / 2);
    if (cached && fresh && covers && !cached.building) return cached.windows;
    return this.indexed(source, source.version, from, to, true, deadline);
  }

  /** The windows for (version, range), building them within the deadline; older windows serve meanwhile. */
  private indexed(source: SnippetSource, version: number, from: number, to: number, lenient: boolean, deadline: number): Window[] {
    let file = this.files.get(source.uri);
    if (file && file.version === version && file.from === from && !file.building) return file.windows;
    if (!file) {
      file = { windows: [], version: -1, from, at: 0 };
      this.files.set(source.uri, file);
    }
    let b = file.building;
    // A build for an older version of the current file may finish: it is only a similarity hint.
    if (!b || b.from !== from || (!lenient && b.version !== version)) {
      b = { version, from, to, next: from, windows: [] };
      file.building = b;
    }
    if (indexSome(source.lines, b, deadline, this.clock)) {
      file.windows = b.windows;
      file.version = b.version;
      file.from = b.from;
      file.at = this.now();
      file.building = undefined;
    }
    return file.windows;
  }
}

/**
 * Lines `start` to `end` joined, or undefined when they are longer than `maxChars`. Lengths are summed
 * before anything is joined: `lineAt` hands out the editor's own line strings, so this reads nothing more.
 */
function readLines(lines: LineSource, start: number, end: number, maxChars: number): string | undefined {
  const parts: string[] = [];
  let n = 0;
  for (let i = start; i < end; i++) {
    const line = lines.lineAt(i);
    n += line.length + 1;
    if (n > maxChars + 1) return undefined;
    parts.push(line);
  }
  return parts.join('\n');
}
