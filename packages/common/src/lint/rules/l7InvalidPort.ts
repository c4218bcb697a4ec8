import type { Hit } from '../types';
import { defineRule } from '../rule';
import { portText } from '../util/access';
import { portRules, ports, protocolOf } from '../util/l7';
import { ciliumRules } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/** C13: L7 on non-TCP (except DNS), on port 0, DNS without a port or with a range. */
export const l7InvalidPort = defineRule(
  {
    id: 'cilium-l7-invalid-port',
    semanticsId: 'C13',
    title: 'L7 rule on a port Cilium cannot proxy',
    severity: 'error',
    category: 'l7',
    threat: 'misconfiguration',
    rationale:
      'Cilium rejects L7 rules on UDP/SCTP (DNS excepted), on port 0 (all ports), and DNS rules without an explicit port or with a port range. The policy becomes invalid and is not enforced.',
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
            protocol: UDP
        rules:
          http:
            - method: GET
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
        rules:
          http:
            - method: GET
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources)
      .flatMap(portRules)
      .filter(pr => pr.l7.length > 0)
      .flatMap(pr => {
        const hits: Hit[] = [];
        const dnsOnly = pr.l7.every(k => k === 'dns');
        const list = ports(pr);
        if (list.length === 0 && pr.l7.includes('dns')) {
          hits.push({
            resource: pr.rule.resource,
            path: pr.path,
            message: 'DNS rules need an explicit port (53).',
          });
        }
        list.forEach((p, i) => {
          const path = [...pr.path, 'ports', i];
          const port = portText(p.port) ?? '0';
          if (port === '0') {
            hits.push({
              resource: pr.rule.resource,
              path,
              message:
                'L7 rules cannot apply to port 0 (all ports): Cilium rejects the policy.',
            });
          }
          if (pr.l7.includes('dns') && p.endPort !== undefined) {
            hits.push({
              resource: pr.rule.resource,
              path: [...path, 'endPort'],
              message: 'DNS rules cannot use a port range.',
            });
          }
          const proto = protocolOf(p);
          if (!dnsOnly && (proto === 'UDP' || proto === 'SCTP')) {
            hits.push({
              resource: pr.rule.resource,
              path: [...path, 'protocol'],
              message: `${pr.l7.join('/')} rules need TCP; ${proto} is rejected.`,
            });
          }
        });
        return hits;
      }),
);
