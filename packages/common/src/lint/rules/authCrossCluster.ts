import { defineRule } from '../rule';
import { isObj } from '../util/access';
import { crossClusterPeers } from '../util/mesh';
import { ciliumRules } from '../util/policies';
import { rangeOf, replaceAt, uriOf } from '../util/text';

/** A01: Cilium mutual auth cannot work across ClusterMesh (SEMANTICS §2.14, §8.1). */
export const authCrossCluster = defineRule(
  {
    id: 'cilium-auth-cross-cluster',
    semanticsId: 'A01',
    title: 'Mutual authentication required on a cross-cluster peer',
    severity: 'error',
    category: 'identity',
    threat: 'denial-of-service',
    rationale:
      'Cilium mutual authentication verifies the peer against an SVID in the local trust domain; ClusterMesh is documented as not compatible with it. A cross-cluster flow whose rule says `authentication.mode: required` is dropped ("authentication required"), it is not secured. Use transparent encryption (WireGuard/IPsec) for the link and cluster-labelled selectors for identity.',
    badExample: `
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
            io.cilium.k8s.policy.cluster: c1
      authentication:
        mode: required
`,
    goodExample: `
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
            io.cilium.k8s.policy.cluster: c1
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
      .flatMap(r => {
        const peers = crossClusterPeers(r, ctx.settings);
        if (peers.length === 0) return [];
        const modePath = [...r.path, 'authentication', 'mode'];
        return [
          {
            resource: r.resource,
            path: modePath,
            message: `authentication.mode: required on a cross-cluster peer (${peers[0].why}): Cilium mutual authentication does not work across ClusterMesh, so this flow is dropped.`,
            fix: {
              title: 'Set authentication.mode to disabled',
              edits: [replaceAt(r.resource, modePath, 'disabled')],
            },
            related: peers.map(p => ({
              uri: uriOf(r.resource),
              range: rangeOf(r.resource, p.path),
              message: p.why,
            })),
          },
        ];
      }),
);
