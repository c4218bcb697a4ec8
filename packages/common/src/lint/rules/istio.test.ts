import { lint } from '../lint';
import { decode } from '../__testutils__/decode';
import { exampleOverlay } from '../__testutils__/overlay';
import { buildOverlay } from '../../overlay';

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
