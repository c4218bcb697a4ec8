import {
  addRange,
  emptyPortSet,
  fullPortSet,
  hasPort,
  intersect,
  subtract,
  toPortSpec,
  union,
} from './portSet';
import fc from 'fast-check';

const setOf = (ranges: Array<[number, number]>) => {
  const s = emptyPortSet();
  for (const [a, b] of ranges)
    addRange(s, 'TCP', Math.min(a, b), Math.max(a, b));
  return s;
};
const arb = fc.array(
  fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 })),
  { maxLength: 5 },
);

describe('port sets', () => {
  it('union, intersection and difference agree with per-port membership', () => {
    fc.assert(
      fc.property(arb, arb, (ra, rb) => {
        const a = setOf(ra);
        const b = setOf(rb);
        const u = union(a, b);
        const i = intersect(a, b);
        const d = subtract(a, b);
        for (let p = 1; p <= 61; p++) {
          const inA = hasPort(a, 'TCP', p);
          const inB = hasPort(b, 'TCP', p);
          if (hasPort(u, 'TCP', p) !== (inA || inB)) return false;
          if (hasPort(i, 'TCP', p) !== (inA && inB)) return false;
          if (hasPort(d, 'TCP', p) !== (inA && !inB)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
  it('renders full sets as all and merges adjacent ranges', () => {
    expect(toPortSpec(fullPortSet())).toBe('all');
    expect(
      toPortSpec(
        setOf([
          [80, 80],
          [81, 90],
          [443, 443],
        ]),
      ),
    ).toEqual([
      { protocol: 'TCP', port: 80, endPort: 90 },
      { protocol: 'TCP', port: 443 },
    ]);
    const noIcmp = { ...fullPortSet(), other: false };
    expect(toPortSpec(noIcmp)).toEqual([
      { protocol: 'TCP' },
      { protocol: 'UDP' },
      { protocol: 'SCTP' },
    ]);
  });
});
