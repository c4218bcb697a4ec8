import { defineRule } from '../rule';
import type { Hit } from '../types';
import { arr, has } from '../util/access';
import { calicoPolicies } from '../util/calicoPolicies';
import { calico } from './examples';

/** P06: without `types`, a Calico policy with only egress rules does not isolate ingress. */
export const calicoTypesDefaulting = defineRule(
  {
    id: 'calico-egress-only-types',
    semanticsId: 'P06',
    title: 'Calico egress-only policy does not isolate ingress',
    severity: 'warning',
    category: 'enforcement',
    threat: 'unauthorized-access',
    rationale:
      'Without `types`, Calico applies a policy with egress rules and no ingress rules to egress only (`types: [Egress]`), and a policy without egress rules to ingress only. A Kubernetes NetworkPolicy with only egress rules is defaulted differently (`policyTypes: [Ingress, Egress]`: it isolates ingress too). Say which directions the policy is for with `types`.',
    badExample: calico(`
selector: app == 'db'
egress:
  - action: Allow
    protocol: UDP
    destination:
      ports:
        - 53
`),
    goodExample: calico(`
selector: app == 'db'
types:
  - Ingress
  - Egress
egress:
  - action: Allow
    protocol: UDP
    destination:
      ports:
        - 53
`),
    appliesTo: ['CalicoNetworkPolicy', 'GlobalNetworkPolicy'],
    needsContext: false,
  },
  ctx => {
    const hits: Hit[] = [];
    for (const p of calicoPolicies(ctx.resources)) {
      if (has(p.spec, 'types')) continue;
      if ((arr(p.spec.egress)?.length ?? 0) === 0) continue;
      if ((arr(p.spec.ingress)?.length ?? 0) > 0) continue;
      hits.push({
        resource: p.resource,
        path: ['spec', 'egress'],
        atKey: true,
        message: `${p.kind} ${p.name} has egress rules, no ingress rules and no types: Calico applies it to egress only (types: [Egress]) and it does not isolate ingress, unlike a Kubernetes NetworkPolicy with only egress rules. Set types explicitly.`,
      });
    }
    return hits;
  },
);
