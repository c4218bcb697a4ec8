import type { Connection, WorkloadRef } from '@ytknetwork/common';

/** Positions (ascending) of the connections each workload is an end of. */
export type ConnectionIndex = Map<WorkloadRef, number[]>;

const workloadOf = (e: Connection['from']) =>
  'workload' in e ? e.workload : undefined;

/** Indexes connections by workload, so a scope's neighbourhood is a lookup, not a scan. */
export function indexConnections(
  connections: readonly Connection[],
): ConnectionIndex {
  const index: ConnectionIndex = new Map();
  const add = (ref: WorkloadRef | undefined, i: number) => {
    if (ref === undefined) return;
    const list = index.get(ref);
    if (!list) index.set(ref, [i]);
    // A self-connection lists its position once.
    else if (list[list.length - 1] !== i) list.push(i);
  };
  connections.forEach((c, i) => {
    add(workloadOf(c.from), i);
    add(workloadOf(c.to), i);
  });
  return index;
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
    for (const i of index.get(ref) ?? []) {
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
