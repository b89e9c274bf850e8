import * as assert from 'node:assert/strict';
import { ctxAt } from './cursorDoc';
import { isCompleteEnough, postProcess } from '../../../src/completion/postprocess';
import { buildPrompt } from '../../../src/completion/prompt';
import { wantsMultiline } from '../../../src/completion/syntax';

/** The file after Tab, for a one-line request at `█` (as the engine asks there). */
function afterTab(doc: string, raw: string, language: string): string {
  const ctx = ctxAt(doc);
  assert.equal(wantsMultiline(ctx), false, 'the trigger rule asks for one line here');
  const got = postProcess({ raw, ctx, multiline: false, languageId: language, prefilled: '' });
  const at = doc.indexOf('█');
  return doc.slice(0, at) + (got?.insertText ?? '') + doc.slice(at + 1 + (got?.replaceSuffixChars ?? 0));
}

const stream = (doc: string, language: string) => ({ ctx: ctxAt(doc), multiline: false, prefilled: '<insert>', languageId: language });

describe('dynamic multi-line for text blocks: a one-line request whose line opens a string block or a YAML block scalar', () => {
  it('keeps a docstring the answer opens through its closing quotes, and not the code after it', () => {
    assert.equal(
      afterTab('def parse(line):\n    █\n    return line.split(",")\n', '<insert>"""Split a CSV line.\n\n    Quotes are not handled.\n    """\n    line = line.strip()</insert>', 'python'),
      'def parse(line):\n    """Split a CSV line.\n\n    Quotes are not handled.\n    """\n    return line.split(",")\n',
    );
  });

  it('keeps a raw string opened on the cursor line through the line that closes it', () => {
    assert.equal(
      afterTab('fun report(db: Db) {\n    val sql = """█\n}\n', '<insert>\n        SELECT id, total\n        FROM orders\n    """.trimIndent()\n    db.run(sql)</insert>', 'kotlin'),
      'fun report(db: Db) {\n    val sql = """\n        SELECT id, total\n        FROM orders\n    """.trimIndent()\n}\n',
    );
  });

  it('does not write the closing quotes twice when the file already has them right of the cursor', () => {
    assert.equal(
      afterTab('class Queue:\n    def pop(self):\n        """█"""\n', '<insert>Take the oldest item.\n\n        Blocks while empty.\n        """</insert>', 'python'),
      'class Queue:\n    def pop(self):\n        """Take the oldest item.\n\n        Blocks while empty.\n        """\n',
    );
    // Closed on the same line: one line, as before.
    assert.equal(afterTab('def pop(self):\n    """█\n    return 1\n', '<insert>Take the oldest item."""\n    x = 1</insert>', 'python'), 'def pop(self):\n    """Take the oldest item."""\n    return 1\n');
  });

  it('keeps a YAML block scalar through its last line deeper than the key; brackets inside are text', () => {
    assert.equal(
      afterTab('steps:\n  - run: |█\n  - uses: actions/cache@v4\n', '<insert>\n      retry() {\n        "$@" || "$@"\n      }\n      retry npm ci\n  - name: Test</insert>', 'yaml'),
      'steps:\n  - run: |\n      retry() {\n        "$@" || "$@"\n      }\n      retry npm ci\n  - uses: actions/cache@v4\n',
    );
    // The answer writes the key and the indicator itself: a folded scalar, then a sibling key that is not kept.
    assert.equal(
      afterTab('chart:\n  desc█\n', '<insert>ription: >-\n    Deploys the billing API\n    behind the shared ingress.\n  version: 1.2.0</insert>', 'yaml'),
      'chart:\n  description: >-\n    Deploys the billing API\n    behind the shared ingress.\n',
    );
  });

  it('the stream goes on until the text block has ended', () => {
    const py = stream('def f():\n    █\n    return 1\n', 'python');
    assert.equal(isCompleteEnough('"""Sum the rows.\n', py), false);
    assert.equal(isCompleteEnough('"""Sum the rows.\n\n    Skips None.\n', py), false);
    assert.equal(isCompleteEnough('"""Sum the rows.\n\n    Skips None.\n    """\n', py), true);
    const yml = stream('jobs:\n  build:\n    steps:\n      - run: |█\n', 'yaml');
    assert.equal(isCompleteEnough('\n          make\n', yml), false);
    assert.equal(isCompleteEnough('\n          make\n          make test\n      - name: x\n', yml), true);
  });

  it('a blank line under `key: |` asks for the block, and the one-line prompt asks for text blocks through their end', () => {
    assert.equal(wantsMultiline(ctxAt('script:\n  - |\n    █\n')), false, 'a bare `- |` list item has no key: one line');
    assert.equal(wantsMultiline(ctxAt('build:\n  script: |\n    █\n')), true);
    const { request } = buildPrompt({
      ctx: ctxAt('def f():\n    """█\n'), prefix: 'def f():\n    """', suffix: '\n', snippets: [], relativePath: 'a.py', languageId: 'python', multiline: false, acceptsPrefill: true,
    });
    assert.match(request.messages[0].text, /opens a multi-line string or text block, or <CURSOR\/> is already inside one/);
    assert.match(request.messages[0].text, /The file indents with 4 spaces per level/);
    // Where no such block exists, the one-line request does not pay for the sentence.
    const ts = buildPrompt({
      ctx: ctxAt('const a = █\n'), prefix: 'const a = ', suffix: '\n', snippets: [], relativePath: 'a.ts', languageId: 'typescript', multiline: false, acceptsPrefill: true,
    });
    assert.doesNotMatch(ts.request.messages[0].text, /multi-line string/);
  });
});
