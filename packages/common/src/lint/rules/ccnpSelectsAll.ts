import { defineRule } from '../rule';
import { isEmptySelector } from '../util/labels';
import { SECTIONS, ciliumSpecs } from '../util/policies';
import { ccnp } from './examples';

/** C05: a clusterwide `endpointSelector: {}` default-denies kube-system and Cilium's own endpoints. */
export const ccnpSelectsAll = defineRule(
  {
    id: 'ccnp-selects-all-endpoints',
    semanticsId: 'C05',
    title: 'Clusterwide policy selects every endpoint',
    severity: 'warning',
    category: 'selection',
    threat: 'denial-of-service',
    rationale:
      'A CiliumClusterwideNetworkPolicy with `endpointSelector: {}` selects every endpoint on every node — kube-system, DNS, Cilium health and ingress endpoints included — and switches them to default deny in the directions it has rules for. Exclude system namespaces with a `NotIn` expression on `io.kubernetes.pod.namespace`.',
    badExample: ccnp(`
endpointSelector: {}
ingress:
  - fromEntities:
      - cluster
`),
    goodExample: ccnp(`
endpointSelector:
  matchExpressions:
    - key: io.kubernetes.pod.namespace
      operator: NotIn
      values:
        - kube-system
ingress:
  - fromEntities:
      - cluster
`),
    appliesTo: ['CiliumClusterwideNetworkPolicy'],
    needsContext: false,
  },
  ctx =>
    ciliumSpecs(ctx.resources)
      .filter(s => s.clusterwide && isEmptySelector(s.spec.endpointSelector))
      .filter(s =>
        SECTIONS.some(
          sec =>
            Array.isArray(s.spec[sec]) && (s.spec[sec] as unknown[]).length > 0,
        ),
      )
      .map(s => ({
        resource: s.resource,
        path: [...s.path, 'endpointSelector'],
        message:
          'endpointSelector: {} in a clusterwide policy selects every endpoint (kube-system, DNS, Cilium health and ingress included) and makes them default-deny; exclude system namespaces.',
      })),
);
