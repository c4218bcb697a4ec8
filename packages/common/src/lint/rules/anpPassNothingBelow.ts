import { adminSubjectSelects } from '../../policy/adminNetworkPolicy';
import type { Workload } from '../../model';
import { defineRule } from '../rule';
import {
  adminPolicies,
  adminSubjectWorkloads,
  npIsolates,
} from '../util/adminPolicies';
import { targetClusters } from '../util/context';
import { anp, banp } from './examples';

/** §1.8: a Pass rule whose subjects no NetworkPolicy and no BANP rule covers: allowed by default. */
export const anpPassNothingBelow = defineRule(
  {
    id: 'anp-pass-nothing-below',
    semanticsId: '§1.8',
    title: 'AdminNetworkPolicy Pass with nothing below',
    severity: 'warning',
    category: 'enforcement',
    threat: 'unauthorized-access',
    rationale:
      'A Pass rule hands the traffic to NetworkPolicy, or to the BaselineAdminNetworkPolicy when no NetworkPolicy isolates the pod. When neither exists for a subject, passed traffic is simply allowed: the Pass reads like a delegation but acts as an Allow. Add the NetworkPolicies (or a BANP rule) the Pass defers to, or write Allow if that is the intent. Context: the overlay workloads (c1/shop web and db in the examples) and its NetworkPolicies, plus the linted documents.',
    badExample: anp(`
priority: 10
subject:
  namespaces:
    matchLabels:
      team: shop
ingress:
  - action: Pass
    from:
      - namespaces: {}
`),
    goodExample: `${anp(`
priority: 10
subject:
  namespaces:
    matchLabels:
      team: shop
ingress:
  - action: Pass
    from:
      - namespaces: {}
`)}---
${banp(`
subject:
  namespaces: {}
ingress:
  - action: Deny
    from:
      - namespaces: {}
`)}`,
    appliesTo: ['AdminNetworkPolicy'],
    needsContext: true,
  },
  ctx => {
    const clusters = targetClusters(ctx);
    if (!clusters.length) return [];
    const all = adminPolicies(ctx.resources);
    const banps = all.filter(p => p.kind === 'BaselineAdminNetworkPolicy');
    const isolated = (w: Workload, dir: 'ingress' | 'egress') =>
      npIsolates(ctx, clusters, w, dir);
    const baselineFor = (w: Workload, dir: 'ingress' | 'egress') => {
      const state = clusters.find(c => c.name === w.cluster)!;
      const inDocs = banps.some(
        b =>
          b.rules.some(r => r.direction === dir) &&
          adminSubjectWorkloads(b, state).includes(w),
      );
      if (inDocs) return true;
      return state.policies.some(
        p =>
          p.object.kind === 'BaselineAdminNetworkPolicy' &&
          (p.object.spec?.[dir]?.length ?? 0) > 0 &&
          adminSubjectSelects(p.object.spec.subject, w),
      );
    };
    return all
      .filter(p => p.kind === 'AdminNetworkPolicy')
      .flatMap(p =>
        p.rules
          .filter(r => r.action === 'Pass')
          .flatMap(r => {
            const subjects = clusters.flatMap(c => adminSubjectWorkloads(p, c));
            const open = subjects.filter(
              w => !isolated(w, r.direction) && !baselineFor(w, r.direction),
            );
            if (!subjects.length || open.length < subjects.length) return [];
            return [
              {
                resource: p.resource,
                path: [...r.path, 'action'],
                message: `this Pass defers to NetworkPolicy, but no NetworkPolicy isolates ${r.direction} of its ${subjects.length} subject workload${subjects.length > 1 ? 's' : ''} (${subjects
                  .slice(0, 3)
                  .map(w => w.ref)
                  .join(
                    ', ',
                  )}) and no BaselineAdminNetworkPolicy has ${r.direction} rules: passed traffic is allowed by default.`,
              },
            ];
          }),
      );
  },
);
