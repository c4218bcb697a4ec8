import { defineRule } from '../rule';
import { targetClusters, subjectWorkloads } from '../util/context';
import { ciliumSpecs, npSpecs } from '../util/policies';
import { cnp } from './examples';

/** K09: a policy whose subject selector selects no workload in the target cluster(s). */
export const policySelectsNothing = defineRule(
  {
    id: 'policy-selects-nothing',
    semanticsId: 'K09',
    title: 'Policy selects no workload',
    severity: 'info',
    category: 'selection',
    threat: 'misconfiguration',
    rationale:
      "A policy whose pod/endpoint selector matches no workload is dead: it protects nothing. Usually a label typo, or the workload moved. Context: the overlay's workloads (cluster c1, namespace shop with app=web and app=db in the examples).",
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: dbb
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
    appliesTo: [
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ],
    needsContext: true,
  },
  ctx => {
    const clusters = targetClusters(ctx);
    if (clusters.length === 0) return [];
    const subjects = [
      ...npSpecs(ctx.resources).map(s => ({
        resource: s.resource,
        selector: s.spec.podSelector ?? {},
        path: ['spec', 'podSelector'],
      })),
      ...ciliumSpecs(ctx.resources)
        .filter(s => s.spec.endpointSelector !== undefined)
        .map(s => ({
          resource: s.resource,
          selector: s.spec.endpointSelector,
          path: [...s.path, 'endpointSelector'],
        })),
    ];
    return subjects
      .filter(s =>
        clusters.every(
          c => subjectWorkloads(s.resource, c, s.selector).length === 0,
        ),
      )
      .map(s => ({
        resource: s.resource,
        path: s.path,
        message: `this selector matches no workload in ${clusters.map(c => c.name).join(', ')}: the policy protects nothing (label typo?).`,
      }));
  },
);
