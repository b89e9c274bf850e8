// Names whose value is a secret, and the placeholder each one gets.

export const placeholder = (kind: string) => `<redacted:${kind}>`;

/** Counts a redaction of `kind` (see redactSecrets). */
export type Note = (kind: string) => void;

// Matched at the end of the name, so `tokenType`, `passwordLabel` or `secretName` keep their values while
// `DB_PASSWORD`, `apiKey`, `X-Api-Key`, `AccountKey` and `.npmrc`'s `_auth` do not. `pass` counts as a word of
// its own (`SMTP_PASS`, `become_pass`, `mailPass`), not inside one (`bypass`, `compass`).
const SECRET_NAME =
  /(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key(?:[_-]?id)?|signing[_-]?key|encryption[_-]?key|master[_-]?key|auth[_-]?key|account[_-]?key|shared[_-]?access[_-]?key|application[_-]?key|license[_-]?key|client[_-]?secret|credentials?|connection[_-]?string|conn[_-]?str|(?:^|[_.-])pass|(?:^|[_.:-])auth)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) || /[a-z0-9]Pass$/.test(name);
}

export function kindForName(name: string): string {
  const n = name.toLowerCase();
  if (/aws_?secret_?access_?key$/.test(n)) return 'aws-secret-key';
  if (/pass|pwd/.test(n)) return 'password';
  if (/token$/.test(n)) return 'token';
  if (/key(?:[_-]?id)?$/.test(n)) return 'api-key';
  return 'secret';
}

/** `match` with its last occurrence of `value` replaced by the placeholder of `kind`. */
export function swap(match: string, value: string, kind: string, note: Note): string {
  const at = match.lastIndexOf(value);
  if (at < 0) return match;
  note(kind);
  return match.slice(0, at) + placeholder(kind) + match.slice(at + value.length);
}
