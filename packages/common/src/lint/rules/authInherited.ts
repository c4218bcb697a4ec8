import { defineRule } from '../rule';
import { arr, isObj } from '../util/access';
import { ciliumRules, type CiliumRuleRef } from '../util/policies';
import { requirements } from '../util/labels';
import { rangeOf, uriOf } from '../util/text';

function selectors(r: CiliumRuleRef): unknown[] {
  return [
    ...(arr(r.rule.fromEndpoints) ?? []),
    ...(arr(r.rule.toEndpoints) ?? []),
  ];
}

/** `narrow` requires everything `broad` requires (so it selects a subset). */
function covers(broad: unknown, narrow: unknown): boolean {
  const n = requirements(narrow).map(r =>
    JSON.stringify([r.key, r.operator, [...r.values].sort()]),
  );
  return requirements(broad).every(r =>
    n.includes(JSON.stringify([r.key, r.operator, [...r.values].sort()])),
  );
}

/** A05: a specific allow under a broader auth-required allow inherits its auth (§2.14). */
export const authInherited = defineRule(
  {
    id: 'cilium-auth-inherited',
    semanticsId: 'A05',
    title: 'Allow inherits authentication from a broader rule',
    severity: 'info',
    category: 'identity',
    threat: 'misconfiguration',
    rationale:
      'For one peer, an allow without `authentication` inherits the auth type of the most specific covering allow that has one. A rule that looks unauthenticated may in fact require a handshake; write `mode: disabled` to opt out explicitly.',
    badExample: `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: api
  ingress:
    - fromEndpoints:
        - matchLabels:
            team: shop
      authentication:
        mode: required
    - fromEndpoints:
        - matchLabels:
            team: shop
            app: web
      toPorts:
        - ports:
            - port: "8080"
`,
    goodExample: `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: api
  ingress:
    - fromEndpoints:
        - matchLabels:
            team: shop
      authentication:
        mode: required
    - fromEndpoints:
        - matchLabels:
            team: shop
            app: web
      toPorts:
        - ports:
            - port: "8080"
      authentication:
        mode: disabled
`,
    appliesTo: ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
    needsContext: false,
  },
  ctx => {
    const rules = ciliumRules(ctx.resources).filter(r => !r.deny);
    const authed = rules.filter(
      r =>
        isObj(r.rule.authentication) &&
        r.rule.authentication.mode === 'required' &&
        r.rule.toPorts === undefined,
    );
    return rules
      .filter(r => r.rule.authentication === undefined)
      .flatMap(r => {
        const parent = authed.find(
          a =>
            a.owner === r.owner &&
            a.direction === r.direction &&
            selectors(r).length > 0 &&
            selectors(r).every(n => selectors(a).some(b => covers(b, n))),
        );
        if (!parent) return [];
        return [
          {
            resource: r.resource,
            path: r.path,
            message:
              'this allow has no authentication but inherits mode: required from a broader allow for the same peers; set authentication.mode explicitly.',
            related: [
              {
                uri: uriOf(parent.resource),
                range: rangeOf(parent.resource, [
                  ...parent.path,
                  'authentication',
                ]),
                message: 'broader allow requiring authentication',
              },
            ],
          },
        ];
      });
  },
);
