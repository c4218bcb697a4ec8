import type {
  ConnectionBundle,
  ConnectivityAggregation,
  NamespaceGroup,
  WorkloadRef,
} from '@ytknetwork/common';
import {
  GRAPH_AGGREGATE_CONNECTIONS,
  GRAPH_AGGREGATE_ENDPOINTS,
} from '@ytknetwork/common';
import { bundleConnections } from '../overlay/connectionBundles';
import { connectionsTouching } from '../overlay/connectionIndex';
import type { WorkloadOwner } from '../teams/TeamService';
import type { RequestContext, RouterDeps } from './context';
import { connectionViewAt } from './graph';

/**
 * Above the portal's own thresholds `aggregate=auto` collapses namespaces, so the portal never
 * receives a graph it would aggregate anyway, and a million-connection graph never leaves the
 * backend in full.
 */

export type AggregateMode = 'none' | 'auto' | 'namespace';

export interface AggregatedGraph {
  /** Workloads of the graph: the scope and every workload peer. */
  nodes: WorkloadRef[];
  aggregation: Omit<ConnectivityAggregation, 'scope'>;
}

/** `<cluster>/<namespace>` of a workload ref (`cluster/namespace/Kind/name`). */
const namespaceKey = (ref: WorkloadRef) => {
  const [cluster, namespace] = ref.split('/');
  return { cluster, namespace, key: `${cluster}/${namespace}` };
};

const CACHE_ENTRIES = 32;

/**
 * The scope's graph with namespaces collapsed (except `expanded`), or undefined when
 * `mode` is `auto` and the full graph is small enough to send as it is. Results are
 * cached per overlay version, owner map and `key` (the request's scope and expansion).
 */
export function aggregatedGraph(
  deps: RouterDeps,
  ctx: RequestContext,
  scope: Set<WorkloadRef>,
  options: { mode: 'auto' | 'namespace'; expanded: Set<string>; key: string },
): AggregatedGraph | undefined {
  const byOwners = deps.overlay.cached(
    'connectivity:aggregated',
    () => new WeakMap<Map<WorkloadRef, WorkloadOwner>, Map<string, Cached>>(),
    ctx.overlay,
  );
  let cache = byOwners.get(ctx.owners);
  if (!cache) byOwners.set(ctx.owners, (cache = new Map()));
  const key = `${options.mode}|${options.key}`;
  if (cache.has(key)) return cache.get(key)!.graph;

  const graph = compute(deps, ctx, scope, options);
  // Bounded: every expansion a user clicks is a new key.
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { graph });
  return graph;
}

type Cached = { graph: AggregatedGraph | undefined };

function compute(
  deps: RouterDeps,
  ctx: RequestContext,
  scope: Set<WorkloadRef>,
  options: { mode: 'auto' | 'namespace'; expanded: Set<string> },
): AggregatedGraph | undefined {
  const compact = deps.overlay.compactConnectivity(ctx.overlay);
  const touching = connectionsTouching(
    deps.overlay.connectionIndex(ctx.overlay),
    compact.from.length,
    scope,
  );

  // Endpoints of the graph: the scope plus every end of a touching connection.
  const seen = new Uint8Array(compact.endpoints.length);
  for (const i of touching) {
    seen[compact.from[i]] = 1;
    seen[compact.to[i]] = 1;
  }
  const nodes = new Set<WorkloadRef>(scope);
  let endpoints = 0;
  for (let e = 0; e < seen.length; e++) {
    if (!seen[e]) continue;
    endpoints++;
    const end = compact.endpoints[e];
    if ('workload' in end) nodes.add(end.workload);
  }
  // Scope workloads no connection touches are nodes too.
  for (const ref of scope) {
    const e = compact.byId.get(ref);
    if (e === undefined || !seen[e]) endpoints++;
  }
  if (
    options.mode === 'auto' &&
    endpoints <= GRAPH_AGGREGATE_ENDPOINTS &&
    touching.length <= GRAPH_AGGREGATE_CONNECTIONS
  )
    return undefined;

  const groups = new Map<string, NamespaceGroup>();
  for (const ref of nodes) {
    const { cluster, namespace, key } = namespaceKey(ref);
    if (options.expanded.has(key)) continue;
    const id = `ns:${key}`;
    const g = groups.get(id);
    if (g) g.members++;
    else groups.set(id, { id, cluster, namespace, members: 1 });
  }
  const bundles: ConnectionBundle[] = bundleConnections(
    compact,
    touching,
    e => {
      const end = compact.endpoints[e];
      if (!('workload' in end)) return compact.ids[e];
      const { key } = namespaceKey(end.workload);
      return options.expanded.has(key) ? end.workload : `ns:${key}`;
    },
  ).map(({ sample, ...b }) => ({
    ...b,
    sample: connectionViewAt(deps, ctx, sample),
  }));
  return {
    nodes: [...nodes].sort(),
    aggregation: {
      level: 'namespace',
      expanded: [...options.expanded].sort(),
      groups: [...groups.values()].sort((a, b) => a.id.localeCompare(b.id)),
      bundles,
      connections: touching.length,
    },
  };
}
