import { defineRule } from '../rule';
import { ciliumRules, l3Present } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/** T4 (§2.5): a rule with toPorts but no peer allows every peer, world included. */
export const ciliumPortsOnly = defineRule(
  {
    id: 'cilium-ports-only-any-peer',
    semanticsId: 'T4',
    title: 'Ports-only rule allows every peer',
    severity: 'warning',
    category: 'exposure',
    threat: 'unauthorized-access',
    rationale:
      'A rule with `toPorts` and no L3 peer allows those ports from (or to) every peer: other namespaces, other clusters and the internet. Name the peers.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - toPorts:
      - ports:
          - port: "5432"
            protocol: TCP
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
    toPorts:
      - ports:
          - port: "5432"
            protocol: TCP
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources)
      .filter(
        r =>
          !r.deny && l3Present(r).length === 0 && r.rule.toPorts !== undefined,
      )
      .map(r => ({
        resource: r.resource,
        path: [...r.path, 'toPorts'],
        atKey: true,
        message: `this ${r.section} rule names ports but no peer: it allows them ${r.direction === 'ingress' ? 'from' : 'to'} every peer, including world and other clusters.`,
      })),
);
