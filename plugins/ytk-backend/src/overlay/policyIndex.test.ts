import { buildOverlay } from '@ytknetwork/common';
import { syntheticSnapshots } from './__testUtils__/synthetic';
import { indexPolicies, policiesSelecting } from './policyIndex';
import { policySubjects } from './policySubjects';

describe('policyIndex', () => {
  const overlay = buildOverlay(syntheticSnapshots(80), { version: 1 });
  const subjects = policySubjects(overlay.clusters);
  const index = indexPolicies(overlay.clusters, subjects);
  const all = overlay.clusters.flatMap(c => c.policies);

  it('lists every policy in the overlay order', () => {
    expect(index.policies.map(p => p.id)).toEqual(all.map(p => p.id));
  });

  it('finds exactly the policies a scan finds, in the same order', () => {
    const workloads = overlay.clusters.flatMap(c =>
      c.workloads.map(w => w.ref),
    );
    expect(workloads.length).toBeGreaterThan(10);
    for (const scope of [
      new Set(workloads.slice(0, 1)),
      new Set(workloads.filter((_, i) => i % 7 === 0)),
      new Set(workloads),
      new Set<string>(),
    ]) {
      const scanned = all
        .filter(p => (subjects.get(p.id) ?? []).some(w => scope.has(w)))
        .map(p => p.id);
      const looked = policiesSelecting(index, scope).map(
        i => index.policies[i].id,
      );
      expect(looked).toEqual(scanned);
    }
    expect(policiesSelecting(index, new Set(workloads)).length).toBeGreaterThan(
      0,
    );
  });
});
