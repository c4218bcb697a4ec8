import { defineRule } from '../rule';
import { arr, isObj } from '../util/access';
import { memo } from '../util/memo';
import { nameOf, namespaceOf, ofKind } from '../util/policies';
import type { Overlay } from '../../model';

const SPIFFE = 'spiffe://';
const bare = (id: string) =>
  id.startsWith(SPIFFE) ? id.slice(SPIFFE.length) : id;

/**
 * Every peer identity the overlay's workloads can present: `<trust-domain>/ns/<ns>/sa/<sa>`
 * (the mesh trust domain, `cluster.local` by default) and the IDs ClusterSPIFFEIDs render.
 */
function identities(overlay: Overlay): string[] {
  return memo(overlay, 'istioIdentities', () => {
    const out = new Set<string>();
    for (const c of overlay.clusters) {
      const td = c.istio?.trustDomain ?? 'cluster.local';
      for (const w of c.workloads) {
        out.add(`${td}/ns/${w.namespace}/sa/${w.serviceAccount}`);
        for (const id of w.spiffeIds) out.add(bare(id));
      }
    }
    return [...out];
  });
}

/** Istio string matching: exact, `prefix*`, `*suffix`, or `*` (any non-empty value). */
function matches(pattern: string, value: string): boolean {
  if (pattern === '*') return value.length > 0;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** An AuthorizationPolicy principal that no workload of the overlay has. */
export const istioPrincipalUnknown = defineRule(
  {
    id: 'istio-principal-unknown',
    semanticsId: '§4',
    title: 'AuthorizationPolicy principal no workload has',
    severity: 'warning',
    category: 'istio',
    threat: 'misconfiguration',
    rationale:
      "A principal in `rules[].from[].source.principals` is the peer identity of the mTLS certificate, `<trust-domain>/ns/<namespace>/sa/<service-account>`. One that no workload in the overlay can present (a typo in the namespace or service account, the wrong trust domain) never matches: an ALLOW rule admits nobody through it, a DENY rule protects against nobody. ytk compares with every workload's service account under the mesh trust domain (`cluster.local` unless the mesh config says otherwise) and with the SPIFFE IDs ClusterSPIFFEIDs render.",
    badExample: `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: db
  namespace: shop
spec:
  selector:
    matchLabels:
      app: db
  rules:
    - from:
        - source:
            principals:
              - cluster.local/ns/shop/sa/wbe
`,
    goodExample: `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: db
  namespace: shop
spec:
  selector:
    matchLabels:
      app: db
  rules:
    - from:
        - source:
            principals:
              - cluster.local/ns/shop/sa/default
`,
    appliesTo: ['AuthorizationPolicy'],
    needsContext: true,
  },
  ctx => {
    if (!ctx.overlay) return [];
    const known = identities(ctx.overlay);
    return ofKind(ctx.resources, 'AuthorizationPolicy').flatMap(resource => {
      const spec = (resource.object as { spec?: unknown }).spec;
      const rules = isObj(spec) ? (arr(spec.rules) ?? []) : [];
      return rules.flatMap((rule, i) =>
        (isObj(rule) ? (arr(rule.from) ?? []) : []).flatMap((from, j) => {
          const source = isObj(from) && isObj(from.source) ? from.source : {};
          return (arr(source.principals) ?? []).flatMap((p, k) => {
            if (typeof p !== 'string') return [];
            if (known.some(id => matches(bare(p), id))) return [];
            return [
              {
                resource,
                path: [
                  'spec',
                  'rules',
                  i,
                  'from',
                  j,
                  'source',
                  'principals',
                  k,
                ],
                message: `principal "${p}" in AuthorizationPolicy ${namespaceOf(resource) ?? 'default'}/${nameOf(resource)} is no workload's identity in the overlay (expected <trust-domain>/ns/<namespace>/sa/<service-account>): the rule never matches it.`,
              },
            ];
          });
        }),
      );
    });
  },
);
