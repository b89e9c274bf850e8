// The account's application inference profiles (ListInferenceProfiles typeEquals APPLICATION) and the model
// behind one ARN (GetInferenceProfile), so a team's cost-allocation profile is priced and gets the model's
// traits (thinking off, prefill, caching). Results land in the shared ApplicationProfiles cache.

import { applicationProfiles, regionOfArn, type ApplicationProfileInfo, type ApplicationProfiles } from '../bedrock/appProfiles';
import { describeProfileModels } from '../bedrock/catalog';
import { controlPlaneClient, type ControlPlaneOptions } from './modelAvailability';
import type { AwsSdk } from './deviceFlow';

type LoadSdk = () => AwsSdk | Promise<AwsSdk>;

interface ProfileSummary {
  inferenceProfileArn?: string;
  inferenceProfileName?: string;
  status?: string;
  models?: { modelArn?: string }[];
}

function toInfo(p: ProfileSummary, now: number): ApplicationProfileInfo | undefined {
  if (!p.inferenceProfileArn) return undefined;
  const modelArns = (p.models ?? []).map((m) => m.modelArn ?? '').filter(Boolean);
  return { arn: p.inferenceProfileArn, name: p.inferenceProfileName, at: now, ...describeProfileModels(modelArns) };
}

export type ProfilesListing = { ok: true; profiles: ApplicationProfileInfo[] } | { ok: false; message: string };

function failure(e: unknown, action: string): string {
  const err = e as { name?: string; message?: string };
  if (err.name === 'AccessDeniedException') return `Your role may not call bedrock:${action}; ask your admin, or paste the profile ARN.`;
  return `${action} failed (${err.name ?? 'Error'}: ${err.message ?? String(e)}).`;
}

/** Lists the account's active application profiles in the region and remembers each; never throws. */
export async function listApplicationProfiles(
  opts: ControlPlaneOptions & { loadSdk: LoadSdk; signal?: AbortSignal; cache?: ApplicationProfiles; now?: number },
): Promise<ProfilesListing> {
  let client: InstanceType<AwsSdk['BedrockClient']> | undefined;
  try {
    const sdk = await opts.loadSdk();
    client = controlPlaneClient(sdk, opts);
    const out: ApplicationProfileInfo[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await client.send(new sdk.ListInferenceProfilesCommand({ typeEquals: 'APPLICATION', nextToken, maxResults: 1000 }), { abortSignal: opts.signal });
      for (const p of r.inferenceProfileSummaries ?? []) {
        const info = p.status && p.status !== 'ACTIVE' ? undefined : toInfo(p, opts.now ?? Date.now());
        if (info) out.push(info);
      }
      nextToken = r.nextToken;
      if (!nextToken) break;
    }
    for (const p of out) (opts.cache ?? applicationProfiles).set(p);
    return { ok: true, profiles: out };
  } catch (e) {
    return { ok: false, message: failure(e, 'ListInferenceProfiles') };
  } finally {
    client?.destroy();
  }
}

/**
 * The model behind one application profile ARN, asked in the ARN's own Region and cached for a day.
 * Returns the cached entry when fresh; an error message when Bedrock refused (the ARN is still usable).
 */
export async function resolveApplicationProfile(
  arn: string,
  opts: Omit<ControlPlaneOptions, 'region'> & { loadSdk: LoadSdk; signal?: AbortSignal; cache?: ApplicationProfiles; now?: number },
): Promise<{ info?: ApplicationProfileInfo; message?: string }> {
  const cache = opts.cache ?? applicationProfiles;
  const now = opts.now ?? Date.now();
  if (!cache.stale(arn, now)) return { info: cache.get(arn) };
  const region = regionOfArn(arn);
  if (!region) return { message: 'Not an application inference profile ARN.' };
  let client: InstanceType<AwsSdk['BedrockClient']> | undefined;
  try {
    const sdk = await opts.loadSdk();
    client = controlPlaneClient(sdk, { ...opts, region });
    const r = await client.send(new sdk.GetInferenceProfileCommand({ inferenceProfileIdentifier: arn }), { abortSignal: opts.signal });
    const info = toInfo({ ...r, inferenceProfileArn: r.inferenceProfileArn ?? arn }, now);
    if (info) cache.set(info);
    return { info };
  } catch (e) {
    return { info: cache.get(arn), message: failure(e, 'GetInferenceProfile') };
  } finally {
    client?.destroy();
  }
}
