import { defineRule } from '../rule';
import { arr } from '../util/access';
import { ciliumRules } from '../util/policies';
import { requirements } from '../util/labels';
import { ciliumConfig, cnp } from './examples';

const POLICY = cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEntities:
      - cluster
`);

/** M07: the `cluster` entity covers local pods only (but every cluster's nodes). */
export const entityClusterLocalPods = defineRule(
  {
    id: 'cilium-entity-cluster-local-pods',
    semanticsId: 'M07',
    title: '`cluster` entity does not include remote pods',
    severity: 'warning',
    category: 'mesh',
    threat: 'denial-of-service',
    rationale:
      'In a ClusterMesh the `cluster` entity selects local pods plus the nodes of every cluster (remote-node) — not pods of other clusters. Use cluster-labelled selectors, or the `cluster-mesh` entity on Cilium 1.20.',
    badExample: `${ciliumConfig({ 'cluster-name': 'c1', 'cluster-id': '1' })}---\n${POLICY}`,
    goodExample: `${ciliumConfig({ 'cluster-name': 'c1', 'cluster-id': '0' })}---\n${POLICY}`,
    appliesTo: ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
    needsContext: false,
  },
  ctx => {
    const meshed =
      ctx.settings.meshClusters.length > 1 || (ctx.settings.clusterId ?? 0) > 0;
    if (!meshed) return [];
    // Cluster infrastructure (DNS, kube-system) serving "the cluster" is the entity's intended use.
    const infra = (r: {
      owner: { namespace?: string; spec: Record<string, unknown> };
    }) =>
      r.owner.namespace === 'kube-system' ||
      requirements(r.owner.spec.endpointSelector).some(q =>
        q.values.some(v => /^(kube-system|kube-dns|coredns)$/.test(v)),
      );
    return ciliumRules(ctx.resources)
      .filter(r => !infra(r))
      .flatMap(r =>
        (['fromEntities', 'toEntities'] as const).flatMap(f =>
          (arr(r.rule[f]) ?? []).flatMap((e, i) =>
            e === 'cluster'
              ? [
                  {
                    resource: r.resource,
                    path: [...r.path, f, i],
                    message:
                      "entity cluster includes local pods and every cluster's nodes, but not pods of other clusters in the mesh.",
                  },
                ]
              : [],
          ),
        ),
      );
  },
);
