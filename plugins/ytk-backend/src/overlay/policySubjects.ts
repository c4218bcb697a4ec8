import {
  adminSubjectSelects,
  calicoPolicySelects,
  matchEndpointSelector,
  matchLabelSelector,
  podIdentityLabels,
  subjectSelector,
  type ClusterState,
  type Policy,
  type Workload,
  type WorkloadRef,
} from '@ytknetwork/common';

type Identity = ReturnType<typeof podIdentityLabels>;

function selects(
  policy: Policy,
  w: Workload,
  identity: () => Identity,
): boolean {
  const obj = policy.object;
  if (obj.kind === 'NetworkPolicy') {
    return (
      w.namespace === policy.namespace &&
      matchLabelSelector(obj.spec.podSelector ?? {}, w.labels)
    );
  }
  if (
    obj.kind === 'AdminNetworkPolicy' ||
    obj.kind === 'BaselineAdminNetworkPolicy'
  )
    return adminSubjectSelects(obj.spec.subject, w);
  if (obj.kind === 'CalicoNetworkPolicy' || obj.kind === 'GlobalNetworkPolicy')
    return calicoPolicySelects(policy, w);
  const specs = [...(obj.spec ? [obj.spec] : []), ...(obj.specs ?? [])];
  return specs.some(
    s =>
      // nodeSelector rules apply to hosts, not pods.
      !s.nodeSelector &&
      s.endpointSelector !== undefined &&
      matchEndpointSelector(
        subjectSelector(s.endpointSelector, policy.namespace),
        identity(),
      ),
  );
}

/** Workloads each policy selects as subjects (its "owners" for permission purposes). */
export function policySubjects(
  clusters: readonly ClusterState[],
): Map<string, WorkloadRef[]> {
  const out = new Map<string, WorkloadRef[]>();
  for (const c of clusters) {
    // A workload's identity labels do not depend on the policy: derive them once per
    // workload (lazily: NetworkPolicy-only clusters never need them).
    const identities = c.workloads.map(w => {
      let id: Identity | undefined;
      return () =>
        (id ??= podIdentityLabels({
          cluster: c.name,
          namespace: w.namespace,
          podLabels: w.labels,
          namespaceLabels: w.namespaceLabels,
          serviceAccount: w.serviceAccount,
          filter: c.cilium?.identityLabelFilter,
        }));
    });
    for (const p of c.policies) {
      out.set(
        p.id,
        c.workloads
          .filter((w, i) => selects(p, w, identities[i]))
          .map(w => w.ref),
      );
    }
  }
  return out;
}
