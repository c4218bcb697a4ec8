import {
  computeConnectivity,
  generateSyntheticOverlay,
  type WorkloadRef,
} from '@ytknetwork/common';
import { compactConnectivity } from './compactConnectivity';
import {
  connectionsOf,
  connectionsTouching,
  indexConnections,
} from './connectionIndex';

describe('connection index', () => {
  const overlay = generateSyntheticOverlay({
    seed: 7,
    clusters: 3,
    namespaces: 4,
    workloads: 90,
    policies: 60,
  });
  const { connections } = computeConnectivity(overlay);
  const index = indexConnections(compactConnectivity(connections));
  const refs = overlay.clusters.flatMap(c => c.workloads.map(w => w.ref));
  const end = (e: object) =>
    'workload' in e ? (e as { workload: string }).workload : undefined;

  // The scan the index replaces: every connection with an end in scope, in order.
  const scan = (scope: Set<WorkloadRef>) =>
    connections.flatMap((c, i) =>
      scope.has(end(c.from) ?? '') || scope.has(end(c.to) ?? '') ? [i] : [],
    );

  it.each([
    ['one workload', [refs[0]]],
    ['a few across clusters', [refs[1], refs[40], refs[77]]],
    ['every other workload', refs.filter((_, i) => i % 2 === 0)],
    ['unknown and empty', ['nowhere/ns/Deployment/x']],
  ])('gives the scanned connections, in order, for %s', (_, scope) => {
    const set = new Set(scope);
    const expected = scan(set);
    expect(connectionsTouching(index, connections.length, set)).toEqual(
      expected,
    );
  });

  it('has something to find (the test overlay is connected)', () => {
    expect(connections.length).toBeGreaterThan(100);
    expect(scan(new Set([refs[0]])).length).toBeGreaterThan(0);
  });

  it('lists each position once per workload, ascending, and nothing for an unknown one', () => {
    for (const ref of refs) {
      const list = connectionsOf(index, ref);
      for (let i = 1; i < list.length; i++)
        expect(list[i]).toBeGreaterThan(list[i - 1]);
    }
    expect(connectionsOf(index, 'nowhere/ns/Deployment/x')).toHaveLength(0);
  });

  it('lists a self-connection once', () => {
    const self = { workload: refs[0] };
    const one = indexConnections(
      compactConnectivity([
        { ...connections[0], from: self, to: self },
        { ...connections[0], from: self, to: { entity: 'world' } },
      ]),
    );
    expect([...connectionsOf(one, refs[0])]).toEqual([0, 1]);
  });
});
