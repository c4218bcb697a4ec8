import type { Hit } from '../types';
import type {
  CalicoNetworkPolicy,
  ClusterState,
  GlobalNetworkPolicy,
  Policy,
} from '../../model';
import {
  calicoPolicyTypes,
  calicoTiers,
  DEFAULT_TIER,
} from '../../policy/calico';
import { defineRule } from '../rule';
import { arr, isObj } from '../util/access';
import { inputPolicies, targetClusters } from '../util/context';
import { isEmptySelector } from '../util/labels';
import { kindOf, nameOf, namespaceOf, npPolicyTypes } from '../util/policies';
import { np } from './examples';

const everything = (s: unknown) =>
  s === undefined ||
  (typeof s === 'string' && ['', 'all()'].includes(s.trim()));

/**
 * A Calico policy that selects every pod of `ns` for ingress in a tier whose defaultAction is
 * Deny (docs/calico.md) — only where Calico enforces it.
 */
function calicoBaseline(cluster: ClusterState, p: Policy, ns: string): boolean {
  if (cluster.enforcer !== 'calico') return false;
  if (p.kind === 'CalicoNetworkPolicy' && p.namespace !== ns) return false;
  const spec = (p.object as CalicoNetworkPolicy | GlobalNetworkPolicy).spec;
  return (
    !!spec &&
    everything(spec.selector) &&
    everything(spec.namespaceSelector) &&
    spec.serviceAccountSelector === undefined &&
    calicoPolicyTypes(spec).includes('Ingress') &&
    calicoTiers(cluster).get(spec.tier ?? DEFAULT_TIER)?.defaultAction !==
      'pass'
  );
}

/** Whether some policy makes every pod of `ns` ingress default-deny (a namespace baseline). */
function hasBaseline(cluster: ClusterState, ns: string): boolean {
  return cluster.policies.some(p => {
    const o = p.object as unknown as Record<string, unknown>;
    const spec = isObj(o.spec) ? o.spec : undefined;
    const specs = [spec, ...(arr(o.specs) ?? [])].filter(isObj);
    if (p.kind === 'NetworkPolicy') {
      return (
        p.namespace === ns &&
        !!spec &&
        isEmptySelector(spec.podSelector ?? {}) &&
        npPolicyTypes(spec).includes('Ingress')
      );
    }
    if (p.kind === 'CalicoNetworkPolicy' || p.kind === 'GlobalNetworkPolicy')
      return calicoBaseline(cluster, p, ns);
    if (p.kind === 'CiliumNetworkPolicy' && p.namespace !== ns) return false;
    return specs.some(
      s =>
        isEmptySelector(s.endpointSelector) &&
        (Array.isArray(s.ingress) || Array.isArray(s.ingressDeny)) &&
        !(isObj(s.enableDefaultDeny) && s.enableDefaultDeny.ingress === false),
    );
  });
}

/** A namespace with workloads but no default-deny baseline (informational, needs the overlay). */
export const namespaceWithoutDefaultDeny = defineRule(
  {
    id: 'namespace-without-default-deny',
    semanticsId: 'K09',
    title: 'Namespace without a default-deny baseline',
    severity: 'info',
    category: 'exposure',
    threat: 'unauthorized-access',
    rationale:
      'Pods that no policy selects accept everything. A namespace baseline (`podSelector: {}` with `policyTypes: [Ingress]`, a CNP with `endpointSelector: {}`, or in a Calico cluster a Calico policy selecting `all()` for ingress in a tier whose defaultAction is Deny) makes new workloads closed by default; without it, only the pods someone wrote a policy for are protected.',
    badExample: np(`
podSelector:
  matchLabels:
    app: db
ingress:
  - from:
      - podSelector:
          matchLabels:
            app: web
`),
    goodExample: `${np(
      `
podSelector: {}
policyTypes:
  - Ingress
`,
      'default-deny',
    )}---\n${np(`
podSelector:
  matchLabels:
    app: db
ingress:
  - from:
      - podSelector:
          matchLabels:
            app: web
`)}`,
    appliesTo: [
      'Namespace',
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CalicoNetworkPolicy',
      'GlobalNetworkPolicy',
    ],
    needsContext: true,
  },
  ctx => {
    const hits: Hit[] = [];
    const reported = new Set<string>();
    for (const cluster of targetClusters(ctx)) {
      const mine = inputPolicies(ctx.resources, cluster.name);
      const ids = new Set(mine.map(p => p.id));
      const merged = {
        ...cluster,
        policies: [...cluster.policies.filter(p => !ids.has(p.id)), ...mine],
      };
      for (const r of ctx.resources) {
        const kind = kindOf(r);
        const ns = kind === 'Namespace' ? nameOf(r) : namespaceOf(r);
        if (
          !ns ||
          reported.has(ns) ||
          ![
            'Namespace',
            'NetworkPolicy',
            'CiliumNetworkPolicy',
            'CalicoNetworkPolicy',
          ].includes(kind ?? '')
        )
          continue;
        if (!merged.workloads.some(w => w.namespace === ns)) continue;
        if (hasBaseline(merged, ns)) continue;
        reported.add(ns);
        hits.push({
          resource: r,
          path:
            kind === 'Namespace'
              ? ['metadata', 'name']
              : ['metadata', 'namespace'],
          message: `namespace ${ns} in ${cluster.name} has no default-deny baseline: pods without a policy accept all ingress.`,
        });
      }
    }
    return hits;
  },
);
