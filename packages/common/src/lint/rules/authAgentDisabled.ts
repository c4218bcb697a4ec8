import { defineRule } from '../rule';
import { isObj } from '../util/access';
import { ciliumRules } from '../util/policies';
import { rangeOf, uriOf } from '../util/text';

/** A02: auth required while the agent performs no handshakes ⇒ fail-closed drops. */
export const authAgentDisabled = defineRule(
  {
    id: 'cilium-auth-agent-disabled',
    semanticsId: 'A02',
    title: 'Mutual authentication required but disabled in the agent',
    severity: 'error',
    category: 'identity',
    threat: 'denial-of-service',
    rationale:
      'With `mesh-auth-enabled=false` (the default since Cilium 1.19) or `mesh-auth-mutual-enabled=false` the datapath still marks the flow as needing authentication but no handshake ever happens, so the traffic is dropped.',
    badExample: `
apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  cluster-name: c1
  mesh-auth-enabled: "false"
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: db-from-web
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: db
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: web
      authentication:
        mode: required
`,
    goodExample: `
apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  cluster-name: c1
  mesh-auth-enabled: "true"
  mesh-auth-mutual-enabled: "true"
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: db-from-web
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: db
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: web
      authentication:
        mode: required
`,
    appliesTo: [
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
      'cilium-config',
    ],
    needsContext: false,
  },
  ctx => {
    const s = ctx.settings;
    let off: string | undefined;
    if (s.meshAuthEnabled === false) off = 'mesh-auth-enabled is false';
    else if (s.meshAuthMutualEnabled === false)
      off = 'mesh-auth-mutual-enabled is false';
    if (!off) return [];
    const src = s.source;
    return ciliumRules(ctx.resources)
      .filter(
        r =>
          !r.deny &&
          isObj(r.rule.authentication) &&
          r.rule.authentication.mode === 'required',
      )
      .map(r => ({
        resource: r.resource,
        path: [...r.path, 'authentication', 'mode'],
        message: `authentication.mode: required but ${off}${s.source ? '' : ` (Cilium ${s.version ?? 'default'})`}: no handshake happens and the flow is dropped.`,
        related: src
          ? [
              {
                uri: uriOf(src),
                range: rangeOf(src, ['data']),
                message: 'agent configuration',
              },
            ]
          : undefined,
      }));
  },
);
