import { defineRule } from '../rule';
import type { Hit } from '../types';
import { calicoPolicies, typesOf } from '../util/calicoPolicies';
import { calico } from './examples';

/** P05: two policies of one tier with the same order are evaluated by name. */
export const calicoEqualOrder = defineRule(
  {
    id: 'calico-equal-order',
    semanticsId: 'P05',
    title: 'Calico policies with the same order in one tier',
    severity: 'warning',
    category: 'enforcement',
    threat: 'misconfiguration',
    rationale:
      'Within a tier Calico evaluates policies by `order` and, for equal orders, by name. Two policies with the same order that act on the same direction therefore depend on their names: renaming one can change which rule decides. Give them distinct orders.',
    badExample: `${calico(
      `
order: 100
selector: app == 'db'
ingress:
  - action: Deny
`,
      'NetworkPolicy',
      'a',
    )}---
${calico(
  `
order: 100
selector: all()
ingress:
  - action: Allow
`,
  'NetworkPolicy',
  'b',
)}`,
    goodExample: `${calico(
      `
order: 100
selector: app == 'db'
ingress:
  - action: Deny
`,
      'NetworkPolicy',
      'a',
    )}---
${calico(
  `
order: 200
selector: all()
ingress:
  - action: Allow
`,
  'NetworkPolicy',
  'b',
)}`,
    appliesTo: ['CalicoNetworkPolicy', 'GlobalNetworkPolicy'],
    needsContext: false,
  },
  ctx => {
    const ps = calicoPolicies(ctx.resources).filter(p => p.order !== undefined);
    const hits: Hit[] = [];
    for (let i = 0; i < ps.length; i++)
      for (let j = i + 1; j < ps.length; j++) {
        const a = ps[i];
        const b = ps[j];
        if (a.tier !== b.tier || a.order !== b.order) continue;
        // Namespaced policies of different namespaces never select the same endpoint.
        if (!a.global && !b.global && a.namespace !== b.namespace) continue;
        const ta = typesOf(a.spec);
        if (!typesOf(b.spec).some(t => ta.includes(t))) continue;
        for (const [x, y] of [
          [a, b],
          [b, a],
        ])
          hits.push({
            resource: x.resource,
            path: ['spec', 'order'],
            message: `${x.kind} ${x.name} has the same order (${x.order}) as ${y.kind} ${y.name} in tier "${x.tier}": Calico evaluates them by name, so renaming one can change the outcome.`,
            related: y.resource.document
              ? [
                  {
                    uri: y.resource.document.uri,
                    range: y.resource.document.rangeOf(['spec', 'order']),
                    message: `${y.name}: order ${y.order}`,
                  },
                ]
              : undefined,
          });
      }
    return hits;
  },
);
