import { DEFAULT_TIER } from '../../policy/calico';
import { defineRule } from '../rule';
import type { Hit } from '../types';
import { arr, isObj, type Obj } from '../util/access';
import {
  calicoPolicies,
  tierDefaultAction,
  typesOf,
} from '../util/calicoPolicies';
import { calico } from './examples';

/** A rule that matches every flow: nothing but an action (and metadata). */
const catchAll = (r: unknown) =>
  isObj(r) &&
  ['Allow', 'Deny', 'Pass'].includes(r.action as string) &&
  Object.keys(r).every(k => k === 'action' || k === 'metadata');

const TIER = `apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: security
spec:
  order: 100
---
`;

/** P01: a policy in a non-default tier whose unmatched traffic the tier's defaultAction Deny drops. */
export const calicoTierDefaultDeny = defineRule(
  {
    id: 'calico-tier-default-deny',
    semanticsId: 'P01',
    title: 'Calico tier drops what its policies do not match',
    severity: 'warning',
    category: 'enforcement',
    threat: 'denial-of-service',
    rationale:
      "A tier that applies to an endpoint (one of its policies selects it) and takes no action on a packet drops it: the tier's `defaultAction` is Deny unless the Tier says `Pass`. Policies of a security or platform tier that only deny some traffic therefore drop everything else too, before the default tier — where Kubernetes NetworkPolicies live — is ever reached. End the rules with `- action: Pass`, or give the tier `defaultAction: Pass`. The tier is looked up in the linted documents and, with --context, in the overlay; a tier that is not found is taken as Deny.",
    badExample: `${TIER}${calico(
      `
tier: security
order: 10
selector: all()
ingress:
  - action: Deny
    source:
      namespaceSelector: team == 'dev'
`,
      'GlobalNetworkPolicy',
      'security.no-dev',
    )}`,
    goodExample: `${TIER}${calico(
      `
tier: security
order: 10
selector: all()
ingress:
  - action: Deny
    source:
      namespaceSelector: team == 'dev'
  - action: Pass
`,
      'GlobalNetworkPolicy',
      'security.no-dev',
    )}`,
    appliesTo: ['CalicoNetworkPolicy', 'GlobalNetworkPolicy', 'Tier'],
    needsContext: false,
  },
  ctx => {
    const hits: Hit[] = [];
    for (const p of calicoPolicies(ctx.resources)) {
      if (p.tier === DEFAULT_TIER) continue;
      if (tierDefaultAction(ctx, p.tier) === 'Pass') continue;
      for (const dir of typesOf(p.spec)) {
        const rules = arr((p.spec as Obj)[dir]) ?? [];
        if (rules.some(catchAll)) continue;
        hits.push({
          resource: p.resource,
          path: rules.length ? ['spec', dir] : ['spec'],
          atKey: rules.length > 0,
          message: `${p.kind} ${p.name} is in tier "${p.tier}", whose defaultAction is Deny: ${dir} traffic of the endpoints it selects that no rule matches is dropped there, before the default tier (Kubernetes NetworkPolicies) sees it. End the ${dir} rules with "- action: Pass" or set defaultAction: Pass on the tier.`,
        });
      }
    }
    return hits;
  },
);
