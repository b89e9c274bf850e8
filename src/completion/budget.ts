// What of the document and the other open files goes into the prompt, within the context budget: the
// code before the cursor matters most, snippets of other files get a share, and what they leave unused
// goes back to the prefix.

import { buildDocumentContext, nearbyText, type DocumentContext } from './context';
import { WINDOW_LINES, type Snippet, type SnippetIndex, type SnippetSource } from './snippets';
import type { CompletionRequest } from './types';

/** Shares of the context budget: the code before the cursor matters most. */
export const BUDGET_SHARES = { prefix: 0.6, suffix: 0.15, snippets: 0.25 };

/** Prompt context for `request` in `contextChars` characters (the setting's tokens × the model's characters per token). */
export function budgetedContext(request: CompletionRequest, contextChars: number, index: SnippetIndex, others: SnippetSource[], indexBudgetMs?: number): { ctx: DocumentContext; snippets: Snippet[] } {
  const { document, position } = request;
  const totalChars = Math.max(400, contextChars);
  const snippetChars = Math.floor(totalChars * BUDGET_SHARES.snippets);
  const wide = buildDocumentContext(document, position, {
    prefixChars: Math.floor(totalChars * (BUDGET_SHARES.prefix + BUDGET_SHARES.snippets)),
    suffixChars: Math.floor(totalChars * BUDGET_SHARES.suffix),
  });
  const current: SnippetSource = {
    uri: document.uri,
    relativePath: document.relativePath,
    languageId: document.languageId,
    version: document.version,
    lines: document,
    lastActive: Number.MAX_SAFE_INTEGER,
  };
  const snippets = index.retrieve(nearbyText(wide), others, {
    languageId: document.languageId,
    budgetChars: snippetChars,
    indexBudgetMs,
    current: { source: current, skipFrom: wide.prefixStartLine, skipTo: wide.suffixEndLine, cursorLine: position.line },
  });
  // The snippets' unused share goes back to the prefix; cut the wide prefix from the top to fit.
  const used = snippets.reduce((n, s) => n + s.text.length + s.relativePath.length + 32, 0);
  const prefixChars = Math.floor(totalChars * BUDGET_SHARES.prefix) + (snippetChars - used);
  const ctx = trimPrefix(wide, prefixChars);
  // Snippets from the current file that the trimmed prefix now covers would repeat it.
  const kept = snippets.filter((s) => s.relativePath !== document.relativePath || s.startLine + WINDOW_LINES < ctx.prefixStartLine || s.startLine > ctx.suffixEndLine);
  return { ctx, snippets: kept };
}

/** Drops whole lines from the top of the prefix until it fits in `chars`. */
export function trimPrefix(ctx: DocumentContext, chars: number): DocumentContext {
  if (ctx.prefix.length <= chars) return ctx;
  let cut = 0;
  let start = ctx.prefixStartLine;
  while (ctx.prefix.length - cut > chars) {
    const nl = ctx.prefix.indexOf('\n', cut);
    if (nl < 0) break;
    cut = nl + 1;
    start++;
  }
  return { ...ctx, prefix: ctx.prefix.slice(cut), prefixStartLine: start };
}
