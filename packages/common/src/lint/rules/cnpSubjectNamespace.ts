import { defineRule } from '../rule';
import { NAMESPACE_LABEL, requirements, splitSource } from '../util/labels';
import { ciliumSpecs } from '../util/policies';
import { cnp } from './examples';

/** C09: a namespace key in a CNP endpointSelector is discarded; the policy's own namespace wins. */
export const cnpSubjectNamespace = defineRule(
  {
    id: 'cnp-subject-namespace-ignored',
    semanticsId: 'C09',
    title: 'Namespace in a namespaced endpointSelector is ignored',
    severity: 'warning',
    category: 'selection',
    threat: 'misconfiguration',
    rationale:
      'Cilium forces `io.kubernetes.pod.namespace=<policy namespace>` into a CiliumNetworkPolicy endpointSelector and discards a namespace the author wrote. To select pods of another namespace, create the policy there or use a clusterwide policy.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    k8s:io.kubernetes.pod.namespace: payments
    app: api
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: api
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
`),
    appliesTo: ['CiliumNetworkPolicy'],
    needsContext: false,
  },
  ctx =>
    ciliumSpecs(ctx.resources)
      .filter(s => !s.clusterwide)
      .flatMap(s =>
        requirements(s.spec.endpointSelector)
          .filter(r => splitSource(r.key).key === NAMESPACE_LABEL)
          .map(r => ({
            resource: s.resource,
            path: [...s.path, 'endpointSelector', ...r.path],
            atKey: r.path[0] === 'matchLabels',
            message: `the namespace requirement is discarded: a CiliumNetworkPolicy always selects pods of its own namespace (${s.namespace ?? 'policy namespace'}).`,
          })),
      ),
);
