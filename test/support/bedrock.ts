// The set-up shared by the tests and benchmarks that run BedrockService with the real AWS SDK against the
// loopback fake: an environment without the caller's AWS identity, pointed at the fake; settings for the
// fake's SSO profile; the service itself.

import { BedrockService, type BedrockServiceOptions, type SdkModule } from '../../src/bedrock/client';
import * as sdkModule from '../../src/bedrock/sdk';
import { defaultConfig, type Config } from '../../src/shared/config';
import { silentLogger } from '../../src/shared/logger';
import { startFake, type Fake } from '../fake/bedrockFake';

/** The SDK bundle's entry, in process (the extension requires dist/sdk.js instead). */
export const loadSdk = (): SdkModule => sdkModule;

/**
 * Clears the caller's AWS_* variables (and any matching `alsoClear`), sets the fake's, less `omit`; returns
 * the function that puts the old environment back.
 */
export function useFakeEnv(fake: Pick<Fake, 'env'>, opts: { omit?: string[]; alsoClear?: RegExp } = {}): () => void {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_') || opts.alsoClear?.test(k)) delete process.env[k];
  const env: Record<string, string> = { ...fake.env };
  for (const k of opts.omit ?? []) delete env[k];
  Object.assign(process.env, env);
  return () => {
    process.env = saved;
  };
}

/** Settings for the fake's SSO profile `haiku-test`; an empty endpoint lets the AWS_ENDPOINT_URL_* variables decide. */
export function fakeConfig(endpoint: string): Config {
  const config = defaultConfig();
  config.aws = { profile: 'haiku-test', region: 'us-east-1', endpoint };
  return config;
}

/** A BedrockService with the real SDK and a silent log; `config` is read at every request. */
export function fakeService(config: () => Config, opts: Partial<BedrockServiceOptions> = {}): BedrockService {
  return new BedrockService({ config, loadSdk, log: silentLogger, ...opts });
}

export interface FakeBedrock {
  fake: Fake;
  config: Config;
  service: BedrockService;
}

/**
 * Mocha hooks for a suite that runs BedrockService against the fake: one fake for the suite (`setUpFake`
 * adds its profiles once), and for every test a reset fake, a fresh SSO token, the fake's environment (less
 * `omit`), its settings and a new service, disposed after the test. `each` receives them before every test.
 */
export function fakeBedrockSuite(
  opts: { omit?: string[]; service?: Partial<BedrockServiceOptions>; setUpFake?: (fake: Fake) => void },
  each: (s: FakeBedrock) => void,
): void {
  let fake: Fake | undefined;
  let service: BedrockService | undefined;
  let restoreEnv: (() => void) | undefined;
  before(async () => {
    fake = await startFake();
    opts.setUpFake?.(fake);
  });
  after(async () => {
    await fake?.close();
  });
  beforeEach(() => {
    const f = fake!;
    f.reset();
    f.sso.writeToken();
    restoreEnv = useFakeEnv(f, { omit: opts.omit });
    const config = fakeConfig(f.url);
    service = fakeService(() => config, opts.service);
    each({ fake: f, config, service });
  });
  afterEach(() => {
    service?.dispose();
    restoreEnv?.();
  });
}
