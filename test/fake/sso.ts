// The AWS side of IAM Identity Center sign-in: the portal that turns an SSO token into role
// credentials, SSO-OIDC (client registration, device authorization, token create/refresh), and
// the ~/.aws files the SDK and the CLI read.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IssuedCredentials } from './sigv4';

export const ACCOUNT_ID = '111122223333';
export const ROLE_NAME = 'HaikuDev';
export const START_URL = 'https://example.awsapps.com/start';
export const SSO_REGION = 'us-east-1';
const HOURS_8 = 8 * 3600_000;

/** An account the portal assigns to the signed-in user, with the roles (permission sets) offered in it. */
export interface PortalAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  roles: string[];
}

/** The portal's default assignments: the configured profile's account and role first, then two more. */
export function defaultPortalAccounts(): PortalAccount[] {
  return [
    { accountId: ACCOUNT_ID, accountName: 'Haiku Dev', emailAddress: 'aws-haiku-dev@example.com', roles: [ROLE_NAME, 'ReadOnly'] },
    { accountId: '444455556666', accountName: 'Sandbox', emailAddress: 'aws-sandbox@example.com', roles: ['AdministratorAccess', 'BedrockUser', 'ReadOnly'] },
    { accountId: '777788889999', accountName: 'Production', emailAddress: 'aws-prod@example.com', roles: ['ReadOnly'] },
  ];
}

export interface DeviceFlowScript {
  /** authorization_pending answers before the outcome (default 1). */
  pendingPolls?: number;
  /** Answer one slow_down after the first pending poll. */
  slowDown?: boolean;
  /** approve/deny/expire after the pending polls; manual: pending until approve()/deny() or a visit to the verification URL. */
  outcome?: 'approve' | 'deny' | 'expire' | 'manual';
  /** `interval` returned by StartDeviceAuthorization, seconds (default 1). */
  interval?: number;
}

export interface SsoLogEntry {
  at: number;
  api: 'getRoleCredentials' | 'createToken' | 'registerClient' | 'startDeviceAuthorization' | 'verify' | 'listAccounts' | 'listAccountRoles' | 'unknown';
  /** For createToken: the grant type. */
  grantType?: string;
  /** For getRoleCredentials and listAccountRoles: the account asked about. */
  accountId?: string;
  /** For getRoleCredentials: the role asked for. */
  roleName?: string;
  /** For the portal calls: whether the request carried x-amz-sso_bearer_token. */
  bearer?: boolean;
  status: number;
  error?: string;
}

interface DeviceAuth {
  clientId: string;
  userCode: string;
  polls: number;
  slowDownSent: boolean;
  decision?: 'approved' | 'denied';
  expiresAt: number;
  done: boolean;
}

interface HttpAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

function json(status: number, body: unknown, errorType?: string): HttpAnswer {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': randomId() };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  return { status, headers, body: JSON.stringify(body) };
}

function oidcError(status: number, type: string, error: string, description: string): HttpAnswer {
  return json(status, { error, error_description: description }, type);
}

function randomId(): string {
  return randomBytes(16).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

function token(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

export interface SsoOptions {
  home: string;
  url: string;
  profileName: string;
  sessionName: string;
  tokenExpired: boolean;
}

export class SsoState {
  /** Scripted device flow; change it before the client starts polling. */
  deviceFlow: DeviceFlowScript = { pendingPolls: 1, outcome: 'approve' };
  /** Every SSO portal / OIDC call, in order. */
  readonly requests: SsoLogEntry[] = [];
  /** Role credentials handed out by the portal (and by issueCredentials()). */
  readonly issued: IssuedCredentials[] = [];
  /** When set, the portal answers 401 to every token. */
  rejectAllTokens = false;
  /** Called after each portal/OIDC call (the CLI logs them). */
  onRequest?: (e: SsoLogEntry) => void;
  /** Role credential lifetime in ms (default 1 h). */
  credentialTtlMs = 3600_000;
  /**
   * What ListAccounts / ListAccountRoles return, and which account + role pairs GetRoleCredentials
   * accepts. Keep ACCOUNT_ID / ROLE_NAME in it if the configured profile must keep working.
   */
  accounts: PortalAccount[] = defaultPortalAccounts();
  /** ListAccounts and ListAccountRoles return at most this many per page whatever max_result says (AWS may return fewer); small so that clients must follow nextToken. */
  portalPageSize = 2;

  readonly profileName: string;
  readonly sessionName: string;
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly tokenFile: string;

  private readonly accessTokens = new Map<string, number>(); // token -> expiresAt
  private readonly refreshTokens = new Set<string>();
  private readonly clients = new Map<string, { secret: string; expiresAt: number }>();
  private readonly devices = new Map<string, DeviceAuth>();
  private keyCounter = 0;
  private readonly opts: SsoOptions;

  constructor(opts: SsoOptions) {
    this.opts = opts;
    this.profileName = opts.profileName;
    this.sessionName = opts.sessionName;
    this.configFile = path.join(opts.home, '.aws', 'config');
    this.credentialsFile = path.join(opts.home, '.aws', 'credentials');
    this.tokenFile = path.join(opts.home, '.aws', 'sso', 'cache', `${createHash('sha1').update(opts.sessionName).digest('hex')}.json`);
  }

  /** Writes ~/.aws/config, an empty credentials file and a token cache (valid 8 h unless expired). */
  writeFiles(): void {
    fs.mkdirSync(path.dirname(this.tokenFile), { recursive: true });
    fs.writeFileSync(
      this.configFile,
      [
        `[profile ${this.profileName}]`,
        `sso_session = ${this.sessionName}`,
        `sso_account_id = ${ACCOUNT_ID}`,
        `sso_role_name = ${ROLE_NAME}`,
        `region = ${SSO_REGION}`,
        '',
        `[sso-session ${this.sessionName}]`,
        `sso_start_url = ${START_URL}`,
        `sso_region = ${SSO_REGION}`,
        'sso_registration_scopes = sso:account:access',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(this.credentialsFile, '');
    this.writeToken({ expired: this.opts.tokenExpired });
  }

  /**
   * (Re)writes the token cache file the CLI would write, with a fresh access token the portal accepts
   * until it expires. expired: expiresAt in the past (refreshable); expiresInMs: custom lifetime;
   * refreshable false: no client/refresh token (like the legacy profile form). Deleted when `remove`.
   */
  writeToken(opts: { expired?: boolean; expiresInMs?: number; refreshable?: boolean; remove?: boolean } = {}): string {
    if (opts.remove) {
      fs.rmSync(this.tokenFile, { force: true });
      return '';
    }
    const ttl = opts.expiresInMs ?? (opts.expired ? -60_000 : HOURS_8);
    const accessToken = token('aoa');
    this.accessTokens.set(accessToken, Date.now() + ttl);
    const file: Record<string, string> = {
      startUrl: START_URL,
      region: SSO_REGION,
      accessToken,
      expiresAt: new Date(Date.now() + ttl).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    if (opts.refreshable !== false) {
      const client = this.registerClient();
      const refreshToken = token('aorAAAA');
      this.refreshTokens.add(refreshToken);
      Object.assign(file, {
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        registrationExpiresAt: new Date(client.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        refreshToken,
      });
    }
    fs.mkdirSync(path.dirname(this.tokenFile), { recursive: true });
    fs.writeFileSync(this.tokenFile, JSON.stringify(file, null, 2));
    return accessToken;
  }

  /** The token cache file's contents, or undefined when there is none. */
  readToken(): Record<string, string> | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.tokenFile, 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Makes every access token issued so far expire now (the portal then answers 401). */
  expireAccessTokens(): void {
    for (const t of this.accessTokens.keys()) this.accessTokens.set(t, Date.now() - 1);
  }

  /** Fresh role credentials the fake will accept as signers (e.g. for a static-credentials test). */
  issueCredentials(role?: { accountId: string; roleName: string }): IssuedCredentials & { expiration: number } {
    this.keyCounter++;
    const creds = {
      ...(role ? { accountId: role.accountId, roleName: role.roleName } : {}),
      accessKeyId: `ASIAFAKE${String(this.keyCounter).padStart(12, '0')}`,
      secretAccessKey: randomBytes(30).toString('base64').slice(0, 40),
      sessionToken: token('IQoJfake'),
      expiration: Date.now() + this.credentialTtlMs,
    };
    this.issued.push(creds);
    return creds;
  }

  lookup(accessKeyId: string): IssuedCredentials | undefined {
    return this.issued.find((c) => c.accessKeyId === accessKeyId);
  }

  /** Approves pending device authorizations (what the user does in the browser). */
  approve(): void {
    for (const d of this.devices.values()) if (!d.done) d.decision = 'approved';
  }

  deny(): void {
    for (const d of this.devices.values()) if (!d.done) d.decision = 'denied';
  }

  /** Device authorizations started so far, newest last (userCode for assertions). */
  get deviceAuthorizations(): { userCode: string; polls: number; done: boolean }[] {
    return [...this.devices.values()].map((d) => ({ userCode: d.userCode, polls: d.polls, done: d.done }));
  }

  private registerClient(): { clientId: string; clientSecret: string; expiresAt: number } {
    const clientId = token('fakeClient');
    const clientSecret = token('eyJraWQiOiJmYWtl');
    const expiresAt = Date.now() + 90 * 24 * 3600_000;
    this.clients.set(clientId, { secret: clientSecret, expiresAt });
    return { clientId, clientSecret, expiresAt };
  }

  private log(e: Omit<SsoLogEntry, 'at'>): void {
    const entry = { at: Date.now(), ...e };
    this.requests.push(entry);
    this.onRequest?.(entry);
  }

  /** Routes a portal/OIDC request; undefined when the path is not an SSO one. */
  handle(method: string, rawPath: string, headers: Record<string, string>, body: Buffer): HttpAnswer | undefined {
    const url = new URL(rawPath, 'http://fake');
    const p = url.pathname;
    let input: Record<string, unknown> = {};
    if (method === 'POST') {
      try {
        input = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        input = {};
      }
    }
    let answer: HttpAnswer;
    let api: SsoLogEntry['api'];
    const bearer = headers['x-amz-sso_bearer_token'];
    const extra: Partial<SsoLogEntry> = {};
    if (method === 'GET' && p === '/federation/credentials') {
      api = 'getRoleCredentials';
      answer = this.getRoleCredentials(url.searchParams, bearer);
      Object.assign(extra, { accountId: url.searchParams.get('account_id') ?? undefined, roleName: url.searchParams.get('role_name') ?? undefined, bearer: !!bearer });
    } else if (method === 'GET' && p === '/assignment/accounts') {
      api = 'listAccounts';
      answer = this.listAccounts(url.searchParams, bearer);
      extra.bearer = !!bearer;
    } else if (method === 'GET' && p === '/assignment/roles') {
      api = 'listAccountRoles';
      answer = this.listAccountRoles(url.searchParams, bearer);
      Object.assign(extra, { accountId: url.searchParams.get('account_id') ?? undefined, bearer: !!bearer });
    } else if (method === 'POST' && p === '/client/register') {
      api = 'registerClient';
      const c = this.registerClient();
      answer = json(200, {
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        clientIdIssuedAt: Math.floor(Date.now() / 1000),
        clientSecretExpiresAt: Math.floor(c.expiresAt / 1000),
      });
    } else if (method === 'POST' && p === '/device_authorization') {
      api = 'startDeviceAuthorization';
      answer = this.startDeviceAuthorization(input);
    } else if (method === 'POST' && p === '/token') {
      api = 'createToken';
      answer = this.createToken(input);
    } else if (method === 'GET' && p === '/device') {
      api = 'verify';
      answer = this.verifyPage(url.searchParams.get('user_code') ?? '');
    } else {
      return undefined;
    }
    const err = answer.headers?.['x-amzn-errortype'];
    this.log({ api, status: answer.status, grantType: input.grantType as string | undefined, error: err, ...extra });
    return answer;
  }

  /** The portal's 401 for a missing, unknown or expired bearer token; undefined when the token is good. */
  private unauthorized(bearer: string | undefined): HttpAnswer | undefined {
    const exp = bearer ? this.accessTokens.get(bearer) : undefined;
    if (this.rejectAllTokens || exp === undefined || exp <= Date.now()) {
      return json(401, { message: 'Session token not found or invalid' }, 'UnauthorizedException');
    }
    return undefined;
  }

  private getRoleCredentials(q: URLSearchParams, bearer: string | undefined): HttpAnswer {
    const bad = this.unauthorized(bearer);
    if (bad) return bad;
    const accountId = q.get('account_id') ?? '';
    const roleName = q.get('role_name') ?? '';
    if (!this.accounts.some((a) => a.accountId === accountId && a.roles.includes(roleName))) {
      return json(403, { message: 'No access' }, 'ForbiddenException');
    }
    const c = this.issueCredentials({ accountId, roleName });
    return json(200, {
      roleCredentials: {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        expiration: c.expiration,
      },
    });
  }

  /**
   * One page of a portal list. The token is opaque to clients; here it names the list and the offset,
   * and a token from another list (or made up) is refused with 400 InvalidRequestException.
   */
  private page<T>(items: T[], q: URLSearchParams, list: string): { page: T[]; nextToken?: string } | HttpAnswer {
    const raw = q.get('max_result');
    const max = raw === null ? 20 : Number(raw);
    if (!Number.isInteger(max) || max < 1 || max > 100) {
      return json(400, { message: 'max_result must be between 1 and 100' }, 'InvalidRequestException');
    }
    let offset = 0;
    const token = q.get('next_token');
    if (token !== null) {
      const m = /^(\d+)\.(.+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (!m || m[2] !== list) return json(400, { message: 'Invalid next_token' }, 'InvalidRequestException');
      offset = Number(m[1]);
    }
    const size = Math.min(max, this.portalPageSize);
    const end = offset + size;
    return {
      page: items.slice(offset, end),
      ...(end < items.length ? { nextToken: Buffer.from(`${end}.${list}`).toString('base64url') } : {}),
    };
  }

  private listAccounts(q: URLSearchParams, bearer: string | undefined): HttpAnswer {
    const bad = this.unauthorized(bearer);
    if (bad) return bad;
    const r = this.page(this.accounts, q, 'accounts');
    if ('status' in r) return r;
    return json(200, {
      accountList: r.page.map((a) => ({ accountId: a.accountId, accountName: a.accountName, emailAddress: a.emailAddress })),
      ...(r.nextToken ? { nextToken: r.nextToken } : {}),
    });
  }

  private listAccountRoles(q: URLSearchParams, bearer: string | undefined): HttpAnswer {
    const bad = this.unauthorized(bearer);
    if (bad) return bad;
    const accountId = q.get('account_id');
    if (!accountId) return json(400, { message: 'account_id is required' }, 'InvalidRequestException');
    const account = this.accounts.find((a) => a.accountId === accountId);
    if (!account) return json(404, { message: 'Account not found' }, 'ResourceNotFoundException');
    const r = this.page(account.roles, q, `roles:${accountId}`);
    if ('status' in r) return r;
    return json(200, {
      roleList: r.page.map((roleName) => ({ roleName, accountId })),
      ...(r.nextToken ? { nextToken: r.nextToken } : {}),
    });
  }

  private checkClient(input: Record<string, unknown>): HttpAnswer | undefined {
    const c = this.clients.get(String(input.clientId));
    if (!c || c.secret !== input.clientSecret) {
      return oidcError(401, 'InvalidClientException', 'invalid_client', 'Invalid client provided');
    }
    return undefined;
  }

  private startDeviceAuthorization(input: Record<string, unknown>): HttpAnswer {
    const bad = this.checkClient(input);
    if (bad) return bad;
    const deviceCode = token('devc');
    const userCode = `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`.toUpperCase();
    const expiresIn = 600;
    this.devices.set(deviceCode, {
      clientId: String(input.clientId),
      userCode,
      polls: 0,
      slowDownSent: false,
      expiresAt: Date.now() + expiresIn * 1000,
      done: false,
    });
    return json(200, {
      deviceCode,
      userCode,
      verificationUri: `${this.opts.url}/device`,
      verificationUriComplete: `${this.opts.url}/device?user_code=${userCode}`,
      expiresIn,
      interval: this.deviceFlow.interval ?? 1,
    });
  }

  private issueToken(): HttpAnswer {
    const accessToken = token('aoa');
    const refreshToken = token('aorAAAA');
    this.accessTokens.set(accessToken, Date.now() + HOURS_8);
    this.refreshTokens.add(refreshToken);
    return json(200, { accessToken, tokenType: 'Bearer', expiresIn: HOURS_8 / 1000, refreshToken });
  }

  private createToken(input: Record<string, unknown>): HttpAnswer {
    const bad = this.checkClient(input);
    if (bad) return bad;
    const grant = String(input.grantType);
    if (grant === 'refresh_token') {
      const rt = String(input.refreshToken);
      if (!this.refreshTokens.has(rt)) {
        return oidcError(400, 'InvalidGrantException', 'invalid_grant', 'Invalid refresh token provided');
      }
      this.refreshTokens.delete(rt);
      return this.issueToken();
    }
    if (grant === 'urn:ietf:params:oauth:grant-type:device_code') {
      const d = this.devices.get(String(input.deviceCode));
      if (!d || d.clientId !== input.clientId) {
        return oidcError(400, 'InvalidGrantException', 'invalid_grant', 'Invalid device code provided');
      }
      if (d.done) return oidcError(400, 'InvalidGrantException', 'invalid_grant', 'Device code already used');
      d.polls++;
      const script = this.deviceFlow;
      const pending = script.pendingPolls ?? 1;
      if (Date.now() > d.expiresAt) {
        d.done = true;
        return oidcError(400, 'ExpiredTokenException', 'expired_token', 'Device code has expired');
      }
      if (d.decision === undefined) {
        if (script.slowDown && !d.slowDownSent && d.polls >= 2) {
          d.slowDownSent = true;
          return oidcError(400, 'SlowDownException', 'slow_down', 'Client is polling too quickly');
        }
        const answered = d.polls - (d.slowDownSent ? 1 : 0);
        if (script.outcome === 'manual' || answered <= pending) {
          return oidcError(400, 'AuthorizationPendingException', 'authorization_pending', 'Authorization is still pending');
        }
        if (script.outcome === 'deny') d.decision = 'denied';
        else if (script.outcome === 'expire') {
          d.done = true;
          return oidcError(400, 'ExpiredTokenException', 'expired_token', 'Device code has expired');
        } else d.decision = 'approved';
      }
      d.done = true;
      if (d.decision === 'denied') {
        return oidcError(400, 'AccessDeniedException', 'access_denied', 'Access denied by the user');
      }
      return this.issueToken();
    }
    return oidcError(400, 'UnsupportedGrantTypeException', 'unsupported_grant_type', `Unsupported grant type: ${grant}`);
  }

  private verifyPage(userCode: string): HttpAnswer {
    const d = [...this.devices.values()].find((x) => x.userCode === userCode && !x.done);
    if (d) d.decision = 'approved';
    const msg = d ? `Request approved for code ${userCode}. You can close this window.` : `No pending request for code ${userCode || '(none)'}.`;
    return {
      status: d ? 200 : 404,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!doctype html><title>Fake AWS sign-in</title><h1>${d ? 'Approved' : 'Not found'}</h1><p>${msg}</p>`,
    };
  }
}
