// A lossless model of an AWS config file: every line is kept as written (comments, odd spacing, order,
// line endings), and edits touch only the lines they must. Sections and keys are read with the SDK's
// own rules (a comment starts at `#`/`;` after whitespace; `[profile x]`, `[sso-session y]`, `[default]`)
// so what we list is what the SDK will use.

export type SectionKind = 'default' | 'profile' | 'sso-session' | 'services' | 'other';

interface Line {
  text: string;
  /** The terminator as found ('' on a last line without one). */
  eol: string;
}

export interface Entry {
  key: string;
  value: string;
  /** Set for the indented keys of a nested block (`s3 =` followed by indented lines). */
  parent?: string;
  line: number;
}

export interface Section {
  kind: SectionKind;
  /** Profile or session name; for `other` the whole header text. */
  name: string;
  headerLine: number;
  /** Index after the section's last line (the next header, or the end of the file). */
  end: number;
  entries: Entry[];
}

const PREFIXED = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const PREFIXES: SectionKind[] = ['profile', 'sso-session', 'services'];

/** The part of a line the SDK reads: comments removed, trimmed. */
function meaningful(text: string): string {
  return text.split(/(?:^|\s)[;#]/)[0].trim();
}

function parseHeader(inner: string): { kind: SectionKind; name: string } {
  const m = PREFIXED.exec(inner);
  if (m && (PREFIXES as string[]).includes(m[1])) return { kind: m[1] as SectionKind, name: m[3] };
  if (inner === 'default') return { kind: 'default', name: 'default' };
  return { kind: 'other', name: inner };
}

export class ConfigDocument {
  private constructor(private lines: Line[]) {}

  static parse(text: string): ConfigDocument {
    const lines: Line[] = [];
    const re = /\r\n|\n|\r/g;
    let start = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      lines.push({ text: text.slice(start, m.index), eol: m[0] });
      start = m.index + m[0].length;
    }
    if (start < text.length) lines.push({ text: text.slice(start), eol: '' });
    return new ConfigDocument(lines);
  }

  toString(): string {
    return this.lines.map((l) => l.text + l.eol).join('');
  }

  /** The line ending most of the file uses, for lines we add. */
  private eol(): string {
    const crlf = this.lines.filter((l) => l.eol === '\r\n').length;
    const lf = this.lines.filter((l) => l.eol === '\n').length;
    return crlf > lf ? '\r\n' : '\n';
  }

  sections(): Section[] {
    const out: Section[] = [];
    let current: Section | undefined;
    let nested: string | undefined;
    this.lines.forEach((line, i) => {
      const s = meaningful(line.text);
      if (s.startsWith('[') && s.endsWith(']')) {
        if (current) current.end = i;
        current = { ...parseHeader(s.slice(1, -1)), headerLine: i, end: this.lines.length, entries: [] };
        out.push(current);
        nested = undefined;
        return;
      }
      if (!current) return;
      const eq = s.indexOf('=');
      if (eq <= 0) return;
      const key = s.slice(0, eq).trim();
      const value = s.slice(eq + 1).trim();
      if (value === '') {
        nested = key;
        return;
      }
      if (nested && line.text.trimStart() === line.text) nested = undefined;
      current.entries.push({ key, value, line: i, ...(nested ? { parent: nested } : {}) });
    });
    return out;
  }

  section(kind: SectionKind, name: string): Section | undefined {
    // The SDK lets a later duplicate section add to (and override) an earlier one; edits go to the last.
    const all = this.sections().filter((s) => s.kind === kind && s.name === name);
    return all[all.length - 1];
  }

  /** Top-level keys of every section with this kind and name, later ones winning (as the SDK merges them). */
  values(kind: SectionKind, name: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const s of this.sections()) {
      if (s.kind !== kind || s.name !== name) continue;
      for (const e of s.entries) if (!e.parent) out[e.key] = e.value;
    }
    return out;
  }

  /** Sets a top-level key, replacing only the value on an existing line (its spacing and comment stay). */
  set(kind: Exclude<SectionKind, 'other'>, name: string, key: string, value: string): void {
    assertValue(value);
    const section = this.section(kind, name) ?? this.addSection(kind, name);
    const existing = [...section.entries].reverse().find((e) => !e.parent && e.key === key);
    if (existing) {
      const line = this.lines[existing.line];
      const m = /^(\s*[^=]*?=[ \t]*)(.*?)((?:\s+[;#].*)|\s*)$/.exec(line.text);
      line.text = m ? `${m[1]}${value}${m[3]}` : `${key}${this.separator(section)}${value}`;
      return;
    }
    const last = section.entries.length ? Math.max(...section.entries.map((e) => e.line)) : section.headerLine;
    this.insert(last + 1, [`${key}${this.separator(section)}${value}`]);
  }

  /** Removes every top-level line of this key in the section (comments around it stay). */
  delete(kind: SectionKind, name: string, key: string): void {
    for (const s of this.sections().filter((x) => x.kind === kind && x.name === name).reverse()) {
      for (const e of [...s.entries].reverse()) {
        if (!e.parent && e.key === key) this.removeLine(e.line);
      }
    }
  }

  /** Appends a section at the end, separated by a blank line as the CLI writes them. */
  addSection(kind: Exclude<SectionKind, 'other'>, name: string, entries: [string, string][] = []): Section {
    if (kind !== 'default' && !/^[\w\-@+.%:/]+$/.test(name)) throw new Error(`"${name}" cannot be used as a ${kind} name in the AWS config.`);
    entries.forEach(([, v]) => assertValue(v));
    const header = kind === 'default' ? '[default]' : `[${kind} ${name}]`;
    const out: string[] = [];
    const n = this.lines.length;
    if (n && this.lines[n - 1].text.trim() !== '') out.push('');
    out.push(header, ...entries.map(([k, v]) => `${k} = ${v}`));
    this.insert(n, out);
    const added = this.section(kind, name);
    if (!added) throw new Error('section was not added');
    return added;
  }

  private separator(section: Section): string {
    const sample = section.entries.find((e) => !e.parent);
    if (!sample) return ' = ';
    const m = /^\s*[^=]*?(\s*=\s*)/.exec(this.lines[sample.line].text);
    return m ? m[1] : ' = ';
  }

  private insert(at: number, texts: string[]): void {
    const eol = this.eol();
    // The line before the insertion point may lack a terminator (end of file without a newline).
    if (at > 0 && this.lines[at - 1].eol === '') this.lines[at - 1].eol = eol;
    this.lines.splice(at, 0, ...texts.map((text) => ({ text, eol })));
  }

  private removeLine(i: number): void {
    const [removed] = this.lines.splice(i, 1);
    // Removing the last line must not leave the file ending differently than it did.
    if (i === this.lines.length && i > 0 && removed.eol === '') this.lines[i - 1].eol = '';
  }
}

function assertValue(value: string): void {
  if (/[\r\n]/.test(value)) throw new Error('AWS config values cannot span lines.');
  if (/(^|\s)[;#]/.test(value)) throw new Error('AWS config values cannot contain " #" or " ;" (read as a comment).');
}
