// The exclusion rules of the open workspace: `bedrockHaiku.exclude` plus each folder's `.haikuignore`,
// re-read when either changes. Any feature may use it before sending a file's text.

import * as vscode from 'vscode';
import { ExclusionRules, isSecretFileName, type ExclusionResult } from '../privacy/exclude';
import { unionOfLevels } from '../shared/config';

export const HAIKUIGNORE = '.haikuignore';

export interface WorkspaceExclusions extends vscode.Disposable {
  /** Resolves once every folder's `.haikuignore` has been read. */
  readonly ready: Promise<void>;
  isExcluded(uri: vscode.Uri): ExclusionResult;
}

export function createWorkspaceExclusions(): WorkspaceExclusions {
  const ignoreFiles = new Map<string, string>();
  const disposables: vscode.Disposable[] = [];
  const rulesByFolder = new Map<string, ExclusionRules>();

  // Every level adds patterns: a cloned repository's settings must not be able to drop the user's own.
  const globsFor = (scope?: vscode.Uri) => {
    const i = vscode.workspace.getConfiguration('bedrockHaiku', scope).inspect<string[]>('exclude');
    return unionOfLevels(i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue);
  };
  const rebuild = () => rulesByFolder.clear();

  const readIgnore = async (folder: vscode.WorkspaceFolder) => {
    const uri = vscode.Uri.joinPath(folder.uri, HAIKUIGNORE);
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      ignoreFiles.set(folder.uri.toString(), new TextDecoder().decode(bytes));
    } catch {
      ignoreFiles.delete(folder.uri.toString());
    }
    rebuild();
  };
  const readAll = () => Promise.all((vscode.workspace.workspaceFolders ?? []).map(readIgnore)).then(() => undefined);

  const ready = readAll();
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${HAIKUIGNORE}`);
  const onIgnoreChange = (uri: vscode.Uri) => {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    // Only the file at a folder's root counts.
    if (folder && vscode.Uri.joinPath(folder.uri, HAIKUIGNORE).toString() === uri.toString()) void readIgnore(folder);
  };
  disposables.push(
    watcher,
    watcher.onDidCreate(onIgnoreChange),
    watcher.onDidChange(onIgnoreChange),
    watcher.onDidDelete(onIgnoreChange),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void readAll()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bedrockHaiku.exclude')) rebuild();
    }),
  );

  return {
    ready,
    isExcluded(uri: vscode.Uri): ExclusionResult {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) {
        // Outside the workspace: names and globs only (no .haikuignore applies).
        if (isSecretFileName(uri.path)) return { excluded: true, reason: 'its name looks like a secrets file' };
        return new ExclusionRules({ globs: globsFor(uri) }).isExcluded(uri.path);
      }
      const key = folder.uri.toString();
      let rules = rulesByFolder.get(key);
      if (!rules) {
        rules = new ExclusionRules({ globs: globsFor(folder.uri), haikuignore: ignoreFiles.get(key) });
        rulesByFolder.set(key, rules);
      }
      return rules.isExcluded(vscode.workspace.asRelativePath(uri, false));
    },
    dispose() {
      for (const d of disposables) d.dispose();
    },
  };
}
