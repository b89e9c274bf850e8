import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { GrammarLoader } from '../../../../src/completion/parse/loader';
import type { TsParser, TsRuntime } from '../../../../src/completion/parse/treeSitter';
import { GRAMMAR_DIR } from '../../../bench/completions/offline';

/** A runtime that records what is asked of it; grammars named in `failing` do not load. */
function fakeRuntime(failing: string[] = []) {
  const calls = { runtime: 0, init: 0, languages: [] as string[] };
  const parser: TsParser = { parse: () => null, reset() {}, delete() {} };
  const runtime: TsRuntime = {
    Parser: Object.assign(
      function Parser() {
        return { ...parser, setLanguage: () => undefined };
      } as unknown as TsRuntime['Parser'],
      { init: async () => void calls.init++ },
    ),
    Language: {
      load: async (file: string | Uint8Array) => {
        calls.languages.push(path.basename(String(file)));
        if (failing.some((f) => String(file).includes(f))) throw new Error('no such grammar');
        return {};
      },
    },
  };
  const loadRuntime = () => {
    calls.runtime++;
    return runtime;
  };
  return { calls, loadRuntime };
}

describe('grammar loader', () => {
  it('loads nothing until a completion asks (activation builds it, and nothing is read)', () => {
    const { calls, loadRuntime } = fakeRuntime();
    const loader = new GrammarLoader({ dir: '/grammars', loadRuntime });
    assert.equal(calls.runtime, 0);
    assert.deepEqual(loader.loads, []);
  });

  it('answers the rules alone (undefined) while the grammar loads, then the parser; one load per language', async () => {
    const { calls, loadRuntime } = fakeRuntime();
    const loader = new GrammarLoader({ dir: '/grammars', loadRuntime });
    assert.equal(loader.parserFor('typescript'), undefined, 'the first completion does not wait');
    assert.equal(loader.parserFor('typescript'), undefined);
    await loader.whenReady('typescript');
    assert.ok(loader.parserFor('typescript'));
    assert.ok(await loader.whenReady('python'));
    assert.deepEqual(calls.languages, ['tree-sitter-typescript.wasm', 'tree-sitter-python.wasm']);
    assert.equal(calls.runtime, 1, 'one runtime for every language');
    assert.equal(calls.init, 1);
  });

  it('preload starts one load per language, off the caller\'s stack, and none after dispose', async () => {
    const { calls, loadRuntime } = fakeRuntime();
    const loader = new GrammarLoader({ dir: '/grammars', loadRuntime });
    loader.preload('python');
    loader.preload('python');
    loader.preload('markdown');
    assert.equal(calls.runtime, 0, 'the runtime is not read on the stack of the request being sent');
    await new Promise((r) => setImmediate(r));
    assert.ok(await loader.whenReady('python'));
    loader.preload('python');
    loader.dispose();
    loader.preload('go');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls.languages, ['tree-sitter-python.wasm']);
  });

  it('gives the rules alone to a language without a grammar, and loads nothing for it', async () => {
    const { calls, loadRuntime } = fakeRuntime();
    const loader = new GrammarLoader({ dir: '/grammars', loadRuntime });
    assert.equal(loader.parserFor('markdown'), undefined);
    assert.equal(loader.parserFor('c'), undefined, 'C is not handed to the C++ grammar');
    assert.equal(loader.parserFor(undefined), undefined);
    assert.equal(await loader.whenReady('no-such-language'), undefined);
    assert.equal(calls.runtime, 0);
  });

  it('remembers a failed load and does not try again', async () => {
    const { calls, loadRuntime } = fakeRuntime(['go']);
    const logged: string[] = [];
    const loader = new GrammarLoader({ dir: '/grammars', loadRuntime, log: (m) => logged.push(m) });
    assert.equal(await loader.whenReady('go'), undefined);
    for (let i = 0; i < 5; i++) assert.equal(loader.parserFor('go'), undefined);
    assert.equal(await loader.whenReady('go'), undefined);
    assert.deepEqual(calls.languages, ['tree-sitter-go.wasm']);
    assert.equal(loader.loads.filter((l) => !l.ok).length, 1);
    assert.match(logged.join('\n'), /tree-sitter-go\.wasm not loaded .*the rules apply/);
  });

  it('falls back to the rules when the directory has no runtime (a VS Code without the grammars)', async () => {
    const loader = new GrammarLoader({ dir: path.join(os.tmpdir(), 'no-tree-sitter-here') });
    assert.equal(loader.parserFor('typescript'), undefined);
    assert.equal(await loader.whenReady('typescript'), undefined);
    assert.equal(await loader.whenReady('python'), undefined);
    assert.equal(loader.loads.length, 2);
    assert.ok(loader.loads.every((l) => !l.ok));
  });

  it('loads the real runtime and a grammar from the package VS Code ships, in plain Node', async () => {
    const loader = new GrammarLoader({ dir: GRAMMAR_DIR });
    try {
      const parser = await loader.whenReady('typescript');
      assert.ok(parser);
      const tree = parser.parse('const a = (1;\n')!;
      assert.equal(tree.rootNode.hasError, true);
      tree.delete();
    } finally {
      loader.dispose();
    }
  });
});
