import { lint } from '../lint';
import { decode } from '../__testutils__/decode';
import { exampleOverlay } from '../__testutils__/overlay';
import { buildOverlay } from '../../overlay';
import type { Overlay } from '../../model';

const ap = (spec: string, name = 'db') => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: shop}
spec: ${spec}
`;
const ids = (text: string, id: string, overlay = exampleOverlay()) =>
  lint(decode(text), { overlay })
    .filter(f => f.ruleId === id)
    .map(f => [f.range.start.line, f.message]);

describe('istio-principal-unknown', () => {
  const principals = (...p: string[]) =>
    ap(
      `{rules: [{from: [{source: {principals: [${p.map(x => `"${x}"`).join(', ')}]}}]}]}`,
    );

  it('flags only principals no workload presents (exact, prefix, suffix, *; spiffe:// stripped)', () => {
    const found = ids(
      principals(
        'cluster.local/ns/shop/sa/default',
        'spiffe://cluster.local/ns/shop/sa/default',
        'cluster.local/ns/shop/*',
        '*/sa/default',
        '*',
        'cluster.local/ns/shpo/sa/default',
        'example.org/ns/shop/sa/default',
      ),
      'istio-principal-unknown',
    );
    expect(found.map(f => f[1])).toEqual([
      expect.stringContaining('"cluster.local/ns/shpo/sa/default"'),
      expect.stringContaining('"example.org/ns/shop/sa/default"'),
    ]);
  });

  it('uses the mesh trust domain and the SPIFFE IDs ClusterSPIFFEIDs render', () => {
    const c1 = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {serviceAccountName: web, containers: [{name: main}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    trustDomain: corp.example
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data: {cluster-name: c1, mesh-auth-spiffe-trust-domain: spire.example}
---
apiVersion: spire.spiffe.io/v1alpha1
kind: ClusterSPIFFEID
metadata: {name: workloads}
spec:
  spiffeIDTemplate: "spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}"
---
${ap('{action: DENY, rules: [{}]}', 'mesh')}`;
    const overlay = buildOverlay([
      { name: 'c1', resources: decode(c1, 'cluster://c1').resources as any },
    ]);
    expect(overlay.clusters[0].istio?.trustDomain).toBe('corp.example');
    const found = ids(
      principals(
        'corp.example/ns/shop/sa/web',
        'spire.example/ns/shop/sa/web',
        'cluster.local/ns/shop/sa/web',
      ),
      'istio-principal-unknown',
      overlay,
    );
    expect(found.map(f => f[1])).toEqual([
      expect.stringContaining('"cluster.local/ns/shop/sa/web"'),
    ]);
  });
});

describe('istio-allow-nothing', () => {
  it('flags ALLOW (explicit or default) without rules or with rules: [], not DENY or intent-named policies', () => {
    expect(ids(ap('{}'), 'istio-allow-nothing')).toHaveLength(1);
    expect(
      ids(ap('{action: ALLOW, rules: []}'), 'istio-allow-nothing'),
    ).toHaveLength(1);
    expect(ids(ap('{action: DENY}'), 'istio-allow-nothing')).toEqual([]);
    expect(ids(ap('{rules: [{}]}'), 'istio-allow-nothing')).toEqual([]);
    expect(ids(ap('{}', 'allow-nothing'), 'istio-allow-nothing')).toEqual([]);
  });
});

describe('istio-root-namespace-selector', () => {
  const pa = (ns: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: p, namespace: ${ns}}
spec: {selector: {matchLabels: {app: db}}, mtls: {mode: STRICT}}
`;
  it('follows meshConfig.rootNamespace', () => {
    const c1 = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    rootNamespace: istio-config
---
${pa('shop')}`;
    const overlay = buildOverlay([
      { name: 'c1', resources: decode(c1, 'cluster://c1').resources as any },
    ]);
    const id = 'istio-root-namespace-selector';
    expect(ids(pa('istio-config'), id, overlay)).toHaveLength(1);
    expect(ids(pa('istio-system'), id, overlay)).toEqual([]);
    expect(
      lint(decode(pa('istio-system'))).filter(f => f.ruleId === id),
    ).toHaveLength(1);
  });
});

describe('istio-permissive-cross-cluster', () => {
  const id = 'istio-permissive-cross-cluster';
  const pod = (name: string, port: number) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}
spec: {containers: [{name: main, ports: [{containerPort: ${port}}]}]}
---
`;
  const cilium = (name: string, clusterId: number) => `apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data: {cluster-name: ${name}, cluster-id: "${clusterId}"}
`;
  /** c1/shop (sidecars injected unless `injection` says otherwise) with web and db; c2/shop with api. */
  const overlayOf = (c1Extra = '', injection = 'enabled') =>
    buildOverlay([
      {
        name: 'c1',
        resources: decode(
          `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: ${injection}}}
---
${pod('web', 8080)}${pod('db', 5432)}${c1Extra}${cilium('c1', 1)}`,
          'cluster://c1',
        ).resources as any,
      },
      {
        name: 'c2',
        resources: decode(
          `${pod('api', 8080)}${cilium('c2', 2)}`,
          'cluster://c2',
        ).resources as any,
      },
    ]);
  const found = (text: string, overlay: Overlay) =>
    lint(decode(text), { overlay, cluster: 'c1' })
      .filter(f => f.ruleId === id)
      .map(f => [f.range.start.line, f.message]);
  const pa = (
    spec: string,
    name = 'default',
  ) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: shop}
spec:
${spec}
`;
  const permissive = pa('  mtls: {mode: PERMISSIVE}');

  it('flags a namespace-wide PERMISSIVE policy that remote workloads reach, at its mode', () => {
    expect(found(permissive, overlayOf())).toEqual([
      [
        4,
        'PeerAuthentication shop/default admits plaintext from another cluster: c2/shop/Pod/api may reach c1/shop/Pod/db on port 5432 in cluster c1 (and 1 more). Use STRICT for cross-cluster callers.',
      ],
    ]);
    expect(found(pa('  mtls: {mode: DISABLE}'), overlayOf())).toHaveLength(1);
  });

  it('does not flag STRICT, or PERMISSIVE that no other cluster can reach', () => {
    expect(found(pa('  mtls: {mode: STRICT}'), overlayOf())).toEqual([]);
    const isolated = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: local-only, namespace: shop}
spec:
  podSelector: {}
  ingress: [{from: [{podSelector: {}}]}]
---
`;
    expect(found(permissive, overlayOf(isolated))).toEqual([]);
  });

  it('names the port of a port-level PERMISSIVE exception', () => {
    const text = pa(
      `  selector: {matchLabels: {app: db}}
  mtls: {mode: STRICT}
  portLevelMtls:
    5432: {mode: PERMISSIVE}`,
      'db',
    );
    expect(found(text, overlayOf())).toEqual([
      [
        7,
        'PeerAuthentication shop/db admits plaintext from another cluster: c2/shop/Pod/api may reach c1/shop/Pod/db on port 5432 in cluster c1. Use STRICT for cross-cluster callers.',
      ],
    ]);
  });

  it('ignores workloads without an Istio proxy', () => {
    expect(found(permissive, overlayOf('', 'disabled'))).toEqual([]);
  });

  it('lints the file as it would apply: it replaces the same-named policy in the cluster', () => {
    const strictInCluster = `${pa('  mtls: {mode: STRICT}')}---
`;
    expect(found(permissive, overlayOf(strictInCluster))).toHaveLength(1);
    const permissiveInCluster = `${permissive}---
`;
    expect(
      found(pa('  mtls: {mode: STRICT}'), overlayOf(permissiveInCluster)),
    ).toEqual([]);
  });
});
