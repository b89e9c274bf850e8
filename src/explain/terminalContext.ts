// What we tell the model about a failed terminal command: the command line, its exit code and the end of
// its output. Errors are printed last, so when the output is over budget we keep the tail.

import { redactSecrets, redactedTail } from '../privacy';
import { codeBlock } from './diagnosticContext';
import { clip, DEFAULT_CHARS_PER_TOKEN, estimateTokens } from './tokens';

export interface TerminalInput {
  /** Absent when explaining a selection copied from the terminal. */
  commandLine?: string;
  exitCode?: number;
  cwd?: string;
  shell?: string;
  /** Raw terminal data (escape sequences included) or selected text. */
  output: string;
  budgetTokens: number;
  source: 'shellIntegration' | 'selection';
}

export interface TerminalContext {
  commandLine?: string;
  exitCode?: number;
  cwd?: string;
  shell?: string;
  output: string;
  /** Lines dropped from the start of the output to fit the budget. */
  omittedLines: number;
  source: TerminalInput['source'];
}

export const MAX_COMMAND_CHARS = 2000;

const OSC_RE = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g; // titles, hyperlinks, shell-integration marks (633;…)
const CSI_RE = /\x1b\[[0-?]*[ -/]*[@-~]/g; // colours, cursor moves, erase line
const DCS_RE = /\x1b[PX^_][^\x1b]*(?:\x1b\\)?/g;
const ESC2_RE = /\x1b[()*+][0-9A-Za-z]|\x1b[@-Z\\-_=>78]/g;
const C1_CSI_RE = /\x9b[0-?]*[ -/]*[@-~]/g;
const CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** A line as it ends up on screen: carriage returns overwrite from the start, backspaces erase. */
function renderLine(line: string): string {
  let out = line;
  if (out.includes('\r')) {
    const parts = out.split('\r');
    // Progress bars redraw the line; what stays is the last redraw laid over the earlier ones.
    let screen = '';
    for (const p of parts) screen = p + screen.slice(p.length);
    out = screen;
  }
  if (out.includes('\b')) {
    const chars: string[] = [];
    for (const ch of out) {
      if (ch === '\b') chars.pop();
      else chars.push(ch);
    }
    out = chars.join('');
  }
  return out;
}

/** Terminal data as plain text: escape sequences removed, redraws resolved, repeated lines collapsed. */
export function cleanTerminalOutput(raw: string): string {
  const text = raw
    .replace(OSC_RE, '')
    .replace(DCS_RE, '')
    .replace(CSI_RE, '')
    .replace(C1_CSI_RE, '')
    .replace(ESC2_RE, '')
    .replace(/\r+\n/g, '\n');
  const lines = text.split('\n').map((l) => renderLine(l).replace(CONTROL_RE, '').replace(/\s+$/, ''));

  const out: string[] = [];
  let repeats = 0;
  const flush = () => {
    if (repeats > 0) out.push(`[previous line repeated ${repeats} more time${repeats === 1 ? '' : 's'}]`);
    repeats = 0;
  };
  for (const line of lines) {
    const prev = out[out.length - 1];
    if (out.length > 0 && line === prev && line !== '') {
      repeats++;
      continue;
    }
    flush();
    // At most one blank line in a row.
    if (line === '' && prev === '') continue;
    out.push(line);
  }
  flush();
  while (out.length > 0 && out[0] === '') out.shift();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** The last lines of `text` that fit `budgetTokens`; a single over-long last line keeps its end. */
export function keepTail(text: string, budgetTokens: number): { text: string; omittedLines: number } {
  const lines = text.split('\n');
  const kept: string[] = [];
  let budget = budgetTokens;
  for (let i = lines.length - 1; i >= 0; i--) {
    const cost = estimateTokens(lines[i]) + 1;
    if (cost > budget) {
      if (kept.length === 0) {
        const chars = Math.max(0, Math.floor(budget * DEFAULT_CHARS_PER_TOKEN) - 1);
        kept.unshift('…' + redactedTail(lines[i], chars));
        return { text: kept.join('\n'), omittedLines: i };
      }
      return { text: kept.join('\n'), omittedLines: i + 1 };
    }
    kept.unshift(lines[i]);
    budget -= cost;
  }
  return { text: kept.join('\n'), omittedLines: 0 };
}

export function gatherTerminalContext(input: TerminalInput): TerminalContext {
  const commandLine = input.commandLine === undefined ? undefined : clip(input.commandLine.trim(), MAX_COMMAND_CHARS);
  const budget = Math.max(50, input.budgetTokens - estimateTokens(commandLine ?? '') - 30);
  // Redacted before the tail is cut, so a key block or token cut in half is still recognised.
  const cleaned = redactSecrets(cleanTerminalOutput(input.output)).text;
  const tail = keepTail(cleaned, budget);
  return {
    commandLine,
    exitCode: input.exitCode,
    cwd: input.cwd,
    shell: input.shell,
    output: tail.text,
    omittedLines: tail.omittedLines,
    source: input.source,
  };
}

/** Conventional meanings that change the explanation (killed, not found) rather than the program's own codes. */
export function describeExitCode(code: number | undefined): string | undefined {
  switch (code) {
    case undefined:
      return undefined;
    case 126:
      return 'the command was found but could not be executed (permissions or not a binary)';
    case 127:
      return 'command not found';
    case 130:
      return 'interrupted (Ctrl+C, SIGINT)';
    case 134:
      return 'aborted (SIGABRT)';
    case 137:
      return 'killed (SIGKILL, often out of memory)';
    case 139:
      return 'segmentation fault (SIGSEGV)';
    case 143:
      return 'terminated (SIGTERM)';
    default:
      return code > 128 && code < 160 ? `killed by signal ${code - 128}` : undefined;
  }
}

export function terminalTitle(ctx: Pick<TerminalContext, 'commandLine' | 'source'>): string {
  if (ctx.source === 'selection' || !ctx.commandLine) return 'Explain: terminal output';
  return `Explain failed command: ${clip(ctx.commandLine.split('\n')[0], 80)}`;
}

export function formatTerminalContext(ctx: TerminalContext): string {
  const out: string[] = [];
  if (ctx.source === 'selection') {
    const omitted = ctx.omittedLines > 0 ? `; only its last lines, ${ctx.omittedLines} earlier lines omitted` : '';
    out.push(`Text selected in the terminal (the command line and exit code are unknown${omitted}):`);
  } else {
    const meaning = describeExitCode(ctx.exitCode);
    const exit = ctx.exitCode === undefined ? 'exit code unknown' : `exit code ${ctx.exitCode}${meaning ? `: ${meaning}` : ''}`;
    const facts = [exit, ctx.cwd && `working directory: ${ctx.cwd}`, ctx.shell && `shell: ${ctx.shell}`].filter(Boolean).join('; ');
    out.push(`A terminal command failed (${facts}):`);
    out.push(codeBlock(ctx.commandLine ?? '', 'sh'));
    out.push('', 'Its output' + (ctx.omittedLines > 0 ? ` (the last lines; ${ctx.omittedLines} earlier lines omitted)` : '') + ':');
  }
  // Shell integration misses what a command prints in its first instant, so "no output" may mean "not captured".
  const empty = ctx.source === 'selection' ? '(empty selection)' : '(no output captured)';
  out.push(codeBlock(ctx.output || empty, 'text'));
  return out.join('\n');
}
