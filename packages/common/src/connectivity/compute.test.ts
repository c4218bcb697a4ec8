import type {
  Connection,
  ConnectivityScope,
  Endpoint,
  NetworkPolicy,
  Overlay,
} from '../model';
import { NaiveEvaluator } from '../testing/naiveEvaluator';
import { testOverlay } from '../testing/overlayBuilder';
import { generateSyntheticOverlay } from '../testing/synthetic';
import { endpointKey } from './diff';
import { computeConnectivity, connectionAllows } from './compute';
import { portSpecKey } from './portSet';

/** The scope's meaning, spelled out directly on the full result. */
function filterByScope(
  overlay: Overlay,
  all: Connection[],
  scope: ConnectivityScope,
): Connection[] {
  const wl = new Map(
    overlay.clusters.flatMap(c => c.workloads.map(w => [w.ref, w] as const)),
  );
  const inScope = (e: Endpoint) => {
    if (!('workload' in e)) return false;
    const w = wl.get(e.workload)!;
    return (
      (!scope.clusters || scope.clusters.includes(w.cluster)) &&
      (!scope.namespaces || scope.namespaces.includes(w.namespace)) &&
      (!scope.workloads || scope.workloads.includes(w.ref))
    );
  };
  const external = (e: Endpoint) => !('workload' in e);
  return all.filter(
    c =>
      (scope.includeExternal !== false ||
        (!external(c.from) && !external(c.to))) &&
      (inScope(c.from) || inScope(c.to)),
  );
}

describe('computeConnectivity', () => {
  const overlay = generateSyntheticOverlay({
    seed: 3,
    clusters: 3,
    namespaces: 4,
    workloads: 120,
    policies: 150,
  });
  const full = computeConnectivity(overlay).connections;
  const refs = overlay.clusters.flatMap(c => c.workloads.map(w => w.ref));

  it.each<ConnectivityScope>([
    { clusters: ['c2'] },
    { namespaces: ['ns1', 'ns3'] },
    { workloads: [refs[0], refs[77]] },
    { clusters: ['c1'], namespaces: ['ns0'], includeExternal: false },
  ])('a scoped run is the full run filtered by the scope (%j)', scope => {
    const scoped = computeConnectivity(overlay, scope).connections;
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped).toEqual(filterByScope(overlay, full, scope));
  });

  it('shares one endpoint object per workload and one port array per distinct result', () => {
    const endpoints = new Map<string, Set<Endpoint>>();
    const specs = new Map<string, Set<unknown>>();
    const add = <T>(m: Map<string, Set<T>>, k: string, v: T) =>
      m.set(k, (m.get(k) ?? new Set<T>()).add(v));
    for (const c of full) {
      for (const e of [c.from, c.to])
        if ('workload' in e) add(endpoints, e.workload, e);
      add(specs, portSpecKey(c.ports), c.ports);
    }
    expect(endpoints.size).toBe(refs.length);
    expect([...endpoints.values()].every(s => s.size === 1)).toBe(true);
    expect(specs.size).toBeGreaterThan(1);
    expect([...specs.values()].every(s => s.size === 1)).toBe(true);
  });
});

/*
 * Rows are sparse (a default side plus the endpoints some rule names) and a source visits
 * only the destinations both sides may allow: pin that isolation in either direction, the
 * local host's exception (allow-localhost), host-network pods and CIDR peers still give
 * exactly the naive evaluator's answer for every pair.
 */
describe('computeConnectivity of isolated workloads', () => {
  const deny = (
    name: string,
    types: Array<'Ingress' | 'Egress'>,
  ): NetworkPolicy => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'locked' },
    spec: { podSelector: {}, policyTypes: types },
  });
  const pod = (name: string, namespace: string, ip: string) => ({
    name,
    namespace,
    labels: { app: name },
    ips: [ip],
  });
  const overlay = testOverlay([
    {
      name: 'c1',
      cilium: { 'cluster-id': '1' },
      namespaces: { locked: {}, open: {} },
      workloads: [
        pod('web', 'locked', '10.1.0.1'),
        pod('db', 'locked', '10.1.0.2'),
        pod('job', 'locked', '10.1.0.3'),
        pod('client', 'open', '10.1.1.1'),
        { ...pod('agent', 'open', '192.168.0.5'), hostNetwork: true },
      ],
      policies: [
        deny('deny-all', ['Ingress', 'Egress']),
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'web', namespace: 'locked' },
          spec: {
            podSelector: { matchLabels: { app: 'web' } },
            policyTypes: ['Ingress', 'Egress'],
            ingress: [
              { from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] },
              { from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] },
            ],
            egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }],
          },
        },
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'db', namespace: 'locked' },
          spec: {
            podSelector: { matchLabels: { app: 'db' } },
            policyTypes: ['Ingress'],
            ingress: [
              {
                from: [{ podSelector: { matchLabels: { app: 'web' } } }],
                ports: [{ port: 5432 }],
              },
            ],
          },
        },
      ],
    },
    {
      name: 'c2',
      cilium: { 'cluster-id': '2' },
      namespaces: { locked: {} },
      workloads: [pod('api', 'locked', '10.2.0.1')],
      policies: [deny('deny-ingress', ['Ingress'])],
    },
  ]);
  const conn = computeConnectivity(overlay).connections;

  it('agrees with the naive evaluator on every pair', () => {
    const byPair = new Map(
      conn.map(c => [`${endpointKey(c.from)}|${endpointKey(c.to)}`, c]),
    );
    const naive = new NaiveEvaluator(overlay);
    const workloads: Endpoint[] = overlay.clusters.flatMap(c =>
      c.workloads.map(w => ({ workload: w.ref })),
    );
    const externals: Endpoint[] = [
      { entity: 'world' },
      { cidr: '203.0.113.0/24' },
    ];
    let allowed = 0;
    for (const a of workloads)
      for (const b of [...workloads, ...externals]) {
        for (const [from, to] of [
          [a, b],
          [b, a],
        ] as Array<[Endpoint, Endpoint]>) {
          if (
            from === to ||
            ('workload' in to === false && 'workload' in from === false)
          )
            continue;
          const c = byPair.get(`${endpointKey(from)}|${endpointKey(to)}`);
          for (const port of [80, 5432, 8080]) {
            const n = naive.decide(from, to, 'TCP', port).allowed;
            expect({
              from,
              to,
              port,
              allowed: !!c && connectionAllows(c, 'TCP', port),
            }).toEqual({ from, to, port, allowed: n });
            if (n) allowed++;
          }
        }
      }
    expect(allowed).toBeGreaterThan(0);
  });

  it('lets an isolated source reach only what its egress allows, and an outside one only what ingress allows', () => {
    const from = (name: string) =>
      conn.filter(
        c => 'workload' in c.from && c.from.workload.endsWith(`/${name}`),
      );
    const names = (cs: Connection[]) =>
      cs
        .map(c =>
          'workload' in c.to
            ? c.to.workload.split('/').pop()
            : endpointKey(c.to),
        )
        .sort();
    expect(names(from('web'))).toEqual(['db']);
    expect(from('job')).toEqual([]);
    // The CIDR: into web by its ipBlock, and into what nothing isolates; not db, job or api.
    expect(names(conn.filter(c => 'cidr' in c.from))).toEqual([
      'agent',
      'client',
      'web',
    ]);
  });
});
