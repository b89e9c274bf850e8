// In Python a body of only `...` is often the code itself: stub files (.pyi), `typing.Protocol` members,
// `@overload` and `@abstractmethod` signatures, `class ParseError(Exception): ...`. Elsewhere a lone `...` is
// the model leaving out code (shapingFilters.ts drops it as a placeholder). This tells the two apart from what
// the file already says.

/** A line that is only `...` (the ASCII Ellipsis; `…` is never Python). */
export const ELLIPSIS_LINE = /^\s*\.\.\.\s*$/;

/** Answer `lines`, and the index of one that is only `...`: is that `...` code here? */
export type EllipsisIsCode = (lines: readonly string[], i: number) => boolean;

/** A prefix written with `...` bodies already: `def f(x: int) -> int: ...`, or a body line of only `...`. */
const USES_ELLIPSIS_BODIES = /^[ \t]*(?:(?:async[ \t]+)?def|class)[ \t][^\n]*:[ \t]*\.\.\.[ \t]*(?:#[^\n]*)?$|^[ \t]+\.\.\.[ \t]*$/m;
const DEF = /^\s*(?:async\s+)?def\s/;
const CLASS = /^\s*class\s/;
const MEANT_DECORATOR = /^\s*@(?:typing\.|t\.)?overload\b|^\s*@(?:abc\.)?abstract(?:method|property|classmethod|staticmethod)\b/;
/** Bases of a class whose members or body are meant to be `...`: a protocol, an exception. */
const PROTOCOL_BASES = /\(\s*[^)]*\bProtocol\b/;
const EXCEPTION_BASES = /\(\s*[^)]*(?:Exception|Error|Warning)\s*[,)]/;
/** How far up the enclosing def and class are looked for. */
const WALK_LINES = 400;

const indentWidth = (line: string) => /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;

/**
 * For Python, the test that keeps `...` bodies where the context says they are meant: in a stub file, in a
 * file whose prefix already uses them, or in the body of an `@overload` / `@abstractmethod` def, a member of a
 * `Protocol` class, or an exception class. Undefined for other languages (every lone `...` is a placeholder).
 */
export function ellipsisBodies(languageId: string | undefined, prefix: string, relativePath = ''): EllipsisIsCode | undefined {
  if (languageId !== 'python') return undefined;
  if (/\.pyi$/i.test(relativePath)) return () => true;
  let usesBodies: boolean | undefined;
  return (lines, i) => {
    // Only looked at once an answer has a lone `...`: the prefix is not scanned on every chunk otherwise.
    usesBodies ??= USES_ELLIPSIS_BODIES.test(prefix.slice(-20_000));
    return usesBodies || blockMeansEllipsis(prefix, lines, i);
  };
}

/** The `...` on answer line `i` fills the body of a def or class whose header says the body is meant to be `...`. */
function blockMeansEllipsis(prefix: string, lines: readonly string[], i: number): boolean {
  const before = prefix + lines.slice(0, i).join('\n') + (i > 0 ? '\n' : '') + /^\s*/.exec(lines[i])![0];
  const all = before.split('\n').slice(-WALK_LINES);
  const at = all.length - 1;
  // Mid-line after `def area(self) -> float: ` the cursor line is the header itself.
  const header = all[at].trim() ? at : enclosing(all, at, indentWidth(all[at]), (l) => DEF.test(l) || CLASS.test(l));
  if (header < 0) return false;
  if (CLASS.test(all[header])) return PROTOCOL_BASES.test(all[header]) || EXCEPTION_BASES.test(all[header]);
  if (!DEF.test(all[header])) return false;
  for (let d = header - 1; d >= 0 && /^\s*@/.test(all[d]); d--) if (MEANT_DECORATOR.test(all[d])) return true;
  const cls = enclosing(all, header, indentWidth(all[header]), (l) => CLASS.test(l));
  return cls >= 0 && PROTOCOL_BASES.test(all[cls]);
}

/**
 * The header of the block line `from` sits in (indented `width`): the nearest line above indented less, when
 * `is` accepts it; -1 otherwise. A signature's closing line (`) -> int:`) is passed over to its `def`.
 */
function enclosing(all: string[], from: number, width: number, is: (line: string) => boolean): number {
  for (let j = from - 1; j >= 0; j--) {
    const line = all[j];
    if (!line.trim() || indentWidth(line) >= width || /^\s*\)/.test(line)) continue;
    return is(line) ? j : -1;
  }
  return -1;
}
