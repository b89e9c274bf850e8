// A second set of raw outputs, written after the post-processing rules were settled and not used to tune
// them: the benchmark reports its accuracy separately, as the honest figure for unseen outputs.

import type { CorpusCase } from './corpus';

export const HELD_OUT: CorpusCase[] = [
  { name: 'tagged arrow function body', language: 'typescript', doc: 'const byId = (id: string) => █\n', raw: '<insert>users.find((u) => u.id === id);</insert>', expect: 'users.find((u) => u.id === id);' },
  { name: 'prefilled, model adds explanation after the tag', language: 'python', doc: 'import json\n\ndata = json.█\n', prefilled: '<insert>', raw: 'loads(text)</insert>\nThis parses the JSON string.', expect: 'loads(text)' },
  { name: 'python method body, model indents with 4 at a 4 file', language: 'python', doc: 'class Cart:\n    def total(self):\n        █\n', raw: '<insert>        return sum(i.price for i in self.items)</insert>', expect: 'return sum(i.price for i in self.items)' },
  { name: 'go error check block', language: 'go', doc: 'func load(p string) ([]byte, error) {\n\tb, err := os.ReadFile(p)\n\t█\n}\n', raw: '<insert>if err != nil {\n\t\treturn nil, err\n\t}\n\treturn b, nil\n}</insert>', expect: 'if err != nil {\n\t\treturn nil, err\n\t}\n\treturn b, nil' },
  { name: 'java fenced with prose before', language: 'java', doc: 'public String getName() {\n    █\n}\n', raw: 'Here is the implementation:\n```java\n    return this.name;\n```', expect: 'return this.name;' },
  { name: 'echo of the whole current line in rust', language: 'rust', doc: '    let count = █\n', raw: '<insert>    let count = items.len();</insert>', expect: 'items.len();' },
  { name: 'string argument closing echoed', language: 'javascript', doc: 'require("█")\n', raw: '<insert>path")</insert>', expect: 'path' },
  { name: 'object entries then the closer the file has', language: 'javascript', doc: 'module.exports = {\n  █\n};\n', raw: '<insert>entry: "./src/index.js",\n  mode: "production",\n};</insert>', expect: 'entry: "./src/index.js",\n  mode: "production",' },
  { name: 'c for loop body', language: 'c', doc: 'for (int i = 0; i < n; i++) {\n    █\n}\n', raw: '<insert>sum += a[i];\n}</insert>', expect: 'sum += a[i];' },
  { name: 'ruby method then another method', language: 'ruby', doc: 'class User\n  def full_name\n    █\n  end\nend\n', raw: '<insert>"#{first_name} #{last_name}"\n  end\n\n  def age\n    42\n  end</insert>', expect: '"#{first_name} #{last_name}"' },
  { name: 'nothing useful: only a closer', language: 'typescript', doc: 'function f() {\n  █\n}\n', raw: '<insert>}</insert>', expect: undefined },
  { name: 'model repeats the next line only', language: 'go', doc: 'func f() {\n\t█\n\treturn\n}\n', raw: '<insert>return</insert>', expect: undefined },
  { name: 'single line, model gives two lines', language: 'typescript', doc: 'const total = █\n', raw: '<insert>items.reduce((a, b) => a + b, 0);\nconsole.log(total);</insert>', expect: 'items.reduce((a, b) => a + b, 0);' },
  { name: 'shell if block body', language: 'shellscript', doc: 'if [ -z "$1" ]; then\n  █\nfi\n', raw: '<insert>echo "usage: $0 <file>"\n  exit 1\nfi</insert>', expect: 'echo "usage: $0 <file>"\n  exit 1' },
  { name: 'swift with a fence and the function echoed', language: 'swift', doc: 'func area(r: Double) -> Double {\n    █\n}\n', raw: '```swift\nfunc area(r: Double) -> Double {\n    return .pi * r * r\n}\n```', expect: 'return .pi * r * r' },
  { name: 'typescript interface members', language: 'typescript', doc: 'interface Point {\n  █\n}\n', raw: '<insert>x: number;\n  y: number;\n}</insert>', expect: 'x: number;\n  y: number;' },
  { name: 'yaml list item', language: 'yaml', doc: 'steps:\n  - run: npm ci\n  - run: █\n', raw: '<insert>npm test</insert>', expect: 'npm test' },
  { name: 'partial identifier with member access echoed', language: 'python', doc: 'result = self.cal█\n', raw: '<insert>calculate_total()</insert>', expect: 'culate_total()' },
  { name: 'JSX attribute value closing quote', language: 'typescriptreact', doc: '<button className="█">\n', raw: '<insert>btn btn-primary"></insert>', expect: 'btn btn-primary' },
  { name: 'tagged answer wrapped in a code tag', language: 'python', doc: 'def f():\n    return █\n', raw: '<insert>None</insert>\n</code>', expect: 'None' },
  { name: 'kotlin when expression', language: 'kotlin', doc: 'fun label(n: Int): String {\n    █\n}\n', raw: '<insert>return when {\n        n < 0 -> "negative"\n        else -> "positive"\n    }\n}</insert>', expect: 'return when {\n        n < 0 -> "negative"\n        else -> "positive"\n    }' },
  { name: 'php echo statement', language: 'php', doc: '<?php\nforeach ($items as $item) {\n    █\n}\n', raw: '<insert>echo $item->name . PHP_EOL;</insert>', expect: 'echo $item->name . PHP_EOL;' },
  { name: 'C# property with prose answer instead of code', language: 'csharp', doc: 'public int Count {\n    █\n}\n', raw: 'You should return the count of items here.', expect: undefined },
  { name: 'scala match with relative indentation', language: 'scala', doc: 'def describe(x: Any): String = {\n  █\n}\n', raw: '<insert>x match {\n  case i: Int => "int"\n  case _ => "other"\n}</insert>', expect: 'x match {\n    case i: Int => "int"\n    case _ => "other"\n  }' },
];
