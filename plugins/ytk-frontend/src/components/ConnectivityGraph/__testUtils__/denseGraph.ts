import type {
  ConnectionBundle,
  ConnectivityGraph,
  NamespaceGroup,
} from '@ytknetwork/common';

/**
 * A server-aggregated graph of `namespaces` collapsed namespaces in one cluster with a bundle
 * between every ordered pair (n·(n−1) edges, past LABEL_MAX_EDGES from 14 namespaces on): the
 * shape the 2,000-workload bench view has.
 */
export function denseAggregatedGraph(namespaces: number): ConnectivityGraph {
  const groups: NamespaceGroup[] = [];
  for (let i = 0; i < namespaces; i++)
    groups.push({
      id: `ns:east/n${i}`,
      cluster: 'east',
      namespace: `n${i}`,
      members: 5,
    });
  const bundles: ConnectionBundle[] = [];
  for (const from of groups)
    for (const to of groups) {
      if (from === to) continue;
      bundles.push({
        from: from.id,
        to: to.id,
        count: 2,
        dropped: 0,
        crossCluster: 0,
        authRequired: 0,
        sample: {
          from: { workload: `east/${from.namespace}/Deployment/a` },
          to: { workload: `east/${to.namespace}/Deployment/b` },
          ports: [{ protocol: 'TCP', port: 8080 }],
          crossCluster: false,
          authRequired: false,
          effective: true,
        },
      });
    }
  return {
    overlayVersion: 1,
    nodes: [],
    connections: [],
    aggregation: {
      level: 'namespace',
      expanded: [],
      groups,
      bundles,
      connections: bundles.length * 2,
      scope: {},
    },
  };
}
