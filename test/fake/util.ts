// Small helpers of the fake: request plumbing, temp HOME clean-up, and running code with the fake's env.
import * as fs from 'node:fs';
import type * as http from 'node:http';
import type { AnyReq } from './runtime';

export function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : String(v);
  return out;
}

export function readBody(req: AnyReq): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}


// Temp HOMEs of fakes never closed (a test that forgot, a killed run) are removed when the process exits.
const liveHomes = new Set<string>();
let exitHookInstalled = false;
export function trackHome(home: string): void {
  liveHomes.add(home);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const h of liveHomes) fs.rmSync(h, { recursive: true, force: true });
  });
}

export function untrackHome(home: string): void {
  liveHomes.delete(home);
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Runs fn with process.env pointing at the fake: every AWS_* variable removed, fake.env applied;
 * restores the previous values afterwards (also when fn throws).
 */
export async function withFakeEnv<T>(fake: { env: Record<string, string> }, fn: () => T | Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  const touched = new Set([...Object.keys(process.env).filter((k) => k.startsWith('AWS_')), ...Object.keys(fake.env)]);
  for (const k of touched) saved[k] = process.env[k];
  for (const k of touched) delete process.env[k];
  Object.assign(process.env, fake.env);
  try {
    return await fn();
  } finally {
    for (const k of touched) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}
