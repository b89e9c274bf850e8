// What the parse gate catches that the rules do not, measured on the scored sets' own right answers: each
// multi-line expected answer (languages with a grammar) is fed back as the model's raw answer, as written and
// with one line broken. Clean answers the gate changes are its false alarms; a broken line still shown is a miss.

import { grammarFile } from '../../../src/completion/parse/grammars';
import { loadPeerCorpus, runOffline, type PeerCase } from './peer';
import { RAW_SETS, loadRawSet } from './rawSets';

/** Breaks one line: `paren` drops the last `)` of a line of code before the last one; `half` ends the answer mid-way through its last line. */
function breakAnswer(text: string, kind: 'paren' | 'half'): { raw: string; bad: string } | undefined {
  const lines = text.split('\n');
  const code = lines.map((l, i) => (l.trim() && !/^[\s)\]};,]*$/.test(l) && l.trim() !== 'end' ? i : -1)).filter((i) => i >= 0);
  if (!code.length) return undefined;
  if (kind === 'paren') {
    const i = code.length > 1 ? code[Math.floor(code.length / 2) - (code.length % 2 ? 0 : 1)] : code[0];
    const j = lines[i].lastIndexOf(')');
    lines[i] = j >= 0 ? lines[i].slice(0, j) + lines[i].slice(j + 1) : lines[i].trimEnd() + ' (';
    return { raw: lines.join('\n'), bad: lines[i] };
  }
  const i = code[code.length - 1];
  const l = lines[i].trimEnd();
  const indent = l.length - l.trimStart().length;
  const cut = Math.max(l.indexOf('=') + 1, l.indexOf('(') + 1, indent + Math.floor((l.length - indent) / 2));
  lines[i] = l.slice(0, cut);
  return { raw: lines.slice(0, i + 1).join('\n'), bad: lines[i] };
}

export function mutationRows(): (string | number)[][] {
  const cases = [...loadPeerCorpus(), ...RAW_SETS.flatMap((s) => loadRawSet(s.file))].filter((c) => grammarFile(c.language) && c.expected.includes('\n') && c.expected.trim());
  const input = (cs: (PeerCase & { bad?: string })[]) => cs.map(({ id, language, prefix, suffix, multiline, raw }) => ({ id, language, prefix, suffix, multiline, raw }));
  const clean = cases.map((c) => ({ ...c, raw: c.expected }));
  const [rulesClean, gateClean] = [runOffline(input(clean), { parser: false }), runOffline(input(clean))];
  const changed = clean.filter((c) => rulesClean.get(c.id)?.insertText !== gateClean.get(c.id)?.insertText).length;
  const rows: (string | number)[][] = [['right answers as written', clean.length, '-', '-', `${changed} changed`]];
  for (const kind of ['paren', 'half'] as const) {
    const broken = cases.flatMap((c) => {
      const b = breakAnswer(c.expected, kind);
      return b && b.raw !== c.expected && b.bad.trim() ? [{ ...c, id: `${c.id}#${kind}`, raw: b.raw, bad: b.bad.trim() }] : [];
    });
    const [rules, gate] = [runOffline(input(broken), { parser: false }), runOffline(input(broken))];
    const shown = (m: Map<string, { insertText: string }>) => broken.filter((c) => m.get(c.id)?.insertText.includes(c.bad)).length;
    const dropped = broken.filter((c) => rules.get(c.id)?.insertText && !gate.get(c.id)?.insertText).length;
    const label = kind === 'paren' ? 'one `)` removed from a middle line' : 'the last line cut half-way (often still valid code: `retur`)';
    rows.push([label, broken.length, shown(rules), shown(gate), `${dropped} dropped`]);
  }
  return rows;
}
