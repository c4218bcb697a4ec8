import { defineRule } from '../rule';
import type { Hit } from '../types';
import {
  adminPolicies,
  adminSubjectWorkloads,
  type AdminPolicyRef,
} from '../util/adminPolicies';
import { isObj, type Obj } from '../util/access';
import { targetClusters } from '../util/context';
import { anp } from './examples';

/** The label selector a subject selects namespaces / pods by, when it is a plain one. */
function selectors(s: Obj | undefined): { ns?: Obj; pod?: Obj } {
  if (!s) return {};
  if (isObj(s.namespaces)) return { ns: s.namespaces };
  if (isObj(s.pods))
    return {
      ns: isObj(s.pods.namespaceSelector) ? s.pods.namespaceSelector : {},
      pod: isObj(s.pods.podSelector) ? s.pods.podSelector : {},
    };
  return {};
}

/** Two selectors that cannot select the same object: one key, two different required values. */
function disjoint(a: Obj | undefined, b: Obj | undefined): boolean {
  const la = isObj(a?.matchLabels) ? a!.matchLabels : {};
  const lb = isObj(b?.matchLabels) ? b!.matchLabels : {};
  return Object.keys(la).some(k => k in lb && la[k] !== lb[k]);
}

function subjectsMayOverlap(
  a: AdminPolicyRef,
  b: AdminPolicyRef,
  ctx: Parameters<Parameters<typeof defineRule>[1]>[0],
): boolean {
  const sa = selectors(a.subject);
  const sb = selectors(b.subject);
  if (disjoint(sa.ns, sb.ns) || disjoint(sa.pod, sb.pod)) return false;
  const clusters = targetClusters(ctx);
  if (clusters.length === 0) return true;
  return clusters.some(c => {
    const wa = new Set(adminSubjectWorkloads(a, c));
    return adminSubjectWorkloads(b, c).some(w => wa.has(w));
  });
}

/** K12: equal ANP priorities whose rules can disagree on the same traffic. */
export const anpEqualPriority = defineRule(
  {
    id: 'anp-equal-priority-overlap',
    semanticsId: 'K12',
    title: 'AdminNetworkPolicies with equal priority that overlap',
    severity: 'warning',
    category: 'enforcement',
    threat: 'misconfiguration',
    rationale:
      'When two AdminNetworkPolicies have the same priority and both could match a connection, the API lets the implementation apply either: the outcome can differ between CNIs, versions or even restarts. ytk evaluates them by name, the cluster may not. Give policies whose subjects overlap and whose rules act differently distinct priorities. With cluster context, subjects are compared on the real workloads; without it, only subjects that are clearly disjoint (one label, two required values) are left alone.',
    badExample: `${anp(
      `
priority: 10
subject:
  namespaces: {}
ingress:
  - action: Deny
    from:
      - namespaces:
          matchLabels:
            team: guest
`,
      'deny-guests',
    )}---
${anp(
  `
priority: 10
subject:
  namespaces:
    matchLabels:
      team: shop
ingress:
  - action: Allow
    from:
      - namespaces: {}
`,
  'allow-all-to-shop',
)}`,
    goodExample: `${anp(
      `
priority: 10
subject:
  namespaces: {}
ingress:
  - action: Deny
    from:
      - namespaces:
          matchLabels:
            team: guest
`,
      'deny-guests',
    )}---
${anp(
  `
priority: 20
subject:
  namespaces:
    matchLabels:
      team: shop
ingress:
  - action: Allow
    from:
      - namespaces: {}
`,
  'allow-all-to-shop',
)}`,
    appliesTo: ['AdminNetworkPolicy'],
    needsContext: false,
  },
  ctx => {
    const anps = adminPolicies(ctx.resources).filter(
      p => p.kind === 'AdminNetworkPolicy' && p.priority !== undefined,
    );
    const hits: Hit[] = [];
    for (let i = 0; i < anps.length; i++) {
      for (let j = i + 1; j < anps.length; j++) {
        const a = anps[i];
        const b = anps[j];
        if (a.priority !== b.priority || a.name === b.name) continue;
        // Same direction, different actions: the order decides the outcome.
        const clash = a.rules.some(ra =>
          b.rules.some(
            rb => rb.direction === ra.direction && rb.action !== ra.action,
          ),
        );
        if (!clash || !subjectsMayOverlap(a, b, ctx)) continue;
        for (const [x, y] of [
          [a, b],
          [b, a],
        ]) {
          hits.push({
            resource: x.resource,
            path: ['spec', 'priority'],
            message: `AdminNetworkPolicy ${x.name} has the same priority (${x.priority}) as ${y.name}, their subjects may overlap and their rules act differently: which one applies first is up to the implementation (ytk evaluates by name).`,
            related: y.resource.document
              ? [
                  {
                    uri: y.resource.document.uri,
                    range: y.resource.document.rangeOf(['spec', 'priority']),
                    message: `${y.name}: priority ${y.priority}`,
                  },
                ]
              : undefined,
          });
        }
      }
    }
    return hits;
  },
);
