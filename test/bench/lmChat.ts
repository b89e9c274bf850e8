// VS Code chat provider benchmark: how long after the fake writes its first event does the provider hand VS Code
// its first text, compared with the bare BedrockService in the same run (the provider's own overhead:
// message conversion, redaction, tool mapping). Warm client, loopback fake, real SDK. Figures, never
// assertions. Run: npm run bench:lmChat (BENCH_N requests per side, default 60; BENCH_SHORT=1: a one-line
// prompt instead of ~9 KB). On a loaded 2-core machine the p90 is scheduler noise; compare the p50s.

import * as os from 'node:os';
import { LmChatProvider } from '../../src/lmChat/provider';
import { percentile } from '../../src/status/usageStore';
import { startFake, withFakeEnv } from '../fake/bedrockFake';
import { fakeConfig, fakeService } from '../support/bedrock';

const N = Number(process.env.BENCH_N ?? 60);
const prompt = process.env.BENCH_SHORT ? 'Explain x' : `Explain this function:\n${'const x = compute(a, b); // a line of context\n'.repeat(200)}`;

async function main(): Promise<void> {
  const load = os.loadavg()[0];
  const fake = await startFake();
  fake.sso.writeToken();
  // The fake runs in this process: the moment its responder returns, the first event is written.
  let answeredAt = 0;
  fake.respond(() => {
    answeredAt = performance.now();
    return { text: 'First token, then more.', chunkChars: 6 };
  });
  const config = fakeConfig(fake.url);
  await withFakeEnv(fake, async () => {
    const service = fakeService(() => config);
    const provider = new LmChatProvider({ bedrock: service, configuredModel: () => config.model });
    const model = provider.models()[0];
    const direct: number[] = [];
    const viaProvider: number[] = [];
    // Time from the fake writing its first event to the first text at the caller, per request.
    const since = () => performance.now() - answeredAt;
    for (let i = 0; i < N * 2 + 5; i++) {
      // Pairs in alternating order (direct first, then provider first): order effects cancel out.
      const useProvider = (i % 2 === 1) !== (Math.floor(i / 2) % 2 === 1);
      let first: number | undefined;
      if (useProvider) {
        await provider.respond(model, [{ role: 'user', parts: [{ type: 'text', text: prompt }] }], {}, { text: () => void (first ??= since()), toolCall: () => {} });
      } else {
        await service.stream({ feature: 'test', messages: [{ role: 'user', text: prompt }], maxTokens: 100 }, { onText: () => void (first ??= since()) });
      }
      if (i < 5 || first === undefined) continue; // warm-up: client, credentials, connection
      (useProvider ? viaProvider : direct).push(first);
    }
    const fmt = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `p50 ${percentile(s, 50)!.toFixed(2)} ms, p90 ${percentile(s, 90)!.toFixed(2)} ms (n=${s.length})`;
    };
    console.log(`load average at start: ${load.toFixed(2)} on ${os.cpus().length} cores`);
    console.log(`fake's first event → first text, BedrockService directly: ${fmt(direct)}`);
    console.log(`fake's first event → first text, through the VS Code chat provider: ${fmt(viaProvider)}`);
    const p50 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50)!;
    console.log(`provider overhead at p50: ${(p50(viaProvider) - p50(direct)).toFixed(2)} ms`);
    service.dispose();
  });
  await fake.close();
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
