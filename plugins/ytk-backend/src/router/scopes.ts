import type { WorkloadRef } from '@ytknetwork/common';
import type { RequestContext } from './context';

/** A scope's workloads, sorted, and the Set the per-scope caches of graph.ts are keyed by. */
export interface Scope {
  refs: WorkloadRef[];
  scope: Set<WorkloadRef>;
}

const scopes = new WeakMap<RequestContext['owners'], Map<string, Scope>>();

/**
 * The workloads `refsOf` finds, once per owner map (a version and catalog read) and `key`: one
 * Set shared by the scope's requests, so what is cached per scope Set is found once for it.
 */
export async function sharedScope(
  ctx: RequestContext,
  key: string,
  refsOf: () => Promise<WorkloadRef[]>,
): Promise<Scope> {
  let byKey = scopes.get(ctx.owners);
  if (!byKey) scopes.set(ctx.owners, (byKey = new Map()));
  let hit = byKey.get(key);
  if (!hit) {
    const refs = (await refsOf()).sort();
    byKey.set(key, (hit = { refs, scope: new Set(refs) }));
  }
  return hit;
}
