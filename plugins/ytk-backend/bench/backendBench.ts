import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { benchScale } from './clusterObjects';
import type { InstanceReport, ViewsMode } from './backendInstance';

/*
 * The ytk backend against 10 live (test) API servers over HTTPS, each approach in its own
 * process: today's (`ytk.overlay.views: inline`, derived results computed on the event loop
 * by the first request of a version) as the baseline, and views precomputed per overlay
 * version in a worker (`worker`, the default). Start-up to first complete overlay, watch event
 * to API, three routes under a bounded concurrent load, backend RSS. Loopback only.
 * `npm run bench -- backend --scale=production` (or YTK_BENCH_SCALE=production) runs the
 * issue's size: 10 clusters, 3,000 workloads and 3,000 policies.
 */

/** Watch events during the churn phase: one a second, each a new overlay version. */
const CHURN_MS = 1000;
const churned = (l: { churn: boolean }) =>
  l.churn ? ` (a watch event every ${CHURN_MS} ms)` : '';

const ROUTES = [
  '/teams/team-a/overview',
  '/connectivity?team=team-a',
  '/entities/component/default/app0/network',
];

interface Load {
  route: string;
  /** Under a watch event per CHURN_MS (a new pod of the team, each a new overlay version). */
  churn: boolean;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

interface Run {
  mode: ViewsMode;
  instance: InstanceReport;
  loads: Load[];
  /** Peak and final resident set of the backend process, MiB. */
  peakRssMiB: number;
  rssMiB: number;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))
  ];

/** VmHWM / VmRSS of a process in MiB (Linux). */
function rssOf(pid: number): { peak: number; now: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
  } catch {
    return { peak: NaN, now: NaN };
  }
}

function startInstance(mode: ViewsMode, scaleArg: string) {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      require.resolve('./backendInstance'),
      `--views=${mode}`,
      scaleArg,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const ready = new Promise<InstanceReport>((ok, ko) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', line => {
      if (line.startsWith('READY ')) ok(JSON.parse(line.slice(6)));
    });
    child.once('exit', code => ko(new Error(`backend exited with ${code}`)));
  });
  return { child, ready };
}

async function load(
  url: string,
  opts: { connections: number; amount: number; maxSeconds: number },
): Promise<autocannon.Result> {
  // `amount` bounds the count; a timer stops the run at maxSeconds.
  return new Promise((ok, ko) => {
    let timer: NodeJS.Timeout | undefined = undefined;
    const instance = autocannon(
      { url, connections: opts.connections, amount: opts.amount },
      (err, r) => {
        clearTimeout(timer);
        if (err) ko(err);
        else ok(r);
      },
    );
    timer = setTimeout(() => instance.stop(), opts.maxSeconds * 1000);
  });
}

async function runMode(
  mode: ViewsMode,
  scaleArg: string,
  opts: { connections: number; amount: number; maxSeconds: number },
): Promise<Run> {
  const { child, ready } = startInstance(mode, scaleArg);
  try {
    const instance = await ready;
    const loads: Load[] = [];
    for (const churn of [false, true]) {
      for (const route of ROUTES) {
        if (churn) child.stdin!.write(`churn ${CHURN_MS}\n`);
        const r = await load(
          `http://127.0.0.1:${instance.port}/api/ytk${route}`,
          opts,
        );
        if (churn) child.stdin!.write('calm\n');
        loads.push({
          route,
          churn,
          // Counted over the run's own duration: autocannon's per-second samples are coarse
          // for runs of a few seconds (4,000 requests in 4 s or 5 s read 1,000 or 800).
          rps: r.duration > 0 ? r.requests.total / r.duration : 0,
          p50: r.latency.p50,
          p99: r.latency.p99,
          requests: r.requests.total,
          non2xx: r.non2xx,
          errors: r.errors,
        });
      }
    }
    const rss = rssOf(child.pid!);
    return { mode, instance, loads, peakRssMiB: rss.peak, rssMiB: rss.now };
  } finally {
    await stopInstance(child);
  }
}

function stopInstance(child: ChildProcess) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise<void>(ok => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      ok();
    });
    child.kill('SIGTERM');
  });
}

const ratio = (base: number, now: number) =>
  Number.isFinite(base / now) ? `${(base / now).toFixed(1)}x` : 'n/a';

/** Issue 13's targets at the production size: p99, requests per second, watch event, memory. */
const TARGET = { p99Ms: 50, rps: 1000, lagP99Ms: 1000, rssMiB: 1536 };

/** Each target, met or not by the default (worker) mode, with the baseline's figure beside it. */
export function targetLines(base: Run, now: Run): string[] {
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const out = [
    `  targets (p99 < ${TARGET.p99Ms} ms and ≥ ${TARGET.rps} req/s per route, watch event to API p99 < ${TARGET.lagP99Ms} ms, peak RSS < ${TARGET.rssMiB} MiB):`,
  ];
  now.loads.forEach((n, k) => {
    const b = base.loads[k];
    const ok = n.p99 < TARGET.p99Ms && n.rps >= TARGET.rps && !n.errors;
    out.push(
      `    ${mark(ok)}: GET ${n.route}${churned(n)}: ${n.rps.toFixed(0)} req/s, p99 ${n.p99} ms (baseline ${b.rps.toFixed(0)} req/s, p99 ${b.p99} ms${b.errors ? `, ${b.errors} timeouts` : ''})`,
    );
  });
  const lag = pct(now.instance.lagsMs, 99);
  out.push(
    `    ${mark(lag < TARGET.lagP99Ms)}: watch event to API p99 ${lag.toFixed(0)} ms (baseline ${pct(base.instance.lagsMs, 99).toFixed(0)} ms)`,
    `    ${mark(now.peakRssMiB < TARGET.rssMiB)}: peak RSS ${now.peakRssMiB.toFixed(0)} MiB, with the bench's 10 test API servers (baseline ${base.peakRssMiB.toFixed(0)} MiB)`,
  );
  return out;
}

/** Runs the benchmark and returns a short report. */
export async function runBackendBench(
  options: { onLine?: (line: string) => void } = {},
): Promise<string> {
  const scale = benchScale();
  const scaleArg = `--scale=${scale.name}`;
  const big = scale.name !== 'default';
  const opts = big
    ? { connections: 8, amount: 10000, maxSeconds: 20 }
    : { connections: 4, amount: 500, maxSeconds: 10 };
  const lines: string[] = [];
  const report = (line: string) => {
    lines.push(line);
    options.onLine?.(line);
  };
  const loadavg = () =>
    os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ');
  report(
    `backend (${scale.name}): ${scale.clusters} clusters x ${scale.pods} workloads, ${scale.policies} policies each ` +
      `(${scale.clusters * scale.pods} / ${scale.clusters * scale.policies} in all); ` +
      `autocannon ${opts.connections} connections, ≤ ${opts.amount} requests or ${opts.maxSeconds} s per route; load average ${loadavg()}`,
  );
  const runs: Run[] = [];
  for (const mode of ['inline', 'worker'] as const) {
    const run = await runMode(mode, scaleArg, opts);
    runs.push(run);
    const i = run.instance;
    const name =
      mode === 'inline'
        ? 'baseline (inline, on the event loop)'
        : 'views in a worker';
    report(
      `  ${name}: start to first complete view ${i.startMs.toFixed(0)} ms; team overview ${i.overviewWorkloads} workloads, ` +
        `team graph ${i.connections} connections; RSS ${run.rssMiB.toFixed(0)} MiB (peak ${run.peakRssMiB.toFixed(0)} MiB); load average ${loadavg()}`,
    );
    report(
      `    watch event to API (${i.lagsMs.length} samples): p50 ${pct(i.lagsMs, 50).toFixed(0)} ms, p99 ${pct(i.lagsMs, 99).toFixed(0)} ms`,
    );
    for (const l of run.loads)
      report(
        `    GET ${l.route}${churned(l)}: ${l.rps.toFixed(0)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms (${l.requests} requests, non-2xx ${l.non2xx}, errors ${l.errors}${l.errors ? ' — timeouts after 10 s, not in the percentiles' : ''})`,
      );
  }
  const [base, now] = runs;
  report('  ratios (baseline / views; > 1 is better):');
  base.loads.forEach((b, k) => {
    const n = now.loads[k];
    // Percentiles of completed requests only: with timeouts they flatter that side.
    const timedOut =
      b.errors || n.errors
        ? ` (timeouts: baseline ${b.errors}, views ${n.errors})`
        : '';
    report(
      `    GET ${b.route}${churned(b)}: p99 ${ratio(b.p99, n.p99)}, p50 ${ratio(b.p50, n.p50)}, req/s ${ratio(n.rps, b.rps)}${timedOut}`,
    );
  });
  report(
    `    watch event to API p99 ${ratio(pct(base.instance.lagsMs, 99), pct(now.instance.lagsMs, 99))}; peak RSS ${ratio(base.peakRssMiB, now.peakRssMiB)}`,
  );
  if (big) for (const line of targetLines(base, now)) report(line);
  return lines.join('\n');
}

if (require.main === module) {
  runBackendBench({ onLine: line => process.stdout.write(`${line}\n`) }).then(
    () => process.exit(0),
    e => {
      process.stderr.write(`${e?.stack ?? e}\n`);
      process.exit(1);
    },
  );
}
