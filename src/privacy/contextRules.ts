// Secrets recognised by where they stand rather than by their shape: a header, a `name=value` pair in a
// connection string or a command line, a password flag of a known command, an XML element, a line of a
// .pgpass or .netrc file. Every regex is anchored on a literal or a line and never rescans what it passed.

import { isSecretName, kindForName, swap, placeholder, type Note } from './secretNames';
import { looksLikePlaceholderValue, looksLikeVersion } from './secretShapes';

const unquote = (v: string) => v.replace(/^(["'])([\s\S]*)\1$/, '$2');

/** A value worth redacting: long enough, not a reference (`$TOKEN`, `${X}`, `<token>`), not the next flag. */
function plausible(v: string): boolean {
  return v.length >= 3 && !looksLikePlaceholderValue(v) && !v.includes('<redacted:') && !/^[-$@]/.test(v);
}

/** An unquoted value that is code, not a literal: `opts.password`, `userPassword`, `password`, `0x8C96`. */
export function looksLikeCodeRef(v: string, name: string): boolean {
  const last = name.replace(/^.*[.:]/, '').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const bare = v.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  if (bare !== '' && (last.endsWith(bare) || bare.endsWith(last))) return true; // `_credentials = credentials`
  if (/^\d+(?:\.\d+)?$|^0x[0-9a-f]+$/i.test(v)) return true;
  if (/\d/.test(v)) return false;
  // Identifiers written the way code names things: dotted paths, snake_case, camelCase, PascalCase.
  return /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v) || /^[\w$]*(?:_|[a-z][A-Z]|^[A-Z][a-z])[\w$]*$/.test(v);
}

// `-H "X-Api-Key: value"` (curl, wget, httpie) and the header lines of a request or response dump.
const HEADER_NAME = /(?:key|token|secret|auth|session|signature|password|credentials?|cookie|authorization)$/i;
const CLI_HEADER_RE = /(?:-H|--header)[ \t]*=?[ \t]*(["'])([A-Za-z][\w-]*)[ \t]*:[ \t]*([^"'\r\n]+)\1/g;
const RAW_HEADER_RE = /^[ \t]*((?:[A-Za-z]\w*-)+\w+|Authorization|Cookie)[ \t]*:[ \t]*([^\r\n]*[^\s])/gim;
const SCHEME_RE = /^(?:Bearer|Basic|Token|ApiKey|Digest|Key|SSWS|GenieKey)[ \t]+/i;

function headerValue(match: string, name: string, value: string, note: Note): string {
  if (!HEADER_NAME.test(name)) return match;
  const secret = value.replace(SCHEME_RE, '');
  if (secret.length < 8 || !plausible(secret) || /[,;{]$/.test(secret)) return match;
  return swap(match, secret, /cookie/i.test(name) ? 'cookie' : 'token', note);
}

export function redactHeaders(text: string, note: Note): string {
  return text
    .replace(CLI_HEADER_RE, (m: string, _q: string, name: string, value: string) => headerValue(m, name, value.trim(), note))
    .replace(RAW_HEADER_RE, (m: string, name: string, value: string) => headerValue(m, name, value, note));
}

// A password given to a known command: `mysql -pPASS`, `docker login -p X`, `curl -u user:pass`, `vault login X`.
// The command's regex takes the rest of its command (up to `;`, `&&`, `|` or the end of the line), so each
// command is looked at once; at most 1,000 characters of it, so a rule searching it stays cheap.
// `\b` rather than a lookbehind: twice as fast; a name inside a longer one (`node-mysql`) is refused after.
const COMMAND_RE =
  /\b(mysql|mysqldump|mysqladmin|mariadb|docker|podman|az|cqlsh|sshpass|redis-cli|ldap(?:search|add|modify|delete|passwd|whoami)|snmp(?:walk|get|bulkwalk|set)|curl|net|vault|ngrok|aws|npm|yarn|pnpm|openssl|keytool|ConvertTo-SecureString|htpasswd)\b[^\r\n;&|]{0,1000}/g;
const VALUE = `("[^"\\r\\n]*"|'[^'\\r\\n]*'|[^\\s'"]+)`;
const arg = (before: string) => new RegExp(before + VALUE);
const COMMAND_ARGS: Record<string, RegExp[]> = {
  mysql: [/\s-p("[^"\r\n]+"|'[^'\r\n]+'|[^\s'"]+)/],
  // The subcommand right after the command name: "vault: login expired" in an error message is prose.
  docker: [arg(String.raw`^[\w-]+[ \t]+login\b.{0,200}?\s(?:-p|--password)[ \t]+`)],
  az: [arg(String.raw`\s(?:-p|--password)[ \t]+`)],
  cqlsh: [arg(String.raw`\s(?:-p|--password)[ \t]+`)],
  sshpass: [arg(String.raw`\s-p[ \t]*`)],
  'redis-cli': [arg(String.raw`\s-a[ \t]+`)],
  ldap: [arg(String.raw`\s-w[ \t]+`)],
  snmp: [arg(String.raw`\s-c[ \t]*`)],
  curl: [arg(String.raw`\s(?:-u|--user)[ \t]+[^\s:'"]*:`)],
  net: [arg(String.raw`\/user:\S+[ \t]+`)],
  vault: [arg(String.raw`^[\w-]+[ \t]+login[ \t]+(?:-\S+[ \t]+)*(?=[^\s-])`)],
  ngrok: [arg(String.raw`\b(?:add-authtoken|authtoken)[ \t]+`)],
  aws: [arg(String.raw`\bconfigure[ \t]+set[ \t]+\S*(?:secret|token|password)\S*[ \t]+`)],
  npm: [arg(String.raw`\bconfig[ \t]+set[ \t]+\S*(?:_auth|_authToken|_password|token)[ \t]+`)],
  openssl: [arg(String.raw`\bpass:`), arg(String.raw`\s-k[ \t]+`)],
  keytool: [arg(String.raw`\s-(?:store|key)pass[ \t]+`)],
  'ConvertTo-SecureString': [arg(String.raw`^\S+[ \t]+`)],
  htpasswd: [arg(String.raw`\s-\w*b\w*[ \t]+\S+[ \t]+\S+[ \t]+`)],
};
const ALIASES: Record<string, string> = { mysqldump: 'mysql', mysqladmin: 'mysql', mariadb: 'mysql', podman: 'docker', yarn: 'npm', pnpm: 'npm' };

export function redactCommandLines(text: string, note: Note): string {
  return text.replace(COMMAND_RE, (line: string, command: string, at: number, whole: string) => {
    if (at > 0 && /[.-]/.test(whole[at - 1])) return line;
    const key = ALIASES[command] ?? command.replace(/^(ldap|snmp).*/, '$1');
    let out = line;
    for (const re of COMMAND_ARGS[key] ?? []) {
      const m = re.exec(out);
      if (!m) continue;
      const value = unquote(m[1]);
      if (!plausible(value)) continue;
      const at = m.index + m[0].length - m[1].length + m[1].indexOf(value);
      out = out.slice(0, at) + placeholder('password') + out.slice(at + value.length);
      note('password');
    }
    return out;
  });
}

// `--token X`, `--db-password=X`, `-storepass X` on any command line.
const FLAG_RE = /(?<![\w-])--?([A-Za-z][\w-]*)(?:=|[ \t]+)(?!-)("[^"\r\n]*"|'[^'\r\n]*'|[^\s'"]+)/g;

export function redactSecretFlags(text: string, note: Note): string {
  return text.replace(FLAG_RE, (m: string, name: string, raw: string) => {
    if (!isSecretName(name)) return m;
    const value = unquote(raw);
    // An upper-case word is a usage line's metavariable (`--token TOKEN`); a path names a file.
    if (!plausible(value) || /^[A-Z_]+$/.test(value) || /^\.{0,2}\//.test(value) || looksLikeCodeRef(value, name)) return m;
    return swap(m, value, kindForName(name), note);
  });
}

// `name=value` anywhere: connection strings (`;Password=X;`), URLs (`&password=X`, `?sig=X`), libpq and mount
// options, `NAME=value command`. Found by the end of the name, then the name is read backwards.
const PAIR_END_RE = /(?:pass(?:word|wd|phrase)?|pwd|secret|token|key|auth|sig(?:nature)?|credentials?)=(?![=>])/gi;
const NAME_CHAR = /[\w.-]/;
const VALUE_STOP = new Set([...' \t\r\n;&,"\'`|<>()']);
const MAX_VALUE = 512;

/** The value after `=`, quoted or up to a separator; none past MAX_VALUE characters (`end` says how far it looked). */
function pairValue(text: string, from: number): { value: string; end: number } {
  const q = text[from];
  if (q === '"' || q === "'") {
    const close = text.slice(from + 1, from + 1 + MAX_VALUE).indexOf(q);
    const value = close < 0 ? '' : text.slice(from + 1, from + 1 + close);
    return value.includes('\n') ? { value: '', end: from } : { value, end: from + 1 + close };
  }
  // Bounded, or `password=password=…` would read to the end of the text from every `=` (quadratic).
  const limit = Math.min(text.length, from + MAX_VALUE);
  let end = from;
  while (end < limit && !VALUE_STOP.has(text[end])) end++;
  return end === limit && limit < text.length ? { value: '', end } : { value: text.slice(from, end), end };
}

export function redactPairs(text: string, note: Note): string {
  let out = '';
  let copied = 0;
  PAIR_END_RE.lastIndex = 0;
  for (let m = PAIR_END_RE.exec(text); m; m = PAIR_END_RE.exec(text)) {
    const eq = m.index + m[0].length - 1;
    let start = m.index;
    while (start > copied && NAME_CHAR.test(text[start - 1])) start--;
    const name = text.slice(start, eq).replace(/^-+/, '');
    const inQuery = /[?&;]/.test(text[start - 1] ?? '');
    const secretName = isSecretName(name.replace(/^.*\./, '')) || (inQuery && /^(?:sig|signature|key|access_token|auth)$/i.test(name));
    if (!secretName) continue;
    const { value, end } = pairValue(text, eq + 1);
    if (value === '') PAIR_END_RE.lastIndex = Math.max(PAIR_END_RE.lastIndex, end); // no need to look there again
    if (!plausible(value) || looksLikeVersion(value) || looksLikeCodeRef(value, name)) continue;
    if (text[end] === '(') continue; // a call: `password=getpass()`
    const at = text.indexOf(value, eq + 1);
    const kind = /^sig/i.test(name) ? 'signature' : kindForName(name);
    out += text.slice(copied, at) + placeholder(kind);
    note(kind);
    copied = at + value.length;
    PAIR_END_RE.lastIndex = copied;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

// `<password>X</password>` (Maven, Ant, Spring XML) and `<add key="ClearTextPassword" value="X" />`.
const XML_ELEMENT_RE = /<([A-Za-z][\w.:-]*)>([^<\r\n]{3,300})<\/\1>/g;
const XML_KEY_VALUE_RE = /\bkey=(["'])([^"'\r\n]{1,100})\1[ \t]+value=(["'])([^"'\r\n]*)\3/g;

export function redactXml(text: string, note: Note): string {
  return text
    .replace(XML_ELEMENT_RE, (m: string, tag: string, value: string) =>
      isSecretName(tag.replace(/^.*:/, '')) && plausible(value) && !value.startsWith('{') ? swap(m, value, kindForName(tag), note) : m,
    )
    .replace(XML_KEY_VALUE_RE, (m: string, _q: string, name: string, _q2: string, value: string) =>
      isSecretName(name) && plausible(value) ? swap(m, value, kindForName(name), note) : m,
    );
}

// Whole lines: `host:port:db:user:password` (.pgpass) and `password X` (.netrc). Both regexes start at a
// literal and check the start of the line afterwards.
const PGPASS_RE = /:(?:\d{2,5}|\*):[^:\s]+:[^:\s]+:([^:\s]+)[ \t]*$/gm;
const NETRC_RE = /\bpassword[ \t]+(\S+)[ \t]*$/gm;
const lineBefore = (whole: string, at: number) => whole.slice(whole.lastIndexOf('\n', at - 1) + 1, at);

export function redactSecretLines(text: string, note: Note): string {
  return text
    .replace(PGPASS_RE, (m: string, v: string, at: number, whole: string) =>
      /^[^:\s#]+$/.test(lineBefore(whole, at)) && plausible(v) ? swap(m, v, 'password', note) : m,
    )
    .replace(NETRC_RE, (m: string, v: string, at: number, whole: string) =>
      /^[ \t]*(?:machine[ \t]+\S+[ \t]+)?(?:login[ \t]+\S+[ \t]+)?$/.test(lineBefore(whole, at)) && plausible(v) ? swap(m, v, 'password', note) : m,
    );
}

// Credentials in URLs and DSNs: `scheme://user:pass@host`, `redis://:pass@host`, Go's `user:pass@tcp(host)`.
const URL_CREDS_RE = /:\/\/([^\s:/@'"`]*):([^\s@/'"`]{3,})@(?=[\w.[-])/g;
const DSN_RE = /:([^\s@/'"`:<>]{3,})@(?:tcp|unix|udp)\(/g; // no `<>`: a placeholder is not taken again
const urlPlaceholder = (v: string) => /^\$\{|^\{\{|^<|^\*+$|^%s$/.test(v) || v.includes('<redacted:');

export function redactUrlCredentials(text: string, note: Note): string {
  return text
    .replace(URL_CREDS_RE, (m: string, _user: string, pw: string) => (urlPlaceholder(pw) ? m : swap(m, pw, 'password', note)))
    .replace(DSN_RE, (m: string, pw: string) => (urlPlaceholder(pw) ? m : swap(m, pw, 'password', note)));
}

// A PEM file base64-encoded once more (Kubernetes Secrets, kubeconfig `client-key-data`): "-----BEGIN" is `LS0tLS1CRUdJTi`.
const PEM_B64_RE = /LS0tLS1CRUdJTi[A-Za-z0-9+/]*={0,2}/g;

export function redactEncodedPem(text: string, note: Note): string {
  if (!text.includes('LS0tLS1CRUdJTi')) return text;
  return text.replace(PEM_B64_RE, (m: string) => {
    const head = Buffer.from(m.slice(0, 80), 'base64').toString('latin1');
    if (!/PRIVATE KEY/.test(head)) return m;
    note('private-key');
    return placeholder('private-key');
  });
}
