import type {
  Connection,
  ConnectionView,
  Endpoint,
  EndpointView,
  Finding,
  Overlay,
  Policy,
  PolicySummary,
  Workload,
  WorkloadRef,
  WorkloadView,
} from '@ytknetwork/common';
import { endpointId } from '../overlay/compactConnectivity';
import { connectionsTouching } from '../overlay/connectionIndex';
import { policiesSelecting, type PolicyIndex } from '../overlay/policyIndex';
import type { WorkloadOwner } from '../teams/TeamService';
import type { RequestContext, RouterDeps } from './context';
import {
  connectionView,
  endpointView,
  peerView,
  policySummary,
  workloadView,
} from './views';

const endRef = (e: Connection['from']) =>
  'workload' in e ? e.workload : undefined;

/**
 * Connection views depend only on the connection and the owner map, both fixed for
 * one overlay version (and catalog refresh): built once, shared by every request.
 */
const viewCache = new WeakMap<
  readonly Connection[],
  WeakMap<Map<WorkloadRef, WorkloadOwner>, Array<ConnectionView | undefined>>
>();

/** Endpoint views by endpoint id, per owner map: shared by every connection view. */
const endCache = new WeakMap<
  Map<WorkloadRef, WorkloadOwner>,
  (e: Endpoint) => EndpointView
>();

function endsFor(owners: Map<WorkloadRef, WorkloadOwner>) {
  let end = endCache.get(owners);
  if (!end) {
    const byId = new Map<string, EndpointView>();
    end = (e: Endpoint) => {
      const id = endpointId(e);
      let v = byId.get(id);
      if (!v) byId.set(id, (v = endpointView(e, owners)));
      return v;
    };
    endCache.set(owners, end);
  }
  return end;
}

function viewsFor(
  connections: readonly Connection[],
  owners: Map<WorkloadRef, WorkloadOwner>,
): Array<ConnectionView | undefined> {
  let byOwners = viewCache.get(connections);
  if (!byOwners) viewCache.set(connections, (byOwners = new WeakMap()));
  let views = byOwners.get(owners);
  if (!views) byOwners.set(owners, (views = new Array(connections.length)));
  return views;
}

/** The view of connection `i` of the request's connectivity, built once per owner map. */
export function connectionViewAt(
  deps: RouterDeps,
  ctx: RequestContext,
  i: number,
): ConnectionView {
  const { connections } = deps.overlay.connectivity(ctx.overlay);
  const views = viewsFor(connections, ctx.owners);
  return (views[i] ??= connectionView(
    connections[i],
    ctx.owners,
    endsFor(ctx.owners),
  ));
}

/** Workloads by ref per overlay (first cluster listing a ref wins): a lookup per node, not a scan. */
const workloadIndex = new WeakMap<Overlay, Map<WorkloadRef, Workload>>();

function workloadByRef(overlay: Overlay, ref: WorkloadRef) {
  let index = workloadIndex.get(overlay);
  if (!index) {
    index = new Map();
    for (const c of overlay.clusters)
      for (const w of c.workloads) if (!index.has(w.ref)) index.set(w.ref, w);
    workloadIndex.set(overlay, index);
  }
  return index.get(ref);
}

/** A workload as the caller may see it: in full if their team owns it, else as a peer. */
export function viewOf(ctx: RequestContext, ref: WorkloadRef): WorkloadView {
  const owner = ctx.owners.get(ref);
  if (ctx.mine.has(ref)) {
    const w = workloadByRef(ctx.overlay, ref);
    if (w) return workloadView(w, owner);
  }
  return peerView(ref, owner);
}

/** Connections touching a set of workloads, split by direction, plus every node seen. */
export function neighbourhood(
  deps: RouterDeps,
  ctx: RequestContext,
  scope: Set<WorkloadRef>,
) {
  const inbound: ConnectionView[] = [];
  const outbound: ConnectionView[] = [];
  const all: ConnectionView[] = [];
  const nodes = new Set<WorkloadRef>(scope);
  const { connections } = deps.overlay.connectivity(ctx.overlay);
  const views = viewsFor(connections, ctx.owners);
  const ends = endsFor(ctx.owners);
  const touching = connectionsTouching(
    deps.overlay.connectionIndex(ctx.overlay),
    connections.length,
    scope,
  );
  for (const i of touching) {
    const c = connections[i];
    const from = endRef(c.from);
    const to = endRef(c.to);
    const view = (views[i] ??= connectionView(c, ctx.owners, ends));
    all.push(view);
    if (to !== undefined && scope.has(to)) inbound.push(view);
    if (from !== undefined && scope.has(from)) outbound.push(view);
    if (from) nodes.add(from);
    if (to) nodes.add(to);
  }
  return {
    inbound,
    outbound,
    connections: all,
    nodes: [...nodes].sort().map(r => viewOf(ctx, r)),
  };
}

export type Readable = Array<{ policy: Policy; own: Finding[] }>;

/**
 * For callers who read every policy: the answer per version's index and scope Set (a team's is
 * shared by its requests), kept while each cluster's located findings are the same.
 */
const everyPolicyCache = new WeakMap<
  PolicyIndex,
  WeakMap<
    Set<WorkloadRef>,
    { located: Map<string, Map<string, Finding[]>>; out: Readable }
  >
>();

/** Policies selecting any of the workloads that the caller may read, each with its findings. */
export async function readablePolicies(
  deps: RouterDeps,
  ctx: RequestContext,
  workloads: Set<WorkloadRef>,
): Promise<Readable> {
  // The request's overlay version's index, in the overlay's policy order.
  const index = deps.overlay.policyIndex(ctx.overlay);
  if (!ctx.readsEveryPolicy)
    return (await collect(deps, ctx, index, workloads)).out;
  let byScope = everyPolicyCache.get(index);
  if (!byScope) everyPolicyCache.set(index, (byScope = new WeakMap()));
  const hit = byScope.get(workloads);
  if (hit) {
    let same = true;
    for (const [cluster, located] of hit.located)
      if ((await deps.overlay.policyFindings(cluster)) !== located)
        same = false;
    if (same) return hit.out;
  }
  const fresh = await collect(deps, ctx, index, workloads);
  byScope.set(workloads, fresh);
  return fresh.out;
}

async function collect(
  deps: RouterDeps,
  ctx: RequestContext,
  index: PolicyIndex,
  workloads: Set<WorkloadRef>,
) {
  const out: Readable = [];
  // One lookup per cluster: an await per policy cost more than the rest of the request.
  const byCluster = new Map<string, Map<string, Finding[]>>();
  for (const i of policiesSelecting(index, workloads)) {
    const p = index.policies[i];
    if (!ctx.canReadPolicy(p)) continue;
    let located = byCluster.get(p.cluster);
    if (!located)
      byCluster.set(
        p.cluster,
        (located = await deps.overlay.policyFindings(p.cluster)),
      );
    // Absent when the request's version is older than the findings' (a race with a rebuild).
    const own = located.get(p.id) ?? (await deps.overlay.findingsOf(p));
    out.push({ policy: p, own });
  }
  return { located: byCluster, out };
}

/** Findings of the readable policies selecting any of the workloads, each once. */
function distinctFindings(readable: Array<{ own: Finding[] }>): Finding[] {
  // A finding can sit in several policies (one document): listed once, first seen first.
  const findings = new Set<Finding>();
  for (const { own } of readable) for (const f of own) findings.add(f);
  return [...findings];
}

/** Summaries of the readable policies, with their findings each once. */
export function policiesOf(
  ctx: RequestContext,
  readable: Readable,
): { policies: PolicySummary[]; findings: Finding[] } {
  const policies = readable.map(({ policy: p, own }) =>
    policySummary(p, ctx.subjects.get(p.id) ?? [], ctx.policyTeams(p), own),
  );
  return { policies, findings: distinctFindings(readable) };
}

/** Only the findings of `policiesOf` (a team overview counts them; it lists no policy). */
export async function findingsFor(
  deps: RouterDeps,
  ctx: RequestContext,
  workloads: Set<WorkloadRef>,
): Promise<Finding[]> {
  return distinctFindings(await readablePolicies(deps, ctx, workloads));
}
