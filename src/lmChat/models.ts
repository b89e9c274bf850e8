// What the provider offers VS Code's model picker: the catalog's Haiku models that are still served, and
// the application inference profile the user chose (so a team's chat is billed to its profile).

import { applicationProfiles, isApplicationProfileArn, type ApplicationProfiles } from '../bedrock/appProfiles';
import { CATALOG, findModel, type CatalogModel } from '../bedrock/catalog';

export interface LmModelInfo {
  /** What the request names as its model: a catalog id or an application profile ARN. */
  id: string;
  name: string;
  family: string;
  version: string;
  detail?: string;
  tooltip?: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  /** The catalog entry behind it, for token estimates; undefined for an unknown profile. */
  catalogId?: string;
}

/** Chat answers are short; VS Code reserves this much of the window for the answer. */
const MAX_ANSWER_TOKENS = 16_000;

function info(m: CatalogModel, id: string, name: string, detail: string): LmModelInfo {
  const maxOutputTokens = Math.min(m.maxOutput, MAX_ANSWER_TOKENS);
  return {
    id, name, detail, catalogId: m.id, family: m.id, version: m.baseId,
    maxInputTokens: m.contextWindow - maxOutputTokens,
    maxOutputTokens,
    tooltip: `${m.displayName} on Amazon Bedrock, billed to your AWS account`,
  };
}

export function lmModels(configuredModel: string, profiles: ApplicationProfiles = applicationProfiles): LmModelInfo[] {
  const out = CATALOG.filter((m) => m.lifecycle !== 'retired').map((m) => info(m, m.id, m.displayName, 'Bedrock'));
  const arn = configuredModel.trim();
  if (isApplicationProfileArn(arn)) {
    const p = profiles.get(arn);
    const m = p?.catalogId ? findModel(p.catalogId) : undefined;
    const name = p?.name ?? arn.split('/').pop()!;
    if (m) out.unshift(info(m, arn, `${m.displayName} (${name})`, 'Bedrock application profile'));
    else out.unshift({ id: arn, name, family: 'bedrock-profile', version: arn, detail: 'Bedrock application profile', maxInputTokens: 180_000, maxOutputTokens: 8192 });
  }
  return out;
}
