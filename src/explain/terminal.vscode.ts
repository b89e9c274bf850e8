// Failed terminal commands, through shell integration: every execution's output is read as it runs (the
// stream only holds data written after read() is first called), keeping a bounded tail; when one ends
// with a non-zero exit code it becomes "the last failed command" of its terminal.

import * as vscode from 'vscode';
import type { TerminalInput } from './terminalContext';
import { readExplainSettings } from './settings.vscode';

/** Raw characters kept per execution: far more than any budget needs, and bounded however long it runs. */
const MAX_RAW_CHARS = 200_000;

export interface FailedCommand {
  terminal: vscode.Terminal;
  commandLine: string;
  exitCode: number;
  cwd?: string;
  output: string;
  endedAt: number;
}

interface Capture {
  chunks: string[];
  size: number;
  done: Promise<void>;
}

export class TerminalWatcher implements vscode.Disposable {
  private readonly captures = new Map<vscode.TerminalShellExecution, Capture>();
  private readonly lastFailed = new Map<vscode.Terminal, FailedCommand>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly onOffer: (failed: FailedCommand) => void) {
    this.disposables.push(
      vscode.window.onDidStartTerminalShellExecution((e) => this.capture(e.execution)),
      vscode.window.onDidEndTerminalShellExecution((e) => void this.ended(e)),
      vscode.window.onDidCloseTerminal((t) => this.lastFailed.delete(t)),
    );
  }

  private capture(execution: vscode.TerminalShellExecution): void {
    const cap: Capture = { chunks: [], size: 0, done: Promise.resolve() };
    cap.done = (async () => {
      try {
        for await (const data of execution.read()) {
          cap.chunks.push(data);
          cap.size += data.length;
          // Keep the tail: drop whole chunks from the front once well over the limit.
          while (cap.size > MAX_RAW_CHARS && cap.chunks.length > 1) cap.size -= cap.chunks.shift()!.length;
        }
      } catch {
        // A terminal closed mid-command ends the stream; what was read is still useful.
      }
    })();
    this.captures.set(execution, cap);
  }

  private async ended(e: vscode.TerminalShellExecutionEndEvent): Promise<void> {
    const cap = this.captures.get(e.execution);
    this.captures.delete(e.execution);
    if (e.exitCode === undefined || e.exitCode === 0) return;
    // The stream ends with the execution; give its last chunks a moment to arrive.
    if (cap) await Promise.race([cap.done, new Promise((r) => setTimeout(r, 500))]);
    const failed: FailedCommand = {
      terminal: e.terminal,
      commandLine: e.execution.commandLine.value,
      exitCode: e.exitCode,
      cwd: e.execution.cwd ? vscode.workspace.asRelativePath(e.execution.cwd, false) : undefined,
      output: cap ? cap.chunks.join('').slice(-MAX_RAW_CHARS) : '',
      endedAt: Date.now(),
    };
    this.lastFailed.set(e.terminal, failed);
    if (readExplainSettings().offerOnTerminalFailure) this.onOffer(failed);
  }

  /** The active terminal's last failure, else the most recent failure in any terminal. */
  lastFailure(terminal = vscode.window.activeTerminal): FailedCommand | undefined {
    if (terminal && this.lastFailed.has(terminal)) return this.lastFailed.get(terminal);
    return [...this.lastFailed.values()].sort((a, b) => b.endedAt - a.endedAt)[0];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.captures.clear();
    this.lastFailed.clear();
  }
}

export function failedCommandInput(failed: FailedCommand, budgetTokens: number): TerminalInput {
  const shell = failed.terminal.state.shell;
  return {
    commandLine: failed.commandLine,
    exitCode: failed.exitCode,
    cwd: failed.cwd,
    shell,
    output: failed.output,
    budgetTokens,
    source: 'shellIntegration',
  };
}

/** Copies the terminal selection through the clipboard, restoring what the clipboard held before. */
export async function readTerminalSelection(): Promise<string> {
  const saved = await vscode.env.clipboard.readText();
  try {
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
    return await vscode.env.clipboard.readText();
  } finally {
    await vscode.env.clipboard.writeText(saved);
  }
}
