import { defineRule } from '../rule';
import {
  adminPolicies,
  adminSubjectWorkloads,
  npIsolates,
} from '../util/adminPolicies';
import { targetClusters } from '../util/context';
import { banp, np } from './examples';

/** §1.8: BANP rules only apply to pods no NetworkPolicy isolates in that direction. */
export const banpNeverReached = defineRule(
  {
    id: 'banp-never-reached',
    semanticsId: '§1.8',
    title: 'BaselineAdminNetworkPolicy that is never reached',
    severity: 'info',
    category: 'enforcement',
    threat: 'misconfiguration',
    rationale:
      'The BaselineAdminNetworkPolicy decides only traffic that no AdminNetworkPolicy decided and that reaches a pod no NetworkPolicy isolates in that direction. When every workload it selects is isolated by a NetworkPolicy, its rules for that direction never apply: the baseline reads like a safety net but the NetworkPolicies decide. Context: the overlay workloads (c1/shop web and db in the examples) and its NetworkPolicies, plus the linted documents.',
    badExample: `${banp(`
subject:
  namespaces:
    matchLabels:
      team: shop
ingress:
  - action: Deny
    from:
      - namespaces: {}
`)}---
${np(`
podSelector: {}
policyTypes:
  - Ingress
`)}`,
    goodExample: banp(`
subject:
  namespaces:
    matchLabels:
      team: shop
ingress:
  - action: Deny
    from:
      - namespaces: {}
`),
    appliesTo: ['BaselineAdminNetworkPolicy'],
    needsContext: true,
  },
  ctx => {
    const clusters = targetClusters(ctx);
    if (!clusters.length) return [];
    return adminPolicies(ctx.resources)
      .filter(p => p.kind === 'BaselineAdminNetworkPolicy')
      .flatMap(p =>
        (['ingress', 'egress'] as const).flatMap(dir => {
          if (!p.rules.some(r => r.direction === dir)) return [];
          const subjects = clusters.flatMap(c => adminSubjectWorkloads(p, c));
          if (
            !subjects.length ||
            !subjects.every(w => npIsolates(ctx, clusters, w, dir))
          )
            return [];
          return [
            {
              resource: p.resource,
              path: ['spec', dir],
              atKey: true,
              message: `every workload this BaselineAdminNetworkPolicy selects (${subjects.length}) is isolated for ${dir} by a NetworkPolicy: its ${dir} rules are never reached.`,
            },
          ];
        }),
      );
  },
);
