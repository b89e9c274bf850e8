// The block that holds the cursor, as the parse of the text with the insertion sees it: when the insertion
// closes that block and goes on with more code (the model's next method, statements after the function), the
// insertion ends at the block's closing line. Only where the parse is plain: a brace block (`{` … `}`) or a
// Python block; an else / elif / catch / finally after the block, or code after the closer on its line, is
// left to the rules, which keep such chains.

import type { TsNode, TsTree } from './treeSitter';
import { CHAIN_LINE } from '../blockCut';

function isBlock(n: TsNode): boolean {
  if (n.type === 'block' && n.childCount > 0 && n.child(0)?.type !== '{') return true; // Python's indented block
  return n.childCount >= 2 && n.child(0)?.type === '{' && n.child(n.childCount - 1)?.type === '}';
}

/** The smallest block holding offset `at` (started before it, or at it for an indented block). */
function blockAt(tree: TsTree, at: number): TsNode | undefined {
  for (let n = tree.rootNode.descendantForIndex(at, at); n; n = n.parent) {
    if (!isBlock(n) || n.endIndex <= at) continue;
    if (n.startIndex < at || (n.startIndex === at && n.type === 'block' && n.child(0)?.type !== '{')) return n;
  }
  return undefined;
}

/**
 * The insertion (at offset `at` of the parsed text) cut after the line where the cursor's block ends, when
 * it goes on past that line with code; undefined when there is nothing to cut.
 */
export function cutAtParsedBlockEnd(tree: TsTree, at: number, insertText: string): string | undefined {
  const block = blockAt(tree, at);
  if (!block) return undefined;
  const rel = block.endIndex - at;
  if (rel <= 0 || rel >= insertText.trimEnd().length) return undefined;
  const lineEnd = insertText.indexOf('\n', rel);
  if (lineEnd < 0) return undefined;
  // Code after the closer on its own line (`} else {`, `});`) or a chain on the next line: the rules' call.
  if (CHAIN_LINE.test(insertText.slice(lineEnd + 1).trimStart()) || !/^[\s)\]};,]*$/.test(insertText.slice(rel, lineEnd))) return undefined;
  // Closers right after the block close the blocks around it (the file ends there): they stay.
  let end = lineEnd;
  for (let next = insertText.indexOf('\n', end + 1); ; next = insertText.indexOf('\n', end + 1)) {
    const line = insertText.slice(end + 1, next < 0 ? undefined : next);
    if (/[^\s)\]};,]/.test(line)) break;
    if (next < 0) return undefined;
    end = next;
  }
  return insertText.slice(0, end).trimEnd();
}
