import { entityMatchesWorkload, type Workload } from '@ytknetwork/common';
import { componentLookup } from './componentLookup';

const workload = (
  ns: string,
  name: string,
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
): Workload => ({
  ref: `east/${ns}/Deployment/${name}`,
  cluster: 'east',
  namespace: ns,
  kind: 'Deployment',
  name,
  labels,
  namespaceLabels: {},
  serviceAccount: name,
  ports: [],
  podCount: 1,
  hostNetwork: false,
  ips: [],
  spiffeIds: [],
  annotations,
});

const ID = 'backstage.io/kubernetes-id';
const SELECTOR = 'backstage.io/kubernetes-label-selector';

type Component = { ref: string; annotations: Record<string, string> };

describe('componentLookup', () => {
  it('finds the first claiming component in catalog order, as a scan does', () => {
    // Every kind of claim, in an order where a later component also matches.
    const components: Component[] = [
      { ref: 'c0', annotations: {} },
      {
        ref: 'c1',
        annotations: { [ID]: 'api', 'backstage.io/kubernetes-namespace': 'b' },
      },
      { ref: 'c2', annotations: { [SELECTOR]: 'tier=web' } },
      { ref: 'c3', annotations: { [ID]: 'api' } },
      { ref: 'c4', annotations: { [ID]: 'db', [SELECTOR]: 'app=nothing' } },
      { ref: 'c5', annotations: { [ID]: 'db' } },
      { ref: 'c6', annotations: { [SELECTOR]: 'app=api,tier!=web' } },
      {
        ref: 'c7',
        annotations: {
          [ID]: 'by-annotation',
          'backstage.io/kubernetes-cluster': 'east',
        },
      },
      { ref: 'c8', annotations: { [SELECTOR]: 'app in (api)' } },
    ];
    const workloads = [
      workload('a', 'api', { app: 'api', [ID]: 'api' }),
      workload('b', 'api', { app: 'api', [ID]: 'api' }),
      workload('a', 'web', { app: 'web', tier: 'web', [ID]: 'api' }),
      workload('a', 'db', { app: 'db', [ID]: 'db' }),
      workload('a', 'x', { app: 'api' }),
      workload('a', 'y', { app: 'y' }, { [ID]: 'by-annotation' }),
      workload('a', 'z', { app: 'z', [ID]: 'api' }, { [ID]: 'db' }),
      workload('a', 'none', { app: 'none' }),
    ];
    const lookup = componentLookup(components);
    const found = workloads.map(w => lookup(w)?.ref);
    const scanned = workloads.map(
      w => components.find(c => entityMatchesWorkload(c.annotations, w))?.ref,
    );
    expect(found).toEqual(scanned);
    // The cases meant: namespace narrowing, selector before a later id, id in an annotation.
    expect(found).toEqual([
      'c3',
      'c1',
      'c2',
      'c5',
      'c6',
      'c7',
      'c3',
      undefined,
    ]);
  });

  it('agrees with a scan over a large generated catalog', () => {
    const components = Array.from({ length: 400 }, (_, i): Component => {
      const annotations: Record<string, string> = {};
      if (i % 7 === 0) annotations[SELECTOR] = `app=a${i % 50}`;
      else annotations[ID] = `id${i % 90}`;
      if (i % 3 === 0)
        annotations['backstage.io/kubernetes-namespace'] = `ns${i % 4}`;
      return { ref: `c${i}`, annotations };
    });
    const lookup = componentLookup(components);
    for (let k = 0; k < 600; k++) {
      const w = workload(`ns${k % 5}`, `w${k}`, {
        app: `a${k % 60}`,
        ...(k % 4 ? { [ID]: `id${k % 100}` } : {}),
      });
      expect(lookup(w)?.ref).toBe(
        components.find(c => entityMatchesWorkload(c.annotations, w))?.ref,
      );
    }
  });
});
