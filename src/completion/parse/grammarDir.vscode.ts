// Where VS Code keeps its own copy of web-tree-sitter and the grammars (`@vscode/tree-sitter-wasm`, 1.10x and
// later): read from there, nothing is added to the .vsix. An older or repackaged VS Code without it: the
// loader fails once per language and the rules alone apply.

import * as path from 'node:path';
import * as vscode from 'vscode';

export function vscodeGrammarDir(): string {
  return path.join(vscode.env.appRoot, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
}
