import { defineRule } from '../rule';
import { isEmptySelector } from '../util/labels';
import { ciliumSpecs } from '../util/policies';
import { cnp } from './examples';

/** C06: a CNP with `endpointSelector: {}` isolates every pod of its namespace. */
export const cnpSelectsNamespace = defineRule(
  {
    id: 'cnp-selects-whole-namespace',
    semanticsId: 'C06',
    title: 'Policy selects every pod of the namespace',
    severity: 'info',
    category: 'selection',
    threat: 'denial-of-service',
    rationale:
      '`endpointSelector: {}` in a CiliumNetworkPolicy selects every pod of the namespace; each of them becomes default-deny in the directions the policy has rules for. Fine for a namespace baseline, surprising otherwise.',
    badExample: cnp(`
endpointSelector: {}
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
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
      .filter(s => !s.clusterwide && isEmptySelector(s.spec.endpointSelector))
      .map(s => ({
        resource: s.resource,
        path: [...s.path, 'endpointSelector'],
        message: `endpointSelector: {} selects every pod of namespace ${s.namespace ?? '(policy namespace)'}; each becomes default-deny in this policy's directions.`,
      })),
);
