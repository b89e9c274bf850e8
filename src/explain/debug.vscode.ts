// Watches every debug session for `stopped` events with reason `exception` (a tracker for all debug types),
// keeps the latest one while the session stays stopped, sets a context key for the debug toolbar and the
// Call Stack menu, and gathers the context through the stopped session's own DAP requests.

import * as vscode from 'vscode';
import { Disposables } from '../shared/disposables';
import { dapPathToFsPath, exceptionHeadline, gatherDebugContext, type DapExceptionInfo, type DebugContext, type DebugStop } from './debugContext';
import type { WorkspaceExclusions } from '../privacy/workspaceExclusions.vscode';
import { readExplainSettings } from './settings.vscode';

export const EXCEPTION_CONTEXT_KEY = 'bedrockHaiku.exceptionStopped';

export interface ExceptionStop {
  session: vscode.DebugSession;
  stop: DebugStop;
  at: number;
}

interface DapMessage {
  type?: string;
  event?: string;
  body?: { reason?: string; threadId?: number; description?: string; text?: string; allThreadsStopped?: boolean };
}

export class ExceptionWatcher implements vscode.Disposable {
  private current: ExceptionStop | undefined;
  private readonly disposables = new Disposables();
  /** Notified exceptions, so a loop that throws the same error does not pile up notifications. */
  private readonly offered = new Set<string>();

  constructor(private readonly onOffer: (stop: ExceptionStop, headline: string) => void) {
    this.disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: DapMessage) => this.onMessage(session, m),
          onWillStopSession: () => this.clear(session),
          onExit: () => this.clear(session),
        }),
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        this.clear(s);
        for (const key of [...this.offered]) if (key.startsWith(`${s.id}\n`)) this.offered.delete(key);
      }),
    );
    void this.setContext(false);
  }

  private onMessage(session: vscode.DebugSession, m: DapMessage): void {
    if (m?.type !== 'event') return;
    if (m.event === 'stopped') {
      if (m.body?.reason === 'exception') {
        const stop: DebugStop = { threadId: m.body.threadId ?? -1, reason: 'exception', description: m.body.description, text: m.body.text };
        this.current = { session, stop, at: Date.now() };
        void this.setContext(true);
        const key = `${session.id}\n${stop.text ?? stop.description ?? ''}`;
        if (!this.offered.has(key) && readExplainSettings().offerOnException) {
          this.offered.add(key);
          const current = this.current;
          void describeException(current).then((headline) => {
            if (this.current === current) this.onOffer(current, headline);
          });
        }
      } else if (this.current?.session.id === session.id) {
        // Stopped again for another reason: the exception stop is over.
        this.clear(session);
      }
    } else if ((m.event === 'continued' || m.event === 'terminated' || m.event === 'exited') && this.current?.session.id === session.id) {
      this.clear(session);
    }
  }

  private clear(session: vscode.DebugSession): void {
    if (this.current?.session.id !== session.id) return;
    this.current = undefined;
    void this.setContext(false);
  }

  private setContext(value: boolean): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', EXCEPTION_CONTEXT_KEY, value);
  }

  /** The exception stop still in effect, if any. */
  latest(): ExceptionStop | undefined {
    return this.current;
  }

  dispose(): void {
    this.disposables.dispose();
    void this.setContext(false);
  }
}

/** A one-line name for the notification; the stopped event itself often says only "Paused on exception". */
async function describeException(stop: ExceptionStop): Promise<string> {
  try {
    const info = (await stop.session.customRequest('exceptionInfo', { threadId: stop.stop.threadId })) as DapExceptionInfo | undefined;
    return exceptionHeadline({ exceptionId: info?.exceptionId, description: info?.description ?? stop.stop.text, message: info?.details?.message });
  } catch {
    return exceptionHeadline({ description: stop.stop.text ?? stop.stop.description });
  }
}

async function readLines(path: string, from: number, to: number): Promise<string[] | undefined> {
  const uri = vscode.Uri.file(dapPathToFsPath(path));
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === uri.fsPath);
  if (open) {
    const out: string[] = [];
    for (let i = from - 1; i < Math.min(to, open.lineCount); i++) out.push(open.lineAt(i).text);
    return out;
  }
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > 5_000_000) return undefined;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return text.split(/\r?\n/).slice(from - 1, to);
}

export async function gatherFromException(stop: ExceptionStop, exclusions: WorkspaceExclusions): Promise<DebugContext> {
  const { session } = stop;
  let threadId = stop.stop.threadId;
  if (threadId < 0) {
    // allThreadsStopped without a thread id: the first thread is the one the adapter reports.
    const threads = (await session.customRequest('threads')) as { threads?: { id: number }[] } | undefined;
    threadId = threads?.threads?.[0]?.id ?? 0;
  }
  const settings = readExplainSettings();
  // Re-read every folder's .haikuignore once; then one synchronous verdict per stack frame.
  await exclusions.refresh();
  return gatherDebugContext({
    stop: { ...stop.stop, threadId },
    request: (command, args) => Promise.resolve(session.customRequest(command, args)),
    readLines,
    limits: { budgetTokens: settings.maxContextTokens },
    displayPath: (p) => vscode.workspace.asRelativePath(vscode.Uri.file(dapPathToFsPath(p)), false),
    isExcluded: (p) => exclusions.isExcluded(vscode.Uri.file(dapPathToFsPath(p))).excluded,
    workspaceRoots: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
  });
}
