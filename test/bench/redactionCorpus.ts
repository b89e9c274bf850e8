// The redaction corpus: secrets in context (tuning and held-out sets) and ordinary text (files from
// node_modules and our own look-alikes). Shared by the benchmark and the unit tests that hold the figures.

import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/secrets');

export interface SecretCase {
  title: string;
  text: string;
  /** The values that must not survive redaction. */
  secrets: string[];
}

// Deterministic random values: the same case always gets the same secrets, whichever set it is in.
function rng(seedText: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seedText.length; i++) h = Math.imul(h ^ seedText.charCodeAt(i), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABETS: Record<string, string> = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  b64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  hex: '0123456789abcdef',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  lower: 'abcdefghijklmnopqrstuvwxyz0123456789',
  digits: '0123456789',
};

const WORDS = ['admin', 'deploy', 'river', 'falcon', 'quartz', 'maple', 'orbit', 'cobalt', 'ember', 'harbor', 'lumen', 'tundra'];

function expand(kind: string, arg: number, rand: () => number): string {
  const pick = (s: string, n: number) => Array.from({ length: n }, () => s[Math.floor(rand() * s.length)]).join('');
  const word = () => WORDS[Math.floor(rand() * WORDS.length)];
  switch (kind) {
    case 'uuid': {
      const h = pick(ALPHABETS.hex, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    }
    case 'jwt': {
      const payload = Buffer.from(JSON.stringify({ sub: pick(ALPHABETS.digits, 6), iat: 1714550000 + Math.floor(rand() * 1e6), scope: 'read write' })).toString('base64url');
      return `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${payload}.${pick(ALPHABETS.b64url, 43)}`;
    }
    case 'pembody':
      return Array.from({ length: arg }, (_, i) => pick(ALPHABETS.b64, i === arg - 1 ? 44 : 64)).join('\n');
    case 'pem64': {
      const pem = `-----BEGIN PRIVATE KEY-----\n${expand('pembody', 6, rand)}\n-----END PRIVATE KEY-----\n`;
      return Buffer.from(pem).toString('base64');
    }
    case 'b64text': // base64 of `user:password`-like text (Basic auth, docker auth, Kubernetes data)
      return Buffer.from(`${word()}:${word()}${word()}${pick(ALPHABETS.lower, Math.max(0, arg - 10))}`).toString('base64');
    default: {
      const alphabet = ALPHABETS[kind];
      if (!alphabet) throw new Error(`unknown generator «${kind}»`);
      return pick(alphabet, arg);
    }
  }
}

/** Pieces of a secret that identify it: whole short values, 12-character windows of long ones. */
function pieces(secret: string): string[] {
  const out: string[] = [];
  for (const part of secret.split(/\s+|\\n/).filter((p) => p.length >= 3)) {
    if (part.length < 16) out.push(part);
    else for (let i = 0; i + 12 <= part.length; i++) out.push(part.slice(i, i + 12));
  }
  return out;
}

/** The secrets of `c` of which an identifying piece is still in `redacted`. */
export function leakedSecrets(c: SecretCase, redacted: string): string[] {
  // A piece that the case also shows outside its secrets (a shared prefix) identifies nothing.
  let masked = c.text;
  for (const s of c.secrets) masked = masked.split(s).join('\u0000');
  return c.secrets.filter((s) => pieces(s).some((p) => redacted.includes(p) && !masked.includes(p)));
}

export function loadSecretCases(set: 'tuning' | 'heldout'): SecretCase[] {
  const raw = fs.readFileSync(path.join(FIXTURES, `${set}.txt`), 'utf8');
  const cases: SecretCase[] = [];
  for (const block of raw.split(/^(?=### )/m)) {
    if (!block.startsWith('### ')) continue;
    const nl = block.indexOf('\n');
    const title = block.slice(4, nl).trim();
    const rand = rng(title);
    const filled = block.slice(nl + 1).replace(/«([a-z0-9]+)(?::(\d+))?»/g, (_m, kind: string, n?: string) => expand(kind, Number(n ?? 0), rand));
    const secrets: string[] = [];
    const text = filled.replace(/⟦([\s\S]*?)⟧/g, (_m, s: string) => {
      secrets.push(s);
      return s;
    }).replace(/\n$/, '');
    if (secrets.length === 0) throw new Error(`case "${title}" marks no secret`);
    const c = { title, text, secrets };
    // Every value must be absent once its marked places are blanked, or the leak check would be wrong.
    if (leakedSecrets(c, c.secrets.reduce((t, s) => t.split(s).join('\u0000'), text)).length) throw new Error(`case "${title}" shows a secret outside its marks`);
    cases.push(c);
  }
  return cases;
}

/** Ordinary code read at benchmark time: a fixed list of files that ship in node_modules. */
export const ORDINARY_FILES = [
  'node_modules/typescript/lib/lib.dom.d.ts',
  'node_modules/typescript/lib/lib.es5.d.ts',
  'node_modules/@aws-sdk/client-bedrock/dist-cjs/index.js',
  'node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/index.js',
  'node_modules/@aws-sdk/credential-provider-ini/dist-cjs/index.js',
  'node_modules/@aws-sdk/credential-provider-sso/dist-cjs/index.js',
  'node_modules/@aws-sdk/token-providers/dist-cjs/index.js',
  'node_modules/@smithy/signature-v4/dist-cjs/index.js',
  'node_modules/@smithy/node-http-handler/dist-cjs/index.js',
  'node_modules/highlight.js/lib/core.js',
  'node_modules/highlight.js/lib/languages/javascript.js',
  'node_modules/highlight.js/lib/languages/python.js',
  'node_modules/highlight.js/lib/languages/bash.js',
  'node_modules/highlight.js/lib/languages/sql.js',
  'node_modules/highlight.js/lib/languages/yaml.js',
  'node_modules/dompurify/dist/purify.cjs.js',
  'node_modules/marked/lib/marked.esm.js',
];

export interface OrdinaryText {
  name: string;
  text: string;
  lines: number;
}

/** The files above (a missing one is an error: the figure must be on the same text every run) and the look-alikes. */
export function loadOrdinary(): OrdinaryText[] {
  const files = [...ORDINARY_FILES.map((f) => path.join(ROOT, f)), path.join(FIXTURES, 'lookalikes.txt')];
  return files.map((f) => {
    const text = fs.readFileSync(f, 'utf8');
    return { name: path.relative(ROOT, f), text, lines: text.split('\n').length };
  });
}

/**
 * A wider check (`--wide`): every source file under these folders, sorted, ~500,000 lines. Not the headline
 * figure: the AWS SDK documents example credentials (`AKIAIOSFODNN7EXAMPLE`…), which are redacted by design.
 */
export const WIDE_ROOTS = [
  'node_modules/typescript/lib',
  'node_modules/@aws-sdk',
  'node_modules/@smithy',
  'node_modules/highlight.js/lib/languages',
  'node_modules/eslint/lib',
  'node_modules/mocha/lib',
  'node_modules/esbuild/lib',
  'node_modules/playwright-core/lib/server',
  'node_modules/@vscode/vsce/out',
  'node_modules/picomatch/lib',
  'node_modules/yaml/dist',
  'node_modules/undici/lib',
];

export function loadWide(): OrdinaryText[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(?:[cm]?js|ts|json|md|ya?ml)$/.test(e.name) && !/\.min\.|^lib\.dom/.test(e.name) && fs.statSync(p).size < 3e6) files.push(p);
    }
  };
  for (const r of WIDE_ROOTS) walk(path.join(ROOT, r));
  return files.sort().map((f) => {
    const text = fs.readFileSync(f, 'utf8');
    return { name: path.relative(ROOT, f), text, lines: text.split('\n').length };
  });
}
