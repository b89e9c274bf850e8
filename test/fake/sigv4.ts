// Re-signs each request with the secret the fake issued and compares, so tests can tell that the
// extension really signed with the SSO credentials (and that nothing altered the body after signing).
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Portal credentials: the account and role they were issued for. */
  accountId?: string;
  roleName?: string;
}

/** The hash constructor @smithy/signature-v4 wants, backed by node:crypto. */
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

function bytes(d: SourceData): string | Uint8Array {
  if (typeof d === 'string') return d;
  if (ArrayBuffer.isView(d)) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  return new Uint8Array(d);
}

export interface SigCheck {
  valid: boolean;
  accessKeyId?: string;
  problem?: string;
}

const AUTH_RE = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/;

function amzDate(v: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

export async function verifySigV4(
  req: { method: string; path: string; headers: Record<string, string>; body: Buffer },
  lookup: (accessKeyId: string) => IssuedCredentials | undefined,
): Promise<SigCheck> {
  const auth = req.headers['authorization'];
  if (!auth) return { valid: false, problem: 'no Authorization header' };
  const m = AUTH_RE.exec(auth);
  if (!m) return { valid: false, problem: 'Authorization header is not SigV4' };
  const [, accessKeyId, , region, service, signedList, signature] = m;
  const creds = lookup(accessKeyId);
  if (!creds) return { valid: false, accessKeyId, problem: 'unknown access key' };
  if (creds.sessionToken && req.headers['x-amz-security-token'] !== creds.sessionToken) {
    return { valid: false, accessKeyId, problem: 'session token does not match the access key' };
  }
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const declared = req.headers['x-amz-content-sha256'];
  if (declared && declared !== 'UNSIGNED-PAYLOAD' && declared !== bodyHash) {
    return { valid: false, accessKeyId, problem: 'body does not match x-amz-content-sha256' };
  }
  const date = amzDate(req.headers['x-amz-date'] ?? '');
  if (!date) return { valid: false, accessKeyId, problem: 'missing or malformed x-amz-date' };

  const headers: Record<string, string> = {};
  for (const name of signedList.split(';')) {
    const v = req.headers[name];
    if (v === undefined) return { valid: false, accessKeyId, problem: `signed header ${name} is missing` };
    headers[name] = v;
  }

  const q = req.path.indexOf('?');
  const query: Record<string, string | string[]> = {};
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(req.path.slice(q + 1))) {
      const prev = query[k];
      query[k] = prev === undefined ? v : ([] as string[]).concat(prev, v);
    }
  }
  const signer = new SignatureV4({ credentials: creds, region, service, sha256: Sha256, uriEscapePath: true });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: 'fake',
      path: q >= 0 ? req.path.slice(0, q) : req.path,
      query,
      headers,
      body: req.body,
    },
    { signingDate: date, signingRegion: region, signingService: service },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers['authorization']))?.[1];
  if (expected !== signature) return { valid: false, accessKeyId, problem: 'signature mismatch' };
  return { valid: true, accessKeyId };
}
