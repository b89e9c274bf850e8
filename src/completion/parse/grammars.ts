// Which of the grammars VS Code ships (`@vscode/tree-sitter-wasm`) parses which VS Code language. Only
// exact matches: C is not handed to the C++ grammar, nor SCSS to the CSS one, where a valid file of the
// one language would read as errors in the other.

const GRAMMARS: Record<string, string> = {
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
  java: 'java',
  go: 'go',
  rust: 'rust',
  csharp: 'c-sharp',
  cpp: 'cpp',
  php: 'php',
  ruby: 'ruby',
  shellscript: 'bash',
  css: 'css',
  powershell: 'powershell',
};

/** The grammar's file name for a VS Code language id, or undefined when none fits (the rules alone apply). */
export function grammarFile(languageId: string | undefined): string | undefined {
  const g = languageId ? GRAMMARS[languageId] : undefined;
  return g && `tree-sitter-${g}.wasm`;
}
