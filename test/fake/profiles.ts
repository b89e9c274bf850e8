// Extra profiles in the fake's temp AWS config: a `credential_process` that succeeds or fails the way
// real ones do (a node script, so it runs wherever the tests run), and sections written verbatim for
// names the SDK reads differently from people (spaces, dots, odd spacing).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SsoState } from './sso';

interface FakeWithProfiles {
  home: string;
  sso: Pick<SsoState, 'configFile' | 'issueCredentials'>;
}

export type ProcessBehaviour =
  /** Prints role credentials the fake accepts as signers. */
  | { ok: true }
  /** Writes `stderr` and exits with `exitCode` (what an expired upstream login or a missing tool does). */
  | { exitCode: number; stderr: string }
  /** Prints `stdout` and exits 0 (not the JSON the SDK expects). */
  | { stdout: string };

/** Adds `[profile name]` with a credential_process; returns the script's path. */
export function addProcessProfile(fake: FakeWithProfiles, name: string, how: ProcessBehaviour, region = 'us-east-1'): string {
  const script = path.join(fake.home, `credential-process-${fs.readdirSync(fake.home).length}.js`);
  let body: string;
  if ('ok' in how) {
    const c = fake.sso.issueCredentials();
    const out = { Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: new Date(c.expiration).toISOString() };
    body = `process.stdout.write(${JSON.stringify(JSON.stringify(out))});`;
  } else if ('exitCode' in how) {
    body = `process.stderr.write(${JSON.stringify(how.stderr)}); process.exit(${how.exitCode});`;
  } else {
    body = `process.stdout.write(${JSON.stringify(how.stdout)});`;
  }
  fs.writeFileSync(script, `${body}\n`);
  addConfigSection(fake, `profile ${name}`, [`credential_process = "${process.execPath}" "${script}"`, `region = ${region}`]);
  return script;
}

/** Appends a section exactly as given: `header` is what goes between the brackets. */
export function addConfigSection(fake: FakeWithProfiles, header: string, lines: string[]): void {
  fs.appendFileSync(fake.sso.configFile, `\n[${header}]\n${lines.join('\n')}\n`);
}
