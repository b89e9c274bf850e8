// The model picker's list: the catalog merged with what the account can really call in the region
// (Bedrock's ListFoundationModels and ListInferenceProfiles, when the role may call them). The catalog
// decides names and prices; AWS decides what exists here, its lifecycle, and which inference profile to use.

import { CATALOG, geoForRegion, resolveModel, supportsLatencyOptimized, type CatalogModel, type Geo, type Lifecycle, type Route, type RoutePreference, type RoutePrice } from '../bedrock/catalog';
import { routePrice } from '../bedrock/pricing';
import type { AwsSdk } from './deviceFlow';

export interface FoundationModelInfo {
  modelId: string;
  modelName?: string;
  providerName?: string;
  inferenceTypes: string[];
  /** AWS's lifecycle status: ACTIVE or LEGACY. */
  lifecycle?: string;
  /** AWS's end-of-life date (YYYY-MM-DD), when it has announced one. */
  endOfLife?: string;
}

export interface InferenceProfileInfo {
  id: string;
  name?: string;
  status?: string;
  /** Base model ids this profile routes to. */
  modelIds: string[];
}

export type Listing =
  | { ok: true; models: FoundationModelInfo[]; profiles: InferenceProfileInfo[] }
  | { ok: false; reason: 'denied' | 'failed'; message: string };

export type Availability = 'available' | 'notInRegion' | 'unknown';

export interface ModelChoice {
  /** What `bedrockHaiku.model` is set to: the catalog id when the automatic profile works, else an explicit id. */
  setting: string;
  displayName: string;
  catalog?: CatalogModel;
  /** What would be sent as modelId in this region. */
  invokeId: string;
  lifecycle: Lifecycle;
  endOfLife?: string;
  availability: Availability;
  latencyOptimized: boolean;
  /** Short facts for the picker's detail line. */
  notes: string[];
}

export function lifecycleOf(model: Pick<CatalogModel, 'lifecycle' | 'endOfLife'>, awsStatus: string | undefined, today: string): Lifecycle {
  if (model.lifecycle === 'retired' || (model.endOfLife && model.endOfLife <= today)) return 'retired';
  if (model.lifecycle === 'legacy' || awsStatus === 'LEGACY' || model.endOfLife) return 'legacy';
  return 'active';
}

/** The earlier of two YYYY-MM-DD dates (an announced end of life only ever moves closer). */
function earlier(a: string | undefined, b: string | undefined): string | undefined {
  if (!a || !b) return a ?? b;
  return a < b ? a : b;
}

export function mergeAvailability(
  region: string,
  listing: Listing | undefined,
  today: string,
  catalog: readonly CatalogModel[] = CATALOG,
  preference: RoutePreference = '',
): ModelChoice[] {
  const ok = listing?.ok ? listing : undefined;
  const profileIds = new Set(ok?.profiles.filter((p) => !p.status || p.status === 'ACTIVE').map((p) => p.id));
  const out: ModelChoice[] = [];

  for (const m of catalog) {
    const fm = ok?.models.find((x) => x.modelId === m.baseId);
    const auto = resolveModel(m.id, region, preference);
    let setting = m.id;
    let invokeId = auto.invokeId;
    let availability: Availability = ok ? 'notInRegion' : 'unknown';
    const notes: string[] = [];
    if (ok) {
      if (auto.invokeId !== m.baseId && profileIds.has(auto.invokeId)) {
        availability = 'available';
      } else if (auto.invokeId === m.baseId && fm?.inferenceTypes.includes('ON_DEMAND')) {
        availability = 'available';
      } else {
        // The catalog's guess is not offered here: use whatever profile the account lists for this model.
        const geo = geoForRegion(region);
        const candidates = [...profileIds].filter((id) => id.endsWith(`.${m.baseId}`));
        const pick = candidates.find((id) => geo && id.startsWith(`${geo}.`)) ?? candidates.find((id) => id.startsWith('global.')) ?? candidates[0];
        if (pick) {
          availability = 'available';
          setting = pick;
          invokeId = pick;
        } else if (fm?.inferenceTypes.includes('ON_DEMAND')) {
          availability = 'available';
          setting = m.baseId;
          invokeId = m.baseId;
        }
      }
    }
    const endOfLife = earlier(m.endOfLife, fm?.endOfLife);
    const lifecycle = lifecycleOf({ lifecycle: m.lifecycle, endOfLife }, fm?.lifecycle, today);
    if (availability === 'notInRegion') notes.push(`not offered in ${region}`);
    if (invokeId !== m.baseId) notes.push(`via ${invokeId.split('.')[0]} inference profile`);
    const latencyOptimized = supportsLatencyOptimized(m, region);
    if (latencyOptimized) notes.push('latency-optimized available');
    out.push({ setting, displayName: m.displayName, catalog: m, invokeId, lifecycle, endOfLife, availability, latencyOptimized, notes });
  }

  // Haiku models the account has that the catalog does not know (a newer or an older one): selectable,
  // but without prices the cost of their requests cannot be shown. Other Claude families (an account
  // lists a dozen Sonnets and Opuses) stay out: they are not what this extension is tuned and priced for.
  for (const fm of ok?.models ?? []) {
    if (catalog.some((m) => m.baseId === fm.modelId)) continue;
    if (fm.providerName && fm.providerName !== 'Anthropic') continue;
    if (!/haiku/i.test(`${fm.modelId} ${fm.modelName ?? ''}`)) continue;
    const geo = geoForRegion(region);
    const candidates = [...profileIds].filter((id) => id.endsWith(`.${fm.modelId}`));
    const pick = candidates.find((id) => geo && id.startsWith(`${geo}.`)) ?? candidates.find((id) => id.startsWith('global.')) ?? candidates[0];
    const onDemand = fm.inferenceTypes.includes('ON_DEMAND');
    if (!pick && !onDemand) continue;
    const invokeId = pick ?? fm.modelId;
    out.push({
      setting: invokeId,
      displayName: fm.modelName ?? fm.modelId,
      invokeId,
      lifecycle: lifecycleOf({ lifecycle: 'active', endOfLife: fm.endOfLife }, fm.lifecycle, today),
      endOfLife: fm.endOfLife,
      availability: 'available',
      latencyOptimized: false,
      notes: ['not in the catalog'],
    });
  }
  return out;
}

export interface ControlPlaneOptions {
  region: string;
  profile?: string;
  /** Control-plane endpoint override (tests); the SDK also honours AWS_ENDPOINT_URL_BEDROCK. */
  endpoint?: string;
}

/** A Bedrock control-plane client with the same credentials the runtime uses; the caller destroys it. */
export function controlPlaneClient(sdk: AwsSdk, opts: ControlPlaneOptions): InstanceType<AwsSdk['BedrockClient']> {
  return new sdk.BedrockClient({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    credentials: sdk.fromNodeProviderChain({ ...(opts.profile ? { profile: opts.profile } : {}), ignoreCache: true }),
  });
}

function dateOnly(d: Date | undefined): string | undefined {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : undefined;
}

/** Lists what the account offers in the region; never throws (the picker falls back to the catalog). */
export async function fetchListing(opts: {
  region: string;
  profile?: string;
  loadSdk: () => AwsSdk | Promise<AwsSdk>;
  signal?: AbortSignal;
  /** Control-plane endpoint override (tests); the SDK also honours AWS_ENDPOINT_URL_BEDROCK. */
  endpoint?: string;
}): Promise<Listing> {
  let client: InstanceType<AwsSdk['BedrockClient']> | undefined;
  try {
    const sdk = await opts.loadSdk();
    client = controlPlaneClient(sdk, opts);
    const c = client;
    const listProfiles = async (): Promise<InferenceProfileInfo[]> => {
      const profiles: InferenceProfileInfo[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < 20; page++) {
        const r = await c.send(new sdk.ListInferenceProfilesCommand({ nextToken, maxResults: 1000 }), { abortSignal: opts.signal });
        for (const p of r.inferenceProfileSummaries ?? []) {
          if (!p.inferenceProfileId) continue;
          profiles.push({
            id: p.inferenceProfileId,
            name: p.inferenceProfileName,
            status: p.status,
            modelIds: (p.models ?? []).map((x) => x.modelArn?.split('/').pop() ?? '').filter(Boolean),
          });
        }
        nextToken = r.nextToken;
        if (!nextToken) break;
      }
      return profiles;
    };
    const listModels = async (): Promise<FoundationModelInfo[]> => {
      const r = await c.send(new sdk.ListFoundationModelsCommand({ byProvider: 'Anthropic' }), { abortSignal: opts.signal });
      return (r.modelSummaries ?? []).flatMap((s): FoundationModelInfo[] =>
        s.modelId
          ? [
              {
                modelId: s.modelId,
                modelName: s.modelName,
                providerName: s.providerName,
                inferenceTypes: s.inferenceTypesSupported ?? [],
                lifecycle: s.modelLifecycle?.status,
                endOfLife: dateOnly(s.modelLifecycle?.endOfLifeTime),
              },
            ]
          : [],
      );
    };
    const [models, profiles] = await Promise.all([listModels(), listProfiles()]);
    return { ok: true, models, profiles };
  } catch (e) {
    const err = e as { name?: string; message?: string };
    if (err.name === 'AccessDeniedException') {
      return { ok: false, reason: 'denied', message: 'Your role may not list Bedrock models here (bedrock:ListFoundationModels, bedrock:ListInferenceProfiles); showing the catalog only.' };
    }
    return { ok: false, reason: 'failed', message: `Could not list the account's models (${err.name ?? 'Error'}: ${err.message ?? String(e)}); showing the catalog only.` };
  } finally {
    client?.destroy();
  }
}

export interface RouteOption {
  route: Route;
  invokeId: string;
  price: RoutePrice;
  /** Where Bedrock may process the request, in words. */
  where: string;
}

const GEO_NAME: Record<Geo, string> = { us: 'the US', eu: 'the EU', apac: 'Asia Pacific', global: 'any commercial Region' };

/** The routes a catalog model can take from a region, each with its price and where data is processed. */
export function routeOptions(model: CatalogModel, region: string): RouteOption[] {
  const out: RouteOption[] = [];
  const geo = geoForRegion(region);
  if (geo && model.profiles.includes(geo)) {
    out.push({ route: 'geographic', invokeId: `${geo}.${model.baseId}`, price: routePrice(model, 'geographic'), where: `AWS Regions in ${GEO_NAME[geo]} only` });
  }
  if (model.profiles.includes('global')) {
    out.push({ route: 'global', invokeId: `global.${model.baseId}`, price: routePrice(model, 'global'), where: 'any commercial AWS Region worldwide' });
  }
  if (!model.requiresProfile) {
    out.push({ route: 'inRegion', invokeId: model.baseId, price: routePrice(model, 'inRegion'), where: `${region} only` });
  }
  return out;
}

export const ROUTE_LABEL: Record<Route, string> = { global: 'Global', geographic: 'Geographic', inRegion: 'In-region' };

/** "$0.90 in / $4.50 out per M (est.)": what the picker shows for one route. */
export function routePriceText(p: RoutePrice): string {
  const more = p.tiers?.length ? ', more above 100K prompt tokens' : '';
  return `$${p.prices.input.toFixed(2)} in / $${p.prices.output.toFixed(2)} out per M${p.estimated ? ` (est.${more})` : more ? ` (${more.slice(2)})` : ''}`;
}
