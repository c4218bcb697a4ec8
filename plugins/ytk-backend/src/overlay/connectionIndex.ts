import type { WorkloadRef } from '@ytknetwork/common';
import type { CompactConnectivity } from './compactConnectivity';

/**
 * The connections each endpoint is an end of, over the compact connectivity's endpoint table:
 * endpoint `e`'s are `positions[offsets[e] .. offsets[e + 1])`, ascending. Typed arrays, so the
 * view worker builds it and hands it over without a copy (a million connections as a Map of
 * arrays took the first request of a version 0.7 s on the event loop).
 */
export interface ConnectionIndex {
  /** Endpoint position by node id; a workload's id is its ref. */
  byId: ReadonlyMap<string, number>;
  offsets: Int32Array;
  positions: Int32Array;
}

/** Indexes connections by endpoint, so a scope's neighbourhood is a lookup, not a scan. */
export function indexConnections(
  compact: Pick<CompactConnectivity, 'byId' | 'endpoints' | 'from' | 'to'>,
): ConnectionIndex {
  const { from, to } = compact;
  const n = from.length;
  const offsets = new Int32Array(compact.endpoints.length + 1);
  for (let i = 0; i < n; i++) {
    offsets[from[i] + 1]++;
    // A self-connection lists its position once.
    if (to[i] !== from[i]) offsets[to[i] + 1]++;
  }
  for (let e = 1; e < offsets.length; e++) offsets[e] += offsets[e - 1];
  const positions = new Int32Array(offsets[offsets.length - 1]);
  const next = offsets.slice(0, -1);
  for (let i = 0; i < n; i++) {
    positions[next[from[i]]++] = i;
    if (to[i] !== from[i]) positions[next[to[i]]++] = i;
  }
  return { byId: compact.byId, offsets, positions };
}

/** Positions (ascending) of the connections a workload is an end of. */
export function connectionsOf(
  index: ConnectionIndex,
  ref: WorkloadRef,
): Int32Array {
  const e = index.byId.get(ref);
  if (e === undefined) return index.positions.subarray(0, 0);
  return index.positions.subarray(index.offsets[e], index.offsets[e + 1]);
}

/**
 * Positions of the connections touching any workload of `scope`, ascending (the
 * connectivity's own order), each once.
 */
export function connectionsTouching(
  index: ConnectionIndex,
  total: number,
  scope: Iterable<WorkloadRef>,
): number[] {
  const marked = new Uint8Array(total);
  let count = 0;
  for (const ref of scope) {
    for (const i of connectionsOf(index, ref)) {
      if (!marked[i]) {
        marked[i] = 1;
        count++;
      }
    }
  }
  const out = new Array<number>(count);
  let k = 0;
  for (let i = 0; k < count; i++) if (marked[i]) out[k++] = i;
  return out;
}
