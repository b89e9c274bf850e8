// What every feature calls before text leaves the machine.
export { redactSecrets, looksLikeRandomSecret, countPlaceholders, redactedHead, redactedTail, type RedactionResult } from './redact';
export { ExclusionRules, isSecretFileName, type ExclusionOptions, type ExclusionResult } from './exclude';
export { isProbablyBinary, looksMinified, checkSendable, SIZE_LIMITS, SAMPLE_CHARS, type SendableCheck, type NotSendableReason } from './sendable';
