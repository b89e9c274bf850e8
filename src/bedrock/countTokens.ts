// Bedrock's CountTokens: the model's own tokenizer, free of charge, for the token counts VS Code's chat asks
// the language-model provider for. It takes the bare foundation model id (an inference profile id is refused)
// and is offered for some models in some Regions only: a refusal of that kind means "use the estimate" for
// that model and Region from then on; a passing failure (throttled, offline) means "the estimate this time".

import type { BedrockError } from './types';

/** The request for `text` as one user message of a Converse call. */
export function countTokensInput(foundationModelId: string, text: string): { modelId: string; input: { converse: { messages: { role: 'user'; content: { text: string }[] }[] } } } {
  return { modelId: foundationModelId, input: { converse: { messages: [{ role: 'user', content: [{ text }] }] } } };
}

/** Whether a failure says CountTokens will not work for this model here (so stop asking), or may work next time. */
export function countTokensFailure(e: BedrockError): 'unsupported' | 'transient' {
  if (['accessDenied', 'modelNotFound', 'modelRetired', 'needsInferenceProfile'].includes(e.kind)) return 'unsupported';
  // "The provided model doesn't support counting tokens"; a Region without the operation.
  if (e.kind === 'unknown' && /count|UnknownOperation|not support/i.test(e.detail)) return 'unsupported';
  return 'transient';
}
