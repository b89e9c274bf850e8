// The SSO portal's account and role lists, for the guided "new SSO profile" flow: after signing in to a
// start URL the user picks an account and a role instead of typing twelve-digit ids.

import type { AwsSdk } from './deviceFlow';

export interface PortalAccount {
  accountId: string;
  accountName: string;
  emailAddress?: string;
}

export interface PortalOptions {
  ssoRegion: string;
  accessToken: string;
  loadSdk: () => AwsSdk | Promise<AwsSdk>;
  signal?: AbortSignal;
  endpoint?: string;
}

async function withClient<T>(opts: PortalOptions, fn: (sdk: AwsSdk, client: InstanceType<AwsSdk['SSOClient']>) => Promise<T>): Promise<T> {
  const sdk = await opts.loadSdk();
  const client = new sdk.SSOClient({ region: opts.ssoRegion, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) });
  try {
    return await fn(sdk, client);
  } finally {
    client.destroy();
  }
}

// Pages are followed to the end but bounded: a runaway nextToken must not loop forever.
const MAX_PAGES = 50;

export function listAccounts(opts: PortalOptions): Promise<PortalAccount[]> {
  return withClient(opts, async (sdk, client) => {
    const out: PortalAccount[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await client.send(new sdk.ListAccountsCommand({ accessToken: opts.accessToken, nextToken, maxResults: 100 }), { abortSignal: opts.signal });
      for (const a of r.accountList ?? []) {
        if (a.accountId) out.push({ accountId: a.accountId, accountName: a.accountName ?? a.accountId, emailAddress: a.emailAddress });
      }
      nextToken = r.nextToken;
      if (!nextToken) break;
    }
    return out.sort((a, b) => a.accountName.localeCompare(b.accountName));
  });
}

export function listAccountRoles(opts: PortalOptions & { accountId: string }): Promise<string[]> {
  return withClient(opts, async (sdk, client) => {
    const out: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await client.send(
        new sdk.ListAccountRolesCommand({ accessToken: opts.accessToken, accountId: opts.accountId, nextToken, maxResults: 100 }),
        { abortSignal: opts.signal },
      );
      for (const role of r.roleList ?? []) if (role.roleName) out.push(role.roleName);
      nextToken = r.nextToken;
      if (!nextToken) break;
    }
    return out.sort();
  });
}
