// Replaces secret-looking strings by placeholders in any text we are about to send. Each rule is anchored
// on a shape that real secrets have (a vendor prefix, a key block, a secret-ish name followed by a literal),
// so ordinary code stays untouched: a redaction the model sees is cheap, a leaked key is not.

export interface RedactionResult {
  text: string;
  /** How many values were replaced. */
  redactions: number;
  /** The distinct kinds replaced, e.g. `aws-access-key`, in first-seen order. */
  kinds: string[];
}

const placeholder = (kind: string) => `<redacted:${kind}>`;
const PLACEHOLDER_RE = /^<redacted:[a-z0-9-]+>$/;

interface Rule {
  kind: string;
  re: RegExp;
  /** Which capture group holds the value to replace (0: the whole match). */
  group?: number;
  /** Second look at a candidate; false keeps it. `at`/`whole`: where the match lies in the text. */
  accept?: (value: string, at: number, whole: string) => boolean;
  /** Skip the rule unless the text contains this (keeps the costlier patterns off ordinary code). */
  guard?: string;
}

// 3+ lines of 60–80 characters of base64 (PEM wraps at 64, MIME at 76). Also taken: a last line that is
// shorter (padded with `=`, or a whole number of 4-character groups mixing case and digits), and the partial
// lines a window cut at its start or end.
const B64 = '[A-Za-z0-9+/]';
const KEY_BODY_RE = new RegExp(
  `(?:(?<![\\s\\S])[ \\t]*${B64}{1,80}\\r?\\n)?` +
    `^[ \\t]*${B64}{60,80}[ \\t]*$(?:\\r?\\n[ \\t]*${B64}{60,80}[ \\t]*$){2,}` +
    `(?:\\r?\\n[ \\t]*(?:${B64}{0,79}={1,2}|(?=[^\\r\\n]*[a-z])(?=[^\\r\\n]*[A-Z])(?=[^\\r\\n]*\\d)(?:${B64}{4}){2,19}|${B64}{1,80}(?![\\s\\S]))[ \\t]*$)?`,
  'gm',
);

// Vendor shapes: prefixes that only secrets carry.
const TOKEN_RULES: Rule[] = [
  // A whole key block; a block cut by the context window (no END, or no BEGIN) is still redacted.
  {
    kind: 'private-key',
    guard: 'PRIVATE KEY',
    re: /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$(?![\s\S]))/g,
  },
  {
    kind: 'private-key',
    guard: 'PRIVATE KEY',
    re: /^(?:[ \t]*[A-Za-z0-9+/=]{16,}[ \t]*\r?\n)+[ \t]*-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/gm,
  },
  // A window wholly inside a long key's body shows neither BEGIN nor END (see KEY_BODY_RE).
  { kind: 'private-key-body', re: KEY_BODY_RE, accept: looksLikeKeyBody },
  { kind: 'aws-access-key', re: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g },
  // 40 characters of base64 standing alone: the shape of an AWS secret access key.
  {
    kind: 'aws-secret-key',
    // `=` may come before (`KEY=…`, an assignment) but not after (it would be the padding of a longer blob).
    re: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    accept: (v) => looksLikeRandomSecret(v),
  },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { kind: 'gitlab-token', re: /\bgl(?:pat|dt|rt|ptt|ft|soat|imt|agent|cbt|oas|ffct)-[A-Za-z0-9_-]{20,}/g },
  { kind: 'slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'slack-token', re: /\bxapp-\d-[A-Za-z0-9-]{20,}/g },
  { kind: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/g },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{0,}/g },
  { kind: 'api-key', re: /\b(?:sk|rk)_live_[A-Za-z0-9]{16,}/g },
  { kind: 'api-key', re: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{32,}/g },
  { kind: 'api-key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  // The password of a URL with credentials: scheme://user:password@host.
  {
    kind: 'password',
    re: /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`]+:([^\s@/'"`]{3,})@[A-Za-z0-9.-]/g,
    group: 1,
    accept: (v) => !/^\$\{|^\{\{|^<|^\*+$/.test(v),
  },
  { kind: 'token', re: /\b(?:Bearer|Basic)[ \t]+([A-Za-z0-9._~+/-]{16,}=*)/g, group: 1 },
];

// Names whose literal value is a secret. Matched at the end of the name, so `tokenType`, `passwordLabel`
// or `secretName` keep their values while `DB_PASSWORD`, `apiKey`, `clientSecret` do not.
const SECRET_NAME =
  /(?:password|passwd|passphrase|(?:^|[_.-])pass|[a-z]Pass|pwd|secret|token|api_?key|apikey|access_?key|secret_?key|private_?key|signing_?key|encryption_?key|master_?key|auth_?key|client_?secret|credentials?|connection_?string|conn_?str)$/i;

function kindForName(name: string): string {
  const n = name.toLowerCase();
  if (/aws_?secret_?access_?key$/.test(n)) return 'aws-secret-key';
  if (/pass|pwd/.test(n)) return 'password';
  if (/token$/.test(n)) return 'token';
  if (/key$/.test(n)) return 'api-key';
  return 'secret';
}

function looksLikePlaceholderValue(v: string): boolean {
  return (
    PLACEHOLDER_RE.test(v) ||
    /^\$\{.*\}$|^\$[A-Z_][A-Z0-9_]*$|^\{\{.*\}\}$|^%\(?[A-Za-z_]+\)?s?%?$|^<[^>]*>$/.test(v) ||
    /^(.)\1*$/.test(v) || // "xxxx", "****"
    /^(?:changeme|change_me|password|secret|token|your[_-].*|todo|example|dummy|none|null|undefined|true|false)$/i.test(v)
  );
}

/**
 * `name = "value"`, `name: 'value'`, `"name": "value"`, `name := "v"`, `name => "v"`, and `NAME=value`
 * unquoted (env, ini, YAML). Unquoted values must not look like code (a call, a property path, a keyword).
 */
// The lookbehind starts a name only where a name can start: without it, a long run of letters with no `=`
// is rescanned from every position (quadratic: a 200 KB line took ~50 s).
const ASSIGNMENT_RE =
  /(["']?)(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)\1[ \t]*(?::=|=>|=(?!=)|:(?!:))[ \t]*(?:(["'`])((?:\\.|(?!\3)[^\\\r\n])*)\3|([^\s'"`,;(){}[\]<>]+)(?=[ \t]*(?:[,;#]|\r?\n|$)))/gm;

function isCodeLikeUnquoted(v: string): boolean {
  // References (config.password, os.environ, self.token), keywords and numbers are code, not secrets.
  if (/^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$/.test(v) && !/\d/.test(v)) return true;
  if (/^\d+(?:\.\d+)?$/.test(v)) return true;
  return false;
}

function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Runs like "abcdef" or "123456" make alphabets look random; real keys rarely have them. */
function hasLongSequentialRun(s: string): boolean {
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s.charCodeAt(i) - s.charCodeAt(i - 1) === 1 ? run + 1 : 1;
    if (run >= 5) return true;
  }
  return false;
}

/**
 * A quoted literal that looks machine-generated: 24–256 characters of a key alphabet, upper and lower case
 * and digits mixed, high entropy. Hex-only strings (hashes, UUIDs, colours) and integrity hashes are left.
 */
export function looksLikeRandomSecret(v: string): boolean {
  if (v.length < 24 || v.length > 256) return false;
  if (!/^[A-Za-z0-9+/=_~.-]+$/.test(v)) return false;
  if (!/[a-z]/.test(v) || !/[A-Z]/.test(v)) return false;
  if ((v.match(/\d/g)?.length ?? 0) < 2 && !/[+/]/.test(v)) return false;
  if (/^[0-9a-fA-F-]+$/.test(v)) return false;
  if (/^sha(?:1|256|384|512)-/.test(v)) return false;
  // Dotted or slashed words are paths, module names or URLs.
  if (/[./]/.test(v) && v.split(/[./]/).every((part) => /^[A-Za-z][a-z0-9_-]*$/.test(part) || part === '')) return false;
  if (hasLongSequentialRun(v)) return false;
  const threshold = Math.min(4.3, Math.log2(v.length) - 0.5);
  return shannonEntropy(v) >= threshold;
}

/**
 * Base64 lines that are a key's body, not a certificate, a signature or base64 of text: every full line mixes
 * upper and lower case and digits (hex hashes don't), the whole has the entropy of random bytes (identifiers
 * and words don't), and no public armor header (BEGIN CERTIFICATE, BEGIN PUBLIC KEY…) opens it.
 */
function looksLikeKeyBody(block: string, at: number, whole: string): boolean {
  const full = block.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length >= 60);
  if (full.length < 3) return false;
  if (!full.every((l) => /[a-z]/.test(l) && /[A-Z]/.test(l) && /\d/.test(l))) return false;
  if (shannonEntropy(full.join('')) < 5) return false;
  // Armor may put header lines (`Version: …`) and a blank line between BEGIN and the body.
  const before = whole.slice(Math.max(0, at - 400), at).split(/\r?\n/).slice(0, -1).reverse();
  for (const line of before.slice(0, 6)) {
    if (/^\s*-----BEGIN /.test(line)) return /PRIVATE KEY/.test(line);
    if (line.trim() !== '' && !/^[A-Za-z-]+: /.test(line.trim())) break;
  }
  const after = whole.slice(at + block.length, at + block.length + 200).split(/\r?\n/).slice(1);
  const end = after.find((l) => l.trim() !== '');
  if (end && /^\s*-----END /.test(end)) return /PRIVATE KEY/.test(end);
  return true;
}

/** `NAME=value command …` in a shell line: the assignment rule needs the value to end the statement. */
const ENV_PREFIX_RE = /(?<![\w$.-])([A-Z][A-Z0-9_]*)=([^\s'"`;|&<>()]{3,})(?=[ \t]+[^\s])/g;

const QUOTED_RE = /(["'`])([A-Za-z0-9+/=_~.-]{24,256})\1/g;
// Names whose values are hashes by design (lockfiles, subresource integrity).
const HASH_CONTEXT_RE = /(?:integrity|checksum|hash|sha\d*|digest|etag|nonce|commit|revision)["']?\s*[:=]\s*$/i;

/** Replaces secret-looking strings in `text` by `<redacted:kind>` placeholders. */
export function redactSecrets(text: string): RedactionResult {
  let redactions = 0;
  const kinds: string[] = [];
  const note = (kind: string) => {
    redactions++;
    if (!kinds.includes(kind)) kinds.push(kind);
  };
  let out = text;

  for (const rule of TOKEN_RULES) {
    if (rule.guard && !out.includes(rule.guard)) continue;
    rule.re.lastIndex = 0;
    out = out.replace(rule.re, (...args: unknown[]) => {
      const match = args[0] as string;
      const group = rule.group ?? 0;
      const value = group === 0 ? match : (args[group] as string | undefined);
      if (value === undefined || PLACEHOLDER_RE.test(value)) return match;
      // The offset and the whole text come last (no rule has named groups, which would follow them).
      if (rule.accept && !rule.accept(value, args[args.length - 2] as number, args[args.length - 1] as string)) return match;
      note(rule.kind);
      if (group === 0) return placeholder(rule.kind);
      const at = match.lastIndexOf(value);
      return match.slice(0, at) + placeholder(rule.kind) + match.slice(at + value.length);
    });
  }

  out = out.replace(ASSIGNMENT_RE, (match: string, _q: string, name: string, quote?: string, quoted?: string, bare?: string) => {
    const lastSegment = name.split('.').pop() ?? name;
    if (!SECRET_NAME.test(lastSegment)) return match;
    const value = quote !== undefined ? quoted : bare;
    if (value === undefined || value.length < 3) return match;
    if (looksLikePlaceholderValue(value)) return match;
    if (value.includes('<redacted:')) return match;
    if (quote === undefined && isCodeLikeUnquoted(value)) return match;
    // Prose is a label or a message, not a secret.
    if (quote !== undefined && /\s/.test(value)) return match;
    if (quote === '`' && value.includes('${')) return match;
    const kind = kindForName(lastSegment);
    note(kind);
    const at = match.lastIndexOf(value);
    return match.slice(0, at) + placeholder(kind) + match.slice(at + value.length);
  });

  out = out.replace(ENV_PREFIX_RE, (match: string, name: string, value: string) => {
    if (!SECRET_NAME.test(name) || looksLikePlaceholderValue(value) || value.includes('<redacted:')) return match;
    const kind = kindForName(name);
    note(kind);
    return `${name}=${placeholder(kind)}`;
  });

  out = out.replace(QUOTED_RE, (match: string, quote: string, value: string, offset: number, whole: string) => {
    if (!looksLikeRandomSecret(value)) return match;
    const before = whole.slice(Math.max(0, offset - 40), offset);
    if (HASH_CONTEXT_RE.test(before)) return match;
    note('high-entropy');
    return `${quote}${placeholder('high-entropy')}${quote}`;
  });

  return { text: out, redactions, kinds };
}

/**
 * The placeholders in text that has been through `redactSecrets`, possibly in pieces (a gatherer that cuts
 * text redacts before cutting): what a user is told was replaced.
 */
export function countPlaceholders(text: string): { redactions: number; kinds: string[] } {
  const kinds: string[] = [];
  let redactions = 0;
  for (const m of text.matchAll(/<redacted:([a-z0-9-]+)>/g)) {
    redactions++;
    if (!kinds.includes(m[1])) kinds.push(m[1]);
  }
  return { redactions, kinds };
}

/** Longest secret the rules reliably recognise when it lies whole inside a window (JWTs, keys on one line). */
const CUT_MARGIN = 4096;

/**
 * The first `maxChars` characters of `text`, redacted. Cutting first could leave most of a secret too short
 * for the rules to recognise (39 of an access key's 40 characters); redacting all of a 10 MB line first
 * would cost too much, so a margin past the cut is redacted with it.
 */
export function redactedHead(text: string, maxChars: number): string {
  if (text.length <= maxChars) return redactSecrets(text).text;
  return redactSecrets(text.slice(0, maxChars + CUT_MARGIN)).text.slice(0, maxChars);
}

/** The last `maxChars` characters of `text`, redacted (see `redactedHead`). */
export function redactedTail(text: string, maxChars: number): string {
  if (maxChars <= 0) return '';
  if (text.length <= maxChars) return redactSecrets(text).text;
  return redactSecrets(text.slice(-(maxChars + CUT_MARGIN))).text.slice(-maxChars);
}
