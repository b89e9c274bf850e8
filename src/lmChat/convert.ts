// VS Code chat messages → Converse messages. VS Code may send consecutive messages of one role, empty text
// parts and tool names Bedrock refuses; Converse wants alternating roles starting with the user, non-blank
// text, tool results in the user turn right after the call, and names matching [a-zA-Z0-9_-]{1,64}.
// Every text and tool result passes secret redaction before it is sent.

import type { ChatTurn, ContentBlock, ToolSpec } from '../bedrock/types';
import { redactSecrets } from '../privacy';

/** A message part, with VS Code's classes already taken apart by the adapter. */
export type LmPart =
  | { type: 'text'; text: string }
  | { type: 'toolCall'; callId: string; name: string; input: unknown }
  | { type: 'toolResult'; callId: string; text: string; isError?: boolean };

export interface LmMessage {
  role: 'user' | 'assistant';
  parts: LmPart[];
}

export interface LmTool {
  name: string;
  description: string;
  inputSchema?: object;
}

/** Bedrock's tool names are stricter than VS Code's: a reversible mapping per request. */
export class ToolNames {
  private readonly toBedrock = new Map<string, string>();
  private readonly fromBedrock = new Map<string, string>();

  bedrockName(name: string): string {
    let out = this.toBedrock.get(name);
    if (out) return out;
    const base = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 60) || 'tool';
    out = base;
    for (let i = 2; this.fromBedrock.has(out); i++) out = `${base}_${i}`;
    this.toBedrock.set(name, out);
    this.fromBedrock.set(out, name);
    return out;
  }

  /** The VS Code name of a tool the model called (unknown names pass through). */
  vscodeName(bedrockName: string): string {
    return this.fromBedrock.get(bedrockName) ?? bedrockName;
  }
}

export function toToolSpecs(tools: readonly LmTool[], names: ToolNames): ToolSpec[] {
  return tools.map((t) => ({
    name: names.bedrockName(t.name),
    // Bedrock refuses an empty description.
    description: t.description.trim() || t.name,
    inputSchema: t.inputSchema && typeof t.inputSchema === 'object' ? t.inputSchema : { type: 'object', properties: {} },
  }));
}

export interface Converted {
  messages: ChatTurn[];
  /** How many secrets were replaced by placeholders. */
  redactions: number;
}

function blockOf(part: LmPart, names: ToolNames, count: (n: number) => void): ContentBlock | undefined {
  const clean = (s: string) => {
    const r = redactSecrets(s);
    count(r.redactions);
    return r.text;
  };
  switch (part.type) {
    case 'text':
      return part.text.trim() ? { text: clean(part.text) } : undefined;
    case 'toolCall':
      return { toolUse: { toolUseId: part.callId, name: names.bedrockName(part.name), input: part.input ?? {} } };
    case 'toolResult':
      return {
        toolResult: { toolUseId: part.callId, content: [{ text: clean(part.text) || '(empty)' }], ...(part.isError ? { status: 'error' as const } : {}) },
      };
  }
}

const textOf = (blocks: ContentBlock[]) =>
  blocks.map((b) => ('text' in b ? b.text : 'toolResult' in b ? b.toolResult.content.map((c) => c.text).join('') : JSON.stringify(b.toolUse.input))).join('\n');

export function toConverse(messages: readonly LmMessage[], names: ToolNames): Converted {
  let redactions = 0;
  const out: ChatTurn[] = [];
  for (const m of messages) {
    const blocks = m.parts.map((p) => blockOf(p, names, (n) => (redactions += n))).filter((b): b is ContentBlock => !!b);
    if (!blocks.length) continue;
    const prev = out[out.length - 1];
    if (prev && prev.role === m.role) {
      prev.content!.push(...blocks);
      prev.text = textOf(prev.content!);
    } else {
      out.push({ role: m.role, text: textOf(blocks), content: blocks });
    }
  }
  // Converse starts with the user: an assistant greeting first would be refused.
  while (out.length && out[0].role !== 'user') out.shift();
  // Tool results first in their turn, as Bedrock expects after a toolUse.
  for (const t of out) t.content!.sort((a, b) => Number('toolResult' in b) - Number('toolResult' in a));
  return { messages: out, redactions };
}
