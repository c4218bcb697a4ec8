import type {
  DecidingRule,
  FlowClassification,
  UnexpectedCause,
} from '@ytknetwork/common';
import { policyPath } from '../../routes';

/** Window choices of the filter: what `GET /teams/:team/flows?window=` accepts (at most 90d). */
export const FLOW_WINDOWS = ['1h', '24h', '7d', '30d'] as const;
export type FlowWindowChoice = (typeof FLOW_WINDOWS)[number];
export const DEFAULT_FLOW_WINDOW: FlowWindowChoice = '24h';

export const CLASSIFICATION_TEXT: Record<FlowClassification, string> = {
  'allowed-as-expected': 'allowed as expected',
  'dropped-as-expected': 'dropped as expected',
  'unexpected-allowed': 'unexpected: allowed',
  'unexpected-dropped': 'unexpected: dropped',
  reply: 'reply',
  'not-policy': 'not a policy event',
  'unknown-endpoint': 'unknown endpoint',
};

/** The likely causes of an unexpected flow, in words (docs/observed-flows.md, Classifications). */
export const CAUSE_TEXT: Record<UnexpectedCause, string> = {
  'policy-audit-mode':
    'Policy audit mode: the verdict is AUDIT, or the cluster has policy-audit-mode on, so the datapath forwards what policy would drop.',
  'mutual-auth':
    'Mutual authentication: the drop reason is AUTH_REQUIRED, or the flow needs mutual auth (across ClusterMesh it cannot succeed).',
  'l7-or-fqdn-proxy':
    'Decided at the proxy: a side has an L7 rule, or toFQDNs rules and a destination outside the overlay (ytk does not know the addresses the DNS proxy learned).',
  'overlay-older-than-flow':
    'The overlay is older than the flow: the policies may have changed after ytk last read them.',
  'unsupported-feature':
    'A feature ytk does not model: none of the other causes applies.',
};

export const isUnexpectedClass = (c: FlowClassification) =>
  c === 'unexpected-allowed' || c === 'unexpected-dropped';

/** `2026-12-07 10:20 UTC`; empty without a time. */
export function formatSeen(iso?: string): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `shop.yaml:38`: the policy line of a rule (1-based), when the caller may read it. */
export function ruleLine(r: DecidingRule): string | undefined {
  if (!r.location) return undefined;
  const file = r.location.uri.split('/').slice(-2).join('/');
  return `${file}:${r.location.range.start.line + 1}`;
}

/** `CiliumNetworkPolicy shop/api-in ingress[0]`, or the redaction the backend gave. */
export function ruleName(r: DecidingRule): string {
  if (!r.policyId) return r.policyName;
  const where = r.namespace ? `${r.namespace}/` : '';
  const spec = r.specIndex > 0 ? `specs[${r.specIndex}].` : '';
  return `${r.policyKind} ${where}${r.policyName} ${spec}${r.section}[${r.ruleIndex}]`;
}

/** Link to the rule's policy view under the network page; undefined when redacted. */
export function rulePolicyLink(
  r: DecidingRule,
  basePath: string,
): string | undefined {
  if (!r.policyId) return undefined;
  return `${basePath}/${policyPath({
    cluster: r.cluster,
    namespace: r.namespace,
    kind: r.policyKind,
    name: r.policyName,
  })}`;
}
