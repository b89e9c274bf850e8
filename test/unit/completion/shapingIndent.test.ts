import * as assert from 'node:assert/strict';
import { ctxAt } from './cursorDoc';
import { isCompleteEnough, postProcess } from '../../../src/completion/postprocess';

/** The insertion for `raw` at `█` in `doc`, or undefined when nothing would be shown. */
function shape(doc: string, raw: string, opts: { multiline?: boolean; language?: string } = {}): string | undefined {
  const ctx = ctxAt(doc);
  return postProcess({ raw, ctx, multiline: opts.multiline ?? true, languageId: opts.language ?? 'typescript' })?.insertText;
}

describe('indentation model', () => {
  it('reads continuation lines as absolute columns: a line left of the block ends it', () => {
    assert.equal(shape('def load(path):\n    █\n', 'return read(path)\n\nprint(load("a"))', { language: 'python' }), 'return read(path)');
    assert.equal(shape('function f() {\n    █\n}\n', 'const a = 1;\n    return a;'), 'const a = 1;\n    return a;');
  });

  it('reads them relative to column 0 only when the block the first line opens could not be read otherwise', () => {
    // The body of the new `for` is not deeper than the `for` itself: written from column 0.
    assert.equal(
      shape('def total(xs):\n    █\n', 'for x in xs:\n    yield x\nreturn', { language: 'python' }),
      'for x in xs:\n        yield x\n    return',
    );
    // The closer of the new block sits at column 0, left of where its block starts.
    assert.equal(shape('class A {\n  run() {\n    █\n  }\n}\n', 'if (ok) {\n  go();\n}'), 'if (ok) {\n      go();\n    }');
  });

  it('converts a 2-space answer written from column 0 to a 4-space file', () => {
    assert.equal(
      shape('void main() {\n    int n = 0;\n    █\n}\n', 'while (n < 3) {\n  n++;\n}', { language: 'c' }),
      'while (n < 3) {\n        n++;\n    }',
    );
  });

  it('converts an answer in absolute columns but its own step to the file\'s step', () => {
    // 2-space nesting from the cursor's column in a 4-space file.
    assert.equal(
      shape('class A:\n    def total(self, xs):\n        █\n', 'for x in xs:\n          self.n += x\n        return self.n', { language: 'python' }),
      'for x in xs:\n            self.n += x\n        return self.n',
    );
    // 4-space nesting in a 2-space file.
    assert.equal(shape('function f(a) {\n  █\n}\n', 'if (a) {\n      go();\n  }\n  return a;'), 'if (a) {\n    go();\n  }\n  return a;');
    // Levels counted from column 0 in 2-space steps: the body's siblings at level 1.
    assert.equal(shape('int main(void) {\n    █\n}\n', 'int a = 1;\n  int b = a;\n  return b;', { language: 'c' }), 'int a = 1;\n    int b = a;\n    return b;');
    // An operand aligned two columns in is a continuation, not a level.
    assert.equal(shape('class A {\n    void f() {\n        █\n    }\n}\n', 'String s = a\n          + b;', { language: 'java' }), 'String s = a\n          + b;');
  });

  it('keeps clauses that carry their body on their line at the cursor\'s column (they open no block)', () => {
    // Swift: sibling `case` clauses in file columns stay where they are; the switch's `}` is the file's.
    assert.equal(
      shape('func name(_ c: Color) -> String {\n    switch c {\n    █\n    }\n}\n', 'case .red: return "red"\n    case .blue: return "blue"\n    }', { language: 'swift' }),
      'case .red: return "red"\n    case .blue: return "blue"',
    );
    // Python: a one-line `if` clause, then the statement after it at the same column.
    assert.equal(
      shape('def fetch(url):\n    █\n', 'if not url: return None\n    return get(url)', { language: 'python' }),
      'if not url: return None\n    return get(url)',
    );
  });

  it('converts an answer written from column 0 in twice the file\'s step to the file\'s step', () => {
    // 4-space steps in a 2-space JavaScript file, the cursor two levels in.
    assert.equal(
      shape('export function flush(queue) {\n  if (queue.length) {\n    █\n  }\n}\n', 'queue.forEach((it) => {\n    if (it.ok) {\n        send(it);\n    }\n});', { language: 'javascript' }),
      'queue.forEach((it) => {\n      if (it.ok) {\n        send(it);\n      }\n    });',
    );
    // 8-space steps in a 4-space Rust file.
    assert.equal(
      shape('impl Cart {\n    fn total(&self) -> u32 {\n        let mut t = 0;\n        █\n    }\n}\n', 'for p in &self.items {\n        t += p.cents;\n}', { language: 'rust' }),
      'for p in &self.items {\n            t += p.cents;\n        }',
    );
  });

  it('reads a body deeper than the cursor as written from column 0 when its closer or chain line comes back to 0', () => {
    // Python in 8-space steps from column 0: `else:` at 0 places the whole chain at the cursor.
    assert.equal(
      shape('def pull(repo):\n    █\n', 'if repo.dirty:\n        repo.stash()\nelse:\n        repo.fetch()', { language: 'python' }),
      'if repo.dirty:\n        repo.stash()\n    else:\n        repo.fetch()',
    );
    // PHP in 4-space steps in a 2-space file.
    assert.equal(
      shape('<?php\nfunction save($db) {\n  █\n}\n', 'try {\n    $db->commit();\n} catch (Exception $e) {\n    $db->rollBack();\n}', { language: 'php' }),
      'try {\n    $db->commit();\n  } catch (Exception $e) {\n    $db->rollBack();\n  }',
    );
  });

  it('does not halve what is not a level: a list item\'s key, a continuation line', () => {
    assert.equal(
      shape('spec:\n  containers:\n    - name: app\n      envFrom:\n        █\n', '- secretRef:\n    name: app-secrets', { language: 'yaml' }),
      '- secretRef:\n            name: app-secrets',
    );
    assert.equal(
      shape('class Repo {\n    fun names(): List<String> {\n        █\n    }\n}\n', 'return rows\n        .map { it.name }\n        .sorted()', { language: 'kotlin' }),
      'return rows\n                .map { it.name }\n                .sorted()',
    );
  });

  it('reads a deep column as several levels of twice the file\'s step after a complete first line', () => {
    // 8 columns in a 2-space file, the cursor at level 2: level 2 of 4-space steps, the first line's sibling.
    assert.equal(
      shape('int sum(int *xs, int n) {\n  if (n > 0) {\n    █\n  }\n}\n', 'int head = xs[0];\n        return head + sum(xs + 1, n - 1);', { language: 'c' }),
      'int head = xs[0];\n    return head + sum(xs + 1, n - 1);',
    );
    assert.equal(
      shape('class Invoice\n  def total\n    █\n  end\nend\n', 'net = lines.sum(&:amount)\n        net * (1 + tax_rate)', { language: 'ruby' }),
      'net = lines.sum(&:amount)\n    net * (1 + tax_rate)',
    );
    // After a line left open, the deep line is an aligned argument: left as written.
    assert.equal(
      shape('function f(a, b) {\n  if (a) {\n    █\n  }\n}\n', 'const r = merge(a,\n        b);', { language: 'javascript' }),
      'const r = merge(a,\n        b);',
    );
  });

  it('drops a stray indentation of the first line when the next lines already stand at their file columns', () => {
    assert.equal(
      shape('class Poller:\n    def tick(self):\n        █\n', '    now = time.monotonic()\n        self.last = now\n        return now', { language: 'python' }),
      'now = time.monotonic()\n        self.last = now\n        return now',
    );
    // The first line opens a block: its body one step in from the cursor, its closer at the cursor.
    assert.equal(
      shape('class Cache {\n    public void Put(string k, object v) {\n        █\n    }\n}\n', '  if (v == null) {\n            return;\n        }', { language: 'csharp' }),
      'if (v == null) {\n            return;\n        }',
    );
    // The whole answer moved right together (its first line's siblings follow it): moved back with it.
    assert.equal(
      shape('fn main() {\n    █\n}\n', '        let a = 1;\n        let b = a;', { language: 'rust' }),
      'let a = 1;\n    let b = a;',
    );
  });

  it('puts tabs in a tab file and spaces in a space file', () => {
    assert.equal(shape('func f() {\n\tif ok {\n\t\t█\n\t}\n}\n', 'a := 1\n        b := 2', { language: 'go' }), 'a := 1\n\t\tb := 2');
    assert.equal(shape('class A {\n    m() {\n        █\n    }\n}\n', 'x();\n\t\ty();'), 'x();\n        y();');
  });

  it('keeps Allman braces of a block the answer opens', () => {
    assert.equal(
      shape('class P\n{\n    public P(int a█\n}\n', ', int b)\n    {\n        A = a;\n    }', { language: 'csharp' }),
      ', int b)\n    {\n        A = a;\n    }',
    );
  });

  it('an Allman brace under a header the answer opens does not make it relative', () => {
    assert.equal(shape('int F(int v)\n{\n    █\n}\n', 'if (v < 0)\n    {\n        return 0;\n    }\n    return v;', { language: 'csharp' }), 'if (v < 0)\n    {\n        return 0;\n    }\n    return v;');
  });

  it('a one-line `if ... then ... end` opens no block', () => {
    assert.equal(shape('local function f(x)\n  █\nend\n', 'if x then return 1 end\n  return 0\nend', { language: 'lua' }), 'if x then return 1 end\n  return 0');
  });

  it('at column 0 the answer carries its own indentation', () => {
    assert.equal(shape('class A {\n  run() {\n    go();\n\n█\n', '  }\n\n  stop() {}'), '  }');
  });

  it('YAML: a sibling key after the cursor line stays at its column', () => {
    assert.equal(
      shape('env:\n  HOST: db\n  PORT: "5432"█\n', '\n  USER: admin\n  USER: admin', { language: 'yaml' }),
      '\n  USER: admin',
    );
  });

  it('a chained call written from the cursor goes one step deeper than its statement', () => {
    assert.equal(
      shape('fun names(users: List<User>): List<String> {\n    █\n}\n', 'return users\n    .filter { it.active }\n    .map { it.name }', { language: 'kotlin' }),
      'return users\n        .filter { it.active }\n        .map { it.name }',
    );
    assert.equal(
      shape('class A {\n  run() {\n    █\n  }\n}\n', 'const n = this.items\n  ?.length;'),
      'const n = this.items\n      ?.length;',
    );
    // Mid-line, the same: the statement started on the cursor line.
    assert.equal(
      shape('class Q {\n    List<String> f() {\n        return rows█\n    }\n}\n', '.stream()\n    .map(Row::name)\n    .toList();', { language: 'java' }),
      '.stream()\n            .map(Row::name)\n            .toList();',
    );
    // The statement goes on from the next line; a lambda's `}` on the first line does not end it.
    assert.equal(
      shape('struct V {\n    func names() -> [String] {\n        return users█\n    }\n}\n', '\n    .filter { $0.ok }\n    .map { $0.name }', { language: 'swift' }),
      '\n            .filter { $0.ok }\n            .map { $0.name }',
    );
    assert.equal(
      shape('function f(xs) {\n  return xs█\n}\n', '.filter((x) => { return x > 0; })\n  .map(String);', { language: 'javascript' }),
      '.filter((x) => { return x > 0; })\n    .map(String);',
    );
    // Already deeper than the statement: absolute, kept as written.
    assert.equal(shape('def f(q):\n    █\n', 'return (q\n            .all())', { language: 'python' }), 'return (q\n            .all())');
  });

  it('YAML: entries written from column 0 stay under the cursor\'s key, not at the top level', () => {
    assert.equal(
      shape('spec:\n  containers:\n    █\n', '- name: web\n  image: nginx\n- name: sidecar', { language: 'yaml' }),
      '- name: web\n      image: nginx\n    - name: sidecar',
    );
    assert.equal(shape('services:\n  api:\n    █\n', 'image: api:1\nports: ["80:80"]', { language: 'yaml' }), 'image: api:1\n    ports: ["80:80"]');
    // After a blank line a column-0 key is a new section (and the file already has it).
    assert.equal(shape('services:\n  api:\n    █\n\nvolumes:\n  data:\n', 'image: api:1\n\nvolumes:\n  data:', { language: 'yaml' }), 'image: api:1');
  });

  it('a closer or chain line at column 0 after a body line was written from the header of the cursor\'s block', () => {
    assert.equal(
      shape('function f(a) {\n    if (a) {\n        █\n    }\n}\n', 'go();\n} else {\n    stop();', { language: 'javascript' }),
      'go();\n    } else {\n        stop();',
    );
  });

  it('keeps else / elif / catch chains and ends at the chain\'s end', () => {
    assert.equal(
      shape('if (a) {\n    █\n', 'x();\n} else if (b) {\n    y();\n} else {\n    z();\n}\n\nnext();'),
      'x();\n} else if (b) {\n    y();\n} else {\n    z();\n}',
    );
    assert.equal(
      shape('try:\n    █\n', 'run()\nexcept OSError:\n    pass\nfinally:\n    close()\n\nprint("done")', { language: 'python' }),
      'run()\nexcept OSError:\n    pass\nfinally:\n    close()',
    );
    // A block that is not an `if`/`try` does not take an `else` from the next construct.
    assert.equal(shape('function f() {\n    █\n}\n', 'a();\n} else {\n    b();'), 'a();');
  });

  it('keeps Allman chains: the closer alone, `else` / `catch` alone, and its brace alone', () => {
    assert.equal(
      shape('void Run()\n{\n    if (ok)\n    {\n        █\n    }\n}\n', 'Go();\n    }\n    else\n    {\n        Stop();\n    }\n}', { language: 'csharp' }),
      'Go();\n    }\n    else\n    {\n        Stop();',
    );
    assert.equal(
      shape('function load()\n{\n    try\n    {\n        █\n}\n', 'read();\n    }\n    catch (Exception $e)\n    {\n        log($e);\n    }\n    return 1;', { language: 'php' }),
      'read();\n    }\n    catch (Exception $e)\n    {\n        log($e);\n    }',
      'the chain ends the block that held the cursor, as `} catch (…) {` does',
    );
    // A header that cannot be chained: the block ends at its closer.
    assert.equal(
      shape('void F()\n{\n    lock (gate)\n    {\n        █\n}\n', 'Step();\n    }\n    else\n    {\n        Done();\n    }', { language: 'csharp' }),
      'Step();\n    }',
    );
  });

  it('a stream waits for the line after an Allman closer (it may be `else`), not after a one-line closer', () => {
    const allman = { ctx: ctxAt('void Run()\n{\n    if (ok)\n    {\n        █\n    }\n}\n'), multiline: true, languageId: 'csharp' };
    assert.equal(isCompleteEnough('Go();\n    }\n', allman), false);
    assert.equal(isCompleteEnough('Go();\n    }\n    else\n    {\n        Stop();\n    }\n}\n', allman), true);
    const kr = { ctx: ctxAt('void run() {\n    if (ok) {\n        █\n    }\n}\n'), multiline: true, languageId: 'java' };
    assert.equal(isCompleteEnough('go();\n    }\n', kr), true);
  });

  it('at the end of the file keeps the closers of the class or module left open, not the code invented after', () => {
    assert.equal(
      shape('class Box(val w: Int) {\n    fun area(): Int {\n        █', 'return w * w\n    }\n}', { language: 'kotlin' }),
      'return w * w\n    }\n}',
    );
    assert.equal(
      shape('namespace geo {\nint twice(int x) {\n    █\n', 'return 2 * x;\n}\n\nint thrice(int x) {\n    return 3 * x;\n}\n}', { language: 'cpp' }),
      'return 2 * x;\n}\n}',
    );
    assert.equal(
      shape('class Cart\n  def total\n    █', 'items.sum(&:price)\n  end\n\n  def empty?\n    items.none?\n  end\nend', { language: 'ruby' }),
      'items.sum(&:price)\n  end\nend',
    );
    assert.equal(
      shape("describe('sum', () => {\n  it('adds', () => {\n    █", "expect(sum(1, 2)).toBe(3);\n  });\n});", { language: 'javascript' }),
      "expect(sum(1, 2)).toBe(3);\n  });\n});",
    );
    // A function's own closer only: the code around it may go on (as Tabby closes one level).
    assert.equal(shape('function main() {\n  for (const a of xs) {\n    █\n', 'use(a);\n  }\n}', { language: 'javascript' }), 'use(a);\n  }');
  });

  it('stops at the end of the block instead of running on into code the model invented', () => {
    assert.equal(shape('class S {\n  get() {\n    █\n  }\n}\n', 'return 1;\n  }\n\n  set() {\n    return 2;\n  }'), 'return 1;');
  });

  it('leaves text inside a triple-quoted string as written, up to its end', () => {
    assert.equal(
      shape('HELP = """█\n', 'Usage: tool [options]\n\nOptions:\n  -v  verbose\n"""\nprint(HELP)', { language: 'python' }),
      'Usage: tool [options]\n\nOptions:\n  -v  verbose\n"""',
    );
  });
});

describe('the join with the text around the cursor', () => {
  it('does not type the space the line already ends with twice', () => {
    assert.equal(shape('let n = █', '  42;', { multiline: false }), '42;');
    assert.equal(shape('let n =█', ' 42;', { multiline: false }), ' 42;');
  });

  it('keeps a closer the answer needs for itself', () => {
    assert.equal(shape('print(value.to_█)\n', 'str()', { multiline: false, language: 'python' }), 'str()');
    assert.equal(shape('print(value.to_█)\n', 'str())', { multiline: false, language: 'python' }), 'str()');
    assert.equal(shape("log('done: █')\n", "all')", { multiline: false }), 'all');
  });

  it('drops the closers a chained call repeats from the suffix', () => {
    assert.equal(shape('const ids = rows.filter((r) => █);\n', 'r.ok).map((r) => r.id);', { multiline: false }), 'r.ok).map((r) => r.id');
  });

  it('keeps the space of an argument filled in before the next one', () => {
    assert.equal(shape('sum(█b)\n', 'a, ', { multiline: false }), 'a, ');
    assert.equal(shape('sum(█ b)\n', 'a, ', { multiline: false }), 'a,');
  });

  it('drops a lone closer that the file already has, or that would leave an empty body', () => {
    assert.equal(shape('function f() {\n  a();\n  █\n}\n', '}', { multiline: false }), undefined);
    assert.equal(shape('function f() {\n  █\n', '}'), undefined);
    assert.equal(shape('function f() {\n  a();\n█', '}', { multiline: false }), '}');
    assert.equal(shape('module M\n\nf() = 1\n\n█\n', 'end', { multiline: false, language: 'julia' }), 'end');
  });

  it('keeps the closer of a block still open at its column, even right under another closer', () => {
    assert.equal(shape('if (a) {\n  if (b) {\n    go();\n  }\n█', '}', { multiline: false }), '}');
    assert.equal(shape('for (;;) {\n  if (x) {\n    y();\n  █\n};\n', '}', { multiline: false }), '}');
  });

  it('finishes on a file that starts with blank lines (the walk up reaches the first line)', () => {
    assert.equal(shape('\n\n  █', '}', { multiline: false }), '}');
    assert.equal(shape('\n\n█', 'x = 1', { multiline: true, language: 'python' }), 'x = 1');
  });

  it('keeps a sentence in a Markdown table cell and in HTML text', () => {
    assert.equal(shape('| Option | Meaning |\n|---|---|\n| -v | █ |\n', 'Prints every step as it runs. |', { multiline: false, language: 'markdown' }), 'Prints every step as it runs.');
    assert.equal(shape('<p>█</p>\n', 'Welcome to the project page.', { multiline: false, language: 'html' }), 'Welcome to the project page.');
    assert.equal(shape('const x = █\n', 'This sets the value to the default one.', { multiline: false }), undefined);
  });

  describe('an answer from column 0 whose first line opens nothing', () => {
    it('is written from the cursor when a later line uses a name the answer set in the block', () => {
      assert.equal(
        shape('static int total(int[] xs) {\n    █\n}\n', 'int sum = 0;\nfor (int x : xs) {\n    sum += x;\n}\nreturn sum;', { language: 'java' }),
        'int sum = 0;\n    for (int x : xs) {\n        sum += x;\n    }\n    return sum;',
      );
      assert.equal(shape('def load(path):\n    █\n', 'data = read(path)\nprint(data)', { language: 'python' }), 'data = read(path)\n    print(data)');
      assert.equal(shape('func count(xs []int) int {\n\t█\n}\n', 'n := 0\nfor range xs {\n\tn++\n}\nreturn n', { language: 'go' }), 'n := 0\n\tfor range xs {\n\t\tn++\n\t}\n\treturn n');
    });

    it('is written from the cursor when the file goes on below at the cursor\'s column', () => {
      assert.equal(
        shape('fn main() {\n    let a = 1;\n    █\n    println!("{}", a);\n}\n', 'let b = 2;\nlet c = 3;', { language: 'rust' }),
        'let b = 2;\n    let c = 3;',
      );
      // Mid-line too: the rest of the statement, then a sibling statement written from column 0.
      assert.equal(
        shape('def f(xs):\n    total = █\n    return total\n', 'sum(xs)\nlog(total)', { language: 'python' }),
        'sum(xs)\n    log(total)',
      );
    });

    it('stays absolute when nothing ties the line to the block: it leaves it and is cut', () => {
      // A comment, then unrelated code at column 0 before the function's closer (Cody cuts it too).
      assert.equal(shape('function sort() {\n    █\n}\n', '// Bubble sort\nconst numbers = [5, 3];'), '// Bubble sort');
      // The model went on with the code already below the cursor.
      assert.equal(shape('def f():\n    █\n\nx = f()\n', 'y = 1\nx = f()', { language: 'python' }), 'y = 1');
      // After a blank line, module-level code that uses nothing from the function.
      assert.equal(shape('def f():\n    █\n', 'return 1\n\nprint(f())', { language: 'python' }), 'return 1');
    });
  });
});
