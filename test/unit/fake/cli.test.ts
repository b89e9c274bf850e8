// `npm run fake` is how a person points a real VS Code at the fake: it must print usable exports,
// answer plausibly and log each request on one line.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { plausibleReply, withFakeEnv, type LoggedRequest } from '../../fake/bedrockFake';

const root = path.resolve(__dirname, '../../..');

function waitFor(out: () => string, re: RegExp, child: ChildProcess, timeoutMs = 15_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`timed out waiting for ${re}; output so far:\n${out()}`));
    }, timeoutMs);
    const poll = setInterval(() => {
      const m = out().match(re);
      if (m || child.exitCode !== null) {
        clearInterval(poll);
        clearTimeout(timer);
        if (m) resolve(m);
        else reject(new Error(`cli exited (${child.exitCode}):\n${out()}`));
      }
    }, 20);
  });
}

describe('npm run fake (test/fake/cli.ts)', () => {
  it('prints exports that let the real SDK stream a plausible completion, logs it, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'test/fake/cli.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    try {
      await waitFor(() => out, /export AWS_EC2_METADATA_DISABLED=true/, child);
      const env: Record<string, string> = {};
      for (const m of out.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
      assert.match(env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(fs.existsSync(env.AWS_CONFIG_FILE));

      const text = await withFakeEnv({ env }, async () => {
        const c = new BedrockRuntimeClient({ credentials: fromNodeProviderChain({ profile: env.AWS_PROFILE }) });
        try {
          const res = await c.send(
            new ConverseStreamCommand({
              modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
              system: [{ text: 'Fill in the code at <hole>.' }],
              messages: [{ role: 'user', content: [{ text: 'function f(x) {\n  const result = x * 2;\n  <hole>\n}' }] }],
            }),
          );
          let t = '';
          for await (const ev of res.stream!) t += ev.contentBlockDelta?.delta?.text ?? '';
          return t;
        } finally {
          c.destroy();
        }
      });
      assert.equal(text, 'return result;');
      await waitFor(() => out, /^#1 converseStream \S+ done \d+ms chunks=\d+ sig=ok/m, child);
      assert.match(out, /^sso getRoleCredentials 200$/m);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    }
    assert.equal(child.exitCode, 0);
  });
});

describe('plausibleReply', () => {
  const req = (promptText: string) => ({ promptText }) as LoggedRequest;

  it('answers a completion prompt with a single code line in the prompt language', () => {
    assert.equal(plausibleReply(req('Complete the code at <hole>\ndef f(x):\n    <hole>')).text, 'return result');
    assert.equal(plausibleReply(req('fill in <cursor> in main.go\nfunc f() error {')).text, 'return nil');
    assert.doesNotMatch(plausibleReply(req('<hole>')).text!, /\n/);
  });

  it('answers an explain prompt and a chat prompt with markdown', () => {
    assert.match(plausibleReply(req('Explain this error: TypeError: x is undefined')).text!, /\*\*Fix:\*\*[\s\S]*```/);
    assert.match(plausibleReply(req('How do I greet someone?')).text!, /```python/);
  });
});
