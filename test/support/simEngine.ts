// A completion engine on the virtual clock, with the simulated model and nothing else of the host: what the
// engine's unit tests share (each passes only what its test is about), and the request at a `█` cursor.

import { CompletionEngine, type EngineDeps } from '../../src/completion/engine';
import { CompletionState } from '../../src/completion/state';
import { linesOf } from '../../src/completion/context';
import type { CompletionDocument, CompletionRequest } from '../../src/completion/types';
import type { StreamRequest } from '../../src/bedrock/types';
import { SimModel } from './simModel';
import type { VirtualClock } from './virtualClock';

/** The engine with `reply` as the model's answer to every request; `over` replaces any dependency. */
export function simEngine(clock: VirtualClock, reply: (r: StreamRequest) => string, over: Partial<EngineDeps> & { debounceMs?: number } = {}): { model: SimModel; engine: CompletionEngine } {
  const { debounceMs = 150, ...deps } = over;
  const model = new SimModel(clock, reply);
  const engine = new CompletionEngine({
    streamer: model,
    state: new CompletionState(undefined, clock.now),
    settings: () => ({ debounceMs, maxContextTokens: 1500 }),
    model: () => ({ acceptsPrefill: true, charsPerToken: 3.5 }),
    isExcluded: () => ({ excluded: false }),
    otherDocuments: () => [],
    sleep: clock.sleep,
    now: clock.now,
    ...deps,
  });
  return { model, engine };
}

export interface RequestOptions {
  relativePath?: string;
  languageId?: string;
  version?: number;
  trigger?: CompletionRequest['trigger'];
}

/** The request at `█` in `doc` (the document is `doc` without it). */
export function requestAtCursor(doc: string, opts: RequestOptions = {}): CompletionRequest {
  const { relativePath = 'a.ts', languageId = 'typescript', version = 1, trigger = 'automatic' } = opts;
  const offset = doc.indexOf('█');
  const text = doc.replace('█', '');
  const before = text.slice(0, offset);
  const lines = linesOf(text);
  const document: CompletionDocument = { uri: `file:///w/${relativePath}`, relativePath, languageId, version, eol: '\n', lineCount: lines.lineCount, lineAt: lines.lineAt };
  return { document, position: { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) }, offset, trigger };
}
