// The parse gate on realistic broken answers: what it catches that the rules alone let through, and where
// it must leave the rules' answer alone (an error the file already had, else / catch chains, open blocks).

import * as assert from 'node:assert/strict';
import { postProcess } from '../../../../src/completion/postprocess';
import { wantsMultiline } from '../../../../src/completion/syntax';
import { GrammarLoader } from '../../../../src/completion/parse/loader';
import { gateInsertion } from '../../../../src/completion/parse/gate';
import { syntaxCheck, type SyntaxCheck } from '../../../../src/completion/parse/syntaxCheck';
import { GRAMMAR_DIR } from '../../../bench/completions/offline';
import { ctxAt } from '../cursorDoc';

const LANGUAGES = ['typescript', 'python', 'go', 'java', 'rust', 'csharp'];

describe('parse gate', () => {
  let loader: GrammarLoader;
  let syntax: SyntaxCheck;
  before(async () => {
    loader = new GrammarLoader({ dir: GRAMMAR_DIR });
    for (const l of LANGUAGES) assert.ok(await loader.whenReady(l), l);
    // Without the time guard: what the gate decides, whatever the machine's load (the guard has its own test).
    syntax = syntaxCheck(loader, { budgetMs: Infinity });
  });
  after(() => loader.dispose());

  /** The insertion without and with the gate, the multi-line decision as the engine makes it. */
  function shape(languageId: string, doc: string, raw: string): { rules?: string; gated?: string } {
    const ctx = ctxAt(doc);
    const input = { raw: `<insert>${raw}</insert>`, ctx, multiline: wantsMultiline(ctx), prefilled: '', languageId };
    return { rules: postProcess(input)?.insertText, gated: postProcess({ ...input, syntax })?.insertText };
  }

  describe('catches what the rules let through', () => {
    it('TypeScript: an unbalanced paren on the second line cuts the answer before it', () => {
      const r = shape('typescript', 'function total(items: Item[]): number {\n  █\n}\n', "const sum = items.reduce((a, b) => a + b.price, 0);\n  console.log('sum', sum;\n  return sum;");
      assert.equal(r.rules, "const sum = items.reduce((a, b) => a + b.price, 0);\n  console.log('sum', sum;\n  return sum;");
      assert.equal(r.gated, 'const sum = items.reduce((a, b) => a + b.price, 0);');
    });

    it('TypeScript: an unbalanced paren on the first line drops the answer (no line of it is whole)', () => {
      const r = shape('typescript', 'function total(items: Item[]): number {\n  █\n}\n', 'const sum = items.reduce((a, b) => a + b.price, 0;\n  return sum;');
      assert.ok(r.rules);
      assert.equal(r.gated, undefined);
    });

    it('TypeScript: a closer the file already has, written again at the end of a line, is taken off', () => {
      const r = shape('typescript', 'function f(a: number) {\n  if (a > 0) {\n    █\n  }\n  return a;\n}\n', 'a = a * 2; }\n  a = a + 1;');
      assert.equal(r.rules, 'a = a * 2; }');
      assert.equal(r.gated, 'a = a * 2;');
    });

    it('Python: a half statement at the end (the answer ran out of tokens) is cut', () => {
      const r = shape('python', 'def total(items):\n    █\n', 'total = 0\n    for x in items:\n        total += x.price\n    return total if total > 0 else');
      assert.equal(r.rules, 'total = 0\n    for x in items:\n        total += x.price\n    return total if total > 0 else');
      assert.equal(r.gated, 'total = 0\n    for x in items:\n        total += x.price');
    });

    it('Go: a half expression in the middle cuts the answer before it', () => {
      const r = shape('go', 'package main\n\nfunc Add(a, b int) int {\n\tif a < 0 {\n\t\t█\n\t}\n\treturn a + b\n}\n', 'a = -a\n\t\tb = b +\n\t\treturn a');
      assert.equal(r.rules, 'a = -a\n\t\tb = b +\n\t\treturn a');
      assert.equal(r.gated, 'a = -a');
    });

    it('Java: an unclosed bracket on the first line drops the answer', () => {
      const r = shape('java', 'class A {\n    void f() {\n        █\n    }\n}\n', 'int[] a = new int[3;\n        a[0] = 1;');
      assert.equal(r.rules, 'int[] a = new int[3;\n        a[0] = 1;');
      assert.equal(r.gated, undefined);
    });

    it('C#: an unclosed call in the middle cuts the answer before it', () => {
      const r = shape('csharp', 'class A {\n    void F() {\n        █\n    }\n}\n', 'var list = new List<int>();\n        list.Add(1;\n        return;');
      assert.equal(r.gated, 'var list = new List<int>();');
    });

    it('Rust: a broken macro call inside a loop drops the loop rather than show half of it', () => {
      const r = shape('rust', 'fn main() {\n    let v = vec![1, 2, 3];\n    █\n}\n', 'for x in &v {\n        println!("{}", x;\n    }');
      assert.ok(r.rules);
      assert.equal(r.gated, undefined);
    });
  });

  describe('cuts at the end of the block that holds the cursor', () => {
    it('Rust: past the method, the invented next method goes; the closers of an unfinished file stay', () => {
      // The file ends inside the method (nothing below the cursor): the rules keep what balances.
      const ctx = ctxAt('impl Cart {\n    fn total(&self) -> u32 {\n        █');
      const insertText = 'self.items.iter().sum()\n    }\n\n    fn count(&self) -> usize {\n        self.items.len()\n    }\n}';
      const out = gateInsertion(loader.parserFor('rust')!, { insertText, replaceSuffixChars: 0 }, ctx, { budgetMs: Infinity });
      assert.equal(out.action, 'blockEnd');
      assert.equal(out.result?.insertText, 'self.items.iter().sum()\n    }');
      const closers = gateInsertion(loader.parserFor('rust')!, { insertText: 'self.items.iter().sum()\n    }\n}', replaceSuffixChars: 0 }, ctx, { budgetMs: Infinity });
      assert.equal(closers.action, 'kept');
    });
  });

  describe('block end, read from the parse', () => {
    const gate = (language: string, doc: string, insertText: string) => gateInsertion(loader.parserFor(language)!, { insertText, replaceSuffixChars: 0 }, ctxAt(doc), { budgetMs: Infinity });

    it('Python: the function body ends before the next function the answer invents', () => {
      const out = gate('python', 'import os\n\ndef home():\n    █', 'return os.environ["HOME"]\n\ndef user():\n    return os.environ["USER"]');
      assert.equal(out.action, 'blockEnd');
      assert.equal(out.result?.insertText, 'return os.environ["HOME"]');
    });

    it('TypeScript: an else after the block is a chain, not code past the block', () => {
      const insertText = 'log(a);\n  } else {\n    log(0);\n  }\n}';
      const out = gate('typescript', 'function f(a: number) {\n  if (a) {\n    █', insertText);
      assert.equal(out.action, 'kept');
      assert.equal(out.result?.insertText, insertText);
    });
  });

  describe('leaves the rules alone', () => {
    it('when the file already had the error near the cursor', () => {
      // The half-typed line in the function above is the file's; the answer adds nothing wrong.
      const doc = 'function g() {\n  let x = 1 +;\n}\n\nfunction f(a: number) {\n  █\n}\n';
      const r = shape('typescript', doc, 'const c = a * 2;\n  return c;');
      assert.equal(r.gated, 'const c = a * 2;\n  return c;');
      // The same answer with an error of its own is still cut.
      assert.equal(shape('typescript', doc, 'const c = a * 2;\n  return c +;').gated, 'const c = a * 2;');
    });

    it('keeps else, except and catch chains', () => {
      const ts = shape('typescript', 'function f(a: number) {\n  if (a > 0) {\n    █\n  }\n}\n', 'return 1;\n  } else {\n    return 2;');
      assert.equal(ts.gated, 'return 1;\n  } else {\n    return 2;');
      const py = shape('python', 'def f():\n    try:\n        █\n', 'run()\n    except Exception as e:\n        log(e)');
      assert.equal(py.gated, 'run()\n    except Exception as e:\n        log(e)');
      const tc = shape('typescript', 'function f() {\n  try {\n    █\n  }\n}\n', 'run();\n  } catch (e) {\n    log(e);');
      assert.equal(tc.gated, 'run();\n  } catch (e) {\n    log(e);');
    });

    it('keeps a block the answer leaves open (cut at its line budget): unfinished, not wrong', () => {
      const ctx = ctxAt('function f(items: number[]) {\n  █\n}\n');
      const insertText = 'for (const x of items) {\n    if (x > 0) {\n      log(x);';
      const out = gateInsertion(loader.parserFor('typescript')!, { insertText, replaceSuffixChars: 0 }, ctx, { budgetMs: Infinity });
      assert.equal(out.result?.insertText, insertText);
    });

    it('leaves the rules\' answer when the parses take longer than the gate may (a clock that jumps)', () => {
      const ctx = ctxAt('function total(items: Item[]): number {\n  █\n}\n');
      const broken = { insertText: "const sum = 1;\n  console.log('sum', sum;\n  return sum;", replaceSuffixChars: 0 };
      let t = 0;
      const out = gateInsertion(loader.parserFor('typescript')!, broken, ctx, { budgetMs: 6, now: () => (t += 5) });
      assert.equal(out.action, 'overBudget');
      assert.deepEqual(out.result, broken);
      // With time to spare, the same answer is cut.
      assert.equal(gateInsertion(loader.parserFor('typescript')!, broken, ctx, { budgetMs: Infinity }).action, 'cut');
    });

    it('keeps a one-line answer that opens what the user goes on typing', () => {
      const r = shape('typescript', 'const total = █\n', 'items.reduce((a, b) =>');
      assert.equal(r.gated, r.rules);
      assert.ok(r.gated);
    });

    it('keeps a clean answer unchanged, and a language without a grammar goes by the rules', () => {
      const go = shape('go', 'func f() error {\n\t█\n}\n', 'if err := run(); err != nil {\n\t\treturn err\n\t}\n\treturn nil');
      assert.equal(go.gated, 'if err := run(); err != nil {\n\t\treturn err\n\t}\n\treturn nil');
      const kt = shape('kotlin', 'fun f() {\n    █\n}\n', 'val a = listOf(1, 2;\n    println(a)');
      assert.equal(kt.gated, kt.rules);
    });
  });
});
