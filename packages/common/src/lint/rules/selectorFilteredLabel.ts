import { identityLabelFilter } from '../../selectors';
import { defineRule } from '../rule';
import { requirements, splitSource } from '../util/labels';
import { policySelectors } from '../util/selectors';
import { cnp } from './examples';

/** K10: a selector on a label Cilium drops from identities never matches under Cilium. */
export const selectorFilteredLabel = defineRule(
  {
    id: 'selector-on-filtered-label',
    semanticsId: 'K10',
    title: 'Selector on a label Cilium ignores',
    severity: 'warning',
    category: 'selection',
    threat: 'denial-of-service',
    rationale:
      'Cilium builds identities only from identity-relevant labels; by default it drops `pod-template-hash`, `controller-revision-hash`, `statefulset.kubernetes.io/pod-name`, `topology.*`, most `kubernetes.io/*` keys and more. A selector on such a key never matches under Cilium although it would under pure Kubernetes semantics (NetworkPolicy included).',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    statefulset.kubernetes.io/pod-name: db-0
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app.kubernetes.io/name: db
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
`),
    appliesTo: [
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ],
    needsContext: false,
  },
  ctx => {
    if (
      ctx.options.enforcer === 'kubernetes' ||
      ctx.options.enforcer === 'calico'
    )
      return [];
    const filter = identityLabelFilter(
      ctx.settings.cluster?.cilium?.identityLabelFilter,
    );
    return policySelectors(ctx.resources)
      .filter(s => s.role !== 'namespace')
      .flatMap(s =>
        requirements(s.selector)
          .filter(q => {
            const { source, key } = splitSource(q.key);
            return (
              source !== 'reserved' &&
              !key.startsWith('io.cilium.') &&
              !filter.keep(key)
            );
          })
          .map(q => ({
            resource: s.resource,
            path: [...s.path, ...q.path],
            atKey: q.path[0] === 'matchLabels',
            message: `Cilium drops label ${splitSource(q.key).key} from identities: this selector never matches under Cilium.`,
          })),
      );
  },
);
