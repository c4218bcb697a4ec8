import type { ClusterState, Policy, WorkloadRef } from '@ytknetwork/common';

/**
 * The policies of an overlay version in one list (cluster by cluster, each cluster's in its
 * order) and, per workload, the positions (ascending) of the policies selecting it: the
 * policies of a scope are a lookup, not a scan of every policy.
 */
export interface PolicyIndex {
  policies: Policy[];
  byWorkload: Map<WorkloadRef, number[]>;
}

export function indexPolicies(
  clusters: readonly ClusterState[],
  subjects: Map<string, WorkloadRef[]>,
): PolicyIndex {
  const policies: Policy[] = [];
  const byWorkload = new Map<WorkloadRef, number[]>();
  for (const c of clusters)
    for (const p of c.policies) {
      const i = policies.push(p) - 1;
      for (const w of subjects.get(p.id) ?? []) {
        const list = byWorkload.get(w);
        if (!list) byWorkload.set(w, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    }
  return { policies, byWorkload };
}

/** Positions (ascending, each once) of the policies selecting any workload of `scope`. */
export function policiesSelecting(
  index: PolicyIndex,
  scope: Iterable<WorkloadRef>,
): number[] {
  const marked = new Uint8Array(index.policies.length);
  let count = 0;
  for (const w of scope)
    for (const i of index.byWorkload.get(w) ?? [])
      if (!marked[i]) {
        marked[i] = 1;
        count++;
      }
  const out = new Array<number>(count);
  let k = 0;
  for (let i = 0; k < count; i++) if (marked[i]) out[k++] = i;
  return out;
}
