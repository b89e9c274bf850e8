// Raw model outputs seen in practice (tags, fences, explanations, echoes of the text around the cursor,
// blocks that run on, wrong indentation) with the insertion a user should get. Used by the unit tests
// (test/unit/completion/postprocess.test.ts) and by the post-processing accuracy benchmark.
// `█` marks the cursor in `doc`. `expect: undefined` means no completion should be shown.

import { buildDocumentContext, linesOf } from '../../../src/completion/context';
import { wantsMultiline } from '../../../src/completion/syntax';
import { postProcess, type Processed } from '../../../src/completion/postprocess';
import type { SyntaxCheck } from '../../../src/completion/parse/syntaxCheck';

export interface CorpusCase {
  name: string;
  language: string;
  doc: string;
  raw: string;
  /** The insertion expected; undefined: nothing shown. */
  expect: string | undefined;
  /** Expected characters replaced right of the cursor (default 0). */
  replace?: number;
  prefilled?: string;
  /** The multi-line decision the case assumes (checked too). */
  multiline?: boolean;
}

/** `syntax`: the parse gate as the extension applies it (the benchmark compares with and without). */
export function runCase(c: CorpusCase, syntax?: SyntaxCheck): { got: Processed | undefined; multiline: boolean } {
  const at = c.doc.indexOf('█');
  const text = c.doc.replace('█', '');
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = at - (before.lastIndexOf('\n') + 1);
  const ctx = buildDocumentContext(linesOf(text), { line, character }, { prefixChars: 4000, suffixChars: 1500 });
  const multiline = wantsMultiline(ctx);
  return { got: postProcess({ raw: c.raw, ctx, multiline, prefilled: c.prefilled, languageId: c.language, syntax }), multiline };
}

export function caseCorrect(c: CorpusCase): boolean {
  return caseCorrectWith(c);
}

export function caseCorrectWith(c: CorpusCase, syntax?: SyntaxCheck): boolean {
  const { got, multiline } = runCase(c, syntax);
  if (c.multiline !== undefined && c.multiline !== multiline) return false;
  if (c.expect === undefined) return got === undefined;
  return !!got && got.insertText === c.expect && got.replaceSuffixChars === (c.replace ?? 0);
}

const TS_FN = 'export function add(a: number, b: number): number {\n  █\n}\n';
const PY_FN = 'def total(items):\n    █\n';

export const CORPUS: CorpusCase[] = [
  // ---- tags
  { name: 'clean tagged answer', language: 'typescript', doc: TS_FN, raw: '<insert>return a + b;</insert>', expect: 'return a + b;', multiline: true },
  { name: 'prefilled answer continues after the tag', language: 'typescript', doc: TS_FN, raw: 'return a + b;</insert>', prefilled: '<insert>', expect: 'return a + b;' },
  { name: 'prefilled answer cut by the stop sequence', language: 'typescript', doc: TS_FN, raw: 'return a + b;', prefilled: '<insert>', expect: 'return a + b;' },
  { name: 'cursor marker echoed inside the answer', language: 'typescript', doc: 'const total = items.reduce(█)\n', raw: '<insert><CURSOR/>(sum, x) => sum + x, 0</insert>', expect: '(sum, x) => sum + x, 0', multiline: false },
  { name: 'FILL_HERE marker leaked', language: 'javascript', doc: 'const url = `${base}/█`;\n', raw: '{{FILL_HERE}}users/${id}', expect: 'users/${id}' },
  { name: 'completion tags of another template', language: 'python', doc: 'import █\n', raw: '<COMPLETION>os</COMPLETION>', expect: 'os' },
  { name: 'prose before the tag', language: 'go', doc: 'func main() {\n\tfmt.Println(█)\n}\n', raw: 'Sure! Here is the code to insert:\n<insert>"hello, world"</insert>', expect: '"hello, world"' },
  { name: 'prose after the closing tag', language: 'rust', doc: 'fn main() {\n    let v: Vec<i32> = █\n}\n', raw: '<insert>Vec::new();</insert>\n\nThis creates an empty vector.', expect: 'Vec::new();' },
  { name: 'empty tag means nothing fits', language: 'typescript', doc: TS_FN, raw: '<insert></insert>', expect: undefined },
  { name: 'whitespace-only answer', language: 'python', doc: PY_FN, raw: '<insert>   \n  </insert>', expect: undefined },

  // ---- fences
  { name: 'fenced answer without tags', language: 'python', doc: PY_FN, raw: '```python\nreturn sum(item.price for item in items)\n```', expect: 'return sum(item.price for item in items)' },
  { name: 'fence inside the tags', language: 'typescript', doc: 'const names = users.map(█)\n', raw: '<insert>```ts\n(u) => u.name\n```</insert>', expect: '(u) => u.name' },
  { name: 'unterminated fence (stream stopped)', language: 'javascript', doc: 'const sum = arr.reduce(█)\n', raw: '```javascript\n(a, b) => a + b, 0', expect: '(a, b) => a + b, 0' },
  { name: 'fence with prose around it', language: 'java', doc: 'public int size() {\n    █\n}\n', raw: 'Here is the completion:\n\n```java\nreturn items.size();\n```\n\nThis returns the number of items.', expect: 'return items.size();' },
  { name: 'fence without a language', language: 'ruby', doc: 'def greet(name)\n  █\nend\n', raw: '```\n"Hello, #{name}!"\n```', expect: '"Hello, #{name}!"' },

  // ---- explanations without tags or fences
  { name: 'one line of prose then code', language: 'typescript', doc: 'const isEven = (n: number) => █\n', raw: 'The missing code is:\nn % 2 === 0;', expect: 'n % 2 === 0;' },
  { name: 'code then an explanation after a blank line', language: 'python', doc: 'def square(x):\n    return █\n', raw: 'x * x\n\nThis multiplies x by itself.', expect: 'x * x' },
  { name: 'sentence-only answer', language: 'go', doc: 'func f() {\n\t█\n}\n', raw: 'I need more context to complete this function.', expect: undefined },

  // ---- echo of the text before the cursor
  { name: 'whole line prefix repeated', language: 'typescript', doc: '  const user = await █\n', raw: '<insert>  const user = await db.users.find(id);</insert>', expect: 'db.users.find(id);' },
  { name: 'trimmed line prefix repeated', language: 'python', doc: '    for item in █\n', raw: '<insert>for item in items:</insert>', expect: 'items:' },
  { name: 'partial word restarted', language: 'typescript', doc: '  const res█\n', raw: '<insert>result = await fetch(url);</insert>', expect: 'ult = await fetch(url);' },
  { name: 'partial word continued correctly', language: 'typescript', doc: '  const res█\n', raw: '<insert>ponse = await fetch(url);</insert>', expect: 'ponse = await fetch(url);' },
  { name: 'member access restarted', language: 'javascript', doc: 'document.getEl█\n', raw: '<insert>getElementById("app")</insert>', expect: 'ementById("app")' },
  { name: 'line above repeated on a blank line', language: 'python', doc: 'x = load()\n█\n', raw: '<insert>x = load()</insert>', expect: undefined },

  // ---- echo of the text after the cursor
  { name: 'closing paren and semicolon echoed', language: 'javascript', doc: 'console.log(█);\n', raw: '<insert>"ready");</insert>', expect: '"ready"' },
  { name: 'closing paren echoed, semicolon kept out', language: 'javascript', doc: 'console.log(█);\n', raw: '<insert>"ready")</insert>', expect: '"ready"' },
  { name: 'closer echoed plus an extra semicolon: replace the closer', language: 'typescript', doc: 'foo(█)\n', raw: '<insert>a, b);</insert>', expect: 'a, b);', replace: 1 },
  { name: 'closing quote echoed', language: 'python', doc: 'print("█")\n', raw: '<insert>Hello, world")</insert>', expect: 'Hello, world' },
  { name: 'brackets echoed in an array', language: 'typescript', doc: 'const xs = [█];\n', raw: '<insert>1, 2, 3];</insert>', expect: '1, 2, 3' },
  { name: 'next line echoed at the end of a block', language: 'typescript', doc: 'function f() {\n  █\n  return x;\n}\n', raw: '<insert>const x = compute();\n  return x;</insert>', expect: 'const x = compute();' },
  { name: 'answer equals the next line', language: 'python', doc: 'def f():\n    █\n    return 1\n', raw: '<insert>return 1</insert>', expect: undefined },
  { name: 'closing brace of the function echoed', language: 'typescript', doc: TS_FN, raw: '<insert>return a + b;\n}</insert>', expect: 'return a + b;' },
  { name: 'block between braces on one line', language: 'javascript', doc: 'if (ready) {█}\n', raw: '<insert>\n  start();\n}</insert>', expect: '\n  start();\n' },

  // ---- over-long multi-line answers
  { name: 'function body then a whole new function', language: 'typescript', doc: TS_FN, raw: '<insert>const sum = a + b;\n  return sum;\n}\n\nexport function sub(a: number, b: number): number {\n  return a - b;\n}</insert>', expect: 'const sum = a + b;\n  return sum;' },
  { name: 'python body then the next def', language: 'python', doc: PY_FN, raw: '<insert>result = 0\n    for item in items:\n        result += item.price\n    return result\n\ndef average(items):\n    return total(items) / len(items)</insert>', expect: 'result = 0\n    for item in items:\n        result += item.price\n    return result' },
  { name: 'top-level function then another', language: 'javascript', doc: 'const a = 1;\n\n█\n', raw: '<insert>function double(x) {\n  return x * 2;\n}\n\nfunction triple(x) {\n  return x * 3;\n}</insert>', expect: 'function double(x) {\n  return x * 2;\n}', multiline: false },
  { name: 'top-level block: one construct only', language: 'python', doc: 'if __name__ == "__main__":\n█\n', raw: '<insert>    main()\n\ndef other():\n    pass</insert>', expect: '    main()', multiline: true },
  { name: 'top-level function after an opener line', language: 'javascript', doc: 'module.exports = {\n█\n', raw: '<insert>  double(x) {\n    return x * 2;\n  },\n};\n\nfunction triple(x) {}</insert>', expect: '  double(x) {\n    return x * 2;\n  },\n};', multiline: true },
  { name: 'go body then closing brace and more code', language: 'go', doc: 'func Max(a, b int) int {\n\t█\n}\n', raw: '<insert>if a > b {\n\t\treturn a\n\t}\n\treturn b\n}\n\nfunc Min(a, b int) int {\n\treturn a\n}</insert>', expect: 'if a > b {\n\t\treturn a\n\t}\n\treturn b' },
  { name: 'rust body with nested match', language: 'rust', doc: 'fn name(c: Color) -> &str {\n    █\n}\n', raw: '<insert>match c {\n        Color::Red => "red",\n        Color::Blue => "blue",\n    }\n}\n\nfn other() {}</insert>', expect: 'match c {\n        Color::Red => "red",\n        Color::Blue => "blue",\n    }' },
  { name: 'method body in a class keeps the class closer out', language: 'java', doc: 'class A {\n    int get() {\n        █\n    }\n}\n', raw: '<insert>return value;\n    }\n}</insert>', expect: 'return value;' },
  { name: 'closer missing in the file is kept', language: 'typescript', doc: 'function f() {\n  █\n', raw: '<insert>return 1;\n}</insert>', expect: 'return 1;\n}' },
  { name: 'stuck in a loop', language: 'python', doc: 'def f():\n    █\n', raw: '<insert>log("step")\n    log("step")\n    log("step")\n    log("step")</insert>', expect: 'log("step")' },
  { name: 'C body then main', language: 'c', doc: 'int square(int x) {\n    █\n}\n', raw: '<insert>return x * x;\n}\n\nint main(void) {\n    return square(3);\n}</insert>', expect: 'return x * x;' },
  { name: 'ruby block ends at end', language: 'ruby', doc: 'items.each do |item|\n  █\nend\n', raw: '<insert>puts item.name\nend\n\nputs "done"</insert>', expect: 'puts item.name' },

  // ---- indentation
  { name: 'first line indented by the model', language: 'typescript', doc: TS_FN, raw: '<insert>  const s = a + b;\n  return s;</insert>', expect: 'const s = a + b;\n  return s;' },
  { name: 'model used 4 spaces in a 2-space file, first line indented', language: 'typescript', doc: 'class A {\n  m() {\n    █\n  }\n}\n', raw: '<insert>        const x = 1;\n        return x;</insert>', expect: 'const x = 1;\n    return x;' },
  { name: 'body relative to column zero', language: 'python', doc: 'class A:\n    def f(self):\n        █\n', raw: '<insert>if self.x:\n    return 1\nreturn 0</insert>', expect: 'if self.x:\n            return 1\n        return 0' },
  { name: 'spaces converted to tabs in a tab file', language: 'go', doc: 'func f() {\n\tif ok {\n\t\t█\n\t}\n}\n', raw: '<insert>x := 1\n        y := 2</insert>', expect: 'x := 1\n\t\ty := 2' },
  { name: 'tabs converted to spaces in a space file', language: 'python', doc: 'def f():\n    █\n', raw: '<insert>a = 1\n\tb = 2</insert>', expect: 'a = 1\n    b = 2' },
  { name: 'body after an opener at the end of the line', language: 'typescript', doc: 'function f() {█\n}\n', raw: '<insert>\n  return 42;</insert>', expect: '\n  return 42;' },
  { name: 'body after an opener given without indentation', language: 'typescript', doc: '  if (x) {█\n  }\n', raw: '<insert>\nreturn 42;</insert>', expect: '\n    return 42;' },
  { name: 'leading blank lines on a blank line', language: 'javascript', doc: 'function f() {\n  █\n}\n', raw: '<insert>\n\nreturn 1;</insert>', expect: 'return 1;' },
  { name: 'trailing whitespace removed', language: 'python', doc: 'x = █\n', raw: '<insert>compute()   </insert>', expect: 'compute()' },
  { name: 'windows line endings in the answer', language: 'csharp', doc: 'public int Get() {\n    █\n}\n', raw: '<insert>var x = 1;\r\n    return x;</insert>', expect: 'var x = 1;\n    return x;' },

  // ---- single-line behaviour
  { name: 'single line keeps the first line only', language: 'typescript', doc: 'const x = █\n', raw: '<insert>compute();\nconst y = 2;</insert>', expect: 'compute();' },
  { name: 'single line answer starting on the next line', language: 'typescript', doc: 'const x = foo(█)\n', raw: '<insert>\n  a,\n  b\n</insert>', expect: undefined },
  { name: 'mid-line after an assignment', language: 'python', doc: 'total = sum(█)\n', raw: '<insert>x.price for x in items)</insert>', expect: 'x.price for x in items' },
  { name: 'shell command', language: 'shellscript', doc: 'tar -czf █\n', raw: '<insert>backup.tar.gz ./data</insert>', expect: 'backup.tar.gz ./data' },
  { name: 'SQL clause', language: 'sql', doc: 'SELECT name FROM users WHERE █\n', raw: '```sql\nSELECT name FROM users WHERE active = true;\n```', expect: 'active = true;' },
  { name: 'YAML value', language: 'yaml', doc: 'services:\n  web:\n    image: █\n', raw: '<insert>nginx:1.27</insert>', expect: 'nginx:1.27' },
  { name: 'HTML tag content keeps angle brackets', language: 'html', doc: '<ul>\n  <li>█</li>\n</ul>\n', raw: '<insert>Home</li></insert>', expect: 'Home' },
  { name: 'JSX element in a single line', language: 'typescriptreact', doc: 'return (\n  <div className="app">█\n', raw: '<insert><Header title={title} /></insert>', expect: '<Header title={title} />' },
  { name: 'comparison with < is not a tag', language: 'typescript', doc: 'if (█)\n', raw: '<insert>a < b && b > c)</insert>', expect: 'a < b && b > c' },

  // ---- secrets and placeholders
  { name: 'redaction placeholder echoed', language: 'python', doc: 'client = Client(api_key=█)\n', raw: '<insert>"<redacted:api-key>")</insert>', expect: undefined },
  { name: 'code near a redacted value is fine', language: 'python', doc: 'client = Client(api_key=API_KEY, █)\n', raw: '<insert>timeout=30)</insert>', expect: 'timeout=30' },

  // ---- more languages, mixed problems
  { name: 'kotlin function body with fence and prose', language: 'kotlin', doc: 'fun greet(name: String): String {\n    █\n}\n', raw: 'Here you go:\n```kotlin\nreturn "Hello, $name"\n}\n```', expect: 'return "Hello, $name"' },
  { name: 'php method with echoed signature', language: 'php', doc: 'public function name() {\n    █\n}\n', raw: '<insert>public function name() {\n    return $this->name;\n}</insert>', expect: 'return $this->name;' },
  { name: 'swift guard statement', language: 'swift', doc: 'func load() {\n    █\n}\n', raw: '<insert>guard let url = url else { return }\n    fetch(url)</insert>', expect: 'guard let url = url else { return }\n    fetch(url)' },
  { name: 'lua then end', language: 'lua', doc: 'function M.setup(opts)\n  █\nend\n', raw: '<insert>opts = opts or {}\n  M.opts = opts\nend</insert>', expect: 'opts = opts or {}\n  M.opts = opts' },
  { name: 'css declarations', language: 'css', doc: '.button {\n  █\n}\n', raw: '<insert>padding: 8px 16px;\n  border-radius: 4px;\n}</insert>', expect: 'padding: 8px 16px;\n  border-radius: 4px;' },
  { name: 'object literal entries', language: 'typescript', doc: 'const config = {\n  █\n};\n', raw: '<insert>port: 8080,\n  host: "localhost",\n};</insert>', expect: 'port: 8080,\n  host: "localhost",' },
  { name: 'python dict literal', language: 'python', doc: 'DEFAULTS = {\n    █\n}\n', raw: '<insert>"timeout": 30,\n    "retries": 3,\n}</insert>', expect: '"timeout": 30,\n    "retries": 3,' },
  { name: 'elixir do block', language: 'elixir', doc: 'def hello do\n  █\nend\n', raw: '<insert>:world\nend</insert>', expect: ':world' },
  { name: 'a comment completed in prose is kept', language: 'typescript', doc: '// Returns the █\n', raw: '<insert>number of items in the cart.</insert>', expect: 'number of items in the cart.' },
  { name: 'markdown sentence is kept when tagged', language: 'markdown', doc: '# Setup\n\nRun █\n', raw: '<insert>`npm install` to fetch the dependencies.</insert>', expect: '`npm install` to fetch the dependencies.' },
];
