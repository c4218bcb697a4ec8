import { defineRule } from '../rule';
import { ciliumRules, l3Present } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/** C01: more than one L3 peer kind in one rule ⇒ Sanitize rejects the whole policy. */
export const ciliumMixedL3 = defineRule(
  {
    id: 'cilium-mixed-l3',
    semanticsId: 'C01',
    title: 'Rule mixes L3 peer kinds',
    severity: 'error',
    category: 'validity',
    threat: 'misconfiguration',
    rationale:
      'A Cilium rule may name only one kind of L3 peer (endpoints, CIDR, CIDR set, entities, services, FQDNs, nodes, groups). Mixing them makes Sanitize reject the policy: it is marked invalid and not enforced at all. Split the peers into separate rules.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
egress:
  - toEndpoints:
      - matchLabels:
          app: api
    toCIDR:
      - 192.0.2.0/24
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
egress:
  - toEndpoints:
      - matchLabels:
          app: api
  - toCIDR:
      - 192.0.2.0/24
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources).flatMap(r => {
      const kinds = l3Present(r).filter(f => !f.endsWith('Requires'));
      if (kinds.length < 2) return [];
      return [
        {
          resource: r.resource,
          path: [...r.path, kinds[1]],
          atKey: true,
          message: `rule mixes ${kinds.join(' and ')}: Cilium rejects the whole policy; split them into separate rules.`,
        },
      ];
    }),
);
