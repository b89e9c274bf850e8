// The prompts for explaining and fixing, and the one place where gathered context is redacted before it is
// sent: whatever the user sees under "context sent" is exactly what went out.

import { countPlaceholders, redactSecrets } from '../privacy';

export type ExplainSource = 'diagnostic' | 'terminal' | 'debugger';

const SHARED_RULES = [
  'Text of the form <redacted:kind> stands for a secret removed before sending; never guess it, keep it as is.',
  'Be brief and concrete. Use Markdown.',
].join(' ');

const EXPLAIN_SYSTEM: Record<ExplainSource, string> = {
  diagnostic: [
    'You are a debugging assistant inside the code editor. The user shows you a compiler or linter diagnostic with its context:',
    'the code around it (lines of the diagnostic marked with ">"), related locations, the file\'s imports, and quick fixes the editor already offers.',
    'First explain in plain words what causes it, naming the exact line, symbol or type involved.',
    'Then give a suggested fix as one fenced code block in the file\'s language, showing the corrected lines with a little context, without line numbers or ">" marks.',
    'If an offered quick fix is the right fix, say which one. If the context is not enough to be sure, say what to check.',
    SHARED_RULES,
  ].join(' '),
  terminal: [
    'You are a debugging assistant inside the code editor. The user shows you a terminal command that failed, with its exit code and the end of its output.',
    'First explain in plain words why it failed, quoting the decisive line of the output.',
    'Then give a suggested fix as one fenced code block: the command to run instead, or the change to make in a file (say which file).',
    'If the output is not enough to be sure, say what to check next.',
    SHARED_RULES,
  ].join(' '),
  debugger: [
    'You are a debugging assistant inside the code editor. The user\'s program stopped in the debugger on an exception.',
    'You get the exception, the top frames of the call stack with their source lines (the current line marked with ">"), and the variables of the top frame with their runtime values.',
    'First explain in plain words what caused the exception, using the variable values as evidence.',
    'Then give a suggested fix as one fenced code block in the program\'s language, showing the corrected lines with a little context, without line numbers or ">" marks.',
    'If the cause lies outside what you were shown, say where to look.',
    SHARED_RULES,
  ].join(' '),
};

const INTRO: Record<ExplainSource, string> = {
  diagnostic: 'Explain this problem reported in my editor and suggest a fix.',
  terminal: 'Explain why this command failed and suggest a fix.',
  debugger: 'Explain this exception my program stopped on and suggest a fix.',
};

export interface PreparedRequest {
  title: string;
  system: string;
  /** The user prompt, already redacted. */
  prompt: string;
  /** What the user can inspect: identical to the prompt. */
  contextSent: string;
  redactions: number;
  redactedKinds: string[];
}

export function buildExplainRequest(source: ExplainSource, title: string, formattedContext: string): PreparedRequest {
  const prompt = `${INTRO[source]}\n\n${redactSecrets(formattedContext).text}`;
  // Counted in what is sent: gatherers redact long text before cutting it, so some placeholders come from them.
  const sent = countPlaceholders(prompt);
  return {
    title: redactSecrets(title).text,
    system: EXPLAIN_SYSTEM[source],
    prompt,
    contextSent: prompt,
    redactions: sent.redactions,
    redactedKinds: sent.kinds,
  };
}

export const FIX_SYSTEM = [
  'You fix code inside the code editor. You get a diagnostic, its context, and one region of the file between <region> and </region> tags.',
  'Answer with the complete new text of that region between <replacement> and </replacement> tags:',
  'every line of the region, changed or not, with its original indentation, without line numbers, ">" marks or Markdown fences.',
  'Change only what the fix needs; keep every other character as it is.',
  'After the closing tag write one or two sentences saying what you changed.',
  'If the problem cannot be fixed inside the region, return the region unchanged and say why.',
  'Text of the form <redacted:kind> stands for a secret removed before sending; copy it unchanged where it occurs.',
].join(' ');

export interface FixPromptInput {
  title: string;
  formattedContext: string;
  /** 1-based line numbers shown to the model. */
  regionStartLine: number;
  regionEndLine: number;
  /** The region text as sent (already redacted by the caller, see fixAnswer.redactRegion). */
  regionText: string;
  path: string;
}

export function buildFixRequest(input: FixPromptInput): PreparedRequest {
  const context = redactSecrets(input.formattedContext);
  const prompt = [
    'Fix this problem by rewriting the region below.',
    '',
    context.text,
    '',
    `Region to rewrite: ${input.path}, lines ${input.regionStartLine}–${input.regionEndLine}.`,
    '<region>',
    input.regionText,
    '</region>',
  ].join('\n');
  return {
    title: redactSecrets(input.title).text,
    system: FIX_SYSTEM,
    prompt,
    contextSent: prompt,
    redactions: context.redactions,
    redactedKinds: context.kinds,
  };
}
