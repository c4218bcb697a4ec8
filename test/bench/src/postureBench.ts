/*
 * Security posture benchmark: assessPosture of one team (the workloads of 3 of 20 namespaces,
 * about 15 %) over synthetic overlays, against a baseline measured in the same run — the team's
 * scoped connectivity alone (computeConnectivity), which the assessment cannot do without. The
 * backend assesses each team once per overlay version (and its recorder every team after each
 * rebuild), on the event loop: this is how long one such step holds it.
 */
import {
  assessPosture,
  computeConnectivity,
  generateSyntheticOverlay,
} from '@ytknetwork/common';
import { fmtMs, measure, table } from './timing';

const SIZES = [500, 2000];

export async function runPostureBench(): Promise<string> {
  const rows: string[][] = [];
  for (const n of SIZES) {
    const overlay = generateSyntheticOverlay({
      seed: 7,
      clusters: 2,
      namespaces: 20,
      workloads: n,
      policies: n,
    });
    const team = overlay.clusters
      .flatMap(c => c.workloads)
      .filter(w => ['ns0', 'ns7', 'ns14'].includes(w.namespace))
      .map(w => w.ref);
    const scope = { name: 'team', workloads: team };
    const assess = await measure(() => assessPosture(overlay, scope), {
      runs: 3,
    });
    const baseline = await measure(
      () => computeConnectivity(overlay, { workloads: team }),
      { runs: 3 },
    );
    rows.push([
      String(n),
      String(team.length),
      fmtMs(assess.medianMs),
      fmtMs(baseline.medianMs),
      `${(assess.medianMs / baseline.medianMs).toFixed(1)}×`,
    ]);
  }
  return [
    '[posture] assessPosture of one team (median of 3 after a warm-up)',
    table(
      [
        'workloads',
        'team workloads',
        'assessPosture',
        'scoped connectivity (baseline)',
        'ratio',
      ],
      rows,
    ),
  ].join('\n');
}
