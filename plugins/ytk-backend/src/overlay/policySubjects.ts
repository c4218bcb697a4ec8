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

/**
 * A policy's subject test, its selectors compiled once (not once per workload), and whether
 * only workloads of the policy's namespace can be its subjects.
 */
function subjectTest(policy: Policy): {
  namespaced: boolean;
  selects: (w: Workload, identity: () => Identity) => boolean;
} {
  const obj = policy.object;
  if (obj.kind === 'NetworkPolicy') {
    const podSelector = obj.spec.podSelector ?? {};
    return {
      namespaced: true,
      selects: w =>
        w.namespace === policy.namespace &&
        matchLabelSelector(podSelector, w.labels),
    };
  }
  if (
    obj.kind === 'AdminNetworkPolicy' ||
    obj.kind === 'BaselineAdminNetworkPolicy'
  )
    return {
      namespaced: false,
      selects: w => adminSubjectSelects(obj.spec.subject, w),
    };
  if (obj.kind === 'CalicoNetworkPolicy' || obj.kind === 'GlobalNetworkPolicy')
    return {
      namespaced: false,
      selects: w => calicoPolicySelects(policy, w),
    };
  const specs = [...(obj.spec ? [obj.spec] : []), ...(obj.specs ?? [])];
  const selectors = specs.flatMap(s =>
    // nodeSelector rules apply to hosts, not pods.
    !s.nodeSelector && s.endpointSelector !== undefined
      ? [subjectSelector(s.endpointSelector, policy.namespace)]
      : [],
  );
  return {
    // A namespaced policy's subject selector requires the pod's namespace to be its own.
    namespaced: !!policy.namespace,
    selects: (_w, identity) =>
      selectors.some(sel => matchEndpointSelector(sel, identity())),
  };
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
    // Positions by namespace (ascending): a namespaced policy tests its namespace's only.
    const all = c.workloads.map((_, i) => i);
    const byNamespace = new Map<string, number[]>();
    for (const i of all) {
      const ns = c.workloads[i].namespace;
      const list = byNamespace.get(ns);
      if (list) list.push(i);
      else byNamespace.set(ns, [i]);
    }
    for (const p of c.policies) {
      const test = subjectTest(p);
      const candidates = test.namespaced
        ? (byNamespace.get(p.namespace ?? '') ?? [])
        : all;
      const refs: WorkloadRef[] = [];
      for (const i of candidates)
        if (test.selects(c.workloads[i], identities[i]))
          refs.push(c.workloads[i].ref);
      out.set(p.id, refs);
    }
  }
  return out;
}
