/*
 * Observed flows on the connectivity graph: which allowed edges carried traffic in the window,
 * which are allowed but unused (a rule's path with no forwarded flow: a tightening candidate),
 * and the dropped attempts — drawn on the allowed edge of the same pair, or as an edge of their
 * own (with the nodes the graph lacks) when the policies allow nothing there.
 */
import type {
  EndpointView,
  ObservedEdge,
  TeamFlowsResponse,
  UnusedAllowedPath,
} from '@ytknetwork/common';
import { endpointKey } from '@ytknetwork/common';
import {
  clusterNodeId,
  namespaceNodeId,
  type GraphEdge,
  type GraphModel,
  type GraphNode,
} from './model';

/**
 * `observed`: forwarded flows in the window; `attempted`: only dropped ones; `unused`: an allow
 * rule's path without forwarded flows; `not-seen`: allowed (by no rule that could be tightened,
 * e.g. nothing isolates either end) and no flow seen.
 */
export type ObservationState = 'observed' | 'attempted' | 'unused' | 'not-seen';

export interface EdgeObservation {
  state: ObservationState;
  /** Forwarded (and audit) flows, and dropped ones, counted over the edge's observed edges. */
  flows: number;
  drops: number;
  /** Observed edges classified unexpected-allowed or unexpected-dropped. */
  unexpected: number;
  lastSeen?: string;
  /** The observed edges drawn as this edge: forwarded first, then drops, most flows first. */
  edges: ObservedEdge[];
  /** The unused allowed paths drawn as this edge. */
  unused: UnusedAllowedPath[];
}

export const isUnexpected = (e: ObservedEdge) =>
  e.classification === 'unexpected-allowed' ||
  e.classification === 'unexpected-dropped';

const EXTERNAL_GROUP = 'external';

/** The parts of an observed endpoint key (docs/observed-flows.md, Aggregates). */
export type ObservedEnd =
  | {
      kind: 'workload';
      ref: string;
      cluster: string;
      namespace: string;
      workloadKind: string;
      name: string;
    }
  | { kind: 'entity'; entity: string; cluster?: string }
  | { kind: 'cidr'; cidr: string }
  | { kind: 'unknown'; cluster: string; namespace: string; name: string };

/** `<cluster>/<ns>/<kind>/<name>`, `entity:<name>[@cluster]`, `cidr:<block>`, `unknown:<c>/<ns>/<name>`. */
export function parseObservedKey(key: string): ObservedEnd {
  if (key.startsWith('entity:')) {
    const [entity, cluster] = key.slice('entity:'.length).split('@');
    return cluster
      ? { kind: 'entity', entity, cluster }
      : { kind: 'entity', entity };
  }
  if (key.startsWith('cidr:'))
    return { kind: 'cidr', cidr: key.slice('cidr:'.length) };
  if (key.startsWith('unknown:')) {
    const [cluster = '', namespace = '', ...rest] = key
      .slice('unknown:'.length)
      .split('/');
    return { kind: 'unknown', cluster, namespace, name: rest.join('/') };
  }
  const [cluster = '', namespace = '', workloadKind = '', ...rest] =
    key.split('/');
  return {
    kind: 'workload',
    ref: key,
    cluster,
    namespace,
    workloadKind,
    name: rest.join('/'),
  };
}

/** A short name for an observed end: `ns/name`, the entity, the address, `name (not in the overlay)`. */
export function observedEndLabel(key: string): string {
  const e = parseObservedKey(key);
  switch (e.kind) {
    case 'workload':
      return `${e.namespace}/${e.name}`;
    case 'entity':
      return e.cluster ? `${e.entity} (${e.cluster})` : e.entity;
    case 'cidr':
      return e.cidr;
    default:
      return `${e.namespace}/${e.name} (not in the overlay)`;
  }
}

/**
 * The explain query (GET /flows/explain) for an observed edge; undefined when an end is a pod
 * the overlay does not have (nothing to explain).
 */
export function explainQueryOf(
  e: Pick<ObservedEdge, 'source' | 'destination' | 'port' | 'protocol'>,
): { from: string; to: string; port: string } | undefined {
  const text = (key: string) => {
    const end = parseObservedKey(key);
    if (end.kind === 'unknown') return undefined;
    // explain names entities without their cluster (the flow's cluster decides).
    return end.kind === 'entity' ? `entity:${end.entity}` : key;
  };
  const from = text(e.source);
  const to = text(e.destination);
  if (!from || !to || e.port < 1) return undefined;
  const protocol = ['TCP', 'UDP', 'SCTP'].includes(e.protocol)
    ? e.protocol
    : 'TCP';
  return { from, to, port: `${e.port}/${protocol}` };
}

/** Draws observed ends onto a model's nodes, adding the nodes it lacks. */
class Placer {
  readonly nodes: Map<string, GraphNode>;
  constructor(model: GraphModel) {
    this.nodes = new Map(model.nodes.map(n => [n.id, n]));
  }

  private add(n: GraphNode) {
    if (!this.nodes.has(n.id)) this.nodes.set(n.id, n);
  }

  private external(id: string, label: string, endpoint: EndpointView) {
    this.add({
      kind: 'cluster',
      id: EXTERNAL_GROUP,
      label: 'outside the mesh',
    });
    this.add({ kind: 'external', id, label, endpoint });
    return id;
  }

  /** The id of the node the end is drawn as, without adding any (unused paths mark only). */
  find(key: string): string | undefined {
    const e = parseObservedKey(key);
    const has = (id: string) => (this.nodes.has(id) ? id : undefined);
    switch (e.kind) {
      case 'workload': {
        const ns = namespaceNodeId(e.cluster, e.namespace);
        return (
          has(e.ref) ??
          (this.nodes.get(ns)?.kind === 'aggregate' ? ns : undefined)
        );
      }
      case 'entity':
        return (
          (e.cluster ? has(`entity:${e.cluster}/${e.entity}`) : undefined) ??
          has(`entity:${e.entity}`)
        );
      case 'cidr':
        // An observed world address is drawn as the graph's `world` when it has one.
        return has(key) ?? has('entity:world');
      default:
        return has(key);
    }
  }

  /** The id of the node the end is drawn as, adding it (and its groups) when missing. */
  place(key: string): string {
    const found = this.find(key);
    if (found) return found;
    const e = parseObservedKey(key);
    switch (e.kind) {
      case 'workload': {
        const clusterId = clusterNodeId(e.cluster);
        const nsId = namespaceNodeId(e.cluster, e.namespace);
        this.add({ kind: 'cluster', id: clusterId, label: e.cluster });
        this.add({
          kind: 'namespace',
          id: nsId,
          label: e.namespace,
          parent: clusterId,
        });
        this.add({
          kind: 'workload',
          id: e.ref,
          label: e.name,
          parent: nsId,
          endpoint: {
            workload: e.ref,
            cluster: e.cluster,
            namespace: e.namespace,
            kind: e.workloadKind,
            name: e.name,
          },
        });
        return e.ref;
      }
      case 'entity': {
        const id = e.cluster
          ? `entity:${e.cluster}/${e.entity}`
          : `entity:${e.entity}`;
        return this.external(id, e.entity, {
          entity: e.entity,
          ...(e.cluster ? { cluster: e.cluster } : {}),
        });
      }
      case 'cidr':
        return this.external(key, e.cidr, { cidr: e.cidr });
      default:
        return this.external(key, `${e.name} (not in the overlay)`, {
          entity: 'unknown',
          cluster: e.cluster,
        });
    }
  }
}

const later = (a?: string, b?: string) => (!a || (b && b > a) ? b : a);

function observationOf(
  edges: ObservedEdge[],
  unused: UnusedAllowedPath[],
): EdgeObservation {
  let flows = 0;
  let drops = 0;
  let lastSeen: string | undefined;
  for (const e of edges) {
    if (e.verdict === 'DROPPED') drops += e.count;
    else flows += e.count;
    lastSeen = later(lastSeen, e.lastSeen);
  }
  let state: ObservationState = 'not-seen';
  if (flows > 0) state = 'observed';
  else if (drops > 0) state = 'attempted';
  else if (unused.length > 0) state = 'unused';
  const sorted = [...edges].sort(
    (a, b) =>
      Number(a.verdict === 'DROPPED') - Number(b.verdict === 'DROPPED') ||
      b.count - a.count,
  );
  return {
    state,
    flows,
    drops,
    unexpected: edges.filter(isUnexpected).length,
    ...(lastSeen ? { lastSeen } : {}),
    edges: sorted,
    unused,
  };
}

function portsText(edges: ObservedEdge[]): string {
  const ports = [...new Set(edges.map(e => `${e.port}/${e.protocol}`))];
  return ports.length === 1 ? ports[0] : `${ports.length} ports`;
}

function observationLabel(base: string, o: EdgeObservation): string {
  const warn = o.unexpected > 0 ? '⚠ ' : '';
  const parts = [`${warn}${base}`];
  if (o.flows > 0) parts.push(`${o.flows} flows`);
  if (o.drops > 0) parts.push(`${o.drops} drops`);
  if (o.state === 'unused') parts.push('unused');
  if (o.state === 'not-seen') parts.push('not seen');
  return parts.join(' · ');
}

/**
 * The model with observed flows: every drawn edge gets its `observation`; forwarded or dropped
 * flows between ends the policies do not connect become edges of their own (`connections`
 * empty), adding the nodes the graph lacks (another team's workload, an address, a pod the
 * overlay does not have).
 */
export function withObservedFlows(
  model: GraphModel,
  flows: Pick<TeamFlowsResponse, 'observed' | 'dropped' | 'unused'>,
): GraphModel {
  const placer = new Placer(model);
  const pair = (s: string, t: string) => `${s}->${t}`;
  const observedOn = new Map<string, ObservedEdge[]>();
  for (const e of [...flows.observed, ...flows.dropped]) {
    const id = pair(placer.place(e.source), placer.place(e.destination));
    const list = observedOn.get(id);
    if (list) list.push(e);
    else observedOn.set(id, [e]);
  }
  const unusedOn = new Map<string, UnusedAllowedPath[]>();
  for (const u of flows.unused) {
    const s = placer.find(endpointKey(u.from));
    const t = placer.find(endpointKey(u.to));
    if (!s || !t) continue;
    const id = pair(s, t);
    unusedOn.set(id, [...(unusedOn.get(id) ?? []), u]);
  }

  const edges: GraphEdge[] = model.edges.map(edge => {
    const o = observationOf(
      observedOn.get(edge.id) ?? [],
      unusedOn.get(edge.id) ?? [],
    );
    observedOn.delete(edge.id);
    return { ...edge, observation: o, label: observationLabel(edge.label, o) };
  });
  for (const [id, list] of observedOn) {
    const [first] = list;
    const source = placer.place(first.source);
    const target = placer.place(first.destination);
    const o = observationOf(list, []);
    const clusterOf = (key: string) => {
      const e = parseObservedKey(key);
      return 'cluster' in e ? e.cluster : undefined;
    };
    const cs = clusterOf(first.source);
    const ct = clusterOf(first.destination);
    const cross = !!cs && !!ct && cs !== ct;
    let style: GraphEdge['style'] = cross ? 'cross-cluster' : 'local';
    if (o.state === 'attempted') style = 'dropped';
    edges.push({
      id,
      source,
      target,
      label: observationLabel(portsText(list), o),
      style,
      connections: [],
      count: 0,
      dropped: 0,
      crossCluster: 0,
      authRequired: 0,
      observation: o,
    });
  }
  return { ...model, nodes: [...placer.nodes.values()], edges };
}
