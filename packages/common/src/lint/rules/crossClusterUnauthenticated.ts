import { defineRule } from '../rule';
import { arr } from '../util/access';
import { clusterScope } from '../util/labels';
import { ciliumRules } from '../util/policies';

/** A06: an explicit cross-cluster allow carries no authentication (informational). */
export const crossClusterUnauthenticated = defineRule(
  {
    id: 'cross-cluster-unauthenticated',
    semanticsId: 'A06',
    title: 'Unauthenticated cross-cluster path',
    severity: 'info',
    category: 'identity',
    threat: 'interception',
    rationale:
      'This allow reaches pods of another cluster without authentication. On Cilium, mutual authentication cannot secure ClusterMesh traffic (see cilium-auth-cross-cluster); protect the path with transparent encryption (WireGuard or IPsec, strict mode) and keep the selector as narrow as possible.',
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
            io.cilium.k8s.policy.cluster: c2
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
`,
    appliesTo: ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources)
      .filter(r => !r.deny && r.rule.authentication === undefined)
      .flatMap(r =>
        (['fromEndpoints', 'toEndpoints'] as const).flatMap(field =>
          (arr(r.rule[field]) ?? []).flatMap((sel, i) => {
            const scope = clusterScope(sel);
            const remote =
              scope === 'any'
                ? ['any cluster']
                : (scope ?? []).filter(c => c !== ctx.settings.clusterName);
            if (remote.length === 0) return [];
            return [
              {
                resource: r.resource,
                path: [...r.path, field, i],
                message: `allow for peers in ${remote.join(', ')} without authentication: an unauthenticated cross-cluster path; rely on transparent encryption for it.`,
              },
            ];
          }),
        ),
      ),
);
