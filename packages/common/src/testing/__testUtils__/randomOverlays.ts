/*
 * fast-check arbitraries of small random overlays for differential tests: two clusters, mixed
 * enforcers, Cilium versions and flags, random labels and NP/CNP/CCNP/ANP/BANP policies.
 */
import fc from 'fast-check';
import type {
  CiliumRule,
  LabelSelector,
  NetworkPolicy,
  PolicyObject,
  Protocol,
} from '../../model';
import type { TestCluster } from '../overlayBuilder';

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const selectorArb: fc.Arbitrary<LabelSelector> = fc
  .record({
    app: opt(fc.constantFrom('web', 'db', 'api')),
    tier: opt(
      fc.constantFrom<'In' | 'NotIn' | 'Exists' | 'DoesNotExist'>(
        'In',
        'NotIn',
        'Exists',
        'DoesNotExist',
      ),
    ),
    cluster: opt(fc.constantFrom('c1', 'c2', 'exists')),
    ns: opt(fc.constantFrom('a', 'b')),
    team: opt(fc.constantFrom('x', 'y')),
    filtered: fc.boolean(),
  })
  .map(r => {
    const matchLabels: Record<string, string> = {};
    const matchExpressions: NonNullable<LabelSelector['matchExpressions']> = [];
    if (r.app) matchLabels.app = r.app;
    if (r.tier)
      matchExpressions.push({
        key: 'tier',
        operator: r.tier,
        values: r.tier.endsWith('In') ? ['fe'] : undefined,
      });
    if (r.cluster === 'exists')
      matchExpressions.push({
        key: 'io.cilium.k8s.policy.cluster',
        operator: 'Exists',
      });
    else if (r.cluster) matchLabels['io.cilium.k8s.policy.cluster'] = r.cluster;
    if (r.ns) matchLabels['k8s:io.kubernetes.pod.namespace'] = r.ns;
    if (r.team) matchLabels[`io.cilium.k8s.namespace.labels.team`] = r.team;
    if (r.filtered) matchLabels['pod-template-hash'] = 'abc';
    return { matchLabels, matchExpressions };
  });

const plainSelectorArb: fc.Arbitrary<LabelSelector> = fc
  .record({
    app: opt(fc.constantFrom('web', 'db', 'api')),
    tier: opt(fc.constantFrom<'In' | 'DoesNotExist'>('In', 'DoesNotExist')),
    filtered: fc.boolean(),
  })
  .map(r => ({
    matchLabels: {
      ...(r.app ? { app: r.app } : {}),
      ...(r.filtered ? { 'pod-template-hash': 'abc' } : {}),
    },
    matchExpressions: r.tier
      ? [
          {
            key: 'tier',
            operator: r.tier,
            values: r.tier === 'In' ? ['fe'] : undefined,
          },
        ]
      : [],
  }));

const cidrArb = fc.constantFrom(
  '10.0.0.0/16',
  '10.0.1.0/24',
  '0.0.0.0/0',
  '192.168.0.0/16',
);

const ciliumPortArb = fc
  .record({
    port: fc.constantFrom('80', '443', '8000', 'http', '0', '53'),
    endPort: opt(fc.constant(8100)),
    protocol: opt(fc.constantFrom('TCP', 'UDP', 'ANY')),
  })
  .map(p => ({
    port: p.port,
    protocol: p.protocol,
    ...(p.endPort && p.port === '8000' ? { endPort: p.endPort } : {}),
  }));

const ciliumRuleArb = (dir: 'ingress' | 'egress', deny: boolean) =>
  fc
    .record({
      l3: fc.constantFrom(
        'endpoints',
        'entities',
        'cidr',
        'none',
        'emptyEndpoints',
      ),
      eps: fc.array(selectorArb, { minLength: 1, maxLength: 2 }),
      ents: fc.subarray([
        'world',
        'cluster',
        'all',
        'host',
        'remote-node',
        'cluster-mesh',
      ]),
      cidrs: fc.array(cidrArb, { minLength: 1, maxLength: 2 }),
      ports: opt(fc.array(ciliumPortArb, { minLength: 1, maxLength: 2 })),
      auth: deny
        ? fc.constant(undefined)
        : opt(fc.constantFrom('required', 'disabled', 'test-always-fail')),
    })
    .map(r => {
      const out: Record<string, unknown> = {};
      const p = dir === 'ingress' ? 'from' : 'to';
      if (r.l3 === 'endpoints') out[`${p}Endpoints`] = r.eps;
      if (r.l3 === 'emptyEndpoints') out[`${p}Endpoints`] = [];
      if (r.l3 === 'entities') out[`${p}Entities`] = r.ents;
      if (r.l3 === 'cidr') out[`${p}CIDR`] = r.cidrs;
      if (r.ports) out.toPorts = [{ ports: r.ports }];
      if (r.auth) out.authentication = { mode: r.auth };
      return out;
    });

const ciliumSpecArb: fc.Arbitrary<CiliumRule> = fc
  .record({
    endpointSelector: selectorArb,
    ingress: opt(fc.array(ciliumRuleArb('ingress', false), { maxLength: 2 })),
    ingressDeny: opt(
      fc.array(ciliumRuleArb('ingress', true), { maxLength: 1 }),
    ),
    egress: opt(fc.array(ciliumRuleArb('egress', false), { maxLength: 2 })),
    egressDeny: opt(fc.array(ciliumRuleArb('egress', true), { maxLength: 1 })),
    dd: opt(
      fc.record({ ingress: opt(fc.boolean()), egress: opt(fc.boolean()) }),
    ),
  })
  .map(r => {
    const spec: Record<string, unknown> = {
      endpointSelector: r.endpointSelector,
    };
    for (const k of ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const)
      if (r[k]) spec[k] = r[k];
    if (!r.ingress && !r.ingressDeny && !r.egress && !r.egressDeny)
      spec.ingress = [{}];
    if (r.dd) spec.enableDefaultDeny = r.dd;
    return spec as CiliumRule;
  });

const npPeerArb = fc.oneof(
  fc.record({ podSelector: plainSelectorArb }),
  fc.record({
    namespaceSelector: fc.constantFrom<LabelSelector>(
      {},
      { matchLabels: { team: 'x' } },
      { matchLabels: { 'kubernetes.io/metadata.name': 'b' } },
    ),
  }),
  fc.record({
    podSelector: plainSelectorArb,
    namespaceSelector: fc.constant<LabelSelector>({
      matchLabels: { team: 'y' },
    }),
  }),
  fc.record({ ipBlock: fc.record({ cidr: cidrArb }) }),
);
const npPortArb = fc
  .record({
    port: opt(fc.constantFrom<number | string>(80, 443, 8000, 'http', 53)),
    protocol: opt(fc.constantFrom<Protocol>('TCP', 'UDP')),
  })
  .map(p => ({
    ...(p.port !== undefined ? { port: p.port } : {}),
    ...(p.protocol ? { protocol: p.protocol } : {}),
    ...(p.port === 8000 ? { endPort: 8100 } : {}),
  }));
const npRuleArb = fc.record({
  peers: opt(fc.array(npPeerArb, { maxLength: 2 })),
  ports: opt(fc.array(npPortArb, { maxLength: 2 })),
});

const npArb = fc
  .record({
    podSelector: plainSelectorArb,
    types: opt(
      fc.subarray<'Ingress' | 'Egress'>(['Ingress', 'Egress'], {
        minLength: 1,
      }),
    ),
    ingress: opt(fc.array(npRuleArb, { maxLength: 2 })),
    egress: opt(fc.array(npRuleArb, { maxLength: 2 })),
  })
  .map(
    r =>
      ({
        podSelector: r.podSelector,
        ...(r.types ? { policyTypes: r.types } : {}),
        ...(r.ingress
          ? {
              ingress: r.ingress.map(x => ({
                ...(x.peers ? { from: x.peers } : {}),
                ...(x.ports ? { ports: x.ports } : {}),
              })),
            }
          : {}),
        ...(r.egress
          ? {
              egress: r.egress.map(x => ({
                ...(x.peers ? { to: x.peers } : {}),
                ...(x.ports ? { ports: x.ports } : {}),
              })),
            }
          : {}),
      }) as NetworkPolicy['spec'],
  );

// AdminNetworkPolicy / BaselineAdminNetworkPolicy (§1.8): every peer kind, Pass, equal
// priorities (ties broken by name), fail-closed peers of a newer API version.
const nsSelArb = fc.constantFrom<LabelSelector>(
  {},
  { matchLabels: { team: 'x' } },
  { matchLabels: { 'kubernetes.io/metadata.name': 'b' } },
  { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['y'] }] },
);
const anpPeerArb = (dir: 'ingress' | 'egress') =>
  fc.oneof(
    fc.record({ namespaces: nsSelArb }),
    fc.record({
      pods: fc.record({
        namespaceSelector: nsSelArb,
        podSelector: plainSelectorArb,
      }),
    }),
    ...(dir === 'egress'
      ? [
          fc.record({
            networks: fc.array(cidrArb, { minLength: 1, maxLength: 2 }),
          }),
          fc.constant({ nodes: {} }),
          fc.constant({ nodes: { matchLabels: { role: 'x' } } }),
          fc.constant({ newerPeerKind: {} }),
        ]
      : [fc.constant({ newerPeerKind: {} })]),
  );
const anpPortArb = fc.oneof(
  fc.record({
    portNumber: fc.record({
      protocol: fc.constantFrom<Protocol>('TCP', 'UDP'),
      port: fc.constantFrom(80, 443, 53),
    }),
  }),
  fc.constant({
    portRange: { protocol: 'TCP' as Protocol, start: 8000, end: 8100 },
  }),
  fc.constant({ namedPort: 'http' }),
);
const anpRuleArb = (dir: 'ingress' | 'egress', actions: string[]) =>
  fc
    .record({
      action: fc.constantFrom(...actions),
      peers: fc.array(anpPeerArb(dir), { minLength: 1, maxLength: 2 }),
      ports: opt(fc.array(anpPortArb, { minLength: 1, maxLength: 2 })),
    })
    .map(r => {
      const peers = r.peers.filter(
        p => r.action === 'Allow' || !('domainNames' in p),
      );
      const noNamed = peers.some(p => 'networks' in p || 'nodes' in p);
      const ports = r.ports?.filter(p => !(noNamed && 'namedPort' in p));
      return {
        action: r.action,
        [dir === 'ingress' ? 'from' : 'to']: peers,
        ...(ports?.length ? { ports } : {}),
      };
    });
const anpSubjectArb = fc.oneof(
  fc.record({ namespaces: nsSelArb }),
  fc.record({
    pods: fc.record({
      namespaceSelector: nsSelArb,
      podSelector: plainSelectorArb,
    }),
  }),
);
const anpSpecArb = (actions: string[]) =>
  fc.record({
    subject: anpSubjectArb,
    ingress: opt(fc.array(anpRuleArb('ingress', actions), { maxLength: 2 })),
    egress: opt(fc.array(anpRuleArb('egress', actions), { maxLength: 2 })),
  });

const policyArb = fc.oneof(
  fc.record({
    kind: fc.constant('AdminNetworkPolicy' as const),
    ns: fc.constant(undefined),
    spec: fc
      .record({
        priority: fc.constantFrom(1, 5, 5, 5),
        rest: anpSpecArb(['Allow', 'Deny', 'Pass']),
      })
      .map(r => ({ priority: r.priority, ...r.rest })),
  }),
  fc.record({
    kind: fc.constant('NetworkPolicy' as const),
    ns: fc.constantFrom('a', 'b'),
    spec: npArb,
  }),
  fc.record({
    kind: fc.constant('CiliumNetworkPolicy' as const),
    ns: fc.constantFrom('a', 'b'),
    spec: ciliumSpecArb,
  }),
  fc.record({
    kind: fc.constant('CiliumClusterwideNetworkPolicy' as const),
    ns: fc.constant(undefined),
    spec: ciliumSpecArb,
  }),
);

const workloadArb = fc.record({
  ns: fc.constantFrom('a', 'b'),
  app: fc.constantFrom('web', 'db', 'api'),
  tier: opt(fc.constant('fe')),
  hash: fc.boolean(),
  sa: fc.constantFrom('default', 'sa1'),
  http: opt(fc.constantFrom(80, 8080)),
  ip: opt(fc.constantFrom('10.0.1.5', '10.0.2.5', '192.168.3.3')),
  hostNetwork: fc.constantFrom(false, false, false, false, true),
});

/** One random cluster named `name`: its enforcer, Cilium flags, up to 4 workloads and policies. */
export const clusterArb = (name: string) =>
  fc
    .record({
      cilium: fc.constantFrom(true, true, false),
      version: fc.constantFrom('1.18.2', '1.19.1', '1.20.0'),
      defaultLocal: opt(fc.constantFrom('true', 'false')),
      meshAuth: opt(fc.constantFrom('true', 'false')),
      enablePolicy: fc.constantFrom(
        'default',
        'default',
        'default',
        'always',
        'never',
      ),
      nonDefaultDeny: opt(fc.constant('false')),
      teamA: fc.constantFrom('x', 'y'),
      workloads: fc.array(workloadArb, { minLength: 1, maxLength: 4 }),
      policies: fc.array(policyArb, { maxLength: 4 }),
      banp: opt(anpSpecArb(['Allow', 'Deny'])),
    })
    .map((r): TestCluster => ({
      name,
      cilium: r.cilium
        ? {
            'cilium-version': r.version,
            ...(r.defaultLocal
              ? { 'policy-default-local-cluster': r.defaultLocal }
              : {}),
            ...(r.meshAuth ? { 'mesh-auth-enabled': r.meshAuth } : {}),
            'enable-policy': r.enablePolicy,
            ...(r.nonDefaultDeny
              ? { 'enable-non-default-deny-policies': r.nonDefaultDeny }
              : {}),
          }
        : undefined,
      namespaces: { a: { team: r.teamA }, b: { team: 'y' } },
      workloads: r.workloads.map((w, i) => ({
        name: `w${i}`,
        namespace: w.ns,
        labels: {
          app: w.app,
          ...(w.tier ? { tier: w.tier } : {}),
          ...(w.hash ? { 'pod-template-hash': 'abc' } : {}),
        },
        serviceAccount: w.sa,
        ports: w.http
          ? [{ name: 'http', port: w.http, protocol: 'TCP' as Protocol }]
          : [],
        ips: w.ip ? [w.ip] : [],
        hostNetwork: w.hostNetwork,
      })),
      policies: [
        ...(r.banp
          ? [
              {
                apiVersion: 'policy.networking.k8s.io/v1alpha1',
                kind: 'BaselineAdminNetworkPolicy',
                metadata: { name: 'default' },
                spec: r.banp,
              } as PolicyObject,
            ]
          : []),
        ...r.policies.map((p, i): PolicyObject => {
          const metadata = {
            name: `p${i}`,
            ...(p.ns ? { namespace: p.ns } : {}),
          };
          if (p.kind === 'AdminNetworkPolicy')
            return {
              apiVersion: 'policy.networking.k8s.io/v1alpha1',
              kind: p.kind,
              metadata,
              spec: p.spec,
            } as PolicyObject;
          if (p.kind === 'NetworkPolicy')
            return {
              apiVersion: 'networking.k8s.io/v1',
              kind: p.kind,
              metadata,
              spec: p.spec as NetworkPolicy['spec'],
            };
          return {
            apiVersion: 'cilium.io/v2',
            kind: p.kind,
            metadata,
            spec: p.spec as CiliumRule,
          } as PolicyObject;
        }),
      ],
    }));
