// The request for one completion. Claude chat models have no fill-in-the-middle mode, so the file is shown
// with a cursor marker and the answer is asked for inside <insert> tags: the tags give post-processing a
// reliable edge, and `</insert>` is a stop sequence. Prefill (`<insert>` as the start of the assistant turn)
// is used only where the catalog says the model accepts it; without it the model writes the tag itself.

import type { StreamRequest } from '../bedrock/types';
import type { DocumentContext } from './context';
import type { Snippet } from './snippets';
import { CLOSE_TAG, OPEN_TAG } from './extract';
import { detectIndent } from './shapingIndent';
import { opensBlock } from './syntax';
import { openTextBlock } from './shapingFilters';
import { blockScalarKey } from './textBlock';

export const CURSOR = '<CURSOR/>';

export const SYSTEM_PROMPT = [
  'You are the inline code completion engine of a code editor.',
  `The user message shows the file being edited, with ${CURSOR} where the cursor is, and may show snippets from other files for reference.`,
  `Answer with exactly the text to insert at ${CURSOR}, wrapped as ${OPEN_TAG}text${CLOSE_TAG}, and nothing else: no explanation, no markdown fence.`,
  `Never repeat text that is already before or after ${CURSOR}; the insertion must join both sides into valid code.`,
  'Follow the file\'s style, naming and indentation (indent lines after the first as they would appear in the file).',
  `Placeholders like <redacted:kind> stand for secrets: never write them or guess their values.`,
  `If nothing useful fits, answer ${OPEN_TAG}${CLOSE_TAG}.`,
].join('\n');

export interface PromptInput {
  ctx: DocumentContext;
  /** Already redacted versions of prefix/suffix/snippets are passed in: nothing here redacts. */
  prefix: string;
  suffix: string;
  snippets: Snippet[];
  relativePath: string;
  languageId: string;
  multiline: boolean;
  acceptsPrefill: boolean;
  /** Overrides the max output tokens for this shape. */
  maxTokens?: number;
}

export interface BuiltPrompt {
  request: StreamRequest;
  /** What the assistant turn was prefilled with (the answer continues after it), or ''. */
  prefilled: string;
}

/** Languages with triple-quoted strings or YAML block scalars (dynamic multi-line for text blocks). */
const TEXT_BLOCK_LANGUAGES = new Set(['python', 'kotlin', 'scala', 'java', 'swift', 'csharp', 'groovy', 'julia', 'elixir', 'toml', 'yaml', 'dockercompose', 'github-actions-workflow', 'ansible', 'azure-pipelines']);

/** A one-line answer stops at its line break; the room is for a block its line opens (dynamic multi-line). */
export const SINGLE_LINE_MAX_TOKENS = 192;
export const MULTI_LINE_MAX_TOKENS = 384;

/** Half of a surrogate pair (a cut or a cursor between the halves of an emoji). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The text with NULs and lone surrogates replaced by U+FFFD: binary bytes past the sample the binary check
 * reads, or an emoji cut in half, must not reach the request (invalid UTF-8 fails it; a NUL ends strings).
 */
export function wellFormed(text: string): string {
  // The runtime's own toWellFormed (Node 20+) is several times faster than the regex on emoji-dense text.
  const s = text as string & { toWellFormed?: () => string };
  const fixed = s.toWellFormed ? s.toWellFormed() : text.replace(LONE_SURROGATE, '\uFFFD');
  return fixed.includes('\u0000') ? fixed.replace(/\u0000/g, '\uFFFD') : fixed;
}

/** The file's indentation, stated so that lines after the first come in file columns (the shaper still checks). */
function indentNote(ctx: DocumentContext): string {
  const style = detectIndent(ctx);
  const unit = style.tabs ? 'tabs' : `${style.unit} spaces per level`;
  return `The file indents with ${unit}; write every line after the first at its full column in the file, not relative to ${CURSOR}.`;
}

function escapeAttr(s: string): string {
  return s.replace(/[<>"&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '"': '&quot;', '&': '&amp;' })[c] ?? c);
}

export function buildPrompt(input: PromptInput): BuiltPrompt {
  const parts: string[] = [];
  if (input.snippets.length) {
    parts.push('Related code from other files (reference only, not part of the file):');
    for (const s of input.snippets) {
      parts.push(`<snippet path="${escapeAttr(s.relativePath)}" line="${s.startLine + 1}">\n${s.text}\n</snippet>`);
    }
    parts.push('');
  }
  const truncatedTop = input.ctx.prefixStartLine > 0 ? '…\n' : '';
  parts.push(
    `<file path="${escapeAttr(input.relativePath)}" language="${escapeAttr(input.languageId)}">\n${truncatedTop}${input.prefix}${CURSOR}${input.suffix}\n</file>`,
  );
  const what = input.multiline
    ? `Complete the code at ${CURSOR}: the rest of the current block (several lines if needed), stopping where the block ends.`
    : `Complete the code at ${CURSOR}: the rest of the current line only; but if that line then ends by opening a block (and only closing brackets follow ${CURSOR} on it), also write the block's body and its closing line.`;
  parts.push('', what);
  const opensText = openTextBlock(input.ctx.linePrefix) !== undefined || blockScalarKey(input.ctx.linePrefix.trimEnd()) !== undefined;
  // Said only where such blocks exist: every one-line request pays for the sentence in input tokens.
  if (!input.multiline && (opensText || TEXT_BLOCK_LANGUAGES.has(input.languageId))) {
    parts.push(`Likewise, if that line opens a multi-line string or text block, or ${CURSOR} is already inside one opened on that line (\`"""\`, a YAML \`key: |\`), write it through its end.`);
  }
  if (input.multiline || input.ctx.linePrefix.trim() === '' || opensBlock(input.ctx.linePrefix) || opensText) parts.push(indentNote(input.ctx));

  const messages: StreamRequest['messages'] = [{ role: 'user', text: wellFormed(parts.join('\n')) }];
  const prefilled = input.acceptsPrefill ? OPEN_TAG : '';
  if (prefilled) messages.push({ role: 'assistant', text: prefilled });

  return {
    request: {
      feature: 'completion',
      system: SYSTEM_PROMPT,
      messages,
      maxTokens: input.maxTokens ?? (input.multiline ? MULTI_LINE_MAX_TOKENS : SINGLE_LINE_MAX_TOKENS),
      temperature: 0,
      stopSequences: [CLOSE_TAG],
      // For the local usage record (cost per language); buildConverseInput does not send it.
      languageId: input.languageId,
    },
    prefilled,
  };
}
