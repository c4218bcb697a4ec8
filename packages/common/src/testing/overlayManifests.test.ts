import { buildOverlay } from '../overlay';
import { decodeText } from '../resources';
import { generateSyntheticOverlay } from './synthetic';
import { overlayManifestsYaml } from './overlayManifests';

describe('overlayManifestsYaml', () => {
  it('writes manifests that decode back to the same overlay', () => {
    const overlay = generateSyntheticOverlay({
      seed: 3,
      clusters: 2,
      namespaces: 3,
      workloads: 40,
      policies: 30,
    });
    const files = overlayManifestsYaml(overlay);
    expect(files.map(f => f.cluster)).toEqual(
      overlay.clusters.map(c => c.name),
    );
    const rebuilt = buildOverlay(
      files.map(f => ({
        name: f.cluster,
        resources: decodeText(f.text, `file:///${f.cluster}.yaml`).resources,
      })),
    );
    for (const [i, c] of overlay.clusters.entries()) {
      const r = rebuilt.clusters[i];
      expect(r.workloads.map(w => [w.ref, w.labels, w.ports])).toEqual(
        c.workloads.map(w => [w.ref, w.labels, w.ports]),
      );
      expect(r.policies.map(p => p.id)).toEqual(c.policies.map(p => p.id));
      expect(r.namespaces.map(n => n.name)).toEqual(
        c.namespaces.map(n => n.name),
      );
    }
  });
});
