import { buildOverlay } from '../overlay';
import { ingestText } from '../resources';
import { POSTURE_REQUIREMENTS } from './catalogue';
import { lint } from '../lint';
import { assessPosture } from './assess';

const ciliumConfig = (name: string, id: number, extra = '') => `
apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data:
  cluster-name: ${name}
  cluster-id: '${id}'
  cilium-version: '1.19.2'
  mesh-auth-spiffe-trust-domain: ${name}.example
${extra}`;

const ns = (name: string) => `
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: {team: ${name}}}`;

const deploy = (name: string, namespace: string, labels = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}${labels}}}
    spec:
      serviceAccountName: ${name}
      containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]`;

const denyAll = (namespace: string, types = '[Ingress, Egress]') => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: ${namespace}}
spec: {podSelector: {}, policyTypes: ${types}}`;

function overlayOf(clusters: Record<string, string[]>) {
  return buildOverlay(
    Object.entries(clusters).map(([name, docs]) => ({
      name,
      resources: ingestText(docs.join('\n---\n'), `${name}.yaml`).resources,
    })),
  );
}

const statusOf = (
  report: ReturnType<typeof assessPosture>,
  requirement: string,
  boundary: string,
) =>
  report.results.find(
    r => r.requirement === requirement && r.boundary === boundary,
  )?.status;

describe('assessPosture', () => {
  it('catalogue ids are unique and every requirement is traced to a source', () => {
    const ids = POSTURE_REQUIREMENTS.map(r => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of POSTURE_REQUIREMENTS) {
      expect(r.source.document).toBeTruthy();
      expect(r.source.section).toMatch(/§/);
      expect(r.stride.length).toBeGreaterThan(0);
    }
  });

  it('PR01/PR02 default deny: met, partly and not met', () => {
    const o = overlayOf({
      c1: [
        ciliumConfig('c1', 1),
        ns('a'),
        deploy('x', 'a'),
        deploy('y', 'a'),
        denyAll('a'),
        ns('b'),
        deploy('x', 'b'),
        deploy('y', 'b'),
        `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: x-only, namespace: b}
spec: {podSelector: {matchLabels: {app: x}}, policyTypes: [Ingress]}`,
      ],
    });
    const r = assessPosture(o);
    expect(statusOf(r, 'PR01', 'c1/a')).toBe('met');
    expect(statusOf(r, 'PR02', 'c1/a')).toBe('met');
    expect(statusOf(r, 'PR01', 'c1/b')).toBe('partly');
    expect(statusOf(r, 'PR02', 'c1/b')).toBe('not met');
    const ev = r.results.find(
      x => x.requirement === 'PR01' && x.boundary === 'c1/a',
    )!.evidence;
    expect(ev[0]).toMatchObject({
      kind: 'policy',
      ref: 'c1/a/NetworkPolicy/default-deny',
    });
    expect(ev[0].location?.uri).toBe('c1.yaml');
  });

  it('PR03/PR04 world egress and exposure: gateways are exempt', () => {
    const o = overlayOf({
      c1: [
        ciliumConfig('c1', 1),
        ns('a'),
        deploy('db', 'a'),
        deploy('edge-gateway', 'a'),
        `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: open, namespace: a}
spec:
  endpointSelector: {}
  ingress: [{fromEntities: [world]}]
  egress: [{toEntities: [world]}]`,
      ],
    });
    const r = assessPosture(o);
    expect(statusOf(r, 'PR03', 'c1/a/Deployment/db')).toBe('not met');
    expect(statusOf(r, 'PR04', 'c1/a/Deployment/db')).toBe('not met');
    expect(statusOf(r, 'PR03', 'c1/a/Deployment/edge-gateway')).toBe('met');
    expect(statusOf(r, 'PR04', 'c1/a/Deployment/edge-gateway')).toBe('met');
  });

  const mesh = (c1Extra: string, authRequired: boolean) =>
    overlayOf({
      c1: [
        ciliumConfig('c1', 1, c1Extra),
        ns('a'),
        deploy('web', 'a'),
        `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web, namespace: a}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress: [{toEndpoints: [{matchLabels: {app: api, io.cilium.k8s.policy.cluster: c2}}]}]`,
        `
apiVersion: spire.spiffe.io/v1alpha1
kind: ClusterSPIFFEID
metadata: {name: all}
spec:
  spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}'
  federatesWith: [c2.example]`,
        `
apiVersion: spire.spiffe.io/v1alpha1
kind: ClusterFederatedTrustDomain
metadata: {name: c2}
spec:
  trustDomain: c2.example
  bundleEndpointURL: https://bundle.c2.example
  bundleEndpointProfile: {type: https_web}`,
      ],
      c2: [
        ciliumConfig('c2', 2),
        ns('a'),
        deploy('api', 'a'),
        `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api, namespace: a}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: web, io.cilium.k8s.policy.cluster: c1}}]
${authRequired ? '      authentication: {mode: required}' : ''}`,
      ],
    });

  it('PR05 cross-cluster exposure: named peers met, default-local off partly, any-cluster selectors not met', () => {
    const named = assessPosture(mesh('', false));
    expect(statusOf(named, 'PR05', 'c2/a/Deployment/api')).toBe('met');
    const offFlag = "  policy-default-local-cluster: 'false'";
    const off = assessPosture(mesh(offFlag, false));
    // web's only selector names its cluster, but the flag widens any selector that does not.
    expect(statusOf(off, 'PR05', 'c1/a/Deployment/web')).toBe('partly');
    const c1 = [
      ciliumConfig('c1', 1, offFlag),
      ns('a'),
      deploy('web', 'a'),
      `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web, namespace: a}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress: [{fromEndpoints: [{matchLabels: {app: api}}]}]`,
    ];
    const overlay = overlayOf({
      c1,
      c2: [ciliumConfig('c2', 2), ns('a'), deploy('api', 'a')],
    });
    // As the CLI and the backend do: the lint findings over the same input are the evidence.
    const findings = lint(ingestText(c1.join('\n---\n'), 'c1.yaml'), {
      overlay,
      cluster: 'c1',
    });
    expect(findings.map(f => f.ruleId)).toContain(
      'cluster-peer-matches-all-clusters',
    );
    const broad = assessPosture(overlay, undefined, { findings });
    const res = broad.results.find(
      x => x.requirement === 'PR05' && x.boundary === 'c1/a/Deployment/web',
    )!;
    expect(res.status).toBe('not met');
    expect(res.evidence.map(e => e.kind)).toContain('finding');
  });

  it('PR06 encryption from each cluster’s cilium-config', () => {
    const r = assessPosture(mesh("  enable-wireguard: 'true'", false));
    expect(statusOf(r, 'PR06', 'c1')).toBe('met');
    expect(statusOf(r, 'PR06', 'c2')).toBe('not met');
    const ipsec = assessPosture(mesh("  enable-ipsec: 'true'", false));
    expect(statusOf(ipsec, 'PR06', 'c1')).toBe('met');
    expect(
      ipsec.results.find(x => x.requirement === 'PR06' && x.boundary === 'c1')!
        .summary,
    ).toMatch(/IPsec/);
  });

  it('PR07 mutual auth across ClusterMesh is never met, and an auth-required flow is dropped', () => {
    const plain = assessPosture(mesh('', false));
    expect(statusOf(plain, 'PR07', 'mesh')).toBe('not met');
    const auth = assessPosture(mesh('', true));
    const res = auth.results.find(x => x.requirement === 'PR07')!;
    expect(res.status).toBe('not met');
    expect(res.evidence.some(e => /dropped/.test(e.text))).toBe(true);
    const forward = res.evidence.filter(e =>
      e.text.startsWith('c1/a/Deployment/web → c2/a/Deployment/api'),
    );
    expect(forward).toHaveLength(1);
    expect(forward[0].text).toMatch(/\(all ports\): dropped/);
    const single = assessPosture(
      overlayOf({ c1: [ciliumConfig('c1', 1), ns('a'), deploy('x', 'a')] }),
    );
    expect(statusOf(single, 'PR07', 'mesh')).toBe('met');
  });

  it('PR08 SPIFFE IDs and PR09 federation for cross-cluster peers', () => {
    const r = assessPosture(mesh('', false));
    expect(statusOf(r, 'PR08', 'c1/a/Deployment/web')).toBe('met');
    expect(statusOf(r, 'PR08', 'c2/a/Deployment/api')).toBe('not met');
    expect(statusOf(r, 'PR09', 'c1')).toBe('met');
    expect(statusOf(r, 'PR09', 'c2')).toBe('not met');
  });

  it('PR10 audit mode or enable-policy=never is not met', () => {
    const audit = assessPosture(
      overlayOf({
        c1: [
          ciliumConfig('c1', 1, "  policy-audit-mode: 'true'"),
          ns('a'),
          deploy('x', 'a'),
          denyAll('a'),
        ],
      }),
    );
    expect(statusOf(audit, 'PR10', 'c1')).toBe('not met');
    expect(statusOf(audit, 'PR01', 'c1/a')).toBe('not met');
    const never = assessPosture(
      overlayOf({
        c1: [
          ciliumConfig('c1', 1, '  enable-policy: never'),
          ns('a'),
          deploy('x', 'a'),
        ],
      }),
    );
    expect(statusOf(never, 'PR10', 'c1')).toBe('not met');
    const on = assessPosture(
      overlayOf({ c1: [ciliumConfig('c1', 1), ns('a'), deploy('x', 'a')] }),
    );
    expect(statusOf(on, 'PR10', 'c1')).toBe('met');
    const k8s = assessPosture(overlayOf({ c1: [ns('a'), deploy('x', 'a')] }));
    expect(statusOf(k8s, 'PR10', 'c1')).toBe('unknown');
  });

  it('scope narrows the boundaries; residual risk lists the open requirements', () => {
    const r = assessPosture(mesh('', false), { name: 't', clusters: ['c1'] });
    expect(r.results.every(x => !x.boundary.startsWith('c2'))).toBe(true);
    const spoofing = r.residualRisk.find(x => x.stride === 'spoofing')!;
    expect(spoofing.status).toBe('not met');
    expect(spoofing.open).toContain('PR07');
  });
});
