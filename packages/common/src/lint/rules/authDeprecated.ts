import { defineRule } from '../rule';
import { ciliumRules } from '../util/policies';
import { atLeast } from '../util/version';

/** A03: mutual auth is deprecated in 1.20 and slated for removal. */
export const authDeprecated = defineRule(
  {
    id: 'cilium-auth-deprecated',
    semanticsId: 'A03',
    title: 'Mutual authentication is deprecated',
    severity: 'warning',
    category: 'identity',
    threat: 'misconfiguration',
    rationale:
      'Cilium deprecated `authentication.mode` in 1.20; removal is planned around 1.21 and the field may disappear from the CRD. Plan a migration (transparent encryption plus identity-based policy). An unknown Cilium version is treated as the newest.',
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
            app: web
      authentication:
        mode: disabled
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
            app: web
`,
    appliesTo: ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
    needsContext: false,
  },
  ctx => {
    if (!atLeast(ctx.settings.version, '1.20')) return [];
    return ciliumRules(ctx.resources)
      .filter(r => r.rule.authentication !== undefined)
      .map(r => ({
        resource: r.resource,
        path: [...r.path, 'authentication'],
        atKey: true,
        message: `authentication is deprecated since Cilium 1.20 and planned for removal (${ctx.settings.version ? `target ${ctx.settings.version}` : 'version unknown, newest assumed'}).`,
      }));
  },
);
