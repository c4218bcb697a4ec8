import { buildOverlay } from '@ytknetwork/common';
import { syntheticSnapshots } from './__testUtils__/synthetic';
import { lintCluster, overlayOf, toPayload } from './lintPayload';

describe('lint payload', () => {
  const snapshots = syntheticSnapshots(150);
  const overlay = buildOverlay(snapshots, { version: 3 });

  it('survives a structured clone and lints to the same findings, ranges included', () => {
    const payload = structuredClone(toPayload(3, snapshots));
    const again = overlayOf(payload);
    // c1's findings sit on real lines of its manifest: the re-parsed documents must place them.
    expect(
      lintCluster(overlay, snapshots, 'c1').some(f => f.range.start.line > 0),
    ).toBe(true);
    expect(again.overlay.version).toBe(3);
    for (const cluster of ['c1', 'c2']) {
      const here = lintCluster(overlay, snapshots, cluster);
      expect(here.length).toBeGreaterThan(0);
      expect(lintCluster(again.overlay, again.snapshots, cluster)).toEqual(
        here,
      );
    }
  });

  it('sends each file text once, not once per document', () => {
    const payload = toPayload(3, snapshots);
    // c1 is one manifest file; c2 came from the API and has no documents.
    expect(payload.snapshots.map(s => s.texts?.length)).toEqual([1, 0]);
    expect(snapshots[0].resources.length).toBeGreaterThan(100);
  });
});
