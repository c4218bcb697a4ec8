import { defineRule } from '../rule';
import { isObj } from '../util/access';
import {
  CLUSTER_LABEL,
  clusterScope,
  isReservedSelector,
  requirements,
} from '../util/labels';
import { policySelectors } from '../util/selectors';
import { insertMapEntry } from '../util/text';
import { ciliumConfig, cnp } from './examples';

const policyWith = (labels: string) =>
  cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - matchLabels:
${labels}
`);

/** M02: with default-local off, unlabeled peer selectors match every cluster in the mesh. */
export const clusterPeerAllClusters = defineRule(
  {
    id: 'cluster-peer-matches-all-clusters',
    semanticsId: 'M02',
    title: 'Peer selector matches every cluster',
    severity: 'warning',
    category: 'mesh',
    threat: 'unauthorized-access',
    rationale:
      'With `policy-default-local-cluster` off (the default up to Cilium 1.18) a peer selector without `io.cilium.k8s.policy.cluster` matches same-labelled pods in every connected cluster — plain NetworkPolicy peers included. Pin the cluster.',
    badExample: `${ciliumConfig({ 'cluster-name': 'c1', 'cluster-id': '1', 'policy-default-local-cluster': 'false' })}---\n${policyWith('          app: web')}`,
    goodExample: `${ciliumConfig({ 'cluster-name': 'c1', 'cluster-id': '1', 'policy-default-local-cluster': 'false' })}---\n${policyWith('          app: web\n          io.cilium.k8s.policy.cluster: c1')}`,
    appliesTo: [
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
      'cilium-config',
    ],
    needsContext: false,
  },
  ctx => {
    if (ctx.settings.defaultLocalCluster !== false) return [];
    const local = ctx.settings.clusterName;
    return policySelectors(ctx.resources)
      .filter(s => s.role === 'peer' && s.clusterScoped && isObj(s.selector))
      .filter(
        s =>
          !isReservedSelector(s.selector) &&
          clusterScope(s.selector) === undefined,
      )
      .map(s => {
        const ml =
          isObj(s.selector) && isObj(s.selector.matchLabels)
            ? s.selector.matchLabels
            : undefined;
        const first = ml ? Object.keys(ml)[0] : undefined;
        const edit =
          local && first
            ? insertMapEntry(
                s.resource,
                [...s.path, 'matchLabels'],
                first,
                `${CLUSTER_LABEL}: ${local}`,
              )
            : undefined;
        return {
          resource: s.resource,
          path: s.path,
          message: `policy-default-local-cluster is off: this selector matches pods in every cluster of the mesh${requirements(s.selector).length === 0 ? ' (it has no requirement at all)' : ''}. Add ${CLUSTER_LABEL}.`,
          fix: edit
            ? { title: `Pin the peer to cluster ${local}`, edits: [edit] }
            : undefined,
        };
      });
  },
);
