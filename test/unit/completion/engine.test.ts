import * as assert from 'node:assert/strict';
import { CompletionEngine, trimPrefix, type EngineDeps } from '../../../src/completion/engine';
import { CompletionState } from '../../../src/completion/state';
import { ExclusionRules } from '../../../src/privacy/exclude';
import { buildDocumentContext, linesOf } from '../../../src/completion/context';
import type { CompletionDocument, CompletionOutcome, CompletionRequest } from '../../../src/completion/types';
import type { StreamRequest } from '../../../src/bedrock/types';
import { SimModel } from '../../support/simModel';
import { VirtualClock } from '../../support/virtualClock';

let version = 0;
function doc(text: string, relativePath = 'src/app.ts', languageId = 'typescript'): { document: CompletionDocument; at(marker: string): CompletionRequest } {
  const lines = linesOf(text);
  const document: CompletionDocument = { uri: `file:///w/${relativePath}`, relativePath, languageId, version: ++version, eol: '\n', lineCount: lines.lineCount, lineAt: lines.lineAt };
  return {
    document,
    at(marker: string): CompletionRequest {
      const offset = text.indexOf(marker) + marker.length;
      const before = text.slice(0, offset);
      const line = before.split('\n').length - 1;
      return { document, position: { line, character: offset - (before.lastIndexOf('\n') + 1) }, offset, trigger: 'automatic' };
    },
  };
}

// With prefill the model continues after "<insert>" (the catalog's Haiku 4.5 accepts prefill).
function setup(reply: (r: StreamRequest) => string = () => 'compute();</insert>', over: Partial<EngineDeps> = {}) {
  const clock = new VirtualClock();
  const model = new SimModel(clock, reply);
  const state = new CompletionState(undefined, clock.now);
  const rules = new ExclusionRules({ globs: ['**/secret/**'] });
  const engine = new CompletionEngine({
    streamer: model,
    state,
    settings: () => ({ debounceMs: 150, maxContextTokens: 1500 }),
    model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }),
    isExcluded: (d) => rules.isExcluded(d.relativePath),
    otherDocuments: () => [],
    sleep: clock.sleep,
    now: clock.now,
    ...over,
  });
  return { clock, model, state, engine };
}

const userText = (r: StreamRequest) => r.messages[0].text;

describe('CompletionEngine', () => {
  it('waits for the debounce, then sends one request and returns the processed item', async () => {
    const { clock, model, engine } = setup();
    const p = engine.provide(doc('const x = \n').at('const x = '), new AbortController().signal);
    await clock.advance(149);
    assert.equal(model.calls.length, 0, 'no request during the debounce');
    await clock.advance(1);
    assert.equal(model.calls.length, 1);
    await clock.runAll();
    const out = await p;
    assert.equal(out.item?.insertText, 'compute();');
    assert.equal(out.item?.source, 'network');
    assert.equal(model.calls[0].request.feature, 'completion');
    assert.equal(model.calls[0].request.temperature, 0);
  });

  it('sends nothing when the keystroke that follows cancels during the debounce', async () => {
    const { clock, model, engine } = setup();
    const c = new AbortController();
    const p = engine.provide(doc('const x = \n').at('const x = '), c.signal);
    await clock.advance(100);
    c.abort();
    await clock.runAll();
    assert.deepEqual(await p, { skipped: 'cancelled' });
    assert.equal(model.calls.length, 0);
  });

  it('an explicit request skips the debounce', async () => {
    const { clock, model, engine } = setup();
    const p = engine.provide({ ...doc('const x = \n').at('const x = '), trigger: 'explicit' }, new AbortController().signal);
    await clock.advance(0);
    assert.equal(model.calls.length, 1);
    await clock.runAll();
    assert.ok((await p).item);
  });

  it('aborts the stream when the next keystroke contradicts it, and never shows its result', async () => {
    const { clock, model, engine } = setup();
    const c1 = new AbortController();
    const p1 = engine.provide(doc('const x = \n').at('const x = '), c1.signal);
    await clock.advance(500); // debounce 150 + first token at 450: "compute..." is streaming
    assert.equal(model.calls.length, 1);
    assert.ok(model.calls[0].tokensSent > 0);
    // The user types "z": VS Code cancels the first call and asks again.
    c1.abort();
    const p2 = engine.provide(doc('const x = z\n').at('const x = z'), new AbortController().signal);
    await clock.advance(0);
    assert.equal(model.calls[0].outcome, 'aborted', 'aborted at once, before the new request has debounced');
    await clock.runAll();
    const [r1, r2] = await Promise.all([p1, p2]);
    assert.equal(r1.item, undefined);
    assert.equal(r2.item?.source, 'network');
    assert.equal(model.calls.length, 2);
    assert.equal(engine.stats.aborted, 1);
  });

  it('keeps the stream when the keystroke types what it is saying, and serves the rest without a new request', async () => {
    const { clock, model, engine } = setup();
    const c1 = new AbortController();
    const p1 = engine.provide(doc('const x = \n').at('const x = '), c1.signal);
    await clock.advance(500);
    c1.abort();
    const p2 = engine.provide(doc('const x = c\n').at('const x = c'), new AbortController().signal);
    await clock.runAll();
    assert.equal((await p1).item, undefined, 'the cancelled call shows nothing');
    const r2 = await p2;
    assert.equal(r2.item?.insertText, 'ompute();');
    assert.equal(r2.item?.source, 'inFlight');
    assert.equal(model.calls.length, 1);
    assert.equal(model.calls[0].outcome, 'complete');
  });

  it('keeps a stream through a keystroke made before its first token, and replaces it once it disagrees', async () => {
    const { clock, model, engine } = setup();
    const c1 = new AbortController();
    const p1 = engine.provide(doc('const x = \n').at('const x = '), c1.signal);
    await clock.advance(200); // in flight, nothing streamed yet
    c1.abort();
    const p2 = engine.provide(doc('const x = z\n').at('const x = z'), new AbortController().signal);
    await clock.advance(100);
    assert.equal(model.calls[0].outcome, undefined, 'still streaming: it might agree');
    await clock.runAll();
    await p1;
    assert.equal(model.calls[0].outcome, 'aborted', 'aborted when its text said "c", not "z"');
    assert.ok(model.calls[0].tokensSent <= 2);
    assert.equal(model.calls.length, 2, 'asked again for the new position');
    assert.ok((await p2).item);
  });

  it('typing the end of a statement the streaming block contains keeps the block coming', async () => {
    const { clock, model, engine } = setup(() => 'const a = 1;\n  return a;\n}</insert>');
    const c1 = new AbortController();
    const p1 = engine.provide(doc('function f() {\n  \n}\n').at('function f() {\n  '), c1.signal);
    await clock.advance(560); // "const a = 1;" has streamed
    c1.abort();
    const p2 = engine.provide(doc('function f() {\n  const a = 1;\n}\n').at('const a = 1;'), new AbortController().signal);
    await clock.runAll();
    await p1;
    const r2 = await p2;
    assert.equal(r2.item?.insertText, '\n  return a;');
    assert.equal(r2.item?.source, 'inFlight');
    assert.equal(model.calls.length, 1);
  });

  it('closes the stream at the server when the editor cancels and does not ask again', async () => {
    const { clock, model, engine } = setup();
    const c1 = new AbortController();
    const p1 = engine.provide(doc('const x = \n').at('const x = '), c1.signal);
    await clock.advance(200);
    c1.abort();
    await clock.advance(60);
    assert.equal(model.calls[0].outcome, 'aborted');
    await clock.runAll();
    assert.equal((await p1).item, undefined);
  });

  it('aborts an in-flight request as soon as a request for another position arrives', async () => {
    const { clock, model, engine } = setup();
    const p1 = engine.provide(doc('let a = \n').at('let a = '), new AbortController().signal);
    await clock.advance(200);
    const p2 = engine.provide(doc('let a = 1;\nlet b = \n').at('let b = '), new AbortController().signal);
    await clock.advance(1);
    assert.equal(model.calls[0].outcome, 'aborted', 'aborted before the new request has even debounced');
    await clock.runAll();
    assert.equal((await p1).item, undefined);
    assert.ok((await p2).item);
  });

  it('answers a repeat from the cache without a request', async () => {
    const { clock, model, engine } = setup();
    const d = doc('const x = \n');
    const p1 = engine.provide(d.at('const x = '), new AbortController().signal);
    await clock.runAll();
    await p1;
    engine.shown.forget();
    const out = await engine.provide(doc('const x = \n').at('const x = '), new AbortController().signal);
    assert.equal(out.item?.source, 'cache');
    assert.equal(out.item?.insertText, 'compute();');
    assert.equal(model.calls.length, 1);
  });

  it('serves the rest of the suggestion while the user types it, without a request', async () => {
    const { clock, model, engine } = setup(() => '<insert>computeTotal(items);</insert>');
    const p = engine.provide(doc('const x = \n').at('const x = '), new AbortController().signal);
    await clock.runAll();
    assert.equal((await p).item?.insertText, 'computeTotal(items);');
    const typed = await engine.provide(doc('const x = comp\n').at('const x = comp'), new AbortController().signal);
    assert.equal(typed.item?.insertText, 'uteTotal(items);');
    assert.equal(typed.item?.source, 'typedThrough');
    assert.equal(model.calls.length, 1);
    // Typing something else leaves the suggestion: a new request (after the debounce).
    const other = engine.provide(doc('const x = compx\n').at('const x = compx'), new AbortController().signal);
    await clock.runAll();
    await other;
    assert.equal(model.calls.length, 2);
  });

  it('sends nothing for an excluded file', async () => {
    const { clock, model, engine } = setup();
    const out = engine.provide(doc('const k = \n', 'src/secret/keys.ts').at('const k = '), new AbortController().signal);
    await clock.runAll();
    assert.deepEqual(await out, { skipped: 'excluded' });
    assert.equal(model.calls.length, 0);
  });

  it('redacts secrets in the text it sends', async () => {
    const key = 'AKIA' + 'IOSFODNN7EXAMPLE';
    const { clock, model, engine } = setup();
    const p = engine.provide(doc(`const id = "${key}";\nconst password = "hunter2";\nconst x = \n`).at('const x = '), new AbortController().signal);
    await clock.runAll();
    await p;
    const sent = userText(model.calls[0].request);
    assert.ok(!sent.includes(key) && !sent.includes('hunter2'));
    assert.ok(sent.includes('<redacted:aws-access-key>') && sent.includes('<redacted:password>'));
  });

  it('stops a single-line stream at the end of the line (fewer output tokens)', async () => {
    const long = '<insert>compute();\nconst y = 2;\nconst z = 3;\nconst w = 4;</insert>';
    const { clock, model, engine } = setup(() => long);
    const p = engine.provide(doc('const x = \n').at('const x = '), new AbortController().signal);
    await clock.runAll();
    assert.equal((await p).item?.insertText, 'compute();');
    assert.equal(model.calls[0].stoppedEarly, true);
    assert.ok(model.calls[0].tokensSent < model.calls[0].tokensFull / 2);
  });

  it('stops a block\'s stream at the line that closes it, and inserts the block', async () => {
    const answer = 'const a = 1;\n  return a;\n}\n\nfunction g() {\n  return 2;\n}\n</insert>';
    const { clock, model, engine } = setup(() => answer);
    const at = doc('function f() {\n  \n').at('function f() {\n  ');
    const p = engine.provide(at, new AbortController().signal);
    await clock.runAll();
    // Its first line showed while the rest streamed (earlyLine.test.ts); asked again, the block.
    assert.equal((await p).item?.insertText, 'const a = 1;');
    assert.equal((await engine.provide({ ...at, trigger: 'explicit' }, new AbortController().signal)).item?.insertText, 'const a = 1;\n  return a;\n}');
    assert.equal(model.calls.length, 1);
    assert.equal(model.calls[0].stoppedEarly, true);
    const needed = Math.ceil('const a = 1;\n  return a;\n}\n'.length / 3.5);
    assert.ok(model.calls[0].tokensSent <= needed + 1, `streamed ${model.calls[0].tokensSent} tokens, the block needs ${needed}`);
  });

  it('waits out the typing rhythm mid-word: fewer requests while a word is typed, ghost text still after the pause', async () => {
    const run = async (adaptive: boolean) => {
      const clock = new VirtualClock();
      // A quick model, so every request ends before the next key: the count is what the wait lets through.
      const model = new SimModel(clock, () => ' = 1;</insert>', { firstTokenMs: 20, tokensPerSecond: 1000, charsPerToken: 3.5 });
      const engine = new CompletionEngine({
        streamer: model, state: new CompletionState(undefined, clock.now), settings: () => ({ debounceMs: 100, maxContextTokens: 1500 }),
        model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }), isExcluded: () => ({ excluded: false }), otherDocuments: () => [],
        sleep: clock.sleep, now: clock.now, tuning: { adaptiveDebounce: adaptive },
      });
      const word = 'measurementValue';
      // A steady typist: 120–150 ms between keys, longer than the 100 ms setting.
      const gaps = [0, 150, ...Array.from({ length: word.length - 2 }, (_, i) => (i % 2 ? 130 : 120))];
      let c: AbortController | undefined;
      let last: Promise<CompletionOutcome> | undefined;
      let lastKeyAt = 0;
      for (let i = 1; i <= word.length; i++) {
        await clock.advance(gaps[i - 1]);
        c?.abort();
        c = new AbortController();
        const text = `const ${word.slice(0, i)}`;
        last = engine.provide(doc(`${text}\n`).at(text), c.signal);
        lastKeyAt = clock.now();
      }
      const whileTyping = model.calls.length;
      await clock.runAll();
      const final = model.calls[model.calls.length - 1];
      return { whileTyping, item: (await last!).item, waited: final.startedAt - lastKeyAt };
    };
    const fixed = await run(false);
    const adaptive = await run(true);
    assert.ok(adaptive.whileTyping < fixed.whileTyping / 2, `requests while typing: ${adaptive.whileTyping} adaptive vs ${fixed.whileTyping} fixed`);
    assert.equal(adaptive.item?.insertText, ' = 1;');
    assert.ok(adaptive.waited >= 100 && adaptive.waited <= 300, `asked ${adaptive.waited} ms after the last key`);
    assert.equal(fixed.waited, 100);
  });

  it('does not call the model where it cannot help (mid-word, text on the right)', async () => {
    const { clock, model, engine } = setup();
    const a = engine.provide(doc('const value = 1\n').at('const val'), new AbortController().signal);
    const b = engine.provide(doc('foo( + bar)\n').at('foo('), new AbortController().signal);
    await clock.runAll();
    assert.equal((await a).skipped, 'midWord');
    assert.equal((await b).skipped, 'textAfterCursor');
    assert.equal(model.calls.length, 0);
  });

  it('pauses quietly when signed out and resumes when credentials change', async () => {
    const { clock, model, engine, state } = setup();
    model.failWith = { kind: 'expiredSso', message: 'Your AWS SSO session has expired.', detail: 'x' };
    const p1 = engine.provide(doc('a = \n').at('a = '), new AbortController().signal);
    await clock.runAll();
    assert.deepEqual(await p1, { skipped: 'error' });
    assert.equal(state.statusText(), 'Completions paused: signed out');
    const p2 = engine.provide(doc('b = \n').at('b = '), new AbortController().signal);
    await clock.runAll();
    assert.deepEqual(await p2, { skipped: 'signedOut' });
    assert.equal(model.calls.length, 1, 'no request per keystroke while signed out');
    model.failWith = undefined;
    engine.resume();
    const p3 = engine.provide(doc('c = \n').at('c = '), new AbortController().signal);
    await clock.runAll();
    assert.ok((await p3).item);
    assert.equal(state.statusText(), undefined);
  });

  it('probes again after a while when signed out (a sign-in from a terminal sends no event)', async () => {
    const { clock, model, engine } = setup();
    model.failWith = { kind: 'noCredentials', message: 'No credentials.', detail: 'x' };
    const p1 = engine.provide(doc('a = \n').at('a = '), new AbortController().signal);
    await clock.runAll();
    await p1;
    model.failWith = undefined;
    await clock.advance(121_000);
    const p2 = engine.provide(doc('b = \n').at('b = '), new AbortController().signal);
    await clock.runAll();
    assert.ok((await p2).item);
    assert.equal(model.calls.length, 2);
  });

  it('rests after throttling instead of retrying on every keystroke', async () => {
    const { clock, model, engine } = setup();
    model.failWith = { kind: 'throttled', message: 'Throttled.', detail: 'x' };
    const p1 = engine.provide(doc('a = \n').at('a = '), new AbortController().signal);
    await clock.runAll();
    await p1;
    model.failWith = undefined;
    const p2 = engine.provide(doc('b = \n').at('b = '), new AbortController().signal);
    await clock.runAll();
    assert.equal((await p2).skipped, 'throttled');
    await clock.advance(21_000);
    const p3 = engine.provide(doc('c = \n').at('c = '), new AbortController().signal);
    await clock.runAll();
    assert.ok((await p3).item);
  });

  it('survives a streamer that throws, and asks again next time', async () => {
    const { clock, engine } = setup(undefined, {
      streamer: { stream: () => Promise.reject(new Error('socket hang up')) },
    });
    const p1 = engine.provide(doc('a = \n').at('a = '), new AbortController().signal);
    await clock.runAll();
    assert.deepEqual(await p1, { skipped: 'error' });
    const p2 = engine.provide(doc('b = \n').at('b = '), new AbortController().signal);
    await clock.runAll();
    assert.deepEqual(await p2, { skipped: 'error' }, 'a second request was made, not stuck on the first');
    assert.equal(engine.stats.requests, 2);
  });

  it('honours off, snooze and the budget pause', async () => {
    const { clock, model, engine, state } = setup();
    const ask = async (text: string) => {
      const p = engine.provide(doc(`${text}\n`).at(text), new AbortController().signal);
      await clock.runAll();
      return p;
    };
    state.set('off');
    assert.equal((await ask('a = ')).skipped, 'disabled');
    state.set('snoozed');
    assert.equal((await ask('b = ')).skipped, 'snoozed');
    await clock.advance(15 * 60_000 + 1);
    assert.ok((await ask('c = ')).item);
    state.setPauseCheck(() => 'daily budget of $1.00 reached');
    assert.equal((await ask('d = ')).skipped, 'paused');
    assert.equal(model.calls.length, 1);
    state.dispose();
  });

  it('uses prefill only when the model accepts it', async () => {
    const withPrefill = setup(() => 'x;</insert>');
    const p1 = withPrefill.engine.provide(doc('a = \n').at('a = '), new AbortController().signal);
    await withPrefill.clock.runAll();
    assert.equal((await p1).item?.insertText, 'x;');
    assert.equal(withPrefill.model.calls[0].request.messages.at(-1)?.role, 'assistant');

    const without = setup(() => '<insert>x;</insert>', { model: () => ({ acceptsPrefill: false, charsPerToken: 2.7 }) });
    const p2 = without.engine.provide(doc('a = \n').at('a = '), new AbortController().signal);
    await without.clock.runAll();
    assert.equal((await p2).item?.insertText, 'x;');
    assert.equal(without.model.calls[0].request.messages.at(-1)?.role, 'user');
  });

  it('keeps the prompt within the token budget on a large file', async () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `export const value${i} = compute(${i}, "some text here");`).join('\n');
    const { clock, model, engine } = setup(undefined, { settings: () => ({ debounceMs: 0, maxContextTokens: 1500 }) });
    const d = doc(big + '\nconst x = \n');
    const p = engine.provide(d.at('const x = '), new AbortController().signal);
    await clock.runAll();
    await p;
    const sent = userText(model.calls[0].request);
    assert.ok(sent.length / 3.5 <= 1500 + 120, `about ${Math.round(sent.length / 3.5)} tokens`);
  });

  it('includes snippets from other open files that share identifiers with the code at the cursor', async () => {
    const other = linesOf(['// unrelated', 'export function formatInvoiceTotal(invoice: Invoice, currency: string) {', '  return currency + invoice.total.toFixed(2);', '}'].join('\n'));
    const { clock, model, engine } = setup(undefined, {
      otherDocuments: () => [{ uri: 'file:///w/src/format.ts', relativePath: 'src/format.ts', languageId: 'typescript', version: 1, lines: other, lastActive: 1 }],
    });
    const p = engine.provide(doc('const invoice = load();\nconst label = formatInvoiceTotal(invoice, \n').at('formatInvoiceTotal(invoice, '), new AbortController().signal);
    await clock.runAll();
    await p;
    const sent = userText(model.calls[0].request);
    assert.match(sent, /<snippet path="src\/format.ts"/);
    assert.match(sent, /currency \+ invoice\.total/);
  });
});

describe('trimPrefix', () => {
  it('drops whole lines from the top', () => {
    const ctx = buildDocumentContext(linesOf('aaaa\nbbbb\ncccc\ndd'), { line: 3, character: 2 }, { prefixChars: 100, suffixChars: 10 });
    const t = trimPrefix(ctx, 8);
    assert.equal(t.prefix, 'cccc\ndd');
    assert.equal(t.prefixStartLine, 2);
  });
});
