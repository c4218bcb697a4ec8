/*
 * `npm run bench`: prints figures and ratios against baselines measured in the same run.
 * `npm run bench -- engine lint` runs only the named sections.
 */
import { runEngineBench } from './engineBench';

type Section = { name: string; run: () => Promise<string> };

function optional(
  name: string,
  modulePath: string,
  exportName: string,
): Section {
  return {
    name,
    run: async () => {
      // Sections that live in other workspaces are loaded lazily so one section's failure
      // (or heavy dependencies) does not stop the others.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(modulePath);
      return mod[exportName]();
    },
  };
}

const SECTIONS: Section[] = [
  { name: 'engine', run: () => runEngineBench() },
  optional('lint', './lintBench', 'runLintBench'),
  // Hubble flow ingestion into the aggregate with attribution (target ≥ 20,000 flows/s).
  optional('flows', './flowsBench', 'runFlowsBench'),
  // assessPosture of one team over 500 / 2,000-workload overlays, against its scoped connectivity.
  optional('posture', './postureBench', 'runPostureBench'),
  // Slow (about a minute): lint of one cluster against 500 / 1,000 / 2,000-workload overlays.
  optional('lint-context', './contextLintBench', 'runContextLintBench'),
  optional('lsp', '../../../extensions/vscode/bench/lspBench', 'runLspBench'),
  optional(
    'backend',
    '../../../plugins/ytk-backend/bench/backendBench',
    'runBackendBench',
  ),
  // Derived results shared through Backstage's cache service on Redis against recomputing them,
  // at the production size (about 90 s; needs Redis on 127.0.0.1:6379).
  optional(
    'cache',
    '../../../plugins/ytk-backend/bench/cacheBench',
    'runCacheBench',
  ),
  optional('graph', '../../e2e/src/graphBench', 'runGraphBench'),
];

async function main() {
  const wanted = process.argv.slice(2);
  const started = Date.now();
  console.log(
    `ytk bench — node ${process.version}, ${require('node:os').cpus().length} cores, ${new Date().toISOString()}\n`,
  );
  let failed = 0;
  for (const section of SECTIONS) {
    if (wanted.length && !wanted.includes(section.name)) continue;
    try {
      console.log(`${await section.run()}\n`);
    } catch (e) {
      failed++;
      console.log(`[${section.name}] failed: ${(e as Error).stack ?? e}\n`);
    }
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  // Exit explicitly: a section may leave handles open (the backend section does — its process
  // stayed alive after printing), and a bench that never returns would block a CI job.
  process.exit(failed ? 1 : 0);
}

main();
