// The grammar of a language loads while the first request in it is out, so that its first answer is already
// parsed; nothing loads before a request is sent.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { GrammarLoader } from '../../../../src/completion/parse/loader';
import { syntaxCheck } from '../../../../src/completion/parse/syntaxCheck';
import type { TsParser, TsRuntime } from '../../../../src/completion/parse/treeSitter';
import type { CompletionRequest } from '../../../../src/completion/types';
import { GRAMMAR_DIR } from '../../../bench/completions/offline';
import { VirtualClock } from '../../../support/virtualClock';
import { requestAtCursor, simEngine } from '../../../support/simEngine';

/** A runtime that records the grammars asked of it (as in loader.test.ts). */
function fakeRuntime() {
  const calls = { runtime: 0, languages: [] as string[] };
  const parser: TsParser = { parse: () => null, reset() {}, delete() {} };
  const runtime: TsRuntime = {
    Parser: Object.assign(function Parser() {
      return { ...parser, setLanguage: () => undefined };
    } as unknown as TsRuntime['Parser'], { init: async () => undefined }),
    Language: {
      load: async (file: string | Uint8Array) => {
        calls.languages.push(path.basename(String(file)));
        return {};
      },
    },
  };
  return { calls, loadRuntime: () => (calls.runtime++, runtime) };
}

function setup(loader: GrammarLoader, reply = 'compute();</insert>') {
  const clock = new VirtualClock();
  const { model, engine } = simEngine(clock, () => reply, { syntax: syntaxCheck(loader, { budgetMs: Infinity }) });
  return { clock, model, engine };
}

/** A request at the end of `marker` in `text`. */
function at(text: string, marker: string, relativePath: string, languageId: string): CompletionRequest {
  const offset = text.indexOf(marker) + marker.length;
  return requestAtCursor(`${text.slice(0, offset)}█${text.slice(offset)}`, { relativePath, languageId });
}

const turn = () => new Promise((r) => setImmediate(r));

describe('grammar load at the first request', () => {
  it('loads nothing before a request is sent, then the language of the request while its answer is awaited', async () => {
    const { calls, loadRuntime } = fakeRuntime();
    const loader = new GrammarLoader({ dir: '/grammars', loadRuntime });
    const { clock, model, engine } = setup(loader);
    const text = 'def total(items):\n    return \n';
    const first = engine.provide(at(text, 'return ', 'app.py', 'python'), new AbortController().signal);
    await clock.advance(100);
    await turn();
    assert.equal(model.calls.length, 0, 'still in the debounce');
    assert.equal(calls.runtime, 0, 'nothing loads before a request is sent');
    await clock.advance(50);
    await turn();
    assert.equal(model.calls.length, 1);
    assert.equal(model.calls[0].endedAt, undefined, 'the answer has not arrived');
    assert.deepEqual(calls.languages, ['tree-sitter-python.wasm'], 'the load started with the request');
    await clock.runAll();
    await first;
    // A second request in the language loads nothing more; one in a language without a grammar loads nothing.
    const again = engine.provide({ ...at(text, 'return ', 'app.py', 'python'), trigger: 'explicit', offset: 30 }, new AbortController().signal);
    const md = engine.provide({ ...at('# Notes\n\nSee \n', 'See ', 'notes.md', 'markdown'), trigger: 'explicit' }, new AbortController().signal);
    await clock.runAll();
    await Promise.all([again, md]);
    await turn();
    assert.ok(model.calls.length >= 2);
    assert.deepEqual(calls.languages, ['tree-sitter-python.wasm']);
    loader.dispose();
  });

  it('the first answer in a language gets the parse gate when the grammar loaded while the model answered', async () => {
    const loader = new GrammarLoader({ dir: GRAMMAR_DIR });
    try {
      // An unbalanced paren on the second line: the gate cuts the answer before it; the rules alone keep it.
      const { clock, model, engine } = setup(loader, "const sum = items.reduce((a, b) => a + b.price, 0);\n  console.log('sum', sum;\n  return sum;</insert>");
      const request = { ...at('function total(items: Item[]): number {\n  \n}\n', '{\n  ', 'src/total.ts', 'typescript'), trigger: 'explicit' as const };
      const first = engine.provide(request, new AbortController().signal);
      await clock.advance(0);
      assert.equal(model.calls.length, 1);
      // The model (on the virtual clock) has not answered; the load started by the request runs in real time.
      for (let i = 0; i < 300 && !loader.loads.length; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(loader.loads.map((l) => [l.grammar, l.ok]), [['tree-sitter-typescript.wasm', true]]);
      assert.equal(model.calls[0].endedAt, undefined);
      await clock.runAll();
      await first;
      assert.equal(model.calls[0].outcome, 'complete');
      // The editor asks again once the block is complete (the first line may have shown early): the whole answer, gated.
      const again = await engine.provide(request, new AbortController().signal);
      assert.equal(again.item?.insertText, 'const sum = items.reduce((a, b) => a + b.price, 0);');
    } finally {
      loader.dispose();
    }
  });
});
