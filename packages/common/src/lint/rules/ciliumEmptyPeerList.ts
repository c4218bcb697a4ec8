import { defineRule } from '../rule';
import { ciliumRules, L3_FIELDS } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/** C08: a present-but-empty L3 list selects nothing (silent deny). */
export const ciliumEmptyPeerList = defineRule(
  {
    id: 'cilium-empty-peer-list',
    semanticsId: 'C08',
    title: 'Empty peer list selects nothing',
    severity: 'error',
    category: 'selection',
    threat: 'denial-of-service',
    rationale:
      '`fromEndpoints: []` (and any other present but empty L3 list) matches no peer at all, while still switching the endpoint to default deny. It is usually a template that rendered no items. Use `[{}]` for "all endpoints of the namespace" or remove the rule.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints: []
    toPorts:
      - ports:
          - port: "5432"
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
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources).flatMap(r =>
      L3_FIELDS[r.direction]
        .filter(
          f =>
            Array.isArray(r.rule[f]) && (r.rule[f] as unknown[]).length === 0,
        )
        .map(f => ({
          resource: r.resource,
          path: [...r.path, f],
          message: `${f}: [] selects no peer: this ${r.deny ? 'deny' : 'allow'} rule matches nothing${r.deny ? '' : ' (and the endpoint is still default-deny)'}.`,
        })),
    ),
);
