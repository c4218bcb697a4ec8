import type {
  Connection,
  ConnectivityScope,
  Endpoint,
  Overlay,
} from '../model';
import { generateSyntheticOverlay } from '../testing/synthetic';
import { computeConnectivity } from './compute';
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
