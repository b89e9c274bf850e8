// What a value looks like: generated (a key, a token) or made by people and programs (words, paths, hashes,
// base64 of text). The rules in redact.ts find candidates; these checks decide.

export function shannonEntropy(s: string): number {
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

const charClass = (c: number) => (c >= 65 && c <= 90 ? 1 : c >= 97 && c <= 122 ? 2 : c >= 48 && c <= 57 ? 3 : 0);

/** Changes between upper case, lower case and digits, per character: ~0.6 in random base64, < 0.3 in words. */
function classChangeRate(s: string): number {
  let changes = 0;
  for (let i = 1; i < s.length; i++) if (charClass(s.charCodeAt(i)) !== charClass(s.charCodeAt(i - 1))) changes++;
  return changes / s.length;
}

/**
 * A piece written by people: words and numbers (`AbstractRange`, `Uint8Array`, `readUInt16BE`, `NoOpLogger`).
 * Random text changes case every other character and splits into many one-letter "words".
 */
function isWordy(part: string): boolean {
  if (part.length < 8 || classChangeRate(part) < 0.3) return true;
  const words = part.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  if (words.length === 0) return true;
  const letters = words.reduce((n, w) => n + w.length, 0);
  return words.filter((w) => w.length === 1).length / words.length < 0.3 && !(part.length >= 16 && letters / words.length < 2.7);
}

/**
 * Words joined by separators or case: a URL path, an S3 key, a module name (`./BatchDeleteJobCommand`).
 * `AbstractRange/collapsed` and `tenants/AcmeCorp/2024/INV2024000123.pdf` are written by people;
 * `wJalrXUtnFEMI/K7MDENG/bPxRfi…` (an AWS secret) is not: its pieces change case like nothing people write.
 */
export function looksLikePath(v: string): boolean {
  const parts = v.split(/[./_~-]/).filter((p) => p !== '');
  return parts.length >= 1 && parts.every(isWordy);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Base64 of data rather than of a key: text (a test fixture, a source map, JSON; keys decode to noise that is
 * not UTF-8), or bytes in a pattern (`AAECAwQF…` is 0, 1, 2, 3…: few distinct steps between bytes).
 */
export function isBase64OfData(v: string): boolean {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(v) || v.length < 16) return false;
  const bytes = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < 12) return false;
  const steps = new Set<number>();
  for (let i = 1; i < bytes.length; i++) steps.add((bytes[i] - bytes[i - 1] + 256) % 256);
  if (steps.size <= (bytes.length - 1) / 3) return true;
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return false;
  }
  let printable = 0;
  for (const ch of text) if (!/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.test(ch)) printable++;
  return printable / [...text].length >= 0.85;
}

/**
 * A literal that looks machine-generated: 24–256 characters of a key alphabet, upper and lower case and
 * digits mixed, high entropy. Hex-only strings (hashes, UUIDs, colours), integrity hashes, paths and base64
 * of text are left.
 */
export function looksLikeRandomSecret(v: string): boolean {
  if (v.length < 24 || v.length > 256) return false;
  if (!/^[A-Za-z0-9+/=_~.-]+$/.test(v)) return false;
  if (!/[a-z]/.test(v) || !/[A-Z]/.test(v)) return false;
  if ((v.match(/\d/g)?.length ?? 0) < 2 && !/[+/]/.test(v)) return false;
  if (/^[0-9a-fA-F-]+$/.test(v)) return false;
  if (/^sha(?:1|256|384|512)-/.test(v)) return false;
  if (looksLikePath(v)) return false;
  if (hasLongSequentialRun(v)) return false;
  if (isBase64OfData(v)) return false;
  const threshold = Math.min(4.3, Math.log2(v.length) - 0.5);
  return shannonEntropy(v) >= threshold;
}

/**
 * Base64 lines that are a key's body, not a certificate, a signature or base64 of text: every full line mixes
 * upper and lower case and digits (hex hashes don't), the whole has the entropy of random bytes (identifiers
 * and words don't), and no public armor header (BEGIN CERTIFICATE, BEGIN PUBLIC KEY…) opens it.
 */
export function looksLikeKeyBody(block: string, at: number, whole: string): boolean {
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

/** Values that stand for a secret without being one: references, templates, masks, examples, keywords. */
export function looksLikePlaceholderValue(v: string): boolean {
  return (
    /^<redacted:[a-z0-9-]+>$/.test(v) ||
    /^\$\{.*\}$|^\$\(.*\)$|^\$[A-Za-z_][A-Za-z0-9_]*$|^\{\{.*\}\}$|^%\(?[A-Za-z_]+\)?s?%?$|^<[^>]*>$|^%[A-Z_]+%$/.test(v) ||
    /^(.)\1*$/.test(v) || // "xxxx", "****"
    /^(?:changeme|change_me|password|secret|token|your[_-].*|todo|example|dummy|none|null|nil|undefined|true|false|yes|no|on|off|required|optional|string|str|bytes|number|boolean|bool|int|object|any|env|include|omit|same-origin|stdin|prompt|redacted|hidden|masked|foo|bar|baz|qux|test|demo|sample|xyz|abc)\d?$/i.test(v) ||
    // An environment variable's name (`AWS_SECRET_KEY: "AWS_SECRET_ACCESS_KEY"`), not its value.
    /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)
  );
}

/** A package version or range (`^1.2.0`, `workspace:*`): what follows a package named `csrf-token`. */
export function looksLikeVersion(v: string): boolean {
  return /^(?:[\^~]|[<>]=?|=)?v?\d+(?:\.[\dx*]+){0,3}(?:-[\w.]+)?(?:\s.*)?$|^(?:workspace|npm|file|link|catalog):|^(?:latest|next|\*)$/.test(v);
}
