import { defineRule } from '../rule';
import { ciliumRules, l3Present } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/** T5 (§2.5, §8.4): `ingress: [{}]` allows nothing; it only turns on default deny. */
export const ciliumEmptyRule = defineRule(
  {
    id: 'cilium-empty-rule',
    semanticsId: 'T5',
    title: 'Empty rule allows nothing',
    severity: 'info',
    category: 'selection',
    threat: 'misconfiguration',
    rationale:
      'A Cilium rule with no peer, no toPorts and no icmps (`ingress: [{}]`) matches nothing: it is the documented way to switch default deny on, not an allow-all as in a NetworkPolicy. If you meant allow-all, use `fromEntities: [all]`.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - {}
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEntities:
      - cluster
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources)
      .filter(
        r =>
          !r.deny &&
          l3Present(r).length === 0 &&
          r.rule.toPorts === undefined &&
          r.rule.icmps === undefined,
      )
      .map(r => ({
        resource: r.resource,
        path: r.path,
        message: `this ${r.section} rule has no peer and no ports: it allows nothing and only turns default deny on (unlike NetworkPolicy, where {} allows all).`,
      })),
);
