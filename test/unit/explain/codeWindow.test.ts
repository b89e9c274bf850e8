import * as assert from 'node:assert';
import {
  enclosingBlocks,
  excerptAround,
  formatExcerpt,
  scanBracePairs,
  MAX_LINE_CHARS,
} from '../../../src/explain/codeWindow';
import { findImports, selectImports } from '../../../src/explain/imports';

const lines = (s: string) => s.replace(/^\n/, '').split('\n');
const lineOf = (ls: string[], needle: string) => {
  const i = ls.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle}`);
  return i;
};
const shown = (ex: ReturnType<typeof excerptAround>) => ex.segments.flatMap((s) => s.lines).join('\n');

const TS = lines(`
import { readFile } from 'node:fs/promises';
import {
  parse,
  stringify,
} from './codec';
const helper = require('./helper');

export interface Config { retries: number }

export class Loader {
  private cache = new Map<string, Config>();

  async load(path: string): Promise<Config> {
    const text = await readFile(path, 'utf8');
    if (text.length === 0) {
      throw new Error('empty');
    }
    const parsed: Config = parse(text);
    return parsed;
  }

  clear(): void {
    this.cache.clear();
  }
}

export function top(a: number, b: number): number {
  const s = \`{ not a brace \${a} }\`; // } nor this {
  /* { neither
     this } */
  return a + b;
}
`);

describe('explain/codeWindow: braces', () => {
  it('matches braces while skipping strings, template literals and comments', () => {
    const pairs = scanBracePairs(TS, 'typescript');
    const top = lineOf(TS, 'export function top');
    const pair = pairs.find((p) => p.openLine === top);
    assert.ok(pair, 'the function brace was not matched');
    assert.strictEqual(TS[pair.closeLine], '}');
    assert.strictEqual(pair.closeLine, TS.length - 2, 'the last line of the file is empty');
  });

  it('finds the innermost function around a line, then the class', () => {
    const blocks = enclosingBlocks(TS, lineOf(TS, 'const parsed'), 'typescript');
    assert.deepStrictEqual(blocks.map((b) => b.kind), ['function', 'class']);
    assert.match(blocks[0].header, /async load\(path: string\): Promise<Config> \{/);
    assert.strictEqual(blocks[0].end, lineOf(TS, 'return parsed') + 1);
  });

  it('does not take an if-block or an object literal for a function', () => {
    const inIf = enclosingBlocks(TS, lineOf(TS, "throw new Error('empty')"), 'typescript');
    assert.strictEqual(inIf[0].kind, 'other');
    assert.strictEqual(inIf[1].kind, 'function');
    const obj = lines(`
const settings = {
  retries: 3,
  nested: {
    deep: true,
  },
};`);
    assert.ok(enclosingBlocks(obj, 4, 'typescript').every((b) => b.kind === 'other'));
  });

  it('recognises arrow functions, callbacks and Allman-style C# methods', () => {
    const js = lines(`
describe('suite', () => {
  items.forEach((item) => {
    use(item);
  });
});`);
    const b = enclosingBlocks(js, 3, 'javascript');
    assert.deepStrictEqual(b.map((x) => x.kind), ['function', 'function']);

    const cs = lines(`
public class Shop
{
    public decimal Total(IEnumerable<Item> items)
    {
        return items.Sum(i => i.Price);
    }
}`);
    const c = enclosingBlocks(cs, 4, 'csharp');
    assert.strictEqual(c[0].kind, 'function');
    assert.strictEqual(c[0].headerStart, 2, 'the signature on the line above the brace belongs to the method');
    assert.strictEqual(c[1].kind, 'class');
  });

  it('takes a multi-line parameter list and decorators into the header', () => {
    const ts = lines(`
class A {
  @Get()
  @Auth('admin')
  handle(
    req: Request,
    res: Response,
  ): void {
    res.send(req.body.missing);
  }
}`);
    const [fn] = enclosingBlocks(ts, 7, 'typescript');
    assert.strictEqual(fn.kind, 'function');
    assert.strictEqual(fn.headerStart, 1);
    assert.match(fn.header, /@Get\(\)[\s\S]*handle\(/);
  });

  it('counts an error on a signature line as inside that function', () => {
    const ts = lines(`
function f(
  a: number,
  b: strin,
) {
  return a;
}`);
    const blocks = enclosingBlocks(ts, 2, 'typescript');
    assert.strictEqual(blocks[0]?.kind, 'function');
    assert.strictEqual(blocks[0].headerStart, 0);
  });

  it('treats Go and Rust functions as functions and skips Rust lifetimes', () => {
    const go = lines(`
func (s *Server) Handle(w http.ResponseWriter, r *http.Request) error {
	if r == nil {
		return errors.New("nil")
	}
	return nil
}`);
    assert.deepStrictEqual(enclosingBlocks(go, 2, 'go').map((b) => b.kind), ['other', 'function']);
    const rs = lines(`
fn longest<'a>(x: &'a str, y: &'a str) -> &'a str {
    if x.len() > y.len() { x } else { y }
}`);
    const b = enclosingBlocks(rs, 1, 'rust');
    assert.strictEqual(b[b.length - 1].kind, 'function');
    assert.strictEqual(b[b.length - 1].end, 2);
  });

  it('ignores # comments in shell scripts but // is not a comment there', () => {
    const sh = lines(`
deploy() {
  # a stray } in a comment
  curl http://example.com/{a}
}`);
    const [fn] = enclosingBlocks(sh, 3, 'shellscript');
    assert.strictEqual(fn.end, 3);
  });
});

describe('explain/codeWindow: indentation', () => {
  const PY = lines(`
import os
from typing import (
    List,
    Dict,
)

class Repo:
    def __init__(self, root):
        self.root = root

    @property
    def files(self) -> List[str]:
        out = []
        for name in os.listdir(self.root):
            out.append(name + 1)

        return out

def main():
    Repo('.').files
`);

  it('finds the def and the class around a line, with decorators', () => {
    const blocks = enclosingBlocks(PY, lineOf(PY, 'out.append'), 'python');
    assert.deepStrictEqual(blocks.map((b) => b.kind), ['function', 'class']);
    assert.strictEqual(PY[blocks[0].headerStart].trim(), '@property');
    assert.strictEqual(blocks[0].end, lineOf(PY, 'return out'), 'a blank line inside the def does not end it');
  });

  it('does not put a top-level function inside the class before it', () => {
    const blocks = enclosingBlocks(PY, lineOf(PY, "Repo('.')"), 'python');
    assert.strictEqual(blocks.length, 1);
    assert.match(blocks[0].header, /def main/);
  });
});

describe('explain/codeWindow: excerpt', () => {
  it('sends the whole enclosing function when it fits, marking the error line', () => {
    const err = lineOf(TS, 'const parsed');
    const ex = excerptAround(TS, { start: err, end: err }, 'typescript', 500);
    const text = shown(ex);
    assert.match(text, /async load\(path: string\)/);
    assert.match(text, /return parsed;\n {2}\}$/);
    assert.doesNotMatch(text, /clear\(\): void/, 'the next method is not part of it');
    assert.strictEqual(ex.enclosing?.whole, true);
    const formatted = formatExcerpt(ex);
    assert.match(formatted, new RegExp(`^> ${err + 1} \\| {5}const parsed`, 'm'));
    assert.strictEqual(formatted.split('\n').filter((l) => l.startsWith('>')).length, 1);
  });

  it('grows from a callback to the function around it when both fit', () => {
    const js = lines(`
function outer(list) {
  const total = 0;
  list.forEach((x) => {
    total += x;
  });
  return total;
}`);
    const ex = excerptAround(js, { start: 3, end: 3 }, 'javascript', 500);
    assert.match(shown(ex), /^function outer/);
    assert.match(ex.enclosing!.header, /forEach/, 'enclosing still names the innermost function');
  });

  it('falls back to a window that keeps the signature when the function is over budget', () => {
    const body = Array.from({ length: 300 }, (_, i) => `  const v${i} = compute(${i}); // some filler text to cost tokens`);
    const src = ['export function huge(input: string) {', ...body, '}'];
    const err = 150;
    const ex = excerptAround(src, { start: err, end: err }, 'typescript', 400);
    assert.ok(ex.tokens <= 400, `excerpt costs ${ex.tokens} tokens`);
    assert.strictEqual(ex.segments.length, 2, 'signature + window');
    assert.strictEqual(ex.segments[0].lines[0], 'export function huge(input: string) {');
    const win = ex.segments[1];
    assert.ok(win.startLine < err && win.startLine + win.lines.length - 1 > err, 'the window surrounds the error');
    const above = err - win.startLine;
    const below = win.startLine + win.lines.length - 1 - err;
    assert.ok(above > below, `more context above (${above}) than below (${below})`);
    assert.match(formatExcerpt(ex), /\n\s+…\n/, 'the gap is shown');
    assert.strictEqual(ex.enclosing?.whole, false);
  });

  it('uses a window when there is no function (top-level script)', () => {
    const src = Array.from({ length: 100 }, (_, i) => `print(${i})`);
    const ex = excerptAround(src, { start: 50, end: 50 }, 'python', 100);
    assert.strictEqual(ex.segments.length, 1);
    assert.ok(ex.segments[0].startLine > 0 && ex.segments[0].lines.length < 100);
    assert.strictEqual(ex.enclosing, undefined);
  });

  it('cuts very long (minified) lines and still shows the error line', () => {
    const src = ['const a = 1;', 'x'.repeat(50_000), 'const b = 2;'];
    const ex = excerptAround(src, { start: 1, end: 1 }, 'javascript', 300);
    assert.ok(ex.segments.flatMap((s) => s.lines).every((l) => l.length <= MAX_LINE_CHARS));
    assert.match(formatExcerpt(ex), /^> 2 \| x+…$/m);
  });

  it('clamps a range beyond the end of the file and handles an empty file', () => {
    const ex = excerptAround(['a', 'b'], { start: 7, end: 9 }, 'plaintext', 100);
    assert.deepStrictEqual(ex.marked, { start: 1, end: 1 });
    assert.deepStrictEqual(excerptAround([], { start: 0, end: 0 }, 'plaintext', 100).segments, []);
  });

  it('cuts a huge error range to what the budget allows', () => {
    const src = Array.from({ length: 400 }, (_, i) => `line ${i} with some words in it`);
    const ex = excerptAround(src, { start: 10, end: 390 }, 'plaintext', 200);
    assert.ok(ex.tokens <= 200);
    assert.ok(ex.marked.end < 390);
    assert.strictEqual(ex.marked.start, 10);
  });
});

describe('explain/codeWindow: imports', () => {
  it('finds single and multi-line TS imports and require calls', () => {
    const imports = findImports(TS, 'typescript');
    assert.deepStrictEqual(
      imports.map((i) => i.line),
      [0, 1, 5],
    );
    assert.match(imports[1].text, /parse,\n {2}stringify,\n\} from '.\/codec';/);
  });

  it('finds Python imports including parenthesised ones, not indented ones', () => {
    const py = lines(`
import os
from typing import (
    List,
)
def f():
    import json
`);
    const imports = findImports(py, 'python');
    assert.deepStrictEqual(imports.map((i) => i.text.split('\n')[0]), ['import os', 'from typing import (']);
    assert.strictEqual(imports[1].text.split('\n').length, 3);
  });

  it('knows Go, Rust, Java, C#, C and an unknown language', () => {
    assert.strictEqual(findImports(lines('package main\nimport (\n\t"fmt"\n\t"os"\n)\nfunc main() {}'), 'go')[0].text.split('\n').length, 4);
    assert.deepStrictEqual(findImports(['use std::io;', 'use crate::{', '  a,', '};', 'fn main() {}'], 'rust').map((i) => i.line), [0, 1]);
    assert.strictEqual(findImports(['package x;', 'import java.util.List;', 'class A {}'], 'java').length, 1);
    assert.strictEqual(findImports(['using System;', 'using (var f = open()) {}'], 'csharp').length, 1, '`using (…)` is a statement, not an import');
    assert.strictEqual(findImports(['#include <stdio.h>', '# include "x.h"', 'int main() {}'], 'c').length, 2);
    assert.strictEqual(findImports(['require "json"', 'x = 1'], 'mylang').length, 1);
  });

  it('keeps imports within their budget and skips those already in the excerpt', () => {
    const src = [...Array.from({ length: 40 }, (_, i) => `import { thing${i} } from './module-number-${i}';`), 'function f() {', '  thing0();', '}'];
    const ex = excerptAround(src, { start: 41, end: 41 }, 'typescript', 60);
    const sel = selectImports(findImports(src, 'typescript'), ex, 80);
    assert.ok(sel.statements.length > 0 && sel.statements.length < 40);
    assert.strictEqual(sel.statements.length + sel.omitted, 40);
    // An error among the imports: the window shows them already, so they are not listed a second time.
    const near = excerptAround(src, { start: 2, end: 2 }, 'typescript', 120);
    const selNear = selectImports(findImports(src, 'typescript'), near, 10_000);
    assert.ok(!selNear.statements.some((s) => s.line === 2));
    assert.ok(selNear.statements.some((s) => s.line === 39));
  });
});
