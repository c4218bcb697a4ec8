import {
  generateSyntheticOverlay,
  matchEndpointSelector,
  matchLabelSelector,
  podIdentityLabels,
  subjectSelector,
} from '@ytknetwork/common';
import { policySubjects } from './policySubjects';

describe('policySubjects', () => {
  const overlay = generateSyntheticOverlay({
    seed: 11,
    clusters: 2,
    namespaces: 3,
    workloads: 60,
    policies: 80,
  });

  it('selects what each policy selects, pair by pair', () => {
    const subjects = policySubjects(overlay.clusters);
    let selected = 0;
    for (const c of overlay.clusters) {
      for (const p of c.policies) {
        const obj = p.object;
        // Reference: the selector of each policy against each workload's own identity.
        const expected = c.workloads
          .filter(w => {
            if (obj.kind === 'NetworkPolicy')
              return (
                w.namespace === p.namespace &&
                matchLabelSelector(obj.spec.podSelector ?? {}, w.labels)
              );
            // The synthetic overlay has no AdminNetworkPolicy or Calico objects.
            if (
              obj.kind === 'AdminNetworkPolicy' ||
              obj.kind === 'BaselineAdminNetworkPolicy' ||
              obj.kind === 'CalicoNetworkPolicy' ||
              obj.kind === 'GlobalNetworkPolicy'
            )
              return false;
            const identity = podIdentityLabels({
              cluster: c.name,
              namespace: w.namespace,
              podLabels: w.labels,
              namespaceLabels: w.namespaceLabels,
              serviceAccount: w.serviceAccount,
              filter: c.cilium?.identityLabelFilter,
            });
            return [...(obj.spec ? [obj.spec] : []), ...(obj.specs ?? [])].some(
              s =>
                !s.nodeSelector &&
                s.endpointSelector !== undefined &&
                matchEndpointSelector(
                  subjectSelector(s.endpointSelector, p.namespace),
                  identity,
                ),
            );
          })
          .map(w => w.ref);
        expect(subjects.get(p.id)).toEqual(expected);
        selected += expected.length;
      }
    }
    expect(selected).toBeGreaterThan(0);
    expect(subjects.size).toBe(
      overlay.clusters.reduce((n, c) => n + c.policies.length, 0),
    );
  });
});
