import {
  computeConnectivity,
  generateSyntheticOverlay,
  type Connection,
} from '@ytknetwork/common';
import { bundleConnections } from './connectionBundles';
import { compactConnectivity, endpointId } from './compactConnectivity';

describe('compact connectivity and bundles', () => {
  const overlay = generateSyntheticOverlay({
    seed: 11,
    clusters: 2,
    namespaces: 4,
    workloads: 60,
    policies: 40,
  });
  const { connections } = computeConnectivity(overlay);
  const compact = compactConnectivity(connections);
  // Collapse every namespace of cluster c1; keep c2's workloads and externals as they are.
  const drawn = (id: string) =>
    id.startsWith('c1/') ? `ns:${id.split('/').slice(0, 2).join('/')}` : id;

  it('keeps every connection, its ends and flags', () => {
    expect(compact.from.length).toBe(connections.length);
    connections.forEach((c, i) => {
      expect(compact.ids[compact.from[i]]).toBe(endpointId(c.from));
      expect(compact.ids[compact.to[i]]).toBe(endpointId(c.to));
    });
    expect(new Set(compact.ids).size).toBe(compact.ids.length);
  });

  it('bundles as the naive grouping of the connection objects does', () => {
    const positions = connections.map((_, i) => i).filter(i => i % 3 !== 1);
    const naive = new Map<
      string,
      {
        count: number;
        dropped: number;
        cross: number;
        auth: number;
        sample: Connection;
      }
    >();
    for (const i of positions) {
      const c = connections[i];
      const key = `${drawn(endpointId(c.from))} > ${drawn(endpointId(c.to))}`;
      const b = naive.get(key) ?? {
        count: 0,
        dropped: 0,
        cross: 0,
        auth: 0,
        sample: c,
      };
      b.count++;
      if (c.ports !== 'all' && c.ports.length === 0) b.dropped++;
      if (c.crossCluster) b.cross++;
      if (c.authRequired) b.auth++;
      naive.set(key, b);
    }
    const bundles = bundleConnections(compact, positions, e =>
      drawn(compact.ids[e]),
    );
    expect(bundles.length).toBe(naive.size);
    expect(bundles.length).toBeLessThan(positions.length);
    for (const b of bundles) {
      const n = naive.get(`${b.from} > ${b.to}`)!;
      expect([b.count, b.dropped, b.crossCluster, b.authRequired]).toEqual([
        n.count,
        n.dropped,
        n.cross,
        n.auth,
      ]);
      expect(connections[b.sample]).toBe(n.sample);
    }
  });
});
