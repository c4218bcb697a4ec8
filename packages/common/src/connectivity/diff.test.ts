import type { Connectivity } from '../model';
import { diffConnectivity, endpointKey } from './diff';

describe('diffConnectivity', () => {
  it('reports added, removed and changed pairs', () => {
    const before: Connectivity = {
      overlayVersion: 1,
      connections: [
        {
          from: { workload: 'c/n/Pod/a' },
          to: { workload: 'c/n/Pod/b' },
          ports: 'all',
          crossCluster: false,
        },
        {
          from: { workload: 'c/n/Pod/a' },
          to: { entity: 'world' },
          ports: 'all',
          crossCluster: false,
        },
      ],
    };
    const after: Connectivity = {
      overlayVersion: 2,
      connections: [
        {
          from: { workload: 'c/n/Pod/a' },
          to: { workload: 'c/n/Pod/b' },
          ports: [{ protocol: 'TCP', port: 80 }],
          crossCluster: false,
        },
        {
          from: { cidr: '10.0.0.0/8' },
          to: { workload: 'c/n/Pod/b' },
          ports: 'all',
          crossCluster: false,
        },
      ],
    };
    const d = diffConnectivity(before, after);
    expect(d.added.map(c => endpointKey(c.from))).toEqual(['cidr:10.0.0.0/8']);
    expect(d.removed.map(c => endpointKey(c.to))).toEqual(['entity:world']);
    expect(d.changed).toHaveLength(1);
    expect(diffConnectivity(after, after)).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
  });
});
