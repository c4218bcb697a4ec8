/*
 * Lint throughput (issues 3 and 6): decode alone, decode + lint, and decode + lint against the
 * example overlay (what the language server does), on a generated 5,000-document policy file
 * and on one 2,000-line CiliumNetworkPolicy. `runLintBench()` returns the printed table.
 * Run alone: node -r sucrase/register test/bench/src/lintBench.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  buildOverlay,
  decodeText,
  lint,
  type ClusterSnapshot,
  type Overlay,
} from '@ytknetwork/common';
import { fmtMs, measure, table } from './timing';
import { lineCount, longPolicy, multiDocumentPolicies } from './lintInputs';

// eslint-disable-next-line no-restricted-syntax -- the bench runs from source, never from a build
const OVERLAY_DIR = path.resolve(__dirname, '../../../examples/overlay');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

/** The example overlay, one cluster per top-level directory. */
export function exampleOverlay(): Overlay {
  const snapshots: ClusterSnapshot[] = fs
    .readdirSync(OVERLAY_DIR, { withFileTypes: true })
    .filter(e => e.isDirectory())
    .map(e => ({
      name: e.name,
      resources: yamlFiles(path.join(OVERLAY_DIR, e.name)).flatMap(
        f => decodeText(fs.readFileSync(f, 'utf8'), `file://${f}`).resources,
      ),
    }));
  return buildOverlay(snapshots, { version: 1 });
}

interface Case {
  name: string;
  text: string;
  runs: number;
  withOverlay: boolean;
}

/** `runs` overrides the per-input run count (e.g. 1 for a quick baseline of slow code). */
export async function runLintBench(
  options: { runs?: number; warmup?: number } = {},
): Promise<string> {
  const overlay = exampleOverlay();
  // The overlay step (context rules, incl. the engine-decided rule-redundant, which re-evaluates
  // every flow per rule) is what the editor does for one open document; on 5,000 policies it
  // would take many minutes, so the bulk file is measured without context.
  const cases: Case[] = [
    {
      name: '5,000 documents',
      text: multiDocumentPolicies(5000),
      runs: 3,
      withOverlay: false,
    },
    {
      name: '2,000-line CNP',
      text: longPolicy(2000),
      runs: 9,
      withOverlay: true,
    },
  ];
  const warmup = options.warmup ?? 1;
  const rows: string[][] = [];
  let findings = '';
  for (const c of cases) {
    const lines = lineCount(c.text);
    const uri = 'file:///bench/policies.yaml';
    const steps: Array<[string, () => unknown]> = [
      ['decode', () => decodeText(c.text, uri)],
      ['decode+lint', () => lint(decodeText(c.text, uri))],
    ];
    if (c.withOverlay)
      steps.push([
        'decode+lint (overlay)',
        () => lint(decodeText(c.text, uri), { overlay, cluster: 'us-east' }),
      ]);
    for (const [step, fn] of steps) {
      const t = await measure(fn, {
        runs: options.runs ?? c.runs,
        warmup,
        maxMs: 120_000,
      });
      rows.push([
        c.name,
        String(lines),
        step,
        fmtMs(t.medianMs),
        fmtMs(t.minMs),
        String(t.runs),
        Math.round(lines / (t.medianMs / 1000)).toLocaleString('en-US'),
      ]);
    }
    // The finding count guards against a "fast" result that stopped linting.
    const decoded = decodeText(c.text, uri);
    findings += `${c.name}: ${decoded.resources.length} resources, ${
      lint(decoded).length
    } findings${
      c.withOverlay
        ? `, ${lint(decoded, { overlay, cluster: 'us-east' }).length} with the overlay`
        : ''
    }\n`;
  }
  return `Lint throughput (median of runs after ${warmup} warm-up)\n${table(
    ['input', 'lines', 'step', 'median', 'min', 'runs', 'lines/s'],
    rows,
  )}\n${findings}`;
}

if (require.main === module) {
  // LINT_BENCH_RUNS=1 LINT_BENCH_WARMUP=0 for a quick single pass.
  const env = (k: string) =>
    process.env[k] === undefined ? undefined : Number(process.env[k]);
  runLintBench({
    runs: env('LINT_BENCH_RUNS'),
    warmup: env('LINT_BENCH_WARMUP'),
  }).then(
    out => console.log(out),
    e => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
