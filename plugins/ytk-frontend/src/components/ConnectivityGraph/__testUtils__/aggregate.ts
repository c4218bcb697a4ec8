import type {
  ConnectionBundle,
  ConnectivityGraph,
  EndpointView,
  NamespaceGroup,
} from '@ytknetwork/common';

/**
 * What `GET /connectivity?aggregate=namespace&expand=…` answers for a full graph, for
 * component tests that have no backend (the backend's router test pins the real one).
 */
export function aggregateLikeTheServer(
  full: ConnectivityGraph,
  expand: string[] = [],
  scope: { team?: string } = {},
): ConnectivityGraph {
  const expanded = new Set(expand);
  const drawn = (e: EndpointView) => {
    if ('workload' in e) {
      const key = e.workload.split('/').slice(0, 2).join('/');
      return expanded.has(key) ? e.workload : `ns:${key}`;
    }
    if ('entity' in e)
      return e.cluster
        ? `entity:${e.cluster}/${e.entity}`
        : `entity:${e.entity}`;
    return `cidr:${e.cidr}`;
  };
  const groups = new Map<string, NamespaceGroup>();
  for (const w of full.nodes) {
    const key = `${w.cluster}/${w.namespace}`;
    if (expanded.has(key)) continue;
    const g = groups.get(`ns:${key}`);
    if (g) g.members++;
    else
      groups.set(`ns:${key}`, {
        id: `ns:${key}`,
        cluster: w.cluster,
        namespace: w.namespace,
        members: 1,
      });
  }
  const bundles = new Map<string, ConnectionBundle>();
  for (const c of full.connections) {
    const from = drawn(c.from);
    const to = drawn(c.to);
    const b = bundles.get(`${from}>${to}`) ?? {
      from,
      to,
      count: 0,
      dropped: 0,
      crossCluster: 0,
      authRequired: 0,
      sample: c,
    };
    b.count++;
    if (!c.effective) b.dropped++;
    if (c.crossCluster) b.crossCluster++;
    if (c.authRequired) b.authRequired++;
    bundles.set(`${from}>${to}`, b);
  }
  return {
    overlayVersion: full.overlayVersion,
    nodes: full.nodes,
    connections: [],
    aggregation: {
      level: 'namespace',
      expanded: [...expanded].sort(),
      groups: [...groups.values()],
      bundles: [...bundles.values()],
      connections: full.connections.length,
      scope,
    },
  };
}
