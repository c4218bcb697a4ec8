import { computeConnectivity } from '../connectivity';
import { generateSyntheticOverlay } from './synthetic';
import { NaiveEvaluator } from './naiveEvaluator';

describe('generateSyntheticOverlay', () => {
  it('is deterministic per seed and sized as asked', () => {
    const a = generateSyntheticOverlay({
      seed: 7,
      clusters: 2,
      namespaces: 4,
      workloads: 40,
      policies: 30,
    });
    const b = generateSyntheticOverlay({
      seed: 7,
      clusters: 2,
      namespaces: 4,
      workloads: 40,
      policies: 30,
    });
    expect(a.clusters.flatMap(c => c.workloads)).toHaveLength(40);
    expect(a.clusters.flatMap(c => c.policies)).toHaveLength(30);
    expect(JSON.stringify(computeConnectivity(a))).toBe(
      JSON.stringify(computeConnectivity(b)),
    );
  });

  it('scale: 1,000 workloads and 1,000 policies (timing printed)', () => {
    const overlay = generateSyntheticOverlay({
      seed: 1,
      clusters: 2,
      namespaces: 20,
      workloads: 1000,
      policies: 1000,
    });
    const t0 = performance.now();
    const conn = computeConnectivity(overlay);
    const engineMs = performance.now() - t0;
    // Naive on a sample of sources, extrapolated to all pairs (the full naive run takes minutes).
    const naive = new NaiveEvaluator(overlay);
    const refs = overlay.clusters.flatMap(c => c.workloads.map(w => w.ref));
    const t1 = performance.now();
    const sample = refs.slice(0, 5);
    for (const a of sample)
      for (const b of refs)
        if (a !== b) naive.decide({ workload: a }, { workload: b }, 'TCP', 80);
    const naiveMs = ((performance.now() - t1) / sample.length) * refs.length;
    // eslint-disable-next-line no-console
    console.log(
      `connectivity 1000x1000: engine ${engineMs.toFixed(0)} ms, ${conn.connections.length} connections; naive (1 probe port, extrapolated) ${naiveMs.toFixed(0)} ms; ratio ${(naiveMs / engineMs).toFixed(1)}x`,
    );
    expect(conn.connections.length).toBeGreaterThan(0);
  });
});
