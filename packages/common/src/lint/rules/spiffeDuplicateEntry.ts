import { defineRule } from '../rule';
import { isObj } from '../util/access';
import { nameOf, ofKind } from '../util/policies';
import { rangeOf, uriOf } from '../util/text';
import { clusterSpiffeId } from './spiffeExamples';

const key = (spec: Record<string, unknown>) =>
  JSON.stringify([
    spec.spiffeIDTemplate,
    spec.podSelector ?? null,
    spec.namespaceSelector ?? null,
    spec.className ?? null,
  ]);

/** S03: two non-fallback ClusterSPIFFEIDs declaring the same entries. */
export const spiffeDuplicateEntry = defineRule(
  {
    id: 'spiffe-duplicate-entry',
    semanticsId: 'S03',
    title: 'Two ClusterSPIFFEIDs declare the same entries',
    severity: 'warning',
    category: 'spiffe',
    threat: 'misconfiguration',
    rationale:
      'When two ClusterSPIFFEIDs render the same entry for a pod, only one is set and the other is counted as `entriesMasked`; deleting either changes nothing until the other is gone too. Keep one.',
    badExample: `${clusterSpiffeId('spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}')}---\n${clusterSpiffeId('spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}').replace('name: workloads', 'name: workloads-copy')}`,
    goodExample: `${clusterSpiffeId('spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}')}---\n${clusterSpiffeId('spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}', '  fallback: true\n').replace('name: workloads', 'name: workloads-fallback')}`,
    appliesTo: ['ClusterSPIFFEID'],
    needsContext: false,
  },
  ctx => {
    const list = ofKind(ctx.resources, 'ClusterSPIFFEID').flatMap(r => {
      const spec = (r.object as { spec?: unknown }).spec;
      return isObj(spec) && spec.fallback !== true ? [{ r, k: key(spec) }] : [];
    });
    return list.flatMap((a, i) => {
      const first = list.findIndex(b => b.k === a.k);
      if (first === i) return [];
      const b = list[first];
      return [
        {
          resource: a.r,
          path: ['spec', 'spiffeIDTemplate'],
          message: `same template and selectors as ClusterSPIFFEID ${nameOf(b.r)}: the entries are masked (only one is set).`,
          related: [
            {
              uri: uriOf(b.r),
              range: rangeOf(b.r, ['spec', 'spiffeIDTemplate']),
              message: `ClusterSPIFFEID ${nameOf(b.r)}`,
            },
          ],
        },
      ];
    });
  },
);
