import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { ruleMeta } from '@ytknetwork/common';

/** Relative by default: the rule pages sit beside the portal's docs unless `ytk.rulesBaseUrl` says where. */
export const DEFAULT_RULES_BASE_URL = 'docs/rules';

/** The rule documentation base from app-config `ytk.rulesBaseUrl`, without a trailing slash. */
export function useRulesBaseUrl(): string {
  const config = useApi(configApiRef);
  const base =
    config.getOptionalString('ytk.rulesBaseUrl') ?? DEFAULT_RULES_BASE_URL;
  return base.replace(/\/+$/, '');
}

/** `<base>/<id>.md`, the page `renderRuleDocs` writes for each catalogue rule. */
export function ruleDocUrl(base: string, ruleId: string): string {
  return `${base}/${encodeURIComponent(ruleId)}.md`;
}

/** The rule's title from the engine's catalogue (schema and decoder ids have none). */
export function ruleTitle(ruleId: string): string | undefined {
  return ruleMeta(ruleId)?.title;
}

/**
 * Path of a policy view relative to the network page, from a policy id `cluster/ns/kind/name`.
 * The id's own segments are kept (cluster-wide policies carry the backend's namespace marker).
 */
export function policyIdPath(policyId: string): string | undefined {
  const parts = policyId.split('/');
  if (parts.length !== 4 || parts.some(p => !p)) return undefined;
  return `policies/${parts.map(encodeURIComponent).join('/')}`;
}
