import { defineRule } from '../rule';
import { isObj } from '../util/access';
import { requirements } from '../util/labels';
import { ofKind } from '../util/policies';
import { clusterSpiffeId } from './spiffeExamples';

const IGNORED = ['kube-system', 'kube-public', 'spire-system'];
const NAME_LABEL = 'kubernetes.io/metadata.name';

/** S02: a ClusterSPIFFEID aimed at a namespace the controller ignores by default. */
export const spiffeIgnoredNamespace = defineRule(
  {
    id: 'spiffe-ignored-namespace',
    semanticsId: 'S02',
    title: 'ClusterSPIFFEID targets an ignored namespace',
    severity: 'warning',
    category: 'spiffe',
    threat: 'denial-of-service',
    rationale:
      'spire-controller-manager skips `ignoreNamespaces` (default kube-system, kube-public, spire-system): pods there get no entries, counted only as `namespacesIgnored` in the status.',
    badExample: clusterSpiffeId(
      'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}',
      '  namespaceSelector:\n    matchLabels:\n      kubernetes.io/metadata.name: kube-system\n',
    ),
    goodExample: clusterSpiffeId(
      'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}',
      '  namespaceSelector:\n    matchLabels:\n      kubernetes.io/metadata.name: shop\n',
    ),
    appliesTo: ['ClusterSPIFFEID'],
    needsContext: false,
  },
  ctx =>
    ofKind(ctx.resources, 'ClusterSPIFFEID').flatMap(r => {
      const spec = (r.object as { spec?: unknown }).spec;
      if (!isObj(spec)) return [];
      return requirements(spec.namespaceSelector)
        .filter(q => q.key === NAME_LABEL && q.operator === 'In')
        .flatMap(q => {
          const hit = q.values.filter(v => IGNORED.includes(v));
          return hit.length
            ? [
                {
                  resource: r,
                  path: ['spec', 'namespaceSelector', ...q.path],
                  message: `namespace ${hit.join(', ')} is in the controller's default ignoreNamespaces: its pods get no SPIFFE ID.`,
                },
              ]
            : [];
        });
    }),
);
