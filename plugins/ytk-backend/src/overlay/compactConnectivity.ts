import type { Connection, Endpoint } from '@ytknetwork/common';

/**
 * The connectivity as typed arrays over a table of distinct endpoints: aggregating a
 * million connections is then integer work, not a million objects and string keys.
 */
export interface CompactConnectivity {
  /** Distinct endpoints, first seen first. */
  endpoints: Endpoint[];
  /** Node id of each endpoint (see `endpointId`). */
  ids: string[];
  byId: Map<string, number>;
  /** Endpoint position of each connection's source and destination. */
  from: Int32Array;
  to: Int32Array;
  /** Per connection: EFFECTIVE | CROSS_CLUSTER | AUTH_REQUIRED bits. */
  flags: Uint8Array;
}

export const EFFECTIVE = 1;
export const CROSS_CLUSTER = 2;
export const AUTH_REQUIRED = 4;

/**
 * Stable id of an endpoint, the graph's node id: a workload ref, `entity:[<cluster>/]<name>`
 * or `cidr:<cidr>` (the frontend's `endpointId` in src/graph/model.ts names them alike).
 */
export function endpointId(e: Endpoint): string {
  if ('workload' in e) return e.workload;
  if ('entity' in e)
    return e.cluster ? `entity:${e.cluster}/${e.entity}` : `entity:${e.entity}`;
  return `cidr:${e.cidr}`;
}

export function compactConnectivity(
  connections: readonly Connection[],
): CompactConnectivity {
  const endpoints: Endpoint[] = [];
  const ids: string[] = [];
  const byId = new Map<string, number>();
  const n = connections.length;
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const flags = new Uint8Array(n);
  const position = (e: Endpoint) => {
    const id = endpointId(e);
    let i = byId.get(id);
    if (i === undefined) {
      i = endpoints.length;
      byId.set(id, i);
      endpoints.push(e);
      ids.push(id);
    }
    return i;
  };
  for (let i = 0; i < n; i++) {
    const c = connections[i];
    from[i] = position(c.from);
    to[i] = position(c.to);
    // As connectionView decides `effective`: a connection with no port left is dropped.
    flags[i] =
      (c.ports === 'all' || c.ports.length > 0 ? EFFECTIVE : 0) |
      (c.crossCluster ? CROSS_CLUSTER : 0) |
      (c.authRequired ? AUTH_REQUIRED : 0);
  }
  return { endpoints, ids, byId, from, to, flags };
}
