/*
 * Differential test for the calico enforcer: computeConnectivity and explainFlow against a
 * naive evaluator written here, independently of the engine's normalization (policy/calico.ts):
 * it reads the raw Calico and Kubernetes objects and walks tiers, policies and rules per
 * flow exactly as SEMANTICS §3.4 and docs/calico.md describe. Only the selector evaluator is
 * shared (it has its own table tests). Random small overlays: tiers with and without order
 * and defaultAction Pass, NetworkPolicy / GlobalNetworkPolicy / Kubernetes NetworkPolicy,
 * Allow / Deny / Pass / Log, selectors, namespaceSelector, serviceAccounts, nets, ports, and
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy in their tiers.
 */
import fc from 'fast-check';
import {
  computeConnectivity,
  connectionAllows,
  endpointKey,
} from '../connectivity';
import type {
  AdminNetworkPolicy,
  AdminNetworkPolicyPeer,
  AdminNetworkPolicySubject,
  CalicoEntityRule,
  CalicoPolicySpec,
  CalicoRule,
  Endpoint,
  KubeObject,
  NetworkPolicy,
  Overlay,
  PolicyObject,
  Protocol,
  Workload,
} from '../model';
import { compileOverlay, parseIpRange, type IpRange } from '../policy';
import { matchCalicoSelector, parseCalicoSelector } from '../selectors';
import { explainFlow } from '../verdict';
import { testOverlay, type TestCluster } from './overlayBuilder';

const PROBES: Array<[Protocol, number]> = [
  ['TCP', 80],
  ['TCP', 8050],
  ['TCP', 8080],
  ['UDP', 53],
  ['UDP', 80],
  ['SCTP', 80],
];

const opt = <T>(a: fc.Arbitrary<T>) =>
  fc.option(a, { nil: undefined, freq: 2 });
/** Absent three times in four: rules with every field set would almost never match. */
const rare = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: a },
  );

const SELECTORS = [
  'all()',
  "app == 'web'",
  "app != 'db'",
  'has(env)',
  '!has(env)',
  "app in {'web', 'api'}",
  "app not in {'db'}",
  "env starts with 'pr'",
  "app == 'db' || has(env)",
  "(app == 'web' && env == 'prod')",
  "projectcalico.org/namespace == 'a'",
  "projectcalico.org/serviceaccount == 'sa1'",
];
const NS_SELECTORS = ['all()', "team == 'x'", 'global()', "team != 'x'"];
const NETS = ['10.0.0.0/16', '10.0.1.0/24', '0.0.0.0/0', '192.168.0.0/16'];

const entityArb: fc.Arbitrary<CalicoEntityRule | undefined> = opt(
  fc
    .record({
      selector: rare(fc.constantFrom(...SELECTORS)),
      notSelector: rare(fc.constantFrom(...SELECTORS)),
      namespaceSelector: rare(fc.constantFrom(...NS_SELECTORS)),
      nets: rare(fc.subarray(NETS, { minLength: 1, maxLength: 2 })),
      notNets: rare(fc.subarray(NETS, { minLength: 1, maxLength: 1 })),
      sa: rare(fc.constantFrom(['sa1'], ['sa2', 'sa1'])),
    })
    .map(r => {
      const e: CalicoEntityRule = {};
      if (r.selector) e.selector = r.selector;
      if (r.notSelector) e.notSelector = r.notSelector;
      if (r.namespaceSelector) e.namespaceSelector = r.namespaceSelector;
      if (r.nets) e.nets = r.nets;
      if (r.notNets) e.notNets = r.notNets;
      if (r.sa) e.serviceAccounts = { names: [...r.sa] };
      return e;
    }),
);

const ruleArb: fc.Arbitrary<CalicoRule> = fc
  .record({
    action: fc.constantFrom<CalicoRule['action']>(
      'Allow',
      'Deny',
      'Pass',
      'Log',
    ),
    protocol: opt(fc.constantFrom('TCP', 'UDP', 'ICMP')),
    notProtocol: rare(fc.constantFrom('UDP')),
    source: entityArb,
    destination: entityArb,
    ports: opt(
      fc.subarray<number | string>([80, '8000:8100', 'http', 53], {
        minLength: 1,
        maxLength: 2,
      }),
    ),
    notPorts: rare(fc.constantFrom<Array<number | string>>([80], ['50:60'])),
  })
  .map(r => {
    const rule: CalicoRule = { action: r.action };
    if (r.protocol) rule.protocol = r.protocol;
    if (r.notProtocol && !r.protocol) rule.notProtocol = r.notProtocol;
    if (r.source) rule.source = r.source;
    const dst: CalicoEntityRule = { ...(r.destination ?? {}) };
    // ports need TCP or UDP (P04)
    if (rule.protocol === 'TCP' || rule.protocol === 'UDP') {
      if (r.ports) dst.ports = r.ports;
      if (r.notPorts) dst.notPorts = r.notPorts;
    }
    if (Object.keys(dst).length) rule.destination = dst;
    return rule;
  });

const calicoPolicyArb = fc.record({
  global: fc.boolean(),
  ns: fc.constantFrom('a', 'b'),
  tier: opt(fc.constantFrom('security', 'late', 'default')),
  order: opt(fc.constantFrom(10, 20)),
  selector: opt(fc.constantFrom(...SELECTORS)),
  nsSelector: opt(fc.constantFrom(...NS_SELECTORS)),
  types: opt(
    fc.constantFrom<Array<'Ingress' | 'Egress'>>(
      ['Ingress'],
      ['Egress'],
      ['Ingress', 'Egress'],
    ),
  ),
  ingress: opt(fc.array(ruleArb, { maxLength: 2 })),
  egress: opt(fc.array(ruleArb, { maxLength: 2 })),
});

const knpArb = fc.record({
  ns: fc.constantFrom('a', 'b'),
  app: opt(fc.constantFrom('web', 'db')),
  from: opt(fc.constantFrom('web', 'api')),
  egress: fc.boolean(),
});

const anpPeerArb = fc.constantFrom<AdminNetworkPolicyPeer>(
  { namespaces: {} },
  { namespaces: { matchLabels: { team: 'y' } } },
  {
    pods: {
      namespaceSelector: {},
      podSelector: { matchLabels: { app: 'web' } },
    },
  },
);
const anpRuleArb = (actions: string[]) =>
  fc.record({
    action: fc.constantFrom(...actions),
    peers: fc.array(anpPeerArb, { minLength: 1, maxLength: 2 }),
    port: rare(fc.constantFrom(80, 53)),
  });
const anpArb = fc.record({
  priority: fc.constantFrom(5, 10),
  subject: fc.constantFrom<AdminNetworkPolicySubject>(
    { namespaces: {} },
    { namespaces: { matchLabels: { team: 'x' } } },
    {
      pods: {
        namespaceSelector: {},
        podSelector: { matchLabels: { app: 'db' } },
      },
    },
  ),
  ingress: opt(
    fc.array(anpRuleArb(['Allow', 'Deny', 'Pass']), { maxLength: 2 }),
  ),
  egress: opt(
    fc.array(anpRuleArb(['Allow', 'Deny', 'Pass']), { maxLength: 2 }),
  ),
});

/** ANP/BANP rules of the generator as the API's shape. */
const anpRules = (
  dir: 'ingress' | 'egress',
  rules: Array<{
    action: string;
    peers: AdminNetworkPolicyPeer[];
    port?: number;
  }>,
) =>
  rules.map(r => ({
    action: r.action,
    [dir === 'ingress' ? 'from' : 'to']: r.peers,
    ...(r.port
      ? {
          ports: [
            {
              portNumber: {
                protocol: r.port === 53 ? 'UDP' : 'TCP',
                port: r.port,
              },
            },
          ],
        }
      : {}),
  }));

const clusterArb = fc
  .record({
    workloads: fc.array(
      fc.record({
        ns: fc.constantFrom('a', 'b'),
        app: fc.constantFrom('web', 'db', 'api'),
        env: opt(fc.constantFrom('prod', 'dev')),
        sa: fc.constantFrom('sa1', 'sa2'),
        http: fc.boolean(),
        ip: opt(fc.constantFrom('10.0.1.5', '10.0.2.5', '192.168.1.1')),
      }),
      { minLength: 2, maxLength: 4 },
    ),
    security: opt(fc.constantFrom<'Deny' | 'Pass'>('Deny', 'Pass')),
    late: fc.boolean(),
    policies: fc.array(calicoPolicyArb, { maxLength: 3 }),
    knps: fc.array(knpArb, { maxLength: 2 }),
    anps: fc.array(anpArb, { maxLength: 2 }),
    banp: rare(
      fc.record({
        ingress: opt(fc.array(anpRuleArb(['Allow', 'Deny']), { maxLength: 2 })),
        egress: opt(fc.array(anpRuleArb(['Allow', 'Deny']), { maxLength: 2 })),
      }),
    ),
  })
  .map(r => {
    const objects: KubeObject[] = [];
    if (r.security)
      objects.push({
        apiVersion: 'projectcalico.org/v3',
        kind: 'Tier',
        metadata: { name: 'security' },
        spec: { order: 100, defaultAction: r.security },
      });
    if (r.late)
      objects.push({
        apiVersion: 'projectcalico.org/v3',
        kind: 'Tier',
        metadata: { name: 'late' },
        spec: {},
      });
    const policies: PolicyObject[] = r.policies.map((p, i) => {
      const spec: CalicoPolicySpec = {};
      if (p.tier) spec.tier = p.tier;
      if (p.order !== undefined) spec.order = p.order;
      if (p.selector) spec.selector = p.selector;
      if (p.global && p.nsSelector) spec.namespaceSelector = p.nsSelector;
      if (p.types) spec.types = p.types;
      if (p.ingress) spec.ingress = p.ingress;
      if (p.egress) spec.egress = p.egress;
      return p.global
        ? {
            apiVersion: 'projectcalico.org/v3',
            kind: 'GlobalNetworkPolicy',
            metadata: { name: `g${i}` },
            spec,
          }
        : {
            apiVersion: 'projectcalico.org/v3',
            kind: 'CalicoNetworkPolicy',
            metadata: { name: `p${i}`, namespace: p.ns },
            spec,
          };
    });
    r.knps.forEach((k, i) => {
      const np: NetworkPolicy = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `k${i}`, namespace: k.ns },
        spec: {
          podSelector: { matchLabels: k.app ? { app: k.app } : {} },
          ingress: k.from
            ? [{ from: [{ podSelector: { matchLabels: { app: k.from } } }] }]
            : [],
          ...(k.egress
            ? {
                policyTypes: ['Ingress', 'Egress'],
                egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }],
              }
            : {}),
        },
      };
      policies.push(np);
    });
    r.anps.forEach((a, i) =>
      policies.push({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: `a${i}` },
        spec: {
          priority: a.priority,
          subject: a.subject,
          ...(a.ingress ? { ingress: anpRules('ingress', a.ingress) } : {}),
          ...(a.egress ? { egress: anpRules('egress', a.egress) } : {}),
        },
      } as PolicyObject),
    );
    if (r.banp)
      policies.push({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'BaselineAdminNetworkPolicy',
        metadata: { name: 'default' },
        spec: {
          subject: { namespaces: {} },
          ...(r.banp.ingress
            ? { ingress: anpRules('ingress', r.banp.ingress) }
            : {}),
          ...(r.banp.egress
            ? { egress: anpRules('egress', r.banp.egress) }
            : {}),
        },
      } as PolicyObject);
    const cluster: TestCluster = {
      name: 'c1',
      enforcer: 'calico',
      namespaces: { a: { team: 'x' }, b: { team: 'y' } },
      workloads: r.workloads.map((w, i) => ({
        name: `w${i}`,
        namespace: w.ns,
        labels: { app: w.app, ...(w.env ? { env: w.env } : {}) },
        serviceAccount: w.sa,
        ports: w.http
          ? [{ name: 'http', port: 8080, protocol: 'TCP' as Protocol }]
          : [],
        ips: w.ip ? [w.ip] : [],
      })),
      policies,
      objects,
    };
    return cluster;
  });

// ---------- the naive evaluator ----------

interface Peer {
  workload?: Workload;
  ranges: IpRange[];
}

const within = (outer: IpRange, inner: IpRange) =>
  outer.v6 === inner.v6 && outer.lo <= inner.lo && inner.hi <= outer.hi;
const overlap = (a: IpRange, b: IpRange) =>
  a.v6 === b.v6 && a.lo <= b.hi && b.lo <= a.hi;
const sel = (s: string, labels: Record<string, string>) =>
  matchCalicoSelector(parseCalicoSelector(s), labels);

/** Pod labels plus what Calico adds to a workload endpoint. */
const podLabels = (w: Workload) => ({
  ...w.labels,
  'projectcalico.org/namespace': w.namespace,
  'projectcalico.org/orchestrator': 'k8s',
  'projectcalico.org/serviceaccount': w.serviceAccount,
});
const nsLabels = (w: Workload) => ({
  ...w.namespaceLabels,
  'projectcalico.org/name': w.namespace,
});
/** namespaceSelector: all() = in a namespace (every pod), global() = none of them. */
const nsSelects = (s: string, w: Workload) => {
  const t = s.trim();
  if (t === 'all()') return true;
  if (t === 'global()') return false;
  return sel(s, nsLabels(w));
};

const labelsMatch = (
  m: Record<string, string> | undefined,
  l: Record<string, string>,
) => Object.entries(m ?? {}).every(([k, v]) => l[k] === v);

/** An ANP subject or peer (namespaces / pods with matchLabels only, as generated). */
function anpSelects(
  s: AdminNetworkPolicySubject | AdminNetworkPolicyPeer,
  w: Workload,
): boolean {
  if (s.namespaces)
    return labelsMatch(s.namespaces.matchLabels, w.namespaceLabels);
  if (s.pods)
    return (
      labelsMatch(s.pods.namespaceSelector.matchLabels, w.namespaceLabels) &&
      labelsMatch(s.pods.podSelector.matchLabels, w.labels)
    );
  return false;
}

/** EntityRule against a peer, following libcalico-go's GetEntityRuleSelector. */
function entityOk(
  e: CalicoEntityRule | undefined,
  peer: Peer,
  policyNs: string | undefined,
): boolean {
  if (!e) return true;
  const w = peer.workload;
  const anySelector =
    e.selector !== undefined ||
    e.serviceAccounts !== undefined ||
    e.namespaceSelector !== undefined ||
    (e.notSelector !== undefined && policyNs !== undefined);
  if (anySelector) {
    if (!w) return false;
    if (e.namespaceSelector !== undefined) {
      if (!nsSelects(e.namespaceSelector, w)) return false;
    } else if (policyNs !== undefined && w.namespace !== policyNs) return false;
    if (e.selector !== undefined && !sel(e.selector, podLabels(w)))
      return false;
    if (
      e.serviceAccounts?.names &&
      !e.serviceAccounts.names.includes(w.serviceAccount)
    )
      return false;
  }
  if (e.notSelector !== undefined && w && sel(e.notSelector, podLabels(w)))
    return false;
  if (e.nets) {
    const nets = e.nets.map(n => parseIpRange(n)!);
    if (!peer.ranges.some(r => nets.some(n => within(n, r)))) return false;
  }
  if (e.notNets) {
    const nets = e.notNets.map(n => parseIpRange(n)!);
    if (peer.ranges.some(r => nets.some(n => overlap(n, r)))) return false;
  }
  return true;
}

function portInList(
  list: Array<number | string>,
  port: number,
  dst: Workload | undefined,
  protocol: Protocol,
): boolean {
  return list.some(p => {
    if (typeof p === 'number') return p === port;
    const m = /^(\d+):(\d+)$/.exec(p);
    if (m) return Number(m[1]) <= port && port <= Number(m[2]);
    return !!dst?.ports.some(
      x => x.name === p && x.port === port && x.protocol === protocol,
    );
  });
}

function ruleOk(
  r: CalicoRule,
  direction: 'ingress' | 'egress',
  local: Peer,
  remote: Peer,
  dst: Peer,
  protocol: Protocol,
  port: number,
  policyNs: string | undefined,
): boolean {
  if (r.protocol !== undefined && r.protocol !== protocol) return false;
  if (r.notProtocol !== undefined && r.notProtocol === protocol) return false;
  const [src, dstEntity] =
    direction === 'ingress' ? [remote, local] : [local, remote];
  if (!entityOk(r.source, src, policyNs)) return false;
  if (!entityOk(r.destination, dstEntity, policyNs)) return false;
  const d = r.destination;
  if (d?.ports && !portInList(d.ports, port, dst.workload, protocol))
    return false;
  if (d?.notPorts && portInList(d.notPorts, port, dst.workload, protocol))
    return false;
  return true;
}

interface NaivePolicy {
  tier: string;
  tierOrder: number;
  order: number;
  key: string;
  applies: (w: Workload, direction: 'ingress' | 'egress') => boolean;
  /** First matching rule's action, or undefined. */
  decide: (
    direction: 'ingress' | 'egress',
    local: Peer,
    remote: Peer,
    dst: Peer,
    protocol: Protocol,
    port: number,
  ) => 'Allow' | 'Deny' | 'Pass' | undefined;
}

function naivePolicies(c: TestCluster): {
  policies: NaivePolicy[];
  tierDefault: Map<string, 'Deny' | 'Pass'>;
} {
  const tierOrder = new Map<string, number>([['default', 1_000_000]]);
  const tierDefault = new Map<string, 'Deny' | 'Pass'>([['default', 'Deny']]);
  for (const o of c.objects ?? []) {
    if (o.kind !== 'Tier') continue;
    tierOrder.set(o.metadata.name, o.spec?.order ?? Infinity);
    tierDefault.set(o.metadata.name, o.spec?.defaultAction ?? 'Deny');
  }
  tierOrder.set('adminnetworkpolicy', 1000);
  tierDefault.set('adminnetworkpolicy', 'Pass');
  tierOrder.set('baselineadminnetworkpolicy', 10_000_000);
  tierDefault.set('baselineadminnetworkpolicy', 'Pass');
  const policies: NaivePolicy[] = [];
  for (const p of c.policies ?? []) {
    if (
      p.kind === 'AdminNetworkPolicy' ||
      p.kind === 'BaselineAdminNetworkPolicy'
    ) {
      const anp = p.kind === 'AdminNetworkPolicy';
      const spec = p.spec as AdminNetworkPolicy['spec'];
      const tier = anp ? 'adminnetworkpolicy' : 'baselineadminnetworkpolicy';
      policies.push({
        tier,
        tierOrder: tierOrder.get(tier)!,
        order: anp ? spec.priority : 0,
        key: p.metadata.name,
        applies: (w, d) =>
          (spec[d]?.length ?? 0) > 0 && anpSelects(spec.subject, w),
        decide: (d, _local, remote, _dst, protocol, port) => {
          for (const r of spec[d] ?? []) {
            const peers =
              'from' in r ? r.from : (r as { to: AdminNetworkPolicyPeer[] }).to;
            const rw = remote.workload;
            const peerOk = !!rw && peers.some(x => anpSelects(x, rw));
            const portOk =
              !r.ports ||
              r.ports.some(
                x =>
                  x.portNumber?.port === port &&
                  (x.portNumber.protocol ?? 'TCP') === protocol,
              );
            if (peerOk && portOk) return r.action;
          }
          return undefined;
        },
      });
      continue;
    }
    if (p.kind === 'NetworkPolicy') {
      const ns = p.metadata.namespace!;
      const types = p.spec.policyTypes ?? ['Ingress'];
      const podSel = p.spec.podSelector?.matchLabels ?? {};
      const selects = (w: Workload) =>
        w.namespace === ns &&
        Object.entries(podSel).every(([k, v]) => w.labels[k] === v);
      policies.push({
        tier: 'default',
        tierOrder: 1_000_000,
        order: 1000,
        key: `${ns}/knp.default.${p.metadata.name}`,
        applies: (w, d) =>
          selects(w) && types.includes(d === 'ingress' ? 'Ingress' : 'Egress'),
        decide: (d, _local, remote, _dst, protocol, port) => {
          if (d === 'ingress') {
            for (const r of p.spec.ingress ?? []) {
              const okPeer = (r.from ?? []).some(f => {
                const rw = remote.workload;
                if (!rw || rw.namespace !== ns) return false;
                const m = f.podSelector?.matchLabels ?? {};
                return Object.entries(m).every(([k, v]) => rw.labels[k] === v);
              });
              if (okPeer) return 'Allow';
            }
            return undefined;
          }
          for (const r of p.spec.egress ?? []) {
            const ok = (r.ports ?? []).some(
              x => x.protocol === protocol && x.port === port,
            );
            if (ok) return 'Allow';
          }
          return undefined;
        },
      });
      continue;
    }
    if (p.kind !== 'CalicoNetworkPolicy' && p.kind !== 'GlobalNetworkPolicy')
      continue;
    const spec = p.spec;
    const ns =
      p.kind === 'CalicoNetworkPolicy' ? p.metadata.namespace : undefined;
    const tier = spec.tier ?? 'default';
    let types = spec.types;
    if (!types || !types.length) {
      const eg = !!spec.egress?.length;
      const ing = !!spec.ingress?.length;
      if (eg && ing) types = ['Ingress', 'Egress'];
      else types = eg ? ['Egress'] : ['Ingress'];
    }
    const t = types;
    policies.push({
      tier,
      tierOrder: tierOrder.get(tier) ?? Infinity,
      order: spec.order ?? Infinity,
      key: ns ? `${ns}/${p.metadata.name}` : p.metadata.name,
      applies: (w, d) =>
        t.includes(d === 'ingress' ? 'Ingress' : 'Egress') &&
        (ns === undefined || w.namespace === ns) &&
        sel(spec.selector ?? 'all()', podLabels(w)) &&
        (spec.namespaceSelector === undefined ||
          nsSelects(spec.namespaceSelector, w)),
      decide: (d, local, remote, dst, protocol, port) => {
        for (const r of spec[d] ?? []) {
          if (!ruleOk(r, d, local, remote, dst, protocol, port, ns)) continue;
          if (r.action === 'Log') continue;
          return r.action;
        }
        return undefined;
      },
    });
  }
  return { policies, tierDefault };
}

function naiveSide(
  c: TestCluster,
  direction: 'ingress' | 'egress',
  local: Peer,
  remote: Peer,
  dst: Peer,
  protocol: Protocol,
  port: number,
): boolean {
  const w = local.workload!;
  const { policies, tierDefault } = naivePolicies(c);
  const applying = policies
    .filter(p => p.applies(w, direction))
    .sort(
      (a, b) =>
        Number(a.tierOrder > b.tierOrder) - Number(a.tierOrder < b.tierOrder) ||
        Number(a.tier > b.tier) - Number(a.tier < b.tier) ||
        Number(a.order > b.order) - Number(a.order < b.order) ||
        Number(a.key > b.key) - Number(a.key < b.key),
    );
  const tiers = [...new Set(applying.map(p => p.tier))];
  for (const tier of tiers) {
    let passed = false;
    for (const p of applying.filter(x => x.tier === tier)) {
      const a = p.decide(direction, local, remote, dst, protocol, port);
      if (a === 'Allow') return true;
      if (a === 'Deny') return false;
      if (a === 'Pass') {
        passed = true;
        break;
      }
    }
    if (!passed && (tierDefault.get(tier) ?? 'Deny') === 'Deny') return false;
  }
  return true;
}

function naiveAllowed(
  c: TestCluster,
  o: Overlay,
  from: Endpoint,
  to: Endpoint,
  protocol: Protocol,
  port: number,
): boolean {
  const peerOf = (e: Endpoint): Peer => {
    if ('workload' in e) {
      const w = o.clusters[0].workloads.find(x => x.ref === e.workload)!;
      return { workload: w, ranges: w.ips.map(ip => parseIpRange(ip)!) };
    }
    if ('cidr' in e) return { ranges: [parseIpRange(e.cidr)!] };
    return {
      ranges: [parseIpRange('0.0.0.0/0')!, parseIpRange('::/0')!],
    };
  };
  const src = peerOf(from);
  const dst = peerOf(to);
  if (src.workload && !naiveSide(c, 'egress', src, dst, dst, protocol, port))
    return false;
  if (dst.workload && !naiveSide(c, 'ingress', dst, src, dst, protocol, port))
    return false;
  return true;
}

describe('calico enforcer vs the naive evaluator', () => {
  it('agrees on every pair and probe port of random overlays (connectivity and explain)', () => {
    let checked = 0;
    const stats = { denied: 0, allowed: 0, policies: 0 };
    fc.assert(
      fc.property(clusterArb, c => {
        const overlay = testOverlay([c]);
        stats.policies += overlay.clusters[0].policies.length;
        const conn = computeConnectivity(overlay);
        const byPair = new Map(
          conn.connections.map(x => [
            `${endpointKey(x.from)}|${endpointKey(x.to)}`,
            x,
          ]),
        );
        const workloads: Endpoint[] = overlay.clusters[0].workloads.map(w => ({
          workload: w.ref,
        }));
        const externals: Endpoint[] = [
          { entity: 'world' },
          ...NETS.map(cidr => ({ cidr })),
        ];
        const enumerated = new Set<string>();
        for (const r of compileOverlay(overlay).rules)
          for (const p of r.peers)
            if (p.kind === 'calico')
              for (const n of p.entity.nets ?? []) enumerated.add(n.text);
        const pairs: Array<[Endpoint, Endpoint]> = [];
        for (const a of workloads) {
          for (const b of [...workloads, ...externals])
            if (a !== b) pairs.push([a, b]);
          for (const x of externals) pairs.push([x, a]);
        }
        for (const [from, to] of pairs) {
          const key = `${endpointKey(from)}|${endpointKey(to)}`;
          const cn = byPair.get(key);
          for (const [proto, port] of PROBES) {
            const n = naiveAllowed(c, overlay, from, to, proto, port);
            const v = explainFlow(overlay, { from, to, protocol: proto, port });
            // Connectivity lists only the CIDRs that rules allow or deny (nets).
            const cidr =
              ('cidr' in from && from.cidr) || ('cidr' in to && to.cidr);
            const listed = !cidr || enumerated.has(cidr);
            const e = !!cn && connectionAllows(cn, proto, port);
            if (v.allowed !== n || (listed && e !== n))
              throw new Error(
                `disagreement ${key} ${proto}/${port}: naive ${n}, explain ${v.allowed}, connectivity ${e}: ${v.reasons.join('; ')}\n${JSON.stringify(c.policies)}`,
              );
            checked++;
            if (n) stats.allowed++;
            else stats.denied++;
          }
        }
      }),
      { numRuns: Number(process.env.YTK_FUZZ_RUNS ?? 300) },
    );
    expect(checked).toBeGreaterThan(10000);
    // eslint-disable-next-line no-console
    console.log('STATS', JSON.stringify(stats));
  });
});
