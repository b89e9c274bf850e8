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
