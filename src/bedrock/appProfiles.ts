// Application inference profiles: an ARN an admin creates (with cost-allocation tags) in front of a model or
// a system profile. The ARN says nothing about the model behind it, so what GetInferenceProfile answered is
// remembered here, per ARN (the ARN names its Region), for pricing and the model's traits.

import type { Route } from './types';

export interface ApplicationProfileInfo {
  arn: string;
  name?: string;
  /** The catalog model the profile routes to, when the catalog knows it. */
  catalogId?: string;
  /** Base model id behind the profile (the last part of its model ARNs). */
  modelId?: string;
  route?: Route;
  /** Epoch ms when GetInferenceProfile answered (entries older than a day are asked again). */
  at: number;
}

const ARN = /^arn:aws[\w-]*:bedrock:([a-z0-9-]+):(\d{12}):application-inference-profile\/[A-Za-z0-9]+$/;

export function isApplicationProfileArn(s: string): boolean {
  return ARN.test(s.trim());
}

export function regionOfArn(arn: string): string | undefined {
  return ARN.exec(arn.trim())?.[1];
}

export const PROFILE_TTL_MS = 24 * 3600_000;

/** What is known about the account's application profiles; one shared instance, filled by the picker and the service. */
export class ApplicationProfiles {
  private readonly byArn = new Map<string, ApplicationProfileInfo>();

  get(arn: string): ApplicationProfileInfo | undefined {
    return this.byArn.get(arn.trim());
  }

  /** True when the entry is missing or older than the TTL. */
  stale(arn: string, now = Date.now()): boolean {
    const e = this.get(arn);
    return !e || now - e.at > PROFILE_TTL_MS;
  }

  set(info: ApplicationProfileInfo): void {
    this.byArn.set(info.arn.trim(), info);
  }

  clear(): void {
    this.byArn.clear();
  }

  all(): ApplicationProfileInfo[] {
    return [...this.byArn.values()];
  }

  /** Restores entries persisted by a previous window (ignores anything malformed). */
  restore(saved: unknown): void {
    if (!Array.isArray(saved)) return;
    for (const x of saved as Partial<ApplicationProfileInfo>[]) {
      if (x && typeof x.arn === 'string' && isApplicationProfileArn(x.arn) && typeof x.at === 'number') this.set(x as ApplicationProfileInfo);
    }
  }
}

export const applicationProfiles = new ApplicationProfiles();
