import {
  parseWorkloadRef,
  type Connection,
  type ConnectionView,
  type Endpoint,
  type EndpointView,
  type Finding,
  type FindingCounts,
  type Policy,
  type PolicySummary,
  type Workload,
  type WorkloadRef,
  type WorkloadView,
} from '@ytknetwork/common';
import type { WorkloadOwner } from '../teams/TeamService';

/** Full view of a workload the caller owns. */
export function workloadView(
  w: Workload,
  owner: WorkloadOwner | undefined,
): WorkloadView {
  return {
    ref: w.ref,
    cluster: w.cluster,
    namespace: w.namespace,
    kind: w.kind,
    name: w.name,
    labels: w.labels,
    serviceAccount: w.serviceAccount,
    podCount: w.podCount,
    spiffeIds: w.spiffeIds,
    ...(owner?.team ? { team: owner.team } : {}),
    ...(owner ? { component: owner.component } : {}),
  };
}

/** Another team's workload: who and where, nothing of its labels or identity. */
export function peerView(
  ref: WorkloadRef,
  owner: WorkloadOwner | undefined,
): WorkloadView {
  const p = parseWorkloadRef(ref);
  return {
    ref,
    cluster: p?.cluster ?? '',
    namespace: p?.namespace ?? '',
    kind: p?.kind ?? '',
    name: p?.name ?? ref,
    labels: {},
    serviceAccount: '',
    podCount: 0,
    spiffeIds: [],
    ...(owner?.team ? { team: owner.team } : {}),
  };
}

export function endpointView(
  e: Endpoint,
  owners: Map<WorkloadRef, WorkloadOwner>,
): EndpointView {
  if (!('workload' in e)) return { ...e };
  const p = parseWorkloadRef(e.workload);
  const team = owners.get(e.workload)?.team;
  return { ...e, ...p, ...(team ? { team } : {}) };
}

export function connectionView(
  c: Connection,
  owners: Map<WorkloadRef, WorkloadOwner>,
  /** How ends are viewed: e.g. memoized, so a million connections share a few thousand ends. */
  end: (e: Endpoint) => EndpointView = e => endpointView(e, owners),
): ConnectionView {
  const authRequired = c.authRequired ?? false;
  return {
    from: end(c.from),
    to: end(c.to),
    ports: c.ports,
    crossCluster: c.crossCluster,
    authRequired,
    // The engine leaves ports whose mutual auth cannot happen (across ClusterMesh, mesh auth
    // off) out of `ports`: a connection with none left is dropped, never shown as secured.
    effective: c.ports === 'all' || c.ports.length > 0,
    ...(c.authDropped ? { droppedPorts: c.authDropped } : {}),
    ...(c.istio ? { istio: c.istio } : {}),
  };
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

const before = (
  a: { line: number; character: number },
  b: { line: number; character: number },
) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/** Is a source position (a finding's, an evidence item's) inside a policy's source document? */
export function locatedIn(
  policy: Policy,
  at: { uri: string; range: Finding['range'] },
): boolean {
  const src = policy.source;
  if (!src || at.uri !== src.uri) return false;
  const r = src.range;
  const whole =
    r.start.line === 0 &&
    r.start.character === 0 &&
    r.end.line === 0 &&
    r.end.character === 0;
  return (
    whole || (before(r.start, at.range.start) && before(at.range.end, r.end))
  );
}

/** Findings located inside a policy's source document. */
export function findingsOfPolicy(
  policy: Policy,
  findings: readonly Finding[],
): Finding[] {
  if (!policy.source) return [];
  return findings.filter(f => locatedIn(policy, f));
}

export function policySummary(
  p: Policy,
  selects: WorkloadRef[],
  teams: string[],
  findings: readonly Finding[],
): PolicySummary {
  return {
    id: p.id,
    cluster: p.cluster,
    ...(p.namespace ? { namespace: p.namespace } : {}),
    kind: p.kind,
    name: p.name,
    ...(teams.length ? { team: teams[0] } : {}),
    selects,
    findingCounts: countFindings(findingsOfPolicy(p, findings)),
  };
}
