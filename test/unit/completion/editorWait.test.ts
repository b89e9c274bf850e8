import * as assert from 'node:assert/strict';
import { CompletionEngine } from '../../../src/completion/engine';
import { CompletionState } from '../../../src/completion/state';
import { linesOf } from '../../../src/completion/context';
import type { CompletionRequest } from '../../../src/completion/types';
import { SimModel } from '../../support/simModel';
import { VirtualClock } from '../../support/virtualClock';

function request(): CompletionRequest {
  const text = 'const x = \n';
  const lines = linesOf(text);
  return { document: { uri: 'file:///w/a.ts', relativePath: 'a.ts', languageId: 'typescript', version: 1, eol: '\n', lineCount: lines.lineCount, lineAt: lines.lineAt }, position: { line: 0, character: 10 }, offset: 10, trigger: 'automatic' };
}

/** When the request leaves, in ms after the provider was called, given how long ago the editor saw the keystroke. */
async function sentAfter(sinceEdit: number | undefined): Promise<number> {
  const clock = new VirtualClock();
  const model = new SimModel(clock, () => 'compute();</insert>');
  const engine = new CompletionEngine({
    streamer: model, state: new CompletionState(undefined, clock.now), settings: () => ({ debounceMs: 100, maxContextTokens: 1500 }),
    model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }), isExcluded: () => ({ excluded: false }), otherDocuments: () => [],
    sleep: clock.sleep, now: clock.now, sinceEdit: () => sinceEdit,
  });
  void engine.provide(request(), new AbortController().signal);
  await clock.runAll();
  return model.calls[0].startedAt;
}

describe("the editor's own wait counts inside the debounce", () => {
  it('waits only for the rest of the debounce after the editor waited before asking', async () => {
    assert.equal(await sentAfter(60), 40);
    assert.equal(await sentAfter(150), 0, 'the editor already waited longer than the setting');
  });

  it('waits the whole debounce when no keystroke is known, or the last one is long past (a cursor move)', async () => {
    assert.equal(await sentAfter(undefined), 100);
    assert.equal(await sentAfter(5000), 100);
  });
});

describe('asking afresh after the stream in flight contradicts the keystroke', () => {
  /** "const x = " asked at 0; the stream is out (at 100) but says nothing yet when "z" is typed at `zAt`. */
  async function afterContradiction(zAt: number, nextKeyAt?: number) {
    const clock = new VirtualClock();
    const model = new SimModel(clock, () => 'compute();</insert>');
    let lastKey = 0;
    const engine = new CompletionEngine({
      streamer: model, state: new CompletionState(undefined, clock.now), settings: () => ({ debounceMs: 100, maxContextTokens: 1500 }),
      model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }), isExcluded: () => ({ excluded: false }), otherDocuments: () => [],
      sleep: clock.sleep, now: clock.now, sinceEdit: () => clock.now() - lastKey,
    });
    const c1 = new AbortController();
    const first = engine.provide(request(), c1.signal);
    await clock.advance(zAt);
    assert.equal(model.calls.length, 1);
    assert.equal(model.calls[0].firstTokenAt, undefined, 'nothing streamed yet: the stream may still agree');
    c1.abort();
    lastKey = clock.now();
    const text = 'const x = z\n';
    const lines = linesOf(text);
    const z: CompletionRequest = { ...request(), document: { ...request().document, version: 2, lineCount: lines.lineCount, lineAt: lines.lineAt }, position: { line: 0, character: 11 }, offset: 11 };
    const c2 = new AbortController();
    const second = engine.provide(z, c2.signal);
    if (nextKeyAt !== undefined) {
      await clock.advance(nextKeyAt - clock.now());
      c2.abort();
    }
    await clock.runAll();
    await Promise.all([first, second]);
    return { model, contradictedAt: model.calls[0].endedAt! };
  }

  it('waits the rest of the debounce since that keystroke, so the next key of the word cancels it', async () => {
    const { model, contradictedAt } = await afterContradiction(380);
    assert.equal(model.calls[0].outcome, 'aborted');
    assert.ok(contradictedAt - 380 < 100, 'the contradiction came back before the debounce was over');
    assert.equal(model.calls[1].startedAt, 480, 'asked 100 ms after the keystroke, not at the contradiction');
    const typedOn = await afterContradiction(380, 470);
    assert.equal(typedOn.model.calls.length, 1, 'the next key came before the debounce ended: no request');
  });

  it('asks at once when the call has already waited the debounce for the stream', async () => {
    const { model, contradictedAt } = await afterContradiction(150);
    assert.ok(contradictedAt - 150 >= 100);
    assert.equal(model.calls[1].startedAt, contradictedAt);
  });
});
