import { defineRule } from '../rule';
import { portRules, ports } from '../util/l7';
import { ciliumRules } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

const MAX_PORTS = 40;
const list = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `          - port: "${8000 + i}"\n            protocol: TCP`,
  ).join('\n');

/** C23: a PortRule may list at most 40 ports. */
export const tooManyPorts = defineRule(
  {
    id: 'cilium-too-many-ports',
    semanticsId: 'C23',
    title: 'More than 40 ports in one port rule',
    severity: 'error',
    category: 'validity',
    threat: 'misconfiguration',
    rationale:
      'Cilium rejects a `toPorts` entry with more than 40 ports. Use port ranges (`endPort`) or several entries.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
ingress:
  - toPorts:
      - ports:
${list(41)}
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
ingress:
  - toPorts:
      - ports:
          - port: "8000"
            endPort: 8040
            protocol: TCP
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources)
      .flatMap(portRules)
      .filter(pr => ports(pr).length > MAX_PORTS)
      .map(pr => ({
        resource: pr.rule.resource,
        path: [...pr.path, 'ports'],
        atKey: true,
        message: `${ports(pr).length} ports in one port rule (maximum ${MAX_PORTS}): Cilium rejects the policy.`,
      })),
);
