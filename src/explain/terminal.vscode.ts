// Failed terminal commands, through shell integration: every execution's output is read as it runs (the
// stream only holds data written after read() is first called), keeping a bounded tail; when one ends
// with a non-zero exit code it becomes "the last failed command" of its terminal.

import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposables } from '../shared/disposables';
import type { TerminalInput } from './terminalContext';
import { readExplainSettings } from './settings.vscode';

/** Raw characters kept per execution: far more than any budget needs, and bounded however long it runs. */
const MAX_RAW_CHARS = 200_000;

export interface FailedCommand {
  terminal: vscode.Terminal;
  commandLine: string;
  exitCode: number;
  cwd?: string;
  /** Settles once the execution's output stream has drained (or after a short grace period). */
  output: Promise<string>;
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
  private readonly disposables = new Disposables();

  constructor(private readonly onOffer: (failed: FailedCommand) => void) {
    this.disposables.push(
      vscode.window.onDidStartTerminalShellExecution((e) => this.capture(e.execution)),
      vscode.window.onDidEndTerminalShellExecution((e) => this.ended(e)),
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

  private ended(e: vscode.TerminalShellExecutionEndEvent): void {
    const cap = this.captures.get(e.execution);
    this.captures.delete(e.execution);
    if (e.exitCode === undefined || e.exitCode === 0) return;
    // Recorded at once (a command run right after sees it); the stream's last chunks may still be arriving.
    const drained = cap ? Promise.race([cap.done, new Promise<void>((r) => setTimeout(r, 500))]) : Promise.resolve();
    const cwd = e.execution.cwd ?? e.terminal.shellIntegration?.cwd;
    const failed: FailedCommand = {
      terminal: e.terminal,
      commandLine: e.execution.commandLine.value,
      exitCode: e.exitCode,
      cwd: cwd ? describeCwd(cwd) : undefined,
      output: drained.then(() => (cap ? cap.chunks.join('').slice(-MAX_RAW_CHARS) : '')),
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
    this.disposables.dispose();
    this.captures.clear();
    this.lastFailed.clear();
  }
}

/** Relative to the workspace ("." for its root), else with the home directory shortened to "~". */
function describeCwd(cwd: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(cwd);
  if (folder) {
    const rel = vscode.workspace.asRelativePath(cwd, false);
    return rel === cwd.fsPath || rel === cwd.path || rel === '' ? '.' : rel;
  }
  const home = os.homedir();
  return cwd.fsPath.startsWith(home + path.sep) || cwd.fsPath === home ? '~' + cwd.fsPath.slice(home.length) : cwd.fsPath;
}

export async function failedCommandInput(failed: FailedCommand, budgetTokens: number): Promise<TerminalInput> {
  return {
    commandLine: failed.commandLine,
    exitCode: failed.exitCode,
    cwd: failed.cwd,
    shell: failed.terminal.state.shell,
    output: await failed.output,
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
