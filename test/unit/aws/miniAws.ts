// The two AWS APIs the shared fake does not speak — the SSO portal's account/role lists and the Bedrock
// control plane's model lists — answered from fixed data on a loopback HTTP/1.1 server.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MiniAws {
  url: string;
  calls: { path: string; bearer?: string; signed: boolean }[];
  /** Answer the control plane with 403 AccessDenied. */
  denyListing: boolean;
  close(): Promise<void>;
}

const ACCOUNTS = Array.from({ length: 3 }, (_, i) => ({
  accountId: `10000000000${i}`,
  accountName: ['Sandbox', 'Production', 'Data'][i],
  emailAddress: `aws+${i}@example.com`,
}));

export const HAIKU_45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
export const NEW_HAIKU = 'anthropic.claude-haiku-6-0-v1:0';

export async function startMiniAws(): Promise<MiniAws> {
  const mini: MiniAws = { url: '', calls: [], denyListing: false, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const bearer = req.headers['x-amz-sso_bearer_token'] as string | undefined;
    mini.calls.push({ path: url.pathname + url.search, bearer, signed: /^AWS4-HMAC-SHA256 /.test(String(req.headers.authorization ?? '')) });
    const send = (status: number, body: unknown, errorType?: string) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/assignment/accounts') {
      // Two pages, to prove pagination is followed.
      const page = url.searchParams.get('next_token') === 'p2' ? ACCOUNTS.slice(2) : ACCOUNTS.slice(0, 2);
      return send(200, { accountList: page, ...(url.searchParams.get('next_token') ? {} : { nextToken: 'p2' }) });
    }
    if (url.pathname === '/assignment/roles') {
      const id = url.searchParams.get('account_id');
      return send(200, { roleList: [{ roleName: 'ReadOnly', accountId: id }, { roleName: 'BedrockUser', accountId: id }] });
    }
    if (mini.denyListing && (url.pathname === '/foundation-models' || url.pathname === '/inference-profiles')) {
      return send(403, { message: 'not authorized to perform bedrock:ListFoundationModels' }, 'AccessDeniedException');
    }
    if (url.pathname === '/foundation-models') {
      return send(200, {
        modelSummaries: [
          { modelArn: `arn:aws:bedrock:eu-west-1::foundation-model/${HAIKU_45}`, modelId: HAIKU_45, modelName: 'Claude Haiku 4.5', providerName: 'Anthropic', inferenceTypesSupported: ['INFERENCE_PROFILE'], modelLifecycle: { status: 'ACTIVE' } },
          { modelArn: `arn:aws:bedrock:eu-west-1::foundation-model/${NEW_HAIKU}`, modelId: NEW_HAIKU, modelName: 'Claude Haiku 6', providerName: 'Anthropic', inferenceTypesSupported: ['INFERENCE_PROFILE'], modelLifecycle: { status: 'ACTIVE' } },
        ],
      });
    }
    if (url.pathname === '/inference-profiles') {
      const profile = (id: string, base: string) => ({
        inferenceProfileId: id, inferenceProfileName: id, inferenceProfileArn: `arn:aws:bedrock:eu-west-1:1:inference-profile/${id}`,
        status: 'ACTIVE', type: 'SYSTEM_DEFINED', models: [{ modelArn: `arn:aws:bedrock:eu-west-1::foundation-model/${base}` }],
      });
      return send(200, { inferenceProfileSummaries: [profile(`eu.${HAIKU_45}`, HAIKU_45), profile(`global.${NEW_HAIKU}`, NEW_HAIKU)] });
    }
    send(404, { message: `no route ${url.pathname}` }, 'ResourceNotFoundException');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  mini.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mini.close = () => new Promise((r) => server.close(() => r()));
  return mini;
}
