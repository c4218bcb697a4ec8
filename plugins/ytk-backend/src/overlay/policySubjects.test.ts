import {
  buildOverlay,
  decodeText,
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

  it("looks only in a namespaced policy's namespace, whatever namespace its selector names", () => {
    const pod = (ns: string, name: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name}, namespace: ${ns}, labels: { app: web } }\nspec: { containers: [{ name: c }] }\n`;
    const text = [
      pod('a', 'web-a'),
      pod('b', 'web-b'),
      // Cilium replaces a namespaced policy's namespace requirement with its own.
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: cnp, namespace: a }\nspec:\n  endpointSelector:\n    matchLabels: { app: web, k8s:io.kubernetes.pod.namespace: b }\n  ingress: [{}]\n`,
      `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: { name: ccnp }\nspec:\n  endpointSelector: { matchLabels: { app: web } }\n  ingress: [{}]\n`,
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: np, namespace: b }\nspec: { podSelector: {} }\n`,
    ].join('---\n');
    const built = buildOverlay(
      [{ name: 'c1', resources: decodeText(text, 'mem://c1').resources }],
      { version: 1 },
    );
    const byName = new Map(built.clusters[0].policies.map(p => [p.name, p.id]));
    const subjects = policySubjects(built.clusters);
    const refs = (name: string) =>
      subjects.get(byName.get(name)!)!.map(r => r.split('/')[1]);
    expect(refs('cnp')).toEqual(['a']);
    expect(refs('ccnp')).toEqual(['a', 'b']);
    expect(refs('np')).toEqual(['b']);
  });
});
