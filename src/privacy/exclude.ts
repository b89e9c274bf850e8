// Which files are never sent: the `bedrockHaiku.exclude` globs, a `.haikuignore` at the workspace root
// (gitignore syntax) and files whose names say they hold secrets, whatever the user configured.

import ignore from 'ignore';
import picomatch from 'picomatch';

export interface ExclusionResult {
  excluded: boolean;
  /** Why, in words a user can act on: which rule matched. */
  reason?: string;
}

const SECRET_BASENAMES = new Set([
  'credentials',
  'credentials.json',
  'credentials.yml',
  'credentials.yaml',
  'credentials.xml',
  '.credentials',
  '.git-credentials',
  '.npmrc',
  '.yarnrc.yml',
  '.netrc',
  '_netrc',
  '.pgpass',
  '.pypirc',
  '.dockercfg',
  '.htpasswd',
  '.s3cfg',
  '.boto',
  'secrets.yml',
  'secrets.yaml',
  'secrets.json',
  'secrets.toml',
  'terraform.tfvars',
  'terraform.tfstate',
  'terraform.tfstate.backup',
  'keystore.properties',
]);

const SECRET_EXTENSIONS = ['.pem', '.key', '.p12', '.pfx', '.jks', '.keystore', '.ppk', '.kdbx', '.tfvars', '.env', '.secret', '.secrets'];

/** True for names like `.env`, `.env.local`, `prod.env`, `server.pem`, `id_rsa`, `credentials`, `.npmrc`. */
export function isSecretFileName(path: string): boolean {
  const base = basename(path).toLowerCase();
  if (!base) return false;
  if (base === '.env' || base.startsWith('.env.') || base.startsWith('.env-') || base.startsWith('.envrc')) return true;
  if (/^id_(?:rsa|dsa|ecdsa|ed25519)(?:[._-].*)?$/.test(base) && !base.endsWith('.pub')) return true;
  if (SECRET_BASENAMES.has(base)) return true;
  if (SECRET_EXTENSIONS.some((ext) => base.endsWith(ext) && base.length > ext.length)) return true;
  // AWS and Docker keep credentials in well-known places under otherwise ordinary names.
  const norm = normalize(path).toLowerCase();
  if (/(?:^|\/)\.aws\/(?:credentials|config)$/.test(norm)) return true;
  if (/(?:^|\/)\.docker\/config\.json$/.test(norm)) return true;
  if (/(?:^|\/)\.ssh\/[^/]+$/.test(norm) && !base.endsWith('.pub') && base !== 'known_hosts') return true;
  return false;
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

function basename(path: string): string {
  const n = normalize(path);
  return n.slice(n.lastIndexOf('/') + 1);
}

export interface ExclusionOptions {
  /** `bedrockHaiku.exclude`: globs relative to the workspace folder; a glob without `/` matches a name anywhere. */
  globs: string[];
  /** The contents of `.haikuignore` at the workspace root (gitignore syntax). */
  haikuignore?: string;
}

export class ExclusionRules {
  private readonly globs: { glob: string; match: (p: string) => boolean }[];
  private readonly ignorer?: ReturnType<typeof ignore>;

  constructor(opts: ExclusionOptions) {
    this.globs = [];
    for (const raw of opts.globs) {
      const glob = raw.trim();
      if (!glob) continue;
      try {
        // Without a slash a glob names files anywhere (`*.log`, `secret*`), as users expect from gitignore.
        const match = picomatch(normalize(glob), { dot: true, basename: !glob.includes('/'), nocase: false });
        this.globs.push({ glob, match });
      } catch {
        // A malformed glob must not turn exclusion off for the other globs.
      }
    }
    if (opts.haikuignore?.trim()) {
      this.ignorer = ignore({ allowRelativePaths: true }).add(opts.haikuignore);
    }
  }

  /** `relativePath`: relative to the workspace root; an absolute or outside path is checked by name only. */
  isExcluded(relativePath: string): ExclusionResult {
    const path = normalize(relativePath);
    if (isSecretFileName(path)) return { excluded: true, reason: 'its name looks like a secrets file' };
    for (const g of this.globs) {
      if (g.match(path)) return { excluded: true, reason: `it matches bedrockHaiku.exclude "${g.glob}"` };
    }
    const inside = path && !path.startsWith('/') && !path.startsWith('../') && !/^[A-Za-z]:\//.test(path);
    if (this.ignorer && inside) {
      const r = this.ignorer.test(path);
      if (r.ignored) return { excluded: true, reason: `it matches .haikuignore "${r.rule?.pattern ?? ''}"` };
    }
    return { excluded: false };
  }
}
