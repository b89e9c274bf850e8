// What we tell the model about a debugger exception stop: the exception (DAP `exceptionInfo`), the top
// frames of the stack with their source lines, and the top frame's locals, all bounded. Speaks plain
// Debug Adapter Protocol through a `request` function, so it runs against any adapter, or a script in tests.

import { codeBlock } from './diagnosticContext';
import { clip, estimateTokens } from './tokens';

// The parts of the protocol we read (see the DAP specification); everything else is ignored.
export interface DapSource {
  name?: string;
  path?: string;
  sourceReference?: number;
  presentationHint?: 'normal' | 'emphasize' | 'deemphasize';
}
export interface DapStackFrame {
  id: number;
  name: string;
  source?: DapSource;
  line: number;
  column: number;
  presentationHint?: 'normal' | 'label' | 'subtle';
}
export interface DapScope {
  name: string;
  variablesReference: number;
  expensive?: boolean;
  presentationHint?: string;
}
export interface DapVariable {
  name: string;
  value: string;
  type?: string;
  variablesReference: number;
  presentationHint?: { kind?: string; attributes?: string[]; lazy?: boolean };
}
export interface DapExceptionDetails {
  message?: string;
  typeName?: string;
  fullTypeName?: string;
  stackTrace?: string;
  innerException?: DapExceptionDetails[];
}
export interface DapExceptionInfo {
  exceptionId?: string;
  description?: string;
  breakMode?: string;
  details?: DapExceptionDetails;
}

/** Sends one DAP request to the stopped session and resolves with the response body. */
export type DapRequest = (command: string, args: Record<string, unknown>) => Promise<unknown>;
/** Reads lines [from, to] (1-based, inclusive) of a file on disk; undefined when unreadable. */
export type ReadLines = (path: string, from: number, to: number) => Promise<string[] | undefined>;

export interface DebugStop {
  threadId: number;
  reason: string;
  description?: string;
  text?: string;
}

export interface DebugLimits {
  maxFrames: number;
  /** Source lines shown before / after each frame's line. */
  linesBefore: number;
  linesAfter: number;
  maxDepth: number;
  maxVariables: number;
  maxChildren: number;
  maxValueChars: number;
  maxStackTraceChars: number;
  budgetTokens: number;
}

export const DEFAULT_DEBUG_LIMITS: DebugLimits = {
  maxFrames: 5,
  linesBefore: 3,
  linesAfter: 1,
  maxDepth: 2,
  maxVariables: 40,
  maxChildren: 12,
  maxValueChars: 200,
  maxStackTraceChars: 1500,
  budgetTokens: 3000,
};

export interface FrameContext {
  index: number;
  name: string;
  /** Display path (workspace-relative when possible). */
  path?: string;
  line: number;
  column: number;
  /** First line number of `source` (1-based). */
  sourceStart?: number;
  source?: string[];
  excluded?: boolean;
}

export interface VariableContext {
  name: string;
  value: string;
  type?: string;
  depth: number;
}

export interface DebugContext {
  exceptionId?: string;
  description?: string;
  breakMode?: string;
  typeName?: string;
  message?: string;
  stackTrace?: string;
  frames: FrameContext[];
  framesOmitted: number;
  scopeNames: string[];
  variables: VariableContext[];
  variablesOmitted: number;
  /** Requests that failed (the adapter may not support them), for the log. */
  problems: string[];
}

export interface GatherDebugOptions {
  stop: DebugStop;
  request: DapRequest;
  readLines: ReadLines;
  limits?: Partial<DebugLimits>;
  /** Turns an adapter path into what we show (workspace-relative). */
  displayPath?: (path: string) => string;
  /** True when the file must not be sent (exclusion rules): its lines are left out. */
  isExcluded?: (path: string) => boolean;
  /** Workspace folders: shown relative in the exception's stack trace (shorter, and no home directory). */
  workspaceRoots?: string[];
}

/** The stack trace text with workspace paths made relative and Node's internal frames dropped. */
export function tidyStackTrace(trace: string, roots: string[] = []): string {
  let out = trace;
  for (const root of roots) {
    const prefix = root.replace(/[\\/]+$/, '') + (root.includes('\\') && !root.includes('/') ? '\\' : '/');
    out = out.split(prefix).join('');
  }
  const lines = out.split(/\r?\n/);
  const kept = lines.filter((l) => !/^\s*at (?:.*\()?node:internal\//.test(l));
  if (kept.length < lines.length) kept.push(`    … ${lines.length - kept.length} internal frames`);
  return kept.join('\n');
}

// Engine internals that say nothing about the bug and can be large.
const SKIPPED_NAMES = new Set(['[[Prototype]]', '__proto__', '[[Scopes]]', '[[FunctionLocation]]', '[[Entries]]', 'special variables', 'function variables']);
const GLOBAL_SCOPE_RE = /^(?:global|globals|script|module)\b/i;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function gatherDebugContext(opts: GatherDebugOptions): Promise<DebugContext> {
  const limits = { ...DEFAULT_DEBUG_LIMITS, ...opts.limits };
  const { request, stop } = opts;
  const display = opts.displayPath ?? ((p: string) => p);
  const problems: string[] = [];
  const ctx: DebugContext = { frames: [], framesOmitted: 0, scopeNames: [], variables: [], variablesOmitted: 0, problems };

  try {
    const info = (await request('exceptionInfo', { threadId: stop.threadId })) as DapExceptionInfo | undefined;
    ctx.exceptionId = info?.exceptionId;
    ctx.description = info?.description;
    ctx.breakMode = info?.breakMode;
    ctx.typeName = info?.details?.typeName ?? info?.details?.fullTypeName;
    ctx.message = info?.details?.message;
    if (info?.details?.stackTrace) ctx.stackTrace = clip(tidyStackTrace(info.details.stackTrace, opts.workspaceRoots), limits.maxStackTraceChars);
  } catch (err) {
    problems.push(`exceptionInfo: ${errorText(err)}`);
  }
  // Adapters without exceptionInfo still describe the stop in the event itself.
  if (!ctx.description) ctx.description = stop.text ?? stop.description;
  if (ctx.description) ctx.description = clip(ctx.description, 2000);
  if (ctx.message) ctx.message = clip(ctx.message, 2000);

  let frames: DapStackFrame[] = [];
  try {
    const body = (await request('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: limits.maxFrames * 3 })) as
      | { stackFrames?: DapStackFrame[]; totalFrames?: number }
      | undefined;
    frames = body?.stackFrames ?? [];
    const total = body?.totalFrames ?? frames.length;
    // The top frame always; then frames in the user's code before library and engine frames.
    const useful = frames.filter((f, i) => i === 0 || (f.presentationHint !== 'label' && f.presentationHint !== 'subtle' && f.source?.presentationHint !== 'deemphasize'));
    const picked = useful.slice(0, limits.maxFrames);
    ctx.framesOmitted = Math.max(0, total - picked.length);
    for (const f of picked) ctx.frames.push(await frameContext(f, frames.indexOf(f), opts, limits, display, problems));
  } catch (err) {
    problems.push(`stackTrace: ${errorText(err)}`);
  }

  const top = frames[0];
  if (top) {
    try {
      const scopesBody = (await request('scopes', { frameId: top.id })) as { scopes?: DapScope[] } | undefined;
      const scopes = (scopesBody?.scopes ?? []).filter((s) => !s.expensive && s.variablesReference > 0 && !GLOBAL_SCOPE_RE.test(s.name) && s.presentationHint !== 'globals');
      const budget = { left: limits.maxVariables, omitted: 0 };
      for (const scope of scopes.slice(0, 3)) {
        ctx.scopeNames.push(scope.name);
        await collectVariables(request, scope.variablesReference, 0, limits, budget, ctx.variables, problems);
      }
      ctx.variablesOmitted = budget.omitted;
    } catch (err) {
      problems.push(`scopes: ${errorText(err)}`);
    }
  }

  return fitBudget(ctx, limits.budgetTokens);
}

async function frameContext(
  f: DapStackFrame,
  index: number,
  opts: GatherDebugOptions,
  limits: DebugLimits,
  display: (p: string) => string,
  problems: string[],
): Promise<FrameContext> {
  const frame: FrameContext = { index, name: clip(f.name, 200), line: f.line, column: f.column };
  const src = f.source;
  if (src?.path) frame.path = display(src.path);
  else if (src?.name) frame.path = src.name;
  if (!src || f.line <= 0) return frame;
  if (src.path && opts.isExcluded?.(src.path)) {
    frame.excluded = true;
    return frame;
  }
  const from = Math.max(1, f.line - limits.linesBefore);
  const to = f.line + limits.linesAfter;
  try {
    let lines: string[] | undefined;
    if (src.sourceReference && src.sourceReference > 0) {
      // Code the adapter holds (eval, transpiled without maps): ask it for the text.
      const body = (await opts.request('source', { source: src, sourceReference: src.sourceReference })) as { content?: string } | undefined;
      lines = body?.content?.split(/\r?\n/).slice(from - 1, to);
    } else if (src.path) {
      lines = await opts.readLines(src.path, from, to);
    }
    if (lines && lines.length > 0) {
      frame.sourceStart = from;
      frame.source = lines.map((l) => clip(l, 300));
    }
  } catch (err) {
    problems.push(`source of ${frame.path ?? f.name}: ${errorText(err)}`);
  }
  return frame;
}

async function collectVariables(
  request: DapRequest,
  ref: number,
  depth: number,
  limits: DebugLimits,
  budget: { left: number; omitted: number },
  out: VariableContext[],
  problems: string[],
): Promise<void> {
  let vars: DapVariable[];
  try {
    const body = (await request('variables', { variablesReference: ref, start: 0, count: limits.maxChildren + 1 })) as { variables?: DapVariable[] } | undefined;
    vars = (body?.variables ?? []).filter((v) => !SKIPPED_NAMES.has(v.name));
  } catch (err) {
    problems.push(`variables: ${errorText(err)}`);
    return;
  }
  const shown = vars.slice(0, limits.maxChildren);
  budget.omitted += vars.length - shown.length;
  for (const v of shown) {
    if (budget.left <= 0) {
      budget.omitted++;
      continue;
    }
    budget.left--;
    out.push({ name: clip(v.name, 80), value: clip(v.value.replace(/\s*\n\s*/g, ' '), limits.maxValueChars), type: v.type, depth });
    const isFunction = v.type === 'function' || /^(?:ƒ|function\b|<function|\[Function)/.test(v.value);
    const lazy = v.presentationHint?.lazy === true;
    if (v.variablesReference > 0 && depth + 1 < limits.maxDepth && !isFunction && !lazy && v.name !== 'this') {
      await collectVariables(request, v.variablesReference, depth + 1, limits, budget, out, problems);
    }
  }
}

/** Shrinks the context until it fits: deeper variables, then frames beyond the first, then the trace text. */
function fitBudget(ctx: DebugContext, budgetTokens: number): DebugContext {
  const size = () => estimateTokens(formatDebugContext(ctx));
  while (size() > budgetTokens) {
    if (ctx.variables.length > 8) {
      ctx.variables.pop();
      ctx.variablesOmitted++;
    } else if (ctx.frames.length > 1) {
      ctx.frames.pop();
      ctx.framesOmitted++;
    } else if (ctx.stackTrace && ctx.stackTrace.length > 200) {
      ctx.stackTrace = clip(ctx.stackTrace, Math.floor(ctx.stackTrace.length / 2));
    } else if (ctx.variables.length > 0) {
      ctx.variables.pop();
      ctx.variablesOmitted++;
    } else break;
  }
  return ctx;
}

const EXT_LANG: Record<string, string> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'jsx', ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx',
  py: 'python', rb: 'ruby', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', cs: 'csharp', cpp: 'cpp', cc: 'cpp', c: 'c', h: 'c',
  hpp: 'cpp', php: 'php', swift: 'swift', dart: 'dart', lua: 'lua', sh: 'sh',
};

export function languageFromPath(path: string | undefined): string {
  const ext = path?.match(/\.([A-Za-z0-9]+)$/)?.[1]?.toLowerCase();
  return (ext && EXT_LANG[ext]) ?? '';
}

// What adapters put in `description` when they have nothing better ("Paused on exception").
const GENERIC_RE = /^(?:paused on (?:an? )?(?:caught |uncaught )?(?:exception|error|promise rejection)|(?:un)?caught exception|exception|error)\.?$/i;

/**
 * One line naming the exception. Adapters disagree on where the message is: js-debug puts it in
 * `exceptionId` ("TypeError: Cannot read …") with a generic description; debugpy gives the class as the id
 * and the message as the description.
 */
export function exceptionHeadline(ctx: Pick<DebugContext, 'exceptionId' | 'description' | 'message'>): string {
  const informative = (s: string | undefined) => (s && !GENERIC_RE.test(s.trim()) ? s.trim() : undefined);
  const id = ctx.exceptionId?.trim() || undefined;
  const text = informative(ctx.message) ?? informative(ctx.description);
  if (id && text) {
    if (id.includes(text)) return id;
    if (text.includes(id)) return text;
    return `${id}: ${text}`;
  }
  return id ?? text ?? ctx.description?.trim() ?? 'exception';
}

export function debugTitle(ctx: Pick<DebugContext, 'exceptionId' | 'description' | 'message'>): string {
  return `Explain exception: ${clip(exceptionHeadline(ctx).split(/\r?\n/)[0], 100)}`;
}

/**
 * A frame's `source.path` as a file path on this machine. Through `customRequest` in a remote window,
 * VS Code hands back paths it turned into URIs ("/vscode-remote://host/abs/path"); the extension host runs
 * on that remote, so the URI's path is the local file.
 */
export function dapPathToFsPath(p: string): string {
  const m = /^\/?([a-zA-Z][\w+.-]+):\/\/([^/]*)(\/.*)?$/.exec(p);
  if (!m || m[1].length < 2) return p; // "c:/x" is a Windows path, not a URI
  let path = m[3] ?? '/';
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it encoded
  }
  // file:///c:/x → c:/x
  return /^\/[a-zA-Z]:\//.test(path) ? path.slice(1) : path;
}

export function formatDebugContext(ctx: DebugContext): string {
  const out: string[] = [];
  const mode = ctx.breakMode ? ` (break mode: ${ctx.breakMode})` : '';
  out.push(`The debugger stopped on an exception${mode}:`);
  const known = ctx.exceptionId || ctx.description || ctx.message;
  const headline = known ? exceptionHeadline(ctx) : '(no description)';
  out.push(`    ${headline.split(/\r?\n/).join('\n    ')}`);
  if (ctx.typeName && !headline.includes(ctx.typeName)) out.push(`Type: ${ctx.typeName}`);
  if (ctx.stackTrace && ctx.stackTrace !== ctx.description) {
    out.push('', 'Stack trace reported with the exception:', codeBlock(ctx.stackTrace, 'text'));
  }

  if (ctx.frames.length > 0) {
    out.push('', `Top of the call stack${ctx.framesOmitted > 0 ? ` (${ctx.framesOmitted} more frames omitted)` : ''}:`);
    for (const f of ctx.frames) {
      out.push(`#${f.index} ${f.name}${f.path ? ` at ${f.path}:${f.line}:${f.column}` : ''}`);
      if (f.excluded) out.push('  (file excluded from sending)');
      if (f.source && f.sourceStart !== undefined) {
        const width = String(f.sourceStart + f.source.length).length;
        const text = f.source
          .map((l, i) => {
            const n = f.sourceStart! + i;
            return `${n === f.line ? '>' : ' '} ${String(n).padStart(width)} | ${l}`;
          })
          .join('\n');
        out.push(codeBlock(text, languageFromPath(f.path)));
      }
    }
  }

  if (ctx.variables.length > 0) {
    const scopes = ctx.scopeNames.length > 0 ? ` (${ctx.scopeNames.join(', ')})` : '';
    out.push('', `Variables in the top frame${scopes}${ctx.variablesOmitted > 0 ? `, ${ctx.variablesOmitted} more omitted` : ''}:`);
    for (const v of ctx.variables) {
      out.push(`${'  '.repeat(v.depth)}- ${v.type ? `(${v.type}) ` : ''}${v.name} = ${v.value}`);
    }
  }
  return out.join('\n');
}
