// What the shaper calls once an answer is shaped: the parse gate when the language's grammar is loaded,
// and otherwise the answer unchanged. The engine starts the grammar's load when it sends a request in the
// language, so that the load runs while the model answers.

import type { DocumentContext } from '../context';
import { gateInsertion, type GateAction, type GateClock, type GateResult } from './gate';
import type { GrammarLoader } from './loader';

export interface SyntaxCheck {
  /** Starts loading the grammar of `languageId` in the background (a request in it is going out); never waits. */
  prepare(languageId: string | undefined): void;
  check(shaped: GateResult, ctx: DocumentContext, languageId: string | undefined): GateResult | undefined;
}

export interface SyntaxCheckOptions extends GateClock {
  /** Told of every answer the gate looked at (the benchmark counts them; the adapter traces them). */
  onOutcome?: (languageId: string, action: GateAction) => void;
}

export function syntaxCheck(loader: GrammarLoader, opts: SyntaxCheckOptions = {}): SyntaxCheck {
  return {
    prepare(languageId) {
      loader.preload(languageId);
    },
    check(shaped, ctx, languageId) {
      const parser = loader.parserFor(languageId);
      if (!parser || !languageId) return shaped;
      const { result, action } = gateInsertion(parser, shaped, ctx, opts);
      opts.onOutcome?.(languageId, action);
      return result;
    },
  };
}
