// Finds the account SDK clients in the separately bundled SDK (dist/sdk.js, required on first use, so
// activation never parses the AWS SDK).

import * as path from 'node:path';
import type { AwsSdk } from './deviceFlow';

let cached: AwsSdk | undefined;

export function loadAwsSdk(): AwsSdk {
  if (cached) return cached;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(__dirname, 'sdk.js')) as Partial<AwsSdk>;
  if (mod.SSOOIDCClient && mod.SSOClient && mod.BedrockClient) return (cached = mod as AwsSdk);
  throw new Error('The AWS sign-in clients are missing from the extension bundle (src/bedrock/sdk.ts must re-export src/aws/sdk.ts).');
}
