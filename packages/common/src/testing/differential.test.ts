/*
 * Differential test: the indexed engine (computeConnectivity) against the naive
 * evaluator on thousands of random small overlays: two clusters, mixed enforcers,
 * Cilium versions and flags, random labels and NP/CNP/CCNP/ANP/BANP policies.
 */
import fc from 'fast-check';
import type { Endpoint, Protocol } from '../model';
import {
  computeConnectivity,
  connectionAllows,
  endpointKey,
} from '../connectivity';
import { compileOverlay } from '../policy';
import { NaiveEvaluator } from './naiveEvaluator';
import { testOverlay } from './overlayBuilder';
import { clusterArb } from './__testUtils__/randomOverlays';

const PROBES: Array<[Protocol, number]> = [
  ['TCP', 80],
  ['TCP', 443],
  ['TCP', 8000],
  ['TCP', 8050],
  ['TCP', 8100],
  ['TCP', 8101],
  ['TCP', 8080],
  ['TCP', 53],
  ['UDP', 53],
  ['UDP', 80],
  ['SCTP', 80],
];

describe('computeConnectivity vs the naive evaluator', () => {
  it('agrees on every pair and probe port of random overlays', () => {
    let checked = 0;
    fc.assert(
      fc.property(clusterArb('c1'), clusterArb('c2'), (c1, c2) => {
        const overlay = testOverlay([c1, c2]);
        const conn = computeConnectivity(overlay);
        const byPair = new Map(
          conn.connections.map(c => [
            `${endpointKey(c.from)}|${endpointKey(c.to)}`,
            c,
          ]),
        );
        const naive = new NaiveEvaluator(overlay);
        const cidrs = new Set<string>();
        for (const r of compileOverlay(overlay).rules)
          for (const p of r.peers) if (p.kind === 'cidr') cidrs.add(p.text);
        const workloads: Endpoint[] = overlay.clusters.flatMap(c =>
          c.workloads.map(w => ({ workload: w.ref })),
        );
        const externals: Endpoint[] = [
          { entity: 'world' },
          ...[...cidrs].map(cidr => ({ cidr })),
        ];
        const pairs: Array<[Endpoint, Endpoint]> = [];
        for (const a of workloads) {
          for (const b of [...workloads, ...externals])
            if (a !== b) pairs.push([a, b]);
          for (const x of externals) pairs.push([x, a]);
        }
        for (const [from, to] of pairs) {
          const c = byPair.get(`${endpointKey(from)}|${endpointKey(to)}`);
          for (const [proto, port] of PROBES) {
            const n = naive.decide(from, to, proto, port);
            const e = !!c && connectionAllows(c, proto, port);
            if (n.allowed !== e) {
              throw new Error(
                `disagreement ${endpointKey(from)} -> ${endpointKey(to)} ${proto}/${port}: naive ${n.allowed}, engine ${e} (${JSON.stringify(c?.ports)})`,
              );
            }
            checked++;
          }
        }
      }),
      { numRuns: Number(process.env.YTK_FUZZ_RUNS ?? 400) },
    );
    expect(checked).toBeGreaterThan(10000);
  });
});
