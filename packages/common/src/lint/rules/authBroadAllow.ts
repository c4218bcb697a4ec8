import { defineRule } from '../rule';
import { arr, isObj } from '../util/access';
import { isEmptySelector } from '../util/labels';
import { ciliumRules, l3Present } from '../util/policies';

/** A04: "require auth everywhere" written as an allow widens the allow set. */
export const authBroadAllow = defineRule(
  {
    id: 'cilium-auth-broad-allow',
    semanticsId: 'A04',
    title: 'Authentication attached to a broad allow',
    severity: 'warning',
    category: 'identity',
    threat: 'unauthorized-access',
    rationale:
      'Authentication rides on allow rules only. A rule such as `fromEndpoints: [{}]` plus `authentication.mode: required`, meant as "require auth for everything", also allows every peer it selects.',
    badExample: `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: require-auth
  namespace: shop
spec:
  endpointSelector: {}
  ingress:
    - fromEndpoints:
        - {}
      authentication:
        mode: required
`,
    goodExample: `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: require-auth
  namespace: shop
spec:
  endpointSelector: {}
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: web
      authentication:
        mode: required
`,
    appliesTo: ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources)
      .filter(
        r =>
          !r.deny &&
          isObj(r.rule.authentication) &&
          r.rule.authentication.mode === 'required',
      )
      .filter(r => {
        const sels = [
          ...(arr(r.rule.fromEndpoints) ?? []),
          ...(arr(r.rule.toEndpoints) ?? []),
        ];
        const ents = [
          ...(arr(r.rule.fromEntities) ?? []),
          ...(arr(r.rule.toEntities) ?? []),
        ];
        return (
          sels.some(isEmptySelector) ||
          ents.some(
            e => e === 'all' || e === 'cluster' || e === 'cluster-mesh',
          ) ||
          l3Present(r).length === 0
        );
      })
      .map(r => ({
        resource: r.resource,
        path: [...r.path, 'authentication'],
        atKey: true,
        message:
          'authentication is attached to a broad allow: this rule also allows every peer it selects. Attach authentication to the specific allows instead.',
      })),
);
