import fc from 'fast-check';
import {
  compileEndpointSelector,
  matchEndpointSelector,
} from './endpointSelector';
import { IdentityIndex } from './identityIndex';
import {
  addIdentityLabel,
  podIdentityLabels,
  reservedIdentity,
  type IdentityLabels,
} from './identityLabels';

const identity = (labels: Record<string, string>, ns = 'a') =>
  podIdentityLabels({
    cluster: 'c1',
    namespace: ns,
    podLabels: labels,
    namespaceLabels: { team: 'x' },
    serviceAccount: 'default',
  });

describe('IdentityIndex', () => {
  const items: Array<IdentityLabels | undefined> = [
    identity({ app: 'web' }),
    identity({ app: 'db' }),
    undefined,
    identity({ app: 'web', tier: 'fe' }, 'b'),
    reservedIdentity('world'),
  ];
  const index = new IdentityIndex(items);

  it('narrows by the most selective In requirement', () => {
    const sel = compileEndpointSelector({
      matchLabels: { app: 'web', 'k8s:io.kubernetes.pod.namespace': 'b' },
    });
    expect(index.candidates(sel)).toEqual([3]);
    expect(
      index.candidates(
        compileEndpointSelector({
          matchExpressions: [
            { key: 'app', operator: 'In', values: ['db', 'web'] },
          ],
        }),
      ),
    ).toEqual([0, 1, 3]);
    expect(
      index.candidates(compileEndpointSelector({ matchLabels: { app: 'x' } })),
    ).toEqual([]);
  });

  it('keeps only the items every single-valued In requirement lists', () => {
    // app=web alone: [0, 3]; namespace a alone: [0, 1]; both: [0].
    const sel = compileEndpointSelector({
      matchLabels: { app: 'web', 'k8s:io.kubernetes.pod.namespace': 'a' },
    });
    expect(index.candidates(sel)).toEqual([0]);
    expect(
      index.candidates(
        compileEndpointSelector({
          matchLabels: { app: 'db', 'k8s:io.kubernetes.pod.namespace': 'b' },
        }),
      ),
    ).toEqual([]);
  });

  it('declines selectors it cannot narrow (no In requirement)', () => {
    expect(index.candidates(compileEndpointSelector({}))).toBeUndefined();
    expect(
      index.candidates(
        compileEndpointSelector({
          matchExpressions: [{ key: 'app', operator: 'Exists' }],
        }),
      ),
    ).toBeUndefined();
  });

  it('never drops a match: candidates ⊇ exact matches, for any sources', () => {
    const src = fc.constantFrom('k8s', 'any', 'reserved', 'container');
    const key = fc.constantFrom('app', 'tier', 'io.kubernetes.pod.namespace');
    const value = fc.constantFrom('web', 'db', 'a', 'b', '');
    const labelsArb = fc
      .array(fc.tuple(src, key, value), { maxLength: 5 })
      .map(entries => {
        const l: IdentityLabels = new Map();
        for (const [s, k, v] of entries) addIdentityLabel(l, s, k, v);
        return l;
      });
    const selArb = fc
      .array(
        fc.record({
          source: src,
          key,
          operator: fc.constantFrom<'In' | 'NotIn' | 'Exists'>(
            'In',
            'NotIn',
            'Exists',
          ),
          values: fc.array(value, { maxLength: 2 }),
        }),
        { maxLength: 3 },
      )
      .map(requirements => ({ requirements }));
    fc.assert(
      fc.property(
        fc.array(fc.option(labelsArb, { nil: undefined }), { maxLength: 8 }),
        selArb,
        (all, sel) => {
          const exact = all.flatMap((l, i) =>
            l && matchEndpointSelector(sel, l) ? [i] : [],
          );
          const cand = new IdentityIndex(all).candidates(sel);
          if (cand === undefined) return;
          expect([...cand].sort((a, b) => a - b)).toEqual(cand);
          for (const i of exact) expect(cand).toContain(i);
        },
      ),
      { numRuns: 500 },
    );
  });
});
