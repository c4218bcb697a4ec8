import type { Hit } from '../types';
import type { ClusterState } from '../../model';
import { defineRule } from '../rule';
import { arr, isObj } from '../util/access';
import { inputPolicies, targetClusters } from '../util/context';
import { isEmptySelector } from '../util/labels';
import { kindOf, nameOf, namespaceOf, npPolicyTypes } from '../util/policies';
import { np } from './examples';

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
      'Pods that no policy selects accept everything. A namespace baseline (`podSelector: {}` with `policyTypes: [Ingress]`, or a CNP with `endpointSelector: {}`) makes new workloads closed by default; without it, only the pods someone wrote a policy for are protected.',
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
    appliesTo: ['Namespace', 'NetworkPolicy', 'CiliumNetworkPolicy'],
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
          !['Namespace', 'NetworkPolicy', 'CiliumNetworkPolicy'].includes(
            kind ?? '',
          )
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
