/*
 * Engine benchmark: full connectivity on seeded synthetic overlays, against two baselines
 * measured in the same run — the naive pair-by-pair evaluator (SEMANTICS §1.7/§2.16 pseudo-code)
 * and merely decoding the same input from YAML.
 */
import {
  buildOverlay,
  computeConnectivity,
  decodeText,
  generateSyntheticOverlay,
  NaiveEvaluator,
  overlayManifestsYaml,
  type ClusterSnapshot,
  type Endpoint,
  type Overlay,
  type Protocol,
} from '@ytknetwork/common';
import { fmtMs, measure, nowMs, table } from './timing';

export const ENGINE_SIZES = [
  { clusters: 1, namespaces: 5, workloads: 100, policies: 100 },
  { clusters: 2, namespaces: 10, workloads: 1000, policies: 1000 },
  { clusters: 3, namespaces: 20, workloads: 3000, policies: 3000 },
];

function parseOverlay(
  inputs: Array<{ cluster: string; text: string }>,
): Overlay {
  const snapshots: ClusterSnapshot[] = inputs.map(i => ({
    name: i.cluster,
    resources: decodeText(i.text, `${i.cluster}.yaml`)
      .resources as ClusterSnapshot['resources'],
  }));
  return buildOverlay(snapshots);
}

const PROBES: Array<[Protocol, number]> = [
  ['UDP', 53],
  ['TCP', 80],
  ['TCP', 443],
  ['TCP', 5432],
  ['TCP', 8080],
];

/** Naive time for every pair, extrapolated from a seeded sample when the full run would take minutes. */
function naiveTime(
  overlay: Overlay,
  maxPairs: number,
): { ms: number; sampled: number; total: number } {
  const workloads = overlay.clusters.flatMap(c => c.workloads);
  const total = workloads.length * (workloads.length - 1);
  const naive = new NaiveEvaluator(overlay);
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const pairs: Array<[Endpoint, Endpoint]> = [];
  if (total <= maxPairs) {
    for (const a of workloads)
      for (const b of workloads)
        if (a !== b) pairs.push([{ workload: a.ref }, { workload: b.ref }]);
  } else {
    while (pairs.length < maxPairs) {
      const a = workloads[next() % workloads.length];
      const b = workloads[next() % workloads.length];
      if (a !== b) pairs.push([{ workload: a.ref }, { workload: b.ref }]);
    }
  }
  const t0 = nowMs();
  for (const [a, b] of pairs)
    for (const [proto, port] of PROBES) naive.decide(a, b, proto, port);
  const ms = nowMs() - t0;
  return { ms: (ms * total) / pairs.length, sampled: pairs.length, total };
}

export async function runEngineBench(sizes = ENGINE_SIZES): Promise<string> {
  const rows: string[][] = [];
  for (const size of sizes) {
    const overlay = generateSyntheticOverlay({ seed: 42, ...size });
    const inputs = overlayManifestsYaml(overlay);
    const lines = inputs.reduce((n, i) => n + i.text.split('\n').length, 0);
    const parse = await measure(() => parseOverlay(inputs), { runs: 3 });
    let connections = 0;
    const full = await measure(
      () => {
        // A fresh overlay object each run: the engine caches compiled policies per overlay.
        connections = computeConnectivity({
          ...overlay,
          clusters: [...overlay.clusters],
        }).connections.length;
      },
      { runs: 3 },
    );
    const naive = naiveTime(overlay, 4000);
    rows.push([
      `${size.clusters}×${size.workloads}w×${size.policies}p`,
      String(lines),
      fmtMs(full.medianMs),
      String(connections),
      `${fmtMs(naive.ms)}${naive.sampled < naive.total ? ` (from ${naive.sampled} of ${naive.total} pairs)` : ''}`,
      `${(naive.ms / full.medianMs).toFixed(0)}×`,
      fmtMs(parse.medianMs),
      `${(full.medianMs / parse.medianMs).toFixed(2)}×`,
    ]);
  }
  return [
    'Engine: full connectivity (computeConnectivity, every workload pair, exact port sets)',
    'naive = SEMANTICS pseudo-code pair by pair on 5 probe ports; parse = decodeText + buildOverlay of the same input',
    table(
      [
        'overlay',
        'yaml lines',
        'connectivity',
        'connections',
        'naive',
        'naive/engine',
        'parse',
        'engine/parse',
      ],
      rows,
    ),
  ].join('\n');
}
