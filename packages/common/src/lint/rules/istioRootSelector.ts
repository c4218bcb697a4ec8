import { defineRule } from '../rule';
import { isObj } from '../util/access';
import { targetClusters } from '../util/context';
import { nameOf, namespaceOf, ofKind } from '../util/policies';

/** I04: a PeerAuthentication with a selector in the root namespace is ignored by Istio. */
export const istioRootSelector = defineRule(
  {
    id: 'istio-root-namespace-selector',
    semanticsId: 'I04',
    title: 'PeerAuthentication with a selector in the root namespace',
    severity: 'info',
    category: 'istio',
    threat: 'misconfiguration',
    rationale:
      'Istio ignores PeerAuthentication policies with a workload selector in the root namespace (istio-system unless meshConfig.rootNamespace says otherwise): only the selector-less mesh-wide policy applies there. Put a workload policy in the namespace of the workloads it selects.',
    badExample: `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: db-strict
  namespace: istio-system
spec:
  selector:
    matchLabels:
      app: db
  mtls:
    mode: STRICT
`,
    goodExample: `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: db-strict
  namespace: shop
spec:
  selector:
    matchLabels:
      app: db
  mtls:
    mode: STRICT
`,
    appliesTo: ['PeerAuthentication'],
    needsContext: false,
  },
  ctx => {
    const roots = new Set(
      targetClusters(ctx).map(c => c.istio?.rootNamespace ?? 'istio-system'),
    );
    if (!roots.size) roots.add('istio-system');
    return ofKind(ctx.resources, 'PeerAuthentication').flatMap(resource => {
      const spec = (resource.object as { spec?: unknown }).spec;
      const sel =
        isObj(spec) && isObj(spec.selector) ? spec.selector : undefined;
      const labels =
        sel && isObj(sel.matchLabels) ? Object.keys(sel.matchLabels) : [];
      const ns = namespaceOf(resource) ?? 'default';
      if (!labels.length || !roots.has(ns)) return [];
      return [
        {
          resource,
          path: ['spec', 'selector'],
          message: `PeerAuthentication ${ns}/${nameOf(resource)} has a selector in the root namespace ${ns}: Istio ignores it.`,
        },
      ];
    });
  },
);
