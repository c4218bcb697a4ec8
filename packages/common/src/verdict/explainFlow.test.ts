import type {
  CiliumClusterwideNetworkPolicy,
  CiliumNetworkPolicy,
  CiliumRule,
  Endpoint,
  NetworkPolicy,
  NetworkPolicySpec,
  PolicyObject,
  Protocol,
} from '../model';
import { testOverlay, type TestCluster, type TestWorkload } from '../testing';
import { explainFlow } from './explainFlow';

// SEMANTICS §8b: clusters c1, c2; namespace shop in both; web (app=web) and db (app=db).
const np = (
  name: string,
  spec: NetworkPolicySpec,
  namespace = 'shop',
): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});
const cnp = (
  name: string,
  spec: CiliumRule,
  namespace = 'shop',
): CiliumNetworkPolicy => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: { name, namespace },
  spec,
});
const ccnp = (
  name: string,
  spec: CiliumRule,
): CiliumClusterwideNetworkPolicy => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumClusterwideNetworkPolicy',
  metadata: { name },
  spec,
});
const onDb = { matchLabels: { app: 'db' } };

const baseWorkloads = (extra: TestWorkload[] = []): TestWorkload[] => [
  { name: 'web', namespace: 'shop', labels: { app: 'web' }, ips: ['10.1.0.5'] },
  {
    name: 'db',
    namespace: 'shop',
    labels: { app: 'db' },
    ips: ['10.1.0.6'],
    ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
  },
  {
    name: 'api',
    namespace: 'other',
    labels: { app: 'api' },
    ips: ['10.1.0.7'],
  },
  ...extra,
];

interface Side {
  cilium?: Record<string, string>;
  policies?: PolicyObject[];
  workloads?: TestWorkload[];
}
function world(c1: Side, c2: Side = {}) {
  const mk = (name: string, s: Side): TestCluster => ({
    name,
    cilium: s.cilium,
    workloads: s.workloads ?? baseWorkloads(),
    policies: s.policies ?? [],
  });
  const overlay = testOverlay([mk('c1', c1), mk('c2', c2)]);
  return (
    from: Endpoint | string,
    to: Endpoint | string,
    port = 80,
    protocol: Protocol = 'TCP',
  ) =>
    explainFlow(overlay, {
      from: typeof from === 'string' ? { workload: from } : from,
      to: typeof to === 'string' ? { workload: to } : to,
      port,
      protocol,
    });
}
const wref = (c: string, n: string, ns = 'shop') =>
  `${c}/${ns}/Deployment/${n}`;
const CIL19 = { 'cilium-version': '1.19.1' };
const CIL18 = { 'cilium-version': '1.18.3' };

describe('SEMANTICS §8b test vectors', () => {
  describe('T1: NP without policyTypes, egress only to ipBlock 10/8', () => {
    const pol = np('t1', {
      podSelector: onDb,
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
    });
    it('Kubernetes reference: ingress isolated, egress to pods in 10/8 allowed', () => {
      const f = world({ policies: [pol] });
      const inbound = f(wref('c1', 'web'), wref('c1', 'db'));
      expect(inbound.allowed).toBe(false);
      expect(inbound.ingress.outcome).toBe('default-deny');
      expect(f(wref('c1', 'db'), wref('c1', 'web')).allowed).toBe(true);
      expect(f(wref('c1', 'db'), { cidr: '10.9.9.9' }).allowed).toBe(true);
      expect(f(wref('c1', 'db'), { cidr: '8.8.8.8' }).egress.outcome).toBe(
        'default-deny',
      );
    });
    it('Cilium: same isolation, but the CIDR never matches pods', () => {
      const f = world({ cilium: CIL19, policies: [pol] });
      expect(f(wref('c1', 'web'), wref('c1', 'db')).ingress.outcome).toBe(
        'default-deny',
      );
      const toPod = f(wref('c1', 'db'), wref('c1', 'web'));
      expect(toPod.allowed).toBe(false);
      expect(toPod.egress.outcome).toBe('default-deny');
      expect(f(wref('c1', 'db'), { cidr: '10.9.9.9' }).allowed).toBe(true);
    });
  });

  describe('T2: policyTypes [Egress] with an ingress section', () => {
    const pol = np('t2', {
      podSelector: onDb,
      policyTypes: ['Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
    });
    it('Kubernetes reference: ingress unrestricted, egress deny-all', () => {
      const f = world({ policies: [pol] });
      expect(f(wref('c1', 'api', 'other'), wref('c1', 'db')).allowed).toBe(
        true,
      );
      expect(f(wref('c1', 'db'), wref('c1', 'web')).egress.outcome).toBe(
        'default-deny',
      );
    });
    it('Cilium (#48703): the ingress section is enforced too', () => {
      const f = world({ cilium: CIL19, policies: [pol] });
      expect(f(wref('c1', 'web'), wref('c1', 'db')).allowed).toBe(true);
      expect(
        f(wref('c1', 'api', 'other'), wref('c1', 'db')).ingress.outcome,
      ).toBe('default-deny');
      expect(f(wref('c1', 'db'), wref('c1', 'web')).allowed).toBe(false);
    });
  });

  describe('T3: CNP fromEndpoints [{}]', () => {
    const pol = cnp('t3', {
      endpointSelector: onDb,
      ingress: [{ fromEndpoints: [{}] }],
    });
    it('allows the same namespace of the local cluster only (1.19 default-local)', () => {
      const f = world({ cilium: CIL19, policies: [pol] }, { cilium: CIL19 });
      expect(f(wref('c1', 'web'), wref('c1', 'db')).allowed).toBe(true);
      expect(f(wref('c1', 'api', 'other'), wref('c1', 'db')).allowed).toBe(
        false,
      );
      expect(f({ entity: 'world' }, wref('c1', 'db')).allowed).toBe(false);
      expect(f(wref('c2', 'web'), wref('c1', 'db')).allowed).toBe(false);
    });
    it('matches the same namespace in every cluster before 1.19', () => {
      const f = world({ cilium: CIL18, policies: [pol] }, { cilium: CIL18 });
      expect(f(wref('c2', 'web'), wref('c1', 'db')).allowed).toBe(true);
      expect(f(wref('c2', 'api', 'other'), wref('c1', 'db')).allowed).toBe(
        false,
      );
    });
  });

  it('T4: a rule with only toPorts allows any peer on those ports (TCP/UDP/SCTP)', () => {
    const pol = cnp('t4', {
      endpointSelector: onDb,
      ingress: [{ toPorts: [{ ports: [{ port: '5432' }] }] }],
    });
    const f = world({ cilium: CIL19, policies: [pol] }, { cilium: CIL19 });
    expect(f({ entity: 'world' }, wref('c1', 'db'), 5432).allowed).toBe(true);
    expect(
      f({ cidr: '203.0.113.9' }, wref('c1', 'db'), 5432, 'UDP').allowed,
    ).toBe(true);
    expect(f(wref('c2', 'web'), wref('c1', 'db'), 5432, 'SCTP').allowed).toBe(
      true,
    );
    expect(f(wref('c1', 'web'), wref('c1', 'db'), 80).allowed).toBe(false);
  });

  it('T5: ingress [{}] is a pure default deny', () => {
    const f = world({
      cilium: CIL19,
      policies: [cnp('t5', { endpointSelector: onDb, ingress: [{}] })],
    });
    const v = f(wref('c1', 'web'), wref('c1', 'db'));
    expect(v.allowed).toBe(false);
    expect(v.ingress.outcome).toBe('default-deny');
    expect(v.ingress.rules.map(r => r.policyName)).toEqual(['t5']);
  });

  describe('T6: CCNP egressDeny world on all pods', () => {
    it('switches on egress default deny', () => {
      const f = world({
        cilium: CIL19,
        policies: [
          ccnp('t6', {
            endpointSelector: {},
            egressDeny: [{ toEntities: ['world'] }],
          }),
        ],
      });
      expect(f(wref('c1', 'web'), wref('c1', 'db')).egress.outcome).toBe(
        'default-deny',
      );
      const out = f(wref('c1', 'web'), { entity: 'world' }, 443);
      expect(out.egress.outcome).toBe('denied');
    });
    it('with enableDefaultDeny.egress=false only world is denied', () => {
      const f = world({
        cilium: CIL19,
        policies: [
          ccnp('t6', {
            endpointSelector: {},
            enableDefaultDeny: { egress: false },
            egressDeny: [{ toEntities: ['world'] }],
          }),
        ],
      });
      expect(f(wref('c1', 'web'), wref('c1', 'db')).allowed).toBe(true);
      expect(
        f(wref('c1', 'web'), { entity: 'world' }, 443).egress.outcome,
      ).toBe('denied');
    });
    it('enable-non-default-deny-policies=false ignores enableDefaultDeny', () => {
      const f = world({
        cilium: { ...CIL19, 'enable-non-default-deny-policies': 'false' },
        policies: [
          ccnp('t6', {
            endpointSelector: {},
            enableDefaultDeny: { egress: false },
            egressDeny: [{ toEntities: ['world'] }],
          }),
        ],
      });
      expect(f(wref('c1', 'web'), wref('c1', 'db')).allowed).toBe(false);
    });
  });

  describe('T7/T8: cross-cluster peers and policy-default-local-cluster', () => {
    const cnpFromWeb = (extra: Record<string, string> = {}) =>
      cnp('t7', {
        endpointSelector: onDb,
        ingress: [
          { fromEndpoints: [{ matchLabels: { app: 'web', ...extra } }] },
        ],
      });
    const byKind = {
      CNP: cnpFromWeb,
      NP: (extra: Record<string, string> = {}) =>
        np('t8', {
          podSelector: onDb,
          ingress: [
            {
              from: [
                { podSelector: { matchLabels: { app: 'web', ...extra } } },
              ],
            },
          ],
        }),
    };
    for (const [kind, make] of Object.entries(byKind)) {
      it(`${kind}: allowed with 1.18 defaults`, () => {
        const f = world(
          { cilium: CIL18 },
          { cilium: CIL18, policies: [make()] },
        );
        expect(f(wref('c1', 'web'), wref('c2', 'db')).allowed).toBe(true);
      });
      it(`${kind}: denied with 1.19 defaults, allowed with the cluster label`, () => {
        expect(
          world({ cilium: CIL19 }, { cilium: CIL19, policies: [make()] })(
            wref('c1', 'web'),
            wref('c2', 'db'),
          ).allowed,
        ).toBe(false);
        const f = world(
          { cilium: CIL19 },
          {
            cilium: CIL19,
            policies: [make({ 'io.cilium.k8s.policy.cluster': 'c1' })],
          },
        );
        expect(f(wref('c1', 'web'), wref('c2', 'db')).allowed).toBe(true);
        expect(f(wref('c2', 'web'), wref('c2', 'db')).allowed).toBe(false);
      });
      it(`${kind}: the c1 egress must also allow`, () => {
        const egressLock = np('lock', {
          podSelector: { matchLabels: { app: 'web' } },
          policyTypes: ['Egress'],
        });
        const f = world(
          { cilium: CIL19, policies: [egressLock] },
          {
            cilium: CIL19,
            policies: [make({ 'io.cilium.k8s.policy.cluster': 'c1' })],
          },
        );
        const v = f(wref('c1', 'web'), wref('c2', 'db'));
        expect(v.allowed).toBe(false);
        expect(v.egress.cluster).toBe('c1');
        expect(v.ingress.cluster).toBe('c2');
        expect(v.ingress.allowed).toBe(true);
      });
    }
    it('mixed versions: 1.18 destination matches remote pods, 1.19 destination does not', () => {
      const pol = cnpFromWeb();
      const f = world(
        {
          cilium: CIL18,
          policies: [
            cnp('p', {
              endpointSelector: onDb,
              ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }],
            }),
          ],
        },
        { cilium: CIL19, policies: [pol] },
      );
      expect(f(wref('c2', 'web'), wref('c1', 'db')).allowed).toBe(true);
      expect(f(wref('c1', 'web'), wref('c2', 'db')).allowed).toBe(false);
    });
  });

  it('T9: selectors on filtered identity labels never match under Cilium', () => {
    const pol = np('t9', {
      podSelector: onDb,
      ingress: [
        {
          from: [
            {
              podSelector: {
                matchLabels: { 'statefulset.kubernetes.io/pod-name': 'web-0' },
              },
            },
          ],
        },
      ],
    });
    const workloads = baseWorkloads([
      {
        name: 'web-0',
        namespace: 'shop',
        labels: { app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-0' },
      },
    ]);
    expect(
      world({ policies: [pol], workloads })(
        wref('c1', 'web-0'),
        wref('c1', 'db'),
      ).allowed,
    ).toBe(true);
    expect(
      world({ cilium: CIL19, policies: [pol], workloads })(
        wref('c1', 'web-0'),
        wref('c1', 'db'),
      ).allowed,
    ).toBe(false);
  });

  it('T10: an L4-only allow voids the L7 restriction of a similar allow', () => {
    const fromWeb = [{ matchLabels: { app: 'web' } }];
    const l4 = cnp('l4', {
      endpointSelector: onDb,
      ingress: [
        {
          fromEndpoints: fromWeb,
          toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }],
        },
      ],
    });
    const l7 = cnp('l7', {
      endpointSelector: onDb,
      ingress: [
        {
          fromEndpoints: fromWeb,
          toPorts: [
            {
              ports: [{ port: '80', protocol: 'TCP' }],
              rules: { http: [{ method: 'GET', path: '/public' }] },
            },
          ],
        },
      ],
    });
    const both = world({ cilium: CIL19, policies: [l4, l7] })(
      wref('c1', 'web'),
      wref('c1', 'db'),
    );
    expect(both.allowed).toBe(true);
    expect(both.ingress.l7).toBe(false);
    const only = world({ cilium: CIL19, policies: [l7] })(
      wref('c1', 'web'),
      wref('c1', 'db'),
    );
    expect(only.ingress.l7).toBe(true);
  });

  it('T11: toFQDNs without a DNS rule blocks DNS and the name', () => {
    const pol = cnp('t11', {
      endpointSelector: { matchLabels: { app: 'web' } },
      egress: [
        {
          toFQDNs: [{ matchName: 'api.example.com' }],
          toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }],
        },
      ],
    });
    const f = world({ cilium: CIL19, policies: [pol] });
    expect(
      f(wref('c1', 'web'), { cidr: '93.184.216.34' }, 443).egress.outcome,
    ).toBe('default-deny');
    expect(f(wref('c1', 'web'), wref('c1', 'db'), 53, 'UDP').allowed).toBe(
      false,
    );
  });

  it('T12: fromEntities cluster admits remote nodes, not remote pods', () => {
    const pol = cnp('t12', {
      endpointSelector: onDb,
      ingress: [{ fromEntities: ['cluster'] }],
    });
    const f = world({ cilium: CIL19, policies: [pol] }, { cilium: CIL19 });
    expect(f(wref('c2', 'web'), wref('c1', 'db')).allowed).toBe(false);
    expect(f({ entity: 'host', cluster: 'c2' }, wref('c1', 'db')).allowed).toBe(
      true,
    );
    expect(
      f({ entity: 'remote-node', cluster: 'c2' }, wref('c1', 'db')).allowed,
    ).toBe(true);
    expect(f(wref('c1', 'api', 'other'), wref('c1', 'db')).allowed).toBe(true);
    expect(f({ entity: 'world' }, wref('c1', 'db')).allowed).toBe(false);
  });

  describe('T15: authentication required', () => {
    const pol = cnp('t15', {
      endpointSelector: onDb,
      ingress: [
        {
          fromEndpoints: [
            {
              matchLabels: { app: 'web', 'io.cilium.k8s.policy.cluster': 'c2' },
            },
            { matchLabels: { app: 'web' } },
          ],
          authentication: { mode: 'required' },
        },
      ],
    });
    it('is dropped across ClusterMesh', () => {
      const v = world(
        { cilium: { ...CIL19, 'mesh-auth-enabled': 'true' }, policies: [pol] },
        { cilium: CIL19 },
      )(wref('c2', 'web'), wref('c1', 'db'));
      expect(v.ingress.allowed).toBe(true);
      expect(v.authRequired).toBe(true);
      expect(v.allowed).toBe(false);
      expect(v.reasons.join(' ')).toMatch(/ClusterMesh/);
    });
    it('is dropped when mesh auth is disabled (1.19 default) and allowed with auth when enabled', () => {
      expect(
        world({ cilium: CIL19, policies: [pol] })(
          wref('c1', 'web'),
          wref('c1', 'db'),
        ).allowed,
      ).toBe(false);
      const v = world({
        cilium: { ...CIL19, 'mesh-auth-enabled': 'true' },
        policies: [pol],
      })(wref('c1', 'web'), wref('c1', 'db'));
      expect(v.allowed).toBe(true);
      expect(v.ingress.auth).toBe('required');
      // 1.18 default: mesh auth on
      expect(
        world({ cilium: CIL18, policies: [pol] })(
          wref('c1', 'web'),
          wref('c1', 'db'),
        ).allowed,
      ).toBe(true);
    });
    it('a more specific explicit disabled opts out', () => {
      const opt = cnp('opt', {
        endpointSelector: onDb,
        ingress: [
          {
            fromEndpoints: [{ matchLabels: { app: 'web' } }],
            toPorts: [{ ports: [{ port: '80' }] }],
            authentication: { mode: 'disabled' },
          },
        ],
      });
      const f = world({ cilium: CIL19, policies: [pol, opt] });
      expect(f(wref('c1', 'web'), wref('c1', 'db'), 80).allowed).toBe(true);
      expect(f(wref('c1', 'web'), wref('c1', 'db'), 81).allowed).toBe(false);
    });
  });
});
