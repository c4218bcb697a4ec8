/*
 * Context lint at scale: what the portal backend does once per overlay version — lint one
 * cluster's objects against the whole overlay — on the graph bench's synthetic overlays
 * (2 clusters, 20 namespaces, N workloads, N policies). Prints the whole lint of cluster c1 and
 * the five slowest context rules, each timed alone (including the shared views it derives).
 * Run alone: node -r sucrase/register test/bench/src/contextLintBench.ts [500 1000 2000]
 */
import {
  overlayManifestsYaml,
  buildOverlay,
  decodeText,
  generateSyntheticOverlay,
  lint,
  RULE_CATALOGUE,
  type ClusterSnapshot,
  type Finding,
} from '@ytknetwork/common';
import { fmtMs, nowMs, table } from './timing';

export const CONTEXT_LINT_SIZES = [500, 1000, 2000];

const CONTEXT_RULES = RULE_CATALOGUE.filter(m => m.needsContext).map(m => m.id);
const ALL_RULES = RULE_CATALOGUE.map(m => m.id);

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = nowMs();
  const value = fn();
  return { ms: nowMs() - t0, value };
}

/** One measured pass per size: these runs take seconds to minutes, a median would take too long. */
export async function runContextLintBench(
  sizes = CONTEXT_LINT_SIZES,
): Promise<string> {
  const out: string[] = [
    'Context lint of cluster c1 against the overlay (what the backend computes per overlay version)',
  ];
  for (const workloads of sizes) {
    const size = {
      clusters: 2,
      namespaces: 20,
      workloads,
      policies: workloads,
    };
    // The same path as the backend: YAML manifests decoded into snapshots, then the overlay.
    const snapshots: ClusterSnapshot[] = overlayManifestsYaml(
      generateSyntheticOverlay({ seed: 7, ...size }),
    ).map(i => ({
      name: i.cluster,
      resources: decodeText(i.text, `file:///bench/${i.cluster}.yaml`)
        .resources as ClusterSnapshot['resources'],
    }));
    const overlay = buildOverlay(snapshots, { version: 1 });
    const c1 = overlay.clusters.find(c => c.name === 'c1')!;
    const options = {
      overlay,
      cluster: 'c1',
      enforcer: c1.enforcer,
      ciliumVersion: c1.cilium?.version,
    };
    const input = { resources: snapshots[0].resources };
    const whole = timed(() => lint(input, options));
    const count = (fs: Finding[], id: string) =>
      fs.filter(f => f.ruleId === id).length;
    const perRule = CONTEXT_RULES.map(id => {
      const t = timed(() =>
        lint(input, { ...options, skipRules: ALL_RULES.filter(x => x !== id) }),
      );
      return { id, ms: t.ms, findings: count(t.value, id) };
    }).sort((a, b) => b.ms - a.ms);
    out.push(
      `\n${workloads} workloads, ${workloads} policies (${input.resources.length} objects in c1): lint ${fmtMs(
        whole.ms,
      )}, ${whole.value.length} findings`,
      table(
        ['rule (alone)', 'time', 'findings'],
        perRule.slice(0, 5).map(r => [r.id, fmtMs(r.ms), String(r.findings)]),
      ),
    );
  }
  return out.join('\n');
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  runContextLintBench(sizes.length ? sizes : undefined).then(
    out => console.log(out),
    e => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
