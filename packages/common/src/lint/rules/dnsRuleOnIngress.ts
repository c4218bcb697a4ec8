import { defineRule } from '../rule';
import { portRules } from '../util/l7';
import { ciliumRules } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/** C13: DNS L7 rules exist for egress only; Sanitize rejects them on ingress. */
export const dnsRuleOnIngress = defineRule(
  {
    id: 'cilium-dns-rule-on-ingress',
    semanticsId: 'C13',
    title: 'DNS rule on ingress',
    severity: 'error',
    category: 'l7',
    threat: 'misconfiguration',
    rationale:
      'L7 DNS rules drive the egress DNS proxy; Cilium rejects them in ingress rules, which invalidates the whole policy.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: dns
ingress:
  - fromEndpoints:
      - {}
    toPorts:
      - ports:
          - port: "53"
            protocol: UDP
        rules:
          dns:
            - matchPattern: "*"
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: dns
ingress:
  - fromEndpoints:
      - {}
    toPorts:
      - ports:
          - port: "53"
            protocol: UDP
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources)
      .filter(r => r.direction === 'ingress')
      .flatMap(portRules)
      .filter(pr => pr.l7.includes('dns'))
      .map(pr => ({
        resource: pr.rule.resource,
        path: [...pr.path, 'rules', 'dns'],
        atKey: true,
        message:
          'DNS rules are not allowed on ingress: Cilium rejects the policy.',
      })),
);
