import { defineRule } from '../rule';
import { peerWorkloads, targetClusters } from '../util/context';
import {
  CLUSTER_LABEL,
  clusterScope,
  isReservedSelector,
} from '../util/labels';
import { policySelectors } from '../util/selectors';
import { insertMapEntry } from '../util/text';
import { isObj } from '../util/access';
import { cnp } from './examples';

/** M01: with default-local on, an unlabeled selector whose only matches are in other clusters. */
export const clusterPeerLocalOnly = defineRule(
  {
    id: 'cluster-peer-local-only',
    semanticsId: 'M01',
    title: 'Cross-cluster peer without cluster label',
    severity: 'warning',
    category: 'mesh',
    threat: 'denial-of-service',
    rationale:
      'Since Cilium 1.19 (`policy-default-local-cluster` on) a peer selector without `io.cilium.k8s.policy.cluster` matches the local cluster only. When the workloads it names exist only in other clusters, the cross-cluster flow the author intended is denied. Add the cluster label (or an `Exists` expression for any cluster). Context: c1 runs web and db; c2 runs api in the examples.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - matchLabels:
          app: api
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - matchLabels:
          app: api
          io.cilium.k8s.policy.cluster: c2
`),
    appliesTo: [
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ],
    needsContext: true,
  },
  ctx => {
    const overlay = ctx.overlay;
    if (!overlay) return [];
    return targetClusters(ctx)
      .filter(c => c.cilium && c.cilium.policyDefaultLocalCluster)
      .flatMap(local => {
        const anyCluster = {
          ...local,
          cilium: { ...local.cilium!, policyDefaultLocalCluster: false },
        };
        return policySelectors(ctx.resources)
          .filter(
            s =>
              s.role === 'peer' &&
              s.clusterScoped &&
              !isReservedSelector(s.selector) &&
              clusterScope(s.selector) === undefined,
          )
          .flatMap(s => {
            if (peerWorkloads(s, local, overlay).length > 0) return [];
            const remote = [
              ...new Set(
                peerWorkloads(s, anyCluster, overlay)
                  .map(w => w.cluster)
                  .filter(c => c !== local.name),
              ),
            ];
            if (remote.length === 0) return [];
            const ml =
              isObj(s.selector) && isObj(s.selector.matchLabels)
                ? s.selector.matchLabels
                : undefined;
            const first = ml ? Object.keys(ml)[0] : undefined;
            const edit =
              remote.length === 1 && first
                ? insertMapEntry(
                    s.resource,
                    [...s.path, 'matchLabels'],
                    first,
                    `${CLUSTER_LABEL}: ${remote[0]}`,
                  )
                : undefined;
            return [
              {
                resource: s.resource,
                path: s.path,
                message: `this selector matches workloads only in ${remote.join(', ')}, but without ${CLUSTER_LABEL} it is local to ${local.name} (policy-default-local-cluster): the flow is denied.`,
                fix: edit
                  ? { title: `Select cluster ${remote[0]}`, edits: [edit] }
                  : undefined,
              },
            ];
          });
      });
  },
);
