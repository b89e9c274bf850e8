// Exclusion rules for the file an explanation reads: `bedrockHaiku.exclude` plus the `.haikuignore` of the
// file's workspace folder. Read per request: explaining is rare, and a just-edited .haikuignore then counts.

import * as vscode from 'vscode';
import { ExclusionRules, isSecretFileName } from '../privacy';
import type { Services } from '../shared/services';

export interface ExclusionCheck {
  excluded: boolean;
  reason?: string;
}

async function readHaikuignore(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.haikuignore'));
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

export class ExplainExclusions {
  constructor(private readonly services: Services) {}

  async check(uri: vscode.Uri): Promise<ExclusionCheck> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) {
      // Outside every workspace folder only the secret-name rule can apply.
      return isSecretFileName(uri.path) ? { excluded: true, reason: 'its name looks like a secrets file' } : { excluded: false };
    }
    const rules = new ExclusionRules({ globs: this.services.config().exclude, haikuignore: await readHaikuignore(folder) });
    return rules.isExcluded(vscode.workspace.asRelativePath(uri, false));
  }

  /** A synchronous checker for many paths at once (debugger frames): rules loaded once per folder. */
  async checker(): Promise<(fsPath: string) => boolean> {
    const byFolder = new Map<string, ExclusionRules>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      byFolder.set(folder.uri.toString(), new ExclusionRules({ globs: this.services.config().exclude, haikuignore: await readHaikuignore(folder) }));
    }
    return (fsPath: string) => {
      const uri = vscode.Uri.file(fsPath);
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const rules = folder && byFolder.get(folder.uri.toString());
      if (!rules) return isSecretFileName(fsPath);
      return rules.isExcluded(vscode.workspace.asRelativePath(uri, false)).excluded;
    };
  }
}
