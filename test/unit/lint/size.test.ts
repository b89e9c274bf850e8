// No source file over 400 lines, no function over 80 (STYLE.md: a file that needs a table of contents is
// two files). Measured with the TypeScript parser on src/ and the test runners in test/run/; a function's
// lines include the functions nested in it, as eslint's max-lines-per-function counts them.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '../../..');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
const DIRS = ['src', 'test/run'];

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

function functionName(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return ts.isIdentifier(parent.name) ? parent.name.text : '(anonymous)';
  }
  return '(anonymous)';
}

/** `path:line name (n lines)` for every file and function past its limit. */
export function oversized(dirs = DIRS): string[] {
  const out: string[] = [];
  for (const file of dirs.flatMap((d) => tsFiles(path.join(root, d)))) {
    const text = fs.readFileSync(file, 'utf8');
    const rel = path.relative(root, file);
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const lines = source.getLineAndCharacterOfPosition(source.getEnd()).line + (text.endsWith('\n') ? 0 : 1);
    if (lines > MAX_FILE_LINES) out.push(`${rel}: ${lines} lines (file)`);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > MAX_FUNCTION_LINES) out.push(`${rel}:${start + 1} ${functionName(node)}: ${end - start + 1} lines`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

describe('lint: sizes', () => {
  it(`no file in ${DIRS.join(', ')} is over ${MAX_FILE_LINES} lines and no function over ${MAX_FUNCTION_LINES}`, () => {
    assert.deepEqual(oversized(), []);
  });

  it('the check sees a long function and a long file', () => {
    const dir = fs.mkdtempSync(path.join(root, 'out', 'size-'));
    try {
      const body = Array.from({ length: 85 }, (_, i) => `  const v${i} = ${i};`).join('\n');
      fs.writeFileSync(path.join(dir, 'long.ts'), `export function long(): void {\n${body}\n}\n` + 'export const x = 1;\n'.repeat(320));
      const found = oversized([path.relative(root, dir)]);
      assert.equal(found.length, 2, found.join('\n'));
      assert.match(found[0], /long\.ts: 407 lines \(file\)/);
      assert.match(found[1], /long\.ts:1 long: 87 lines/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
