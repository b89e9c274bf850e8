// The Bedrock control plane's two listing calls the model picker makes, ListFoundationModels and
// ListInferenceProfiles, as @aws-sdk/client-bedrock sends them (GET, SigV4 for service `bedrock`, filters
// and paging in the query string). The data is scriptable; the default is the project's catalog of Haiku
// models with lifecycle fields as AWS reports them, plus what a real account also lists (an older Haiku
// the catalog does not know, a Sonnet, a provisioned-only variant, another provider's model).
import { randomUUID } from 'node:crypto';
import { CATALOG, type Geo } from '../../src/bedrock/catalog';
import type { SigCheck } from './sigv4';
import { ACCOUNT_ID } from './sso';

export interface FakeFoundationModel {
  modelId: string;
  modelName: string;
  providerName: string;
  inferenceTypesSupported: ('ON_DEMAND' | 'INFERENCE_PROFILE' | 'PROVISIONED')[];
  inputModalities?: string[];
  outputModalities?: string[];
  responseStreamingSupported?: boolean;
  customizationsSupported?: string[];
  /** Timestamps as ISO strings, the way the service sends them. */
  lifecycle: { status: 'ACTIVE' | 'LEGACY'; startOfLifeTime?: string; legacyTime?: string; publicExtendedAccessTime?: string; endOfLifeTime?: string };
  /** Regions whose listing includes the model; absent: every region. */
  regions?: string[];
}

export interface FakeInferenceProfile {
  /** e.g. `us.anthropic.claude-haiku-4-5-20251001-v1:0`. */
  id: string;
  name: string;
  description?: string;
  /** The foundation model it routes to. */
  modelId: string;
  /** Regions that list the profile (its source regions); requests route to the same set. */
  regions: string[];
  type?: 'SYSTEM_DEFINED' | 'APPLICATION';
  status?: 'ACTIVE';
  /** APPLICATION only: the Region the profile lives in (its ARN's); listed and gettable there only. */
  homeRegion?: string;
  tags?: Record<string, string>;
}

/** An admin's application inference profile (CreateInferenceProfile) routing to `modelId` in `regions`. */
export function applicationProfile(opts: { id: string; name: string; modelId: string; regions: string[]; homeRegion?: string; tags?: Record<string, string> }): FakeInferenceProfile {
  return { ...opts, type: 'APPLICATION', homeRegion: opts.homeRegion ?? opts.regions[0], description: `Application profile ${opts.name}` };
}

export function applicationProfileArn(p: Pick<FakeInferenceProfile, 'id' | 'homeRegion'>): string {
  return `arn:aws:bedrock:${p.homeRegion}:${ACCOUNT_ID}:application-inference-profile/${p.id}`;
}

export interface ControlPlaneLogEntry {
  at: number;
  api: 'listFoundationModels' | 'listInferenceProfiles' | 'getInferenceProfile';
  /** The query string as sent, parsed. */
  query: Record<string, string>;
  /** The region of the SigV4 credential scope (what the client thinks it talks to). */
  region?: string;
  sigv4Valid: boolean;
  sigv4Problem?: string;
  accessKeyId?: string;
  status: number;
  error?: string;
}

export const GEO_REGIONS: Record<Exclude<Geo, 'global'>, string[]> = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  eu: ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1'],
  apac: ['ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1'],
};
const ALL_REGIONS = Object.values(GEO_REGIONS).flat();

function regionsOf(geo: Geo): string[] {
  return geo === 'global' ? ALL_REGIONS : GEO_REGIONS[geo];
}

const GEO_LABEL: Record<Geo, string> = { us: 'US', eu: 'EU', apac: 'APAC', global: 'Global' };

function profilesFor(modelId: string, modelName: string, geos: Geo[]): FakeInferenceProfile[] {
  return geos.map((g) => ({
    id: `${g}.${modelId}`,
    name: `${GEO_LABEL[g]} ${modelName}`,
    description: `Routes requests to ${modelName} in ${g === 'global' ? 'commercial regions worldwide' : `${GEO_LABEL[g]} regions`}.`,
    modelId,
    regions: regionsOf(g),
  }));
}

// When each catalog model appeared on Bedrock (only for the lifecycle's startOfLifeTime).
const START_OF_LIFE: Record<string, string> = {
  'claude-haiku-4-5': '2025-10-15T00:00:00Z',
  'claude-haiku-5-5': '2026-09-01T00:00:00Z',
  'claude-3-5-haiku': '2024-11-04T00:00:00Z',
};

export const CLAUDE_3_HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
export const SONNET_4_5 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

/** Models and profiles an account typically sees; fresh objects on every call so a test may edit them. */
export function defaultControlPlaneData(): { models: FakeFoundationModel[]; profiles: FakeInferenceProfile[] } {
  const models: FakeFoundationModel[] = [];
  const profiles: FakeInferenceProfile[] = [];
  const text = { inputModalities: ['TEXT', 'IMAGE'], outputModalities: ['TEXT'], responseStreamingSupported: true, customizationsSupported: [] };
  for (const m of CATALOG) {
    const ended = m.lifecycle !== 'active' || !!m.endOfLife;
    const eol = m.endOfLife ? `${m.endOfLife}T00:00:00Z` : undefined;
    const shift = (iso: string, months: number) => {
      const d = new Date(iso);
      d.setUTCMonth(d.getUTCMonth() + months);
      return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    };
    const own = profilesFor(m.baseId, m.displayName, m.profiles);
    profiles.push(...own);
    models.push({
      modelId: m.baseId,
      modelName: m.displayName,
      providerName: 'Anthropic',
      inferenceTypesSupported: m.requiresProfile ? ['INFERENCE_PROFILE'] : ['ON_DEMAND', 'INFERENCE_PROFILE'],
      ...text,
      // AWS keeps listing a model as LEGACY until its end of life (and says when that is).
      lifecycle: ended
        ? { status: 'LEGACY', startOfLifeTime: START_OF_LIFE[m.id], ...(eol ? { legacyTime: shift(eol, -6), publicExtendedAccessTime: shift(eol, -3), endOfLifeTime: eol } : {}) }
        : { status: 'ACTIVE', ...(START_OF_LIFE[m.id] ? { startOfLifeTime: START_OF_LIFE[m.id] } : {}) },
      regions: [...new Set(own.flatMap((p) => p.regions))],
    });
  }
  // What a real account lists besides: an older Haiku the catalog does not carry (on demand in the US
  // regions, profiles elsewhere), its provisioned-throughput-only variant, a Sonnet, and a non-Anthropic model.
  models.push(
    {
      modelId: CLAUDE_3_HAIKU,
      modelName: 'Claude 3 Haiku',
      providerName: 'Anthropic',
      inferenceTypesSupported: ['ON_DEMAND', 'INFERENCE_PROFILE'],
      ...text,
      lifecycle: { status: 'ACTIVE', startOfLifeTime: '2024-03-13T00:00:00Z' },
    },
    {
      modelId: `${CLAUDE_3_HAIKU}:200k`,
      modelName: 'Claude 3 Haiku',
      providerName: 'Anthropic',
      inferenceTypesSupported: ['PROVISIONED'],
      ...text,
      customizationsSupported: ['FINE_TUNING'],
      lifecycle: { status: 'ACTIVE' },
      regions: ['us-west-2'],
    },
    {
      modelId: SONNET_4_5,
      modelName: 'Claude Sonnet 4.5',
      providerName: 'Anthropic',
      inferenceTypesSupported: ['INFERENCE_PROFILE'],
      ...text,
      lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-09-29T00:00:00Z' },
    },
    {
      modelId: 'amazon.nova-micro-v1:0',
      modelName: 'Nova Micro',
      providerName: 'Amazon',
      inferenceTypesSupported: ['ON_DEMAND', 'INFERENCE_PROFILE'],
      inputModalities: ['TEXT'],
      outputModalities: ['TEXT'],
      responseStreamingSupported: true,
      lifecycle: { status: 'ACTIVE' },
    },
  );
  profiles.push(
    ...profilesFor(CLAUDE_3_HAIKU, 'Claude 3 Haiku', ['us', 'eu', 'apac']),
    ...profilesFor(SONNET_4_5, 'Claude Sonnet 4.5', ['us', 'eu', 'global']),
  );
  return { models, profiles };
}

interface HttpAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

function send(status: number, body: unknown, errorType?: string): HttpAnswer {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() };
  if (errorType) headers['x-amzn-errortype'] = `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
  return { status, headers, body: JSON.stringify(body) };
}

const SCOPE_RE = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

// nextToken is opaque to clients; here the offset plus the filter it belongs to, so a token reused with
// other filters is refused as AWS does.
function encodeToken(offset: number, filter: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: filter })).toString('base64url');
}
function decodeToken(token: string, filter: string): number | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown };
    return typeof t.o === 'number' && t.f === filter ? t.o : undefined;
  } catch {
    return undefined;
  }
}

export class ControlPlaneState {
  /** What ListFoundationModels may list (filtered by the request's region and filters). */
  models: FakeFoundationModel[];
  /** What ListInferenceProfiles may list (filtered by the request's region). */
  profiles: FakeInferenceProfile[];
  /** Refuse the listing with 403 AccessDeniedException, as for a role without bedrock:List* permissions. */
  denyListing: boolean | 'models' | 'profiles' = false;
  /** ListInferenceProfiles returns at most this many per page, whatever maxResults says (AWS may return fewer). */
  profilesPageSize = 5;
  /** Every control-plane call, in order. */
  readonly requests: ControlPlaneLogEntry[] = [];

  constructor() {
    const d = defaultControlPlaneData();
    this.models = d.models;
    this.profiles = d.profiles;
  }

  /** Back to the default data and no denial (the log stays). */
  resetData(): void {
    const d = defaultControlPlaneData();
    this.models = d.models;
    this.profiles = d.profiles;
    this.denyListing = false;
    this.profilesPageSize = 5;
  }

  /** Whether this is a control-plane path the fake answers. */
  static claims(method: string, rawPath: string): boolean {
    const p = rawPath.split('?')[0];
    return method === 'GET' && (p === '/foundation-models' || p === '/inference-profiles' || p.startsWith('/inference-profiles/'));
  }

  handle(rawPath: string, headers: Record<string, string>, sig: SigCheck, rejectBadSignatures: boolean): HttpAnswer {
    const url = new URL(rawPath, 'http://fake');
    const api: ControlPlaneLogEntry['api'] =
      url.pathname === '/foundation-models' ? 'listFoundationModels' : url.pathname === '/inference-profiles' ? 'listInferenceProfiles' : 'getInferenceProfile';
    if (api === 'getInferenceProfile') url.searchParams.set('inferenceProfileIdentifier', decodeURIComponent(url.pathname.slice('/inference-profiles/'.length)));
    const scope = SCOPE_RE.exec(headers['authorization'] ?? '');
    const region = scope?.[1];
    let problem = sig.problem;
    let valid = sig.valid;
    if (valid && scope?.[2] !== 'bedrock') {
      valid = false;
      problem = `signed for service ${scope?.[2]}, not bedrock`;
    }
    const query = Object.fromEntries(url.searchParams);
    const answer = this.route(api, url.searchParams, region ?? 'us-east-1', valid, problem, rejectBadSignatures);
    const entry: ControlPlaneLogEntry = { at: Date.now(), api, query, region, sigv4Valid: valid, accessKeyId: sig.accessKeyId, status: answer.status };
    if (problem) entry.sigv4Problem = problem;
    const err = answer.headers?.['x-amzn-errortype'];
    if (err) entry.error = err.split(':')[0];
    this.requests.push(entry);
    return answer;
  }

  private route(
    api: ControlPlaneLogEntry['api'],
    q: URLSearchParams,
    region: string,
    valid: boolean,
    problem: string | undefined,
    rejectBadSignatures: boolean,
  ): HttpAnswer {
    if (!valid && rejectBadSignatures) {
      return problem === 'unknown access key'
        ? send(403, { message: 'The security token included in the request is invalid.' }, 'UnrecognizedClientException')
        : send(403, { message: 'The request signature we calculated does not match the signature you provided.' }, 'InvalidSignatureException');
    }
    const action = api === 'listFoundationModels' ? 'ListFoundationModels' : api === 'listInferenceProfiles' ? 'ListInferenceProfiles' : 'GetInferenceProfile';
    if (this.denyListing === true || (this.denyListing === 'models' && api === 'listFoundationModels') || (this.denyListing === 'profiles' && api !== 'listFoundationModels')) {
      return send(
        403,
        {
          message: `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/AWSReservedSSO_HaikuDev_0123456789abcdef/dev is not authorized to perform: bedrock:${action} because no identity-based policy allows the bedrock:${action} action`,
        },
        'AccessDeniedException',
      );
    }
    if (api === 'getInferenceProfile') return this.getProfile(q.get('inferenceProfileIdentifier') ?? '', region);
    return api === 'listFoundationModels' ? this.listModels(q, region) : this.listProfiles(q, region);
  }

  /** Application profiles live in their home Region; system profiles in each of their source Regions. */
  private visibleIn(p: FakeInferenceProfile, region: string): boolean {
    return p.type === 'APPLICATION' ? p.homeRegion === region : p.regions.includes(region);
  }

  private summary(p: FakeInferenceProfile, region: string) {
    const created = '2025-01-01T00:00:00Z';
    const app = p.type === 'APPLICATION';
    return {
      inferenceProfileName: p.name,
      description: p.description,
      createdAt: created,
      updatedAt: created,
      inferenceProfileArn: app ? applicationProfileArn(p) : `arn:aws:bedrock:${region}:${ACCOUNT_ID}:inference-profile/${p.id}`,
      models: p.regions.map((r) => ({ modelArn: `arn:aws:bedrock:${r}::foundation-model/${p.modelId}` })),
      inferenceProfileId: p.id,
      status: p.status ?? 'ACTIVE',
      type: p.type ?? 'SYSTEM_DEFINED',
    };
  }

  private getProfile(identifier: string, region: string): HttpAnswer {
    const p = this.profiles.find((x) => this.visibleIn(x, region) && (x.id === identifier || (x.type === 'APPLICATION' && applicationProfileArn(x) === identifier)));
    if (!p) return send(404, { message: 'The specified inference profile does not exist.' }, 'ResourceNotFoundException');
    return send(200, this.summary(p, region));
  }

  private listModels(q: URLSearchParams, region: string): HttpAnswer {
    const provider = q.get('byProvider');
    const inferenceType = q.get('byInferenceType');
    const modality = q.get('byOutputModality');
    const customization = q.get('byCustomizationType');
    const summaries = this.models
      .filter((m) => !m.regions || m.regions.includes(region))
      .filter((m) => !provider || m.providerName.toLowerCase() === provider.toLowerCase())
      .filter((m) => !inferenceType || (m.inferenceTypesSupported as string[]).includes(inferenceType))
      .filter((m) => !modality || (m.outputModalities ?? ['TEXT']).includes(modality))
      .filter((m) => !customization || (m.customizationsSupported ?? []).includes(customization))
      .map((m) => ({
        modelArn: `arn:aws:bedrock:${region}::foundation-model/${m.modelId}`,
        modelId: m.modelId,
        modelName: m.modelName,
        providerName: m.providerName,
        inputModalities: m.inputModalities ?? ['TEXT'],
        outputModalities: m.outputModalities ?? ['TEXT'],
        responseStreamingSupported: m.responseStreamingSupported ?? true,
        customizationsSupported: m.customizationsSupported ?? [],
        inferenceTypesSupported: m.inferenceTypesSupported,
        modelLifecycle: m.lifecycle,
      }));
    return send(200, { modelSummaries: summaries });
  }

  private listProfiles(q: URLSearchParams, region: string): HttpAnswer {
    const typeEquals = q.get('type');
    const max = q.has('maxResults') ? Number(q.get('maxResults')) : 1000;
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      return send(400, { message: `1 validation error detected: Value '${q.get('maxResults')}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000` }, 'ValidationException');
    }
    const filter = `${region}|${typeEquals ?? ''}`;
    let offset = 0;
    const token = q.get('nextToken');
    if (token !== null) {
      const o = decodeToken(token, filter);
      if (o === undefined) return send(400, { message: 'The provided pagination token is invalid.' }, 'ValidationException');
      offset = o;
    }
    const all = this.profiles
      .filter((p) => this.visibleIn(p, region))
      .filter((p) => !typeEquals || (p.type ?? 'SYSTEM_DEFINED') === typeEquals);
    const size = Math.min(max, this.profilesPageSize);
    const page = all.slice(offset, offset + size);
    return send(200, {
      inferenceProfileSummaries: page.map((p) => this.summary(p, region)),
      ...(offset + size < all.length ? { nextToken: encodeToken(offset + size, filter) } : {}),
    });
  }
}
