// The one place the workspace's exclusion rules are loaded: `bedrockHaiku.exclude` (every settings level,
// see unionOfLevels) plus each workspace folder's own `.haikuignore` and the secret-name rule. Created once
// by src/extension.ts and shared through `services.exclusions`, so completions, chat and explain cannot
// disagree about a file.

import * as vscode from 'vscode';
import { ExclusionRules, type ExclusionResult } from './exclude';
import { unionOfLevels } from '../shared/config';
import { Disposables } from '../shared/disposables';

export const HAIKUIGNORE = '.haikuignore';

export interface WorkspaceExclusions extends vscode.Disposable {
  /** Resolves once every `.haikuignore` read started so far (at start-up or after a change) has finished. */
  readonly ready: Promise<void>;
  /** The verdict from the rules loaded so far (kept current by a file watcher): for hot paths like completions. */
  isExcluded(uri: vscode.Uri): ExclusionResult;
  /**
   * Reads the `.haikuignore` of the file's folder again first: for an explicit action (attach, explain), where
   * a file written a moment ago must count even if the watcher has not reported it yet.
   */
  check(uri: vscode.Uri): Promise<ExclusionResult>;
  /** Reads every folder's `.haikuignore` again; afterwards `isExcluded` answers for many files at once. */
  refresh(): Promise<void>;
}

export function createWorkspaceExclusions(): WorkspaceExclusions {
  return new WorkspaceExclusionRules();
}

// Every level adds patterns: a cloned repository's settings must not be able to drop the user's own.
function globsFor(scope?: vscode.Uri): string[] {
  const i = vscode.workspace.getConfiguration('bedrockHaiku', scope).inspect<string[]>('exclude');
  return unionOfLevels(i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue);
}

async function readIgnoreText(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, HAIKUIGNORE)));
  } catch {
    return undefined;
  }
}

class WorkspaceExclusionRules implements WorkspaceExclusions {
  /** `.haikuignore` text by folder URI; absent when the folder has none. */
  private readonly ignoreFiles = new Map<string, string>();
  private readonly rulesByFolder = new Map<string, ExclusionRules>();
  /** Per folder, the newest read: an older read finishing late must not overwrite it. */
  private readonly generation = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();
  private readonly disposables = new Disposables();

  constructor() {
    this.readAll();
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${HAIKUIGNORE}`);
    const onIgnoreChange = (uri: vscode.Uri) => this.onIgnoreChange(uri);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(onIgnoreChange),
      watcher.onDidChange(onIgnoreChange),
      watcher.onDidDelete(onIgnoreChange),
      // Saving in the editor is reported here at once; the file watcher can lag behind.
      vscode.workspace.onDidSaveTextDocument((doc) => onIgnoreChange(doc.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.forget(f.uri.toString());
        this.readAll();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('bedrockHaiku.exclude')) this.rulesByFolder.clear();
      }),
    );
  }

  get ready(): Promise<void> {
    return this.settled();
  }

  isExcluded(uri: vscode.Uri): ExclusionResult {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    // Outside every folder (or untitled): the secret names and the globs, matched against the path.
    if (!folder) return new ExclusionRules({ globs: globsFor(uri) }).isExcluded(uri.path);
    const key = folder.uri.toString();
    let rules = this.rulesByFolder.get(key);
    if (!rules) {
      rules = new ExclusionRules({ globs: globsFor(folder.uri), haikuignore: this.ignoreFiles.get(key) });
      this.rulesByFolder.set(key, rules);
    }
    return rules.isExcluded(vscode.workspace.asRelativePath(uri, false));
  }

  async check(uri: vscode.Uri): Promise<ExclusionResult> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) this.readIgnore(folder);
    await this.settled();
    return this.isExcluded(uri);
  }

  async refresh(): Promise<void> {
    this.readAll();
    await this.settled();
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private readIgnore(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    const gen = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, gen);
    const read = readIgnoreText(folder).then((text) => {
      if (this.generation.get(key) !== gen || this.ignoreFiles.get(key) === text) return;
      if (text === undefined) this.ignoreFiles.delete(key);
      else this.ignoreFiles.set(key, text);
      this.rulesByFolder.delete(key);
    });
    this.pending.add(read);
    void read.finally(() => this.pending.delete(read));
  }

  private readAll(): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.readIgnore(folder);
  }

  private onIgnoreChange(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    // Only the file at a folder's root counts.
    if (folder && vscode.Uri.joinPath(folder.uri, HAIKUIGNORE).toString() === uri.toString()) this.readIgnore(folder);
  }

  /** A folder left the workspace: its rules go, and a read still in flight for it is ignored. */
  private forget(key: string): void {
    this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
    this.ignoreFiles.delete(key);
    this.rulesByFolder.delete(key);
  }

  // Waits until no read is in flight, not only one's own: a newer read (the watcher's) may have superseded it
  // and must land before a verdict is given.
  private async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
