import { defineRule } from '../rule';
import { clusterRequirements } from '../util/labels';
import { policySelectors } from '../util/selectors';
import { cnp } from './examples';

const policy = (cluster: string) =>
  cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
          io.cilium.k8s.policy.cluster: ${cluster}
`);

/** M04: a cluster label value naming no cluster of the mesh selects nothing. */
export const clusterLabelUnknown = defineRule(
  {
    id: 'cluster-label-unknown',
    semanticsId: 'M04',
    title: 'Cluster label names an unknown cluster',
    severity: 'error',
    category: 'mesh',
    threat: 'denial-of-service',
    rationale:
      "A value of `io.cilium.k8s.policy.cluster` that names no cluster in the mesh (a typo, a renamed cluster) selects nothing: the intended cross-cluster peer is denied. Context: the overlay's clusters (c1 in the examples).",
    badExample: policy('c9'),
    goodExample: policy('c1'),
    appliesTo: [
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ],
    needsContext: true,
  },
  ctx => {
    const names = new Set((ctx.overlay?.clusters ?? []).map(c => c.name));
    return policySelectors(ctx.resources).flatMap(s =>
      clusterRequirements(s.selector)
        .filter(q => q.operator === 'In')
        .flatMap(q => {
          const unknown = q.values.filter(v => !names.has(v));
          return unknown.length
            ? [
                {
                  resource: s.resource,
                  path: [...s.path, ...q.path],
                  message: `cluster ${unknown.join(', ')} is not in the mesh (known: ${[...names].join(', ')}): this selects nothing there.`,
                },
              ]
            : [];
        }),
    );
  },
);
