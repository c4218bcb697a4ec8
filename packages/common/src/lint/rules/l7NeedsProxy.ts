import { defineRule } from '../rule';
import { portRules } from '../util/l7';
import { ciliumRules } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/** C15: any L7 rule depends on Envoy and the agent being up. */
export const l7NeedsProxy = defineRule(
  {
    id: 'cilium-l7-needs-proxy',
    semanticsId: 'C15',
    title: 'L7 rule depends on the proxy',
    severity: 'info',
    category: 'l7',
    threat: 'denial-of-service',
    rationale:
      'L7 and DNS rules redirect traffic through the node-local Envoy / DNS proxy: the flow depends on agent and Envoy availability, and agent or Envoy upgrades reset proxied connections. Violations are answered (HTTP 403, DNS REFUSED), not dropped.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: api
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
    toPorts:
      - ports:
          - port: "8080"
            protocol: TCP
        rules:
          http:
            - method: GET
              path: /public/.*
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: api
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
    toPorts:
      - ports:
          - port: "8080"
            protocol: TCP
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources)
      .flatMap(portRules)
      .filter(pr => pr.l7.length > 0)
      .map(pr => ({
        resource: pr.rule.resource,
        path: [...pr.path, 'rules'],
        atKey: true,
        message: `${pr.l7.join('/')} rules are enforced by the node-local proxy: they depend on Envoy/agent availability and upgrades reset these connections.`,
      })),
);
