// The one place the workspace's exclusion rules are loaded: `bedrockHaiku.exclude` (every settings level,
// see unionOfLevels) plus each workspace folder's own `.haikuignore` and the secret-name rule. Created once
// by src/extension.ts and shared through `services.exclusions`, so completions, chat and explain cannot
// disagree about a file.

import * as vscode from 'vscode';
import { ExclusionRules, type ExclusionResult } from './exclude';
import { unionOfLevels } from '../shared/config';

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
  /** `.haikuignore` text by folder URI; absent when the folder has none. */
  const ignoreFiles = new Map<string, string>();
  const rulesByFolder = new Map<string, ExclusionRules>();
  /** Per folder, the newest read: an older read finishing late must not overwrite it. */
  const generation = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  const disposables: vscode.Disposable[] = [];

  // Every level adds patterns: a cloned repository's settings must not be able to drop the user's own.
  const globsFor = (scope?: vscode.Uri) => {
    const i = vscode.workspace.getConfiguration('bedrockHaiku', scope).inspect<string[]>('exclude');
    return unionOfLevels(i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue);
  };

  const readIgnore = (folder: vscode.WorkspaceFolder): void => {
    const key = folder.uri.toString();
    const gen = (generation.get(key) ?? 0) + 1;
    generation.set(key, gen);
    const read = (async () => {
      let text: string | undefined;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, HAIKUIGNORE)));
      } catch {
        text = undefined;
      }
      if (generation.get(key) !== gen || ignoreFiles.get(key) === text) return;
      if (text === undefined) ignoreFiles.delete(key);
      else ignoreFiles.set(key, text);
      rulesByFolder.delete(key);
    })();
    pending.add(read);
    void read.finally(() => pending.delete(read));
  };
  const readAll = () => {
    for (const folder of vscode.workspace.workspaceFolders ?? []) readIgnore(folder);
  };

  readAll();
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${HAIKUIGNORE}`);
  const onIgnoreChange = (uri: vscode.Uri) => {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    // Only the file at a folder's root counts.
    if (folder && vscode.Uri.joinPath(folder.uri, HAIKUIGNORE).toString() === uri.toString()) readIgnore(folder);
  };
  disposables.push(
    watcher,
    watcher.onDidCreate(onIgnoreChange),
    watcher.onDidChange(onIgnoreChange),
    watcher.onDidDelete(onIgnoreChange),
    // Saving in the editor is reported here at once; the file watcher can lag behind.
    vscode.workspace.onDidSaveTextDocument((doc) => onIgnoreChange(doc.uri)),
    vscode.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const f of e.removed) {
        const key = f.uri.toString();
        generation.set(key, (generation.get(key) ?? 0) + 1);
        ignoreFiles.delete(key);
        rulesByFolder.delete(key);
      }
      readAll();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bedrockHaiku.exclude')) rulesByFolder.clear();
    }),
  );

  const isExcluded = (uri: vscode.Uri): ExclusionResult => {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    // Outside every folder (or untitled): the secret names and the globs, matched against the path.
    if (!folder) return new ExclusionRules({ globs: globsFor(uri) }).isExcluded(uri.path);
    const key = folder.uri.toString();
    let rules = rulesByFolder.get(key);
    if (!rules) {
      rules = new ExclusionRules({ globs: globsFor(folder.uri), haikuignore: ignoreFiles.get(key) });
      rulesByFolder.set(key, rules);
    }
    return rules.isExcluded(vscode.workspace.asRelativePath(uri, false));
  };

  // Waits until no read is in flight, not only one's own: a newer read (the watcher's) may have superseded it
  // and must land before a verdict is given.
  const settled = async () => {
    while (pending.size) await Promise.all([...pending]);
  };

  return {
    get ready() {
      return settled();
    },
    isExcluded,
    async check(uri) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder) readIgnore(folder);
      await settled();
      return isExcluded(uri);
    },
    async refresh() {
      readAll();
      await settled();
    },
    dispose() {
      for (const d of disposables) d.dispose();
    },
  };
}
