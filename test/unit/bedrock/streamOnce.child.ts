// Run in a child process by transport.test.ts: NODE_EXTRA_CA_CERTS is read by node at start-up only, so
// trusting a CA through it can only be tried in a fresh process. Prints the outcome as one JSON line.
import { BedrockService } from '../../../src/bedrock/client';
import * as sdk from '../../../src/bedrock/sdk';
import { defaultConfig } from '../../../src/shared/config';
import { silentLogger } from '../../../src/shared/logger';

async function main(): Promise<void> {
  const config = defaultConfig();
  config.aws = { profile: process.env.AWS_PROFILE ?? '', region: 'us-east-1', endpoint: '' };
  const service = new BedrockService({ config: () => config, loadSdk: () => sdk, log: silentLogger });
  const r = await service.stream({ feature: 'test', messages: [{ role: 'user', text: 'hi' }], maxTokens: 5 });
  service.dispose();
  process.stdout.write(`${JSON.stringify({ outcome: r.outcome, text: r.text, kind: r.error?.kind, detail: r.error?.detail })}\n`);
}

void main();
