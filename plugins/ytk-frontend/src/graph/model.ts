import type {
  ConnectionView,
  ConnectivityAggregation,
  ConnectivityGraph,
  EndpointView,
  WorkloadView,
} from '@ytknetwork/common';
import {
  GRAPH_AGGREGATE_CONNECTIONS,
  GRAPH_AGGREGATE_ENDPOINTS,
} from '@ytknetwork/common';
import { formatPorts } from './ports';
import type { EdgeObservation } from './observed';

export type GraphNode =
  | { kind: 'cluster'; id: string; label: string }
  | { kind: 'namespace'; id: string; label: string; parent: string }
  | {
      kind: 'workload';
      id: string;
      label: string;
      parent: string;
      workload?: WorkloadView;
      endpoint: EndpointView;
    }
  /** A namespace standing for its workloads (large graphs). */
  | {
      kind: 'aggregate';
      id: string;
      label: string;
      parent: string;
      cluster: string;
      namespace: string;
      members: number;
    }
  | { kind: 'external'; id: string; label: string; endpoint: EndpointView };

export type EdgeStyle = 'local' | 'cross-cluster' | 'dropped';

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  style: EdgeStyle;
  /** The connections at hand: all of them, or (a server-side bundle) its first one. */
  connections: ConnectionView[];
  /** Connections the edge stands for, and how many of them are dropped, cross-cluster, need auth. */
  count: number;
  dropped: number;
  crossCluster: number;
  authRequired: number;
  /** With observed flows on (`withObservedFlows`): what was seen on this edge in the window. */
  observation?: EdgeObservation;
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
  aggregated: boolean;
}

const EXTERNAL_GROUP = 'external';

/** Stable id of an endpoint, used in node ids and `data-testid`s. */
export function endpointId(e: EndpointView): string {
  if ('workload' in e) return e.workload;
  if ('entity' in e)
    return e.cluster ? `entity:${e.cluster}/${e.entity}` : `entity:${e.entity}`;
  return `cidr:${e.cidr}`;
}

function endpointLabel(e: EndpointView): string {
  if ('workload' in e) return e.name ?? e.workload.split('/').pop()!;
  if ('entity' in e) return e.entity;
  return e.cidr;
}

/** Cluster and namespace of a workload endpoint, from the view or from its ref. */
function placement(
  e: EndpointView,
  w?: WorkloadView,
): { cluster: string; namespace: string } | undefined {
  if (!('workload' in e)) return undefined;
  const [cluster, namespace] = e.workload.split('/');
  return {
    cluster: w?.cluster ?? e.cluster ?? cluster,
    namespace: w?.namespace ?? e.namespace ?? namespace,
  };
}

export const clusterNodeId = (cluster: string) => `cluster:${cluster}`;
export const namespaceNodeId = (cluster: string, namespace: string) =>
  `ns:${cluster}/${namespace}`;

/** `<cluster>/<namespace>` of a namespace node id (`ns:<cluster>/<namespace>`). */
export const namespaceKey = (nsId: string) => nsId.slice('ns:'.length);

/** A workload of the graph's node list as a connection endpoint. */
function workloadEndpoint(w: WorkloadView): EndpointView {
  return {
    workload: w.ref,
    cluster: w.cluster,
    namespace: w.namespace,
    kind: w.kind,
    name: w.name,
    team: w.team,
  };
}

/** Adds a placed endpoint as a workload node inside its cluster and namespace groups. */
function addWorkloadNode(
  add: (n: GraphNode) => void,
  e: EndpointView,
  w: WorkloadView | undefined,
  where: { cluster: string; namespace: string },
) {
  const clusterId = clusterNodeId(where.cluster);
  const nsId = namespaceNodeId(where.cluster, where.namespace);
  add({ kind: 'cluster', id: clusterId, label: where.cluster });
  add({
    kind: 'namespace',
    id: nsId,
    label: where.namespace,
    parent: clusterId,
  });
  add({
    kind: 'workload',
    id: endpointId(e),
    label: endpointLabel(e),
    parent: nsId,
    workload: w,
    endpoint: e,
  });
}

/**
 * Groups endpoints as cluster → namespace → workload, one edge per endpoint pair.
 * Large graphs show namespaces as single nodes except those in `expanded`; a graph the
 * server aggregated (`graph.aggregation`) is drawn as it came, `expanded` being its own.
 */
export function buildGraphModel(
  graph: ConnectivityGraph,
  options: {
    expanded?: ReadonlySet<string>;
    threshold?: number;
    edgeThreshold?: number;
  } = {},
): GraphModel {
  if (graph.aggregation) return fromAggregation(graph, graph.aggregation);
  const threshold = options.threshold ?? GRAPH_AGGREGATE_ENDPOINTS;
  const edgeThreshold = options.edgeThreshold ?? GRAPH_AGGREGATE_CONNECTIONS;
  const expanded = options.expanded ?? new Set<string>();
  const byRef = new Map(graph.nodes.map(w => [w.ref, w]));

  // Every endpoint once: the workloads in scope plus whatever the connections name.
  const endpoints = new Map<string, EndpointView>();
  for (const w of graph.nodes) endpoints.set(w.ref, workloadEndpoint(w));
  for (const c of graph.connections) {
    for (const e of [c.from, c.to]) {
      const id = endpointId(e);
      if (!endpoints.has(id)) endpoints.set(id, e);
    }
  }
  const aggregated =
    endpoints.size > threshold || graph.connections.length > edgeThreshold;

  const nodes = new Map<string, GraphNode>();
  const add = (n: GraphNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
  };
  // Where each endpoint is drawn: itself, or its namespace's aggregate node.
  const drawnAs = new Map<string, string>();
  const aggregateMembers = new Map<string, number>();

  for (const [id, e] of endpoints) {
    const w = 'workload' in e ? byRef.get(e.workload) : undefined;
    const where = placement(e, w);
    if (!where) {
      add({ kind: 'cluster', id: EXTERNAL_GROUP, label: 'outside the mesh' });
      add({ kind: 'external', id, label: endpointLabel(e), endpoint: e });
      drawnAs.set(id, id);
      continue;
    }
    const clusterId = clusterNodeId(where.cluster);
    const nsId = namespaceNodeId(where.cluster, where.namespace);
    add({ kind: 'cluster', id: clusterId, label: where.cluster });
    if (aggregated && !expanded.has(nsId)) {
      add({
        kind: 'aggregate',
        id: nsId,
        label: where.namespace,
        parent: clusterId,
        cluster: where.cluster,
        namespace: where.namespace,
        members: 0,
      });
      aggregateMembers.set(nsId, (aggregateMembers.get(nsId) ?? 0) + 1);
      drawnAs.set(id, nsId);
    } else {
      addWorkloadNode(add, e, w, where);
      drawnAs.set(id, id);
    }
  }
  for (const [id, count] of aggregateMembers) {
    const n = nodes.get(id);
    if (n?.kind === 'aggregate') n.members = count;
  }

  const edges = new Map<string, GraphEdge>();
  for (const c of graph.connections) {
    const source = drawnAs.get(endpointId(c.from))!;
    const target = drawnAs.get(endpointId(c.to))!;
    const id = `${source}->${target}`;
    let edge = edges.get(id);
    if (!edge) edges.set(id, (edge = newEdge(source, target, [])));
    edge.connections.push(c);
    edge.count++;
    if (!c.effective) edge.dropped++;
    if (c.crossCluster) edge.crossCluster++;
    if (c.authRequired) edge.authRequired++;
  }
  for (const edge of edges.values()) finishEdge(edge);

  return { nodes: [...nodes.values()], edges: [...edges.values()], aggregated };
}

function newEdge(
  source: string,
  target: string,
  connections: ConnectionView[],
): GraphEdge {
  return {
    id: `${source}->${target}`,
    source,
    target,
    label: '',
    style: 'local',
    connections,
    count: 0,
    dropped: 0,
    crossCluster: 0,
    authRequired: 0,
  };
}

function finishEdge(edge: GraphEdge) {
  edge.style = edgeStyle(edge);
  edge.label = edgeLabel(edge);
}

/** The server's aggregation as it is: collapsed namespaces, expanded ones' workloads, bundles. */
function fromAggregation(
  graph: ConnectivityGraph,
  agg: ConnectivityAggregation,
): GraphModel {
  const nodes = new Map<string, GraphNode>();
  const add = (n: GraphNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
  };
  const expanded = new Set(agg.expanded);
  const byRef = new Map(graph.nodes.map(w => [w.ref, w]));
  const workload = (e: EndpointView, w?: WorkloadView) =>
    addWorkloadNode(add, e, w, placement(e, w)!);
  for (const g of agg.groups) {
    const clusterId = clusterNodeId(g.cluster);
    add({ kind: 'cluster', id: clusterId, label: g.cluster });
    add({
      kind: 'aggregate',
      id: g.id,
      label: g.namespace,
      parent: clusterId,
      cluster: g.cluster,
      namespace: g.namespace,
      members: g.members,
    });
  }
  // Workloads of expanded namespaces, connected or not.
  for (const w of graph.nodes) {
    if (!expanded.has(`${w.cluster}/${w.namespace}`)) continue;
    workload(workloadEndpoint(w), w);
  }
  const edges: GraphEdge[] = [];
  for (const b of agg.bundles) {
    // An end that is no group is drawn as itself: the sample's end is that very endpoint.
    for (const [id, e] of [
      [b.from, b.sample.from],
      [b.to, b.sample.to],
    ] as const) {
      if (nodes.has(id)) continue;
      if ('workload' in e) workload(e, byRef.get(e.workload));
      else {
        add({ kind: 'cluster', id: EXTERNAL_GROUP, label: 'outside the mesh' });
        add({ kind: 'external', id, label: endpointLabel(e), endpoint: e });
      }
    }
    const edge = newEdge(b.from, b.to, [b.sample]);
    edge.count = b.count;
    edge.dropped = b.dropped;
    edge.crossCluster = b.crossCluster;
    edge.authRequired = b.authRequired;
    finishEdge(edge);
    edges.push(edge);
  }
  return { nodes: [...nodes.values()], edges, aggregated: true };
}

/**
 * Dropped wins when every connection is dropped: an allowed-but-dropped flow must never
 * look like a working (let alone authenticated) one.
 */
function edgeStyle(edge: GraphEdge): EdgeStyle {
  if (edge.dropped === edge.count) return 'dropped';
  if (edge.crossCluster > 0) return 'cross-cluster';
  return 'local';
}

function edgeLabel(edge: GraphEdge): string {
  const ports =
    edge.count === 1
      ? formatPorts(edge.connections[0].ports)
      : `${edge.count} flows`;
  if (edge.style === 'dropped') return `${ports} · dropped`;
  if (edge.dropped > 0) return `${ports} · ${edge.dropped} dropped`;
  // The padlock marks mutual auth only on flows that actually pass.
  const label = edge.authRequired === edge.count ? `🔒 ${ports}` : ports;
  // Istio's mode at the destination of a single flow (not a padlock: ytk does not see the handshake).
  const istio = edge.count === 1 ? edge.connections[0].istio : undefined;
  if (istio && istio.mtls !== 'none') return `${label} · mTLS ${istio.mtls}`;
  return label;
}
