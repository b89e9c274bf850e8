// The typing path under documents that are hostile by accident: blobs, megabyte lines, NULs, emoji cut in
// half, CRLF files, and failures that no retry fixes. Behaviour only (what is sent, what is shown, what is
// asked); the CPU figures are in `npm run bench:typing`.

import * as assert from 'node:assert/strict';
import { CompletionEngine, type EngineDeps } from '../../../src/completion/engine';
import { CompletionState } from '../../../src/completion/state';
import { indexWindows, MAX_WINDOW_CHARS, SnippetIndex, type SnippetSource } from '../../../src/completion/snippets';
import type { CompletionDocument, CompletionRequest } from '../../../src/completion/types';
import type { StreamRequest } from '../../../src/bedrock/types';
import { SimModel } from '../../support/simModel';
import { VirtualClock } from '../../support/virtualClock';

const CODE = [
  'export interface Invoice { customer: string; amount: number; lines: InvoiceLine[] }',
  'export function invoiceTotal(invoice: Invoice): number {',
  '  return invoice.lines.reduce((sum, line) => sum + line.amount, 0);',
  '}',
];

/** About `chars` of code. */
function code(chars: number): string[] {
  const out: string[] = [];
  for (let n = 0; n < chars; ) {
    for (const l of CODE) {
      out.push(l);
      n += l.length + 1;
    }
  }
  return out;
}

let version = 0;

/** A document over `lines`; `at` gives a request the way VS Code makes it (a CRLF counts two in the offset). */
function docOf(lines: string[], eol: '\n' | '\r\n' = '\n', uri = 'file:///w/src/app.ts') {
  const document: CompletionDocument = { uri, relativePath: uri.slice('file:///w/'.length), languageId: 'typescript', version: ++version, eol, lineCount: lines.length, lineAt: (i) => lines[i] ?? '' };
  return {
    document,
    at(line: number, character: number, trigger: CompletionRequest['trigger'] = 'automatic'): CompletionRequest {
      let offset = character;
      for (let i = 0; i < line; i++) offset += lines[i].length + eol.length;
      return { document, position: { line, character }, offset, trigger };
    },
  };
}

function setup(reply: (r: StreamRequest) => string = () => 'compute();</insert>', over: Partial<EngineDeps> = {}) {
  const clock = new VirtualClock();
  const model = new SimModel(clock, reply);
  const state = new CompletionState(undefined, clock.now);
  const engine = new CompletionEngine({
    streamer: model,
    state,
    settings: () => ({ debounceMs: 100, maxContextTokens: 1500 }),
    model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }),
    isExcluded: () => ({ excluded: false }),
    otherDocuments: () => [],
    sleep: clock.sleep,
    now: clock.now,
    tuning: { adaptiveDebounce: false },
    ...over,
  });
  const ask = async (request: CompletionRequest) => {
    const p = engine.provide(request, new AbortController().signal);
    await clock.runAll();
    return p;
  };
  return { clock, model, state, engine, ask };
}

const userText = (r: StreamRequest) => r.messages.map((m) => m.text).join('\n');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function letters(n: number): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0, x = 7; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += abc[x % abc.length];
  }
  return s;
}

describe('typing path: hostile documents', () => {
  it('never puts a NUL or half an emoji in the prompt, at any cut or cursor position', async () => {
    // Emoji that never repeat within reach, a line longer than the prefix and the suffix budgets.
    const emoji = Array.from({ length: 4000 }, (_, k) => String.fromCodePoint(0x1f600 + ((k * 7) % 80)) + (k % 10 ? '' : `x${k}`)).join('');
    const lines = [...code(9000), 'const a = 1;\u0000\u0000 // NULs past the first 8 KB', `const s = "${emoji}";`];
    const other: SnippetSource = { uri: 'file:///w/src/other.ts', relativePath: 'src/other.ts', languageId: 'typescript', version: 1, lastActive: 1,
      lines: { lineCount: 2, lineAt: (i) => ['export function invoiceTotal(invoice: Invoice): number { // \u0000', '  return invoice.lines.length;'][i] ?? '' } };
    const { model, ask } = setup(undefined, { otherDocuments: () => [other] });
    const d = docOf(lines);
    const line = lines.length - 1;
    // Around where the 4,462-character prefix budget and the 787-character suffix budget cut the line.
    for (let character = 4400; character < 4520; character++) await ask(d.at(line, character, 'explicit'));
    await ask(d.at(lines.length - 2, 13, 'explicit'));
    assert.equal(model.calls.length, 121);
    for (const call of model.calls) {
      const text = userText(call.request);
      assert.ok(!text.includes('\u0000'), 'a NUL reached the prompt');
      assert.ok(!LONE_SURROGATE.test(text), 'half a surrogate pair reached the prompt');
    }
    assert.ok(model.calls.some((c) => c.request.messages[0].text.includes('<snippet')), 'the other file was used (its NUL replaced)');
  });

  it('a long blob on the cursor line asks nothing by itself; asked for, it sends a prompt within the budget', async () => {
    const lines = [...code(9000), `const blob = "${letters(160_000)}=`];
    const { model, ask } = setup();
    const d = docOf(lines);
    const end = lines[lines.length - 1].length;
    assert.equal((await ask(d.at(lines.length - 1, end))).skipped, 'longLine');
    assert.equal(model.calls.length, 0);
    const out = await ask(d.at(lines.length - 1, end, 'explicit'));
    assert.ok(out.item, JSON.stringify(out));
    // 1,500 tokens × 3.5 characters, plus the prompt's own words.
    assert.ok(userText(model.calls[0].request).length < 1500 * 3.5 + 800, `prompt of ${userText(model.calls[0].request).length} characters`);
  });

  it('a megabyte line right above or below the cursor stays out of the prompt', async () => {
    const big = 'const data = [' + '"invoice", '.repeat(100_000) + '];';
    const lines = [...code(3000), big, 'const total = ', big, ...code(3000)];
    const { model, ask } = setup();
    const out = await ask(docOf(lines).at(lines.length - code(3000).length - 2, 'const total = '.length));
    assert.ok(out.item);
    const text = userText(model.calls[0].request);
    assert.ok(!text.includes('"invoice", "invoice"'), 'part of the megabyte line was sent');
    assert.match(text, /const total = <CURSOR\/>/);
  });

  it('in a CRLF file, typing through a multi-line suggestion (Enter included) keeps serving its rest', async () => {
    const answer = '\n  if (!invoice.lines.length) return 0;\n  return invoice.amount;\n}';
    const { model, ask } = setup(() => `${answer}</insert>`);
    const lines = [...code(2000), 'export function amountOf(invoice: Invoice): number {', ''];
    let line = lines.length - 2;
    let character = lines[line].length;
    const first = await ask(docOf(lines, '\r\n').at(line, character, 'explicit'));
    const shown = first.item?.insertText ?? '';
    assert.ok(shown.includes('\n  return invoice.amount;'), JSON.stringify(shown));
    for (let i = 0; i < shown.length - 1; i++) {
      const ch = shown[i];
      if (ch === '\n') {
        lines.splice(line + 1, 0, lines[line].slice(character));
        lines[line] = lines[line].slice(0, character);
        line++;
        character = 0;
      } else {
        lines[line] = lines[line].slice(0, character) + ch + lines[line].slice(character);
        character++;
      }
      const out = await ask(docOf(lines, '\r\n').at(line, character));
      assert.equal(out.item?.source, 'typedThrough', `lost after typing ${JSON.stringify(shown.slice(0, i + 1))}`);
      assert.equal(out.item?.insertText, shown.slice(i + 1));
    }
    assert.equal(model.calls.length, 1);
  });
});

describe('typing path: snippets from files with megabyte lines', () => {
  const related = ['export function invoiceTotal(invoice: Invoice): number {', '  return invoice.lines.reduce((sum, line) => sum + line.amount, 0);', '}'];
  const filler = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `const ${tag}${i} = ${i};`);
  // A data line made of the very names the cursor's code uses: it would score well if it were indexed.
  const huge = '[' + '{"invoice":1,"amount":2,"lines":[],"invoiceTotal":3},'.repeat(100_000) + ']';

  it('a window holding a 5 MB line is never indexed; the rest of that file still is', () => {
    const lines = [...filler(40, 'a'), huge, ...filler(40, 'b'), ...related, ...filler(40, 'c')];
    const windows = indexWindows({ lineCount: lines.length, lineAt: (i) => lines[i] });
    const hugeLine = 40;
    assert.ok(!windows.some((w) => w.startLine <= hugeLine && hugeLine < w.endLine), 'the window with the 5 MB line was indexed');
    assert.ok(windows.some((w) => w.ids.has('invoicetotal')), 'the related code of the same file was not indexed');
    assert.ok(MAX_WINDOW_CHARS < huge.length);
  });

  it('another open file with a 5 MB line offers its related code, never the line', () => {
    const lines = [...filler(40, 'a'), huge, huge, ...filler(40, 'b'), ...related, ...filler(40, 'c')];
    const source: SnippetSource = { uri: 'file:///w/data.ts', relativePath: 'src/data.ts', languageId: 'typescript', version: 1, lines: { lineCount: lines.length, lineAt: (i) => lines[i] }, lastActive: 1 };
    const index = new SnippetIndex();
    const query = 'const total = invoiceTotal(invoice) + invoice.amount;\nconst lines = invoice.lines;';
    const snippets = index.retrieve(query, [source], { languageId: 'typescript', budgetChars: 56_000, indexBudgetMs: Number.POSITIVE_INFINITY });
    assert.ok(snippets.length > 0, 'no snippet from the file');
    assert.ok(snippets.some((s) => s.text.includes('invoiceTotal(invoice: Invoice)')));
    for (const s of snippets) assert.ok(!s.text.includes('"invoiceTotal":3'), 'the data line was offered');
  });
});

describe('typing path: failures no retry fixes', () => {
  for (const kind of ['accessDenied', 'modelRetired'] as const) {
    it(`${kind}: automatic completions pause with the reason in the status bar, until settings or credentials change`, async () => {
      const { model, state, engine, ask } = setup();
      const message = kind === 'accessDenied' ? 'Access to Claude Haiku 4.5 in us-east-1 is denied.' : 'Claude 3 Haiku has reached its end of life on Bedrock.';
      model.failWith = { kind, message, detail: 'x' };
      const d = docOf(['const a = ', 'const b = ']);
      assert.equal((await ask(d.at(0, 10))).skipped, 'error');
      for (let i = 0; i < 5; i++) assert.equal((await ask(d.at(1, 10))).skipped, 'failing');
      assert.equal(model.calls.length, 1, 'asked again at a typing pause');
      assert.ok(state.statusText()?.includes(message), state.statusText());
      // Asking explicitly tries again (and says nothing new while it still fails).
      assert.equal((await ask(d.at(1, 10, 'explicit'))).skipped, 'error');
      assert.equal(model.calls.length, 2);
      // Settings, credentials or the model changed: the next pause asks, and success clears the pause.
      model.failWith = undefined;
      engine.resume();
      assert.ok((await ask(d.at(1, 10))).item);
      assert.equal(state.statusText(), undefined);
    });
  }

  it('a transient failure does not pause: the next pause asks again', async () => {
    const { model, ask } = setup();
    model.failWith = { kind: 'serviceError', message: 'Bedrock had a temporary service error.', detail: 'x' };
    const d = docOf(['const a = ', 'const b = ']);
    await ask(d.at(0, 10));
    await ask(d.at(1, 10));
    assert.equal(model.calls.length, 2);
  });
});
