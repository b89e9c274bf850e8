// Replaces secret-looking strings by placeholders in any text we are about to send. Each rule is anchored
// on a shape that real secrets have (a vendor prefix, a key block, a secret-ish name followed by a literal),
// so ordinary code stays untouched: a redaction the model sees is cheap, a leaked key is not.

import {
  looksLikeCodeRef,
  redactCommandLines,
  redactEncodedPem,
  redactHeaders,
  redactPairs,
  redactSecretFlags,
  redactSecretLines,
  redactUrlCredentials,
  redactXml,
} from './contextRules';
import { isSecretName, kindForName, placeholder, swap, type Note } from './secretNames';
import { looksLikeKeyBody, looksLikePlaceholderValue, looksLikeRandomSecret, looksLikeVersion } from './secretShapes';

export { looksLikeRandomSecret } from './secretShapes';

export interface RedactionResult {
  text: string;
  /** How many values were replaced. */
  redactions: number;
  /** The distinct kinds replaced, e.g. `aws-access-key`, in first-seen order. */
  kinds: string[];
}

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
  /** The same, as a test. */
  gate?: (text: string) => boolean;
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

/** Three lines in a row of 60–90 characters with no space: cheaper to find than KEY_BODY_RE is to run. */
function hasThreeBase64Lines(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; ) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    const body = text.slice(i, end).trim();
    run = body.length >= 60 && body.length <= 90 && !body.includes(' ') ? run + 1 : 0;
    if (run >= 3) return true;
    i = end + 1;
  }
  return false;
}

// Vendor shapes: prefixes that only secrets carry. `(?![\w-])` ends a token that may itself end in `-`.
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
  // A key in a JSON string: its lines joined by `\n` escapes.
  { kind: 'private-key', guard: 'PRIVATE KEY', re: /-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----(?:\\n|[A-Za-z0-9+/=])*(?:-----END[A-Z0-9 ]*PRIVATE KEY-----)?/g },
  // A window wholly inside a long key's body shows neither BEGIN nor END (see KEY_BODY_RE).
  { kind: 'private-key-body', re: KEY_BODY_RE, accept: looksLikeKeyBody, gate: hasThreeBase64Lines },
  { kind: 'aws-access-key', re: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { kind: 'gitlab-token', re: /\bgl(?:pat|dt|rt|ptt|ft|soat|imt|agent|cbt|oas|ffct)-[A-Za-z0-9_-]{20,}/g },
  { kind: 'slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'slack-token', re: /\bxapp-\d-[A-Za-z0-9-]{20,}/g },
  { kind: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/g },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{0,}/g },
  { kind: 'api-key', re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { kind: 'api-key', re: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{32,}/g },
  { kind: 'api-key', re: /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/g },
  { kind: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'vault-token', re: /\bhv[sbr]\.[A-Za-z0-9_-]{20,}/g },
  {
    kind: 'api-key',
    re: /\b(?:dop_v1_[a-f0-9]{64}|dckr_pat_[A-Za-z0-9_-]{20,}|hf_[A-Za-z0-9]{30,}|sntrys_[A-Za-z0-9_-]{40,}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|lin_api_[A-Za-z0-9]{40}|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}|nfp_[A-Za-z0-9]{36}|sq[upa]_[a-f0-9]{40}|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}|ATATT3[A-Za-z0-9_=-]{100,}|PMAK-[a-f0-9]{24}-[a-f0-9]{34}|NRAK-[A-Z0-9]{27}|SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}|key-[a-f0-9]{32})(?![\w-])/g,
  },
  // A Telegram bot token. (Shapes that start with a plain hex run cost a scan of every word: left to the names.)
  { kind: 'api-key', re: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![\w-])/g },
  { kind: 'token', re: /\b(?:Bearer|Basic)[ \t]+([A-Za-z0-9._~+/-]{16,}=*)/g, group: 1 },
];

/**
 * `name = "value"`, `name: 'value'`, `"name": "value"`, `name := "v"`, `name => "v"`, and `NAME=value`
 * unquoted (env, ini, YAML). Unquoted values must not look like code (a call, a property path, a keyword).
 */
// The first lookbehind starts a name only where a name can start: without it, a long run of letters with no
// `=` is rescanned from every position (quadratic: a 200 KB line took ~50 s). The second lets through only
// names with a secret-like ending (a superset of isSecretName), so ordinary assignments cost no callback.
const ASSIGNMENT_RE =
  /(["']?)(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)(?![A-Za-z0-9_.-])(?<=(?:pass|passwd|password|passphrase|pwd|secret|token|key|key[_-]?id|auth|credentials?|str|string))\1[ \t]*(?::=|=>|=(?!=)|:(?!:))[ \t]*(?:(["'`])((?:\\.|(?!\3)[^\\\r\n])*)\3|([^\s'"`,;(){}[\]<>]+)(?=[ \t]*(?:[,;#]|\r?\n|$)))/gim;

const letters = (s: string) => s.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
/** `EVENT_TEST_PASS: "pass"`, `USE_CREDENTIALS = 'use-credentials'`: the value is the end of the name. */
const namesItself = (value: string, name: string) => letters(value) !== '' && letters(name).endsWith(letters(value));
const isIdentifier = (v: string) => (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(v) && !/\d/.test(v)) || /^\d+(?:\.\d+)?$|^0x[0-9a-f]+$/i.test(v);

/** `NAME: word` alone on its line (YAML, .env, .properties, INI): there a word without digits is a password. */
function isConfigLine(match: string, at: number, whole: string): boolean {
  const lineStart = whole.lastIndexOf('\n', at - 1) + 1;
  const nl = whole.indexOf('\n', at + match.length);
  const rest = whole.slice(at + match.length, nl < 0 ? whole.length : nl);
  return /^[ \t]*(?:-[ \t]+)?(?:export[ \t]+|ENV[ \t]+)?$/.test(whole.slice(lineStart, at)) && /^[ \t]*(?:#.*)?\r?$/.test(rest) && !/[=:]>|:=/.test(match);
}

/**
 * Unquoted identifiers are code (`password = config.password`), except a plain word alone on a config line
 * (`password: tiger`). `currentToken = item` (a camelCase name and `=`) is code written without semicolons.
 */
function isConfigWord(value: string, name: string, match: string, at: number, line: string): boolean {
  if (!/^[a-z]+(?:-[a-z]+)*$/.test(value) || !isConfigLine(match, at, line)) return false;
  const yaml = /:[ \t]*$/.test(match.slice(0, match.lastIndexOf(value)));
  return yaml || !/[a-z][A-Z]/.test(name);
}

// Where ASSIGNMENT_RE could match: a secret-like name ending before a separator. The regex then runs on those
// lines only (an assignment never spans lines), which costs a fifth of running it on everything.
const ASSIGNMENT_HINT_RE = /(?:pass(?:wd|word|phrase)?|pwd|secret|token|key(?:[_-]?id)?|auth|credentials?|str(?:ing)?)["']?[ \t]*[:=]/gi;

function redactAssignments(text: string, note: Note): string {
  let out = '';
  let copied = 0;
  ASSIGNMENT_HINT_RE.lastIndex = 0;
  for (let m = ASSIGNMENT_HINT_RE.exec(text); m; m = ASSIGNMENT_HINT_RE.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    const nl = text.indexOf('\n', m.index);
    const end = nl < 0 ? text.length : nl;
    out += text.slice(copied, start) + redactAssignmentLine(text.slice(start, end), note);
    copied = end;
    ASSIGNMENT_HINT_RE.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function redactAssignmentLine(line: string, note: Note): string {
  return line.replace(ASSIGNMENT_RE, (...args: unknown[]) => {
    const [match, , name, quote, quoted, bare] = args as [string, string, string, string?, string?, string?];
    const at = args[args.length - 2] as number;
    const lastSegment = name.split('.').pop() ?? name;
    if (!isSecretName(lastSegment)) return match;
    const value = quote !== undefined ? quoted : bare;
    if (value === undefined || value.length < 3) return match;
    if (looksLikePlaceholderValue(value) || looksLikeVersion(value)) return match;
    if (value.includes('<redacted:')) return match;
    // A constant naming itself (`USE_CREDENTIALS = 'use-credentials'`, `x = x`) holds no secret.
    if (quote === undefined ? looksLikeCodeRef(value, lastSegment) : namesItself(value, lastSegment)) return match;
    if (quote === undefined && isIdentifier(value) && !isConfigWord(value, lastSegment, match, at, line)) return match;
    // Prose is a label or a message, not a secret; `type Credentials = "include" | …` is a type.
    if (quote !== undefined && /\s/.test(value)) return match;
    if (quote === '`' && value.includes('${')) return match;
    if (/\btype[ \t]+$/.test(line.slice(Math.max(0, at - 20), at))) return match;
    return swap(match, value, kindForName(lastSegment), note);
  });
}

// Long runs of a key alphabet standing alone: an AWS secret key (40 characters of base64), or any token that
// looks generated. URLs, paths, hashes and base64 of text are left (see looksLikeRandomSecret).
const LONG_TOKEN_RE = /(?<![A-Za-z0-9+/_.~=-])[A-Za-z0-9+/_.~-]{20,}={0,2}(?![A-Za-z0-9+/_.~=-])/g;
// Names whose values are hashes by design (lockfiles, subresource integrity).
const HASH_CONTEXT_RE = /(?:integrity|checksum|hash|sha\d*|digest|etag|nonce|commit|revision)["']?\s*[:=]\s*["']?$|sha\d+-$/i;

function redactLongTokens(text: string, note: Note): string {
  return text.replace(LONG_TOKEN_RE, (v: string, at: number, whole: string) => {
    if (v.length > 256 || v.startsWith('//') || whole.startsWith('base64,', at - 7)) return v; // a URL, a data URI
    // A line of PEM or MIME base64: KEY_BODY_RE decided already (certificates and two stray lines are kept).
    if (/^[A-Za-z0-9+/]{60,80}={0,2}$/.test(v) && fillsLine(v, at, whole)) return v;
    if (!looksLikeRandomSecret(v)) return v.length >= 32 && isLoneSecretLine(v, at, whole) ? replaceWith('secret', note) : v;
    if (HASH_CONTEXT_RE.test(whole.slice(Math.max(0, at - 40), at))) return v;
    return replaceWith(/^[A-Za-z0-9+/]{40}$/.test(v) ? 'aws-secret-key' : 'high-entropy', note);
  });
}

const replaceWith = (kind: string, note: Note) => {
  note(kind);
  return placeholder(kind);
};

// A hex secret alone on its line under a line that names it ("use the following password:", `cat master.key`).
const NAMES_A_SECRET = /\b(?:password|passwd|secret|token|api[ _-]?key|credentials?)\b|\.key\b/i;

function fillsLine(v: string, at: number, whole: string): boolean {
  const lineStart = whole.lastIndexOf('\n', at - 1) + 1;
  const nl = whole.indexOf('\n', at);
  return whole.slice(lineStart, at).trim() === '' && whole.slice(at + v.length, nl < 0 ? whole.length : nl).trim() === '';
}

function isLoneSecretLine(v: string, at: number, whole: string): boolean {
  if (!/^[0-9a-f]{32,}$/i.test(v) || !fillsLine(v, at, whole)) return false;
  const lineStart = whole.lastIndexOf('\n', at - 1) + 1;
  const before = whole.slice(Math.max(0, lineStart - 300), lineStart).split('\n').filter((l) => l.trim() !== '');
  return before.length > 0 && NAMES_A_SECRET.test(before[before.length - 1]);
}

/** Replaces secret-looking strings in `text` by `<redacted:kind>` placeholders. */
export function redactSecrets(text: string): RedactionResult {
  let redactions = 0;
  const kinds: string[] = [];
  const note = (kind: string) => {
    redactions++;
    if (!kinds.includes(kind)) kinds.push(kind);
  };
  let out = redactEncodedPem(text, note);

  for (const rule of TOKEN_RULES) {
    if ((rule.guard && !out.includes(rule.guard)) || (rule.gate && !rule.gate(out))) continue;
    rule.re.lastIndex = 0;
    out = out.replace(rule.re, (...args: unknown[]) => {
      const match = args[0] as string;
      const group = rule.group ?? 0;
      const value = group === 0 ? match : (args[group] as string | undefined);
      if (value === undefined || PLACEHOLDER_RE.test(value)) return match;
      // The offset and the whole text come last (no rule has named groups, which would follow them).
      if (rule.accept && !rule.accept(value, args[args.length - 2] as number, args[args.length - 1] as string)) return match;
      if (group === 0) {
        note(rule.kind);
        return placeholder(rule.kind);
      }
      return swap(match, value, rule.kind, note);
    });
  }

  // Specific places first, so a value gets the kind its name gives it; the shape of a token last.
  out = redactUrlCredentials(out, note);
  out = redactHeaders(out, note);
  out = redactCommandLines(out, note);
  out = redactSecretFlags(out, note);
  out = redactPairs(out, note);
  out = redactXml(out, note);
  out = redactAssignments(out, note);
  out = redactSecretLines(out, note);
  out = redactLongTokens(out, note);
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
