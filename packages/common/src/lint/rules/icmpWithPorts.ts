import { defineRule } from '../rule';
import { ciliumRules } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/** C23: icmps and toPorts cannot share a rule. */
export const icmpWithPorts = defineRule(
  {
    id: 'cilium-icmp-with-ports',
    semanticsId: 'C23',
    title: 'icmps and toPorts in one rule',
    severity: 'error',
    category: 'validity',
    threat: 'misconfiguration',
    rationale:
      'Cilium rejects a rule that has both `icmps` and `toPorts`; put them in two rules with the same peers.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
ingress:
  - fromEndpoints:
      - matchLabels:
          app: probe
    icmps:
      - fields:
          - type: 8
            family: IPv4
    toPorts:
      - ports:
          - port: "80"
            protocol: TCP
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
ingress:
  - fromEndpoints:
      - matchLabels:
          app: probe
    icmps:
      - fields:
          - type: 8
            family: IPv4
  - fromEndpoints:
      - matchLabels:
          app: probe
    toPorts:
      - ports:
          - port: "80"
            protocol: TCP
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources)
      .filter(r => r.rule.icmps !== undefined && r.rule.toPorts !== undefined)
      .map(r => ({
        resource: r.resource,
        path: [...r.path, 'icmps'],
        atKey: true,
        message:
          'icmps and toPorts in the same rule: Cilium rejects the policy; split them into two rules.',
      })),
);
