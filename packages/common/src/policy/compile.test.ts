import { generateSyntheticOverlay } from '../testing';
import { compileOverlay, overlayWithPolicies } from './compile';

describe('overlayWithPolicies', () => {
  it('compiles to exactly what a fresh compile of the same overlay gives', () => {
    const overlay = generateSyntheticOverlay({
      seed: 3,
      clusters: 2,
      namespaces: 4,
      workloads: 40,
      policies: 40,
    });
    const c1 = overlay.clusters[0];
    const changed = c1.policies.slice(0, 3).map((p, i) =>
      i === 0
        ? p
        : {
            ...p,
            object: {
              ...p.object,
              spec: { podSelector: {} },
            } as typeof p.object,
            kind: 'NetworkPolicy' as const,
          },
    );
    const derived = overlayWithPolicies(overlay, changed);
    // A structurally equal overlay object the compile cache has never seen.
    const fresh = { ...derived, clusters: [...derived.clusters] };
    const a = compileOverlay(derived);
    const b = compileOverlay(fresh);
    expect(a).not.toBe(b);
    expect(a.rules).toEqual(b.rules);
    expect(derived.clusters[0].policies.slice(-3)).toEqual(changed);
    for (const [name, cc] of b.clusters) {
      const d = a.clusters.get(name)!;
      expect(d.rules).toEqual(cc.rules);
      expect(d.invalid).toEqual(cc.invalid);
      expect(d.namedPorts).toEqual(cc.namedPorts);
    }
  });
});
