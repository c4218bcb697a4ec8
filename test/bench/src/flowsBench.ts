/*
 * Observed-flows benchmark: ingestion of decoded Hubble flows into the aggregate, attribution
 * included (FlowAggregator), in flows per second on one core, against a baseline measured in the
 * same run — attributing every flow on its own with attributeFlow (what the aggregator would cost
 * without its caches). Decoding the `hubble observe -o jsonpb` lines is measured beside it.
 * The overlay is the engine bench's middle size (2 clusters, 1,000 workloads, 1,000 policies).
 */
import {
  FlowAggregator,
  attributeFlow,
  decodeHubbleFlows,
  explainFlow,
  generateSyntheticOverlay,
  type ObservedFlow,
  type Overlay,
  type Workload,
} from '@ytknetwork/common';
import { fmtMs, measure, nowMs, table } from './timing';

export const FLOWS_TARGET_PER_S = 20_000;
const SIZE = { clusters: 2, namespaces: 10, workloads: 1000, policies: 1000 };
const FLOWS = 100_000;
/** Lines per decoded chunk (decodeHubbleFlows reads at most 64 MiB at a time). */
const CHUNK = 20_000;
/** Distinct connections (source, destination, port) the traffic is drawn from. */
const CONNECTIONS = 3_000;
const BASELINE_SAMPLE = 3_000;

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function endpoint(w: Workload, pod: number) {
  return {
    identity: 10_000 + ((w.ref.length * 7919) % 50_000),
    cluster_name: w.cluster,
    namespace: w.namespace,
    labels: [
      ...Object.entries(w.labels).map(([k, v]) => `k8s:${k}=${v}`),
      `k8s:io.cilium.k8s.policy.cluster=${w.cluster}`,
      `k8s:io.kubernetes.pod.namespace=${w.namespace}`,
    ],
    pod_name: `${w.name}-7d4b9c6f5-${pod.toString(36).padStart(5, 'x')}`,
    workloads: [{ name: w.name, kind: w.kind }],
  };
}

/**
 * `hubble observe -o jsonpb` lines for realistic traffic: a few thousand connections with a
 * skewed (Zipf-like) popularity, mostly between workloads, some from the internet, a third of
 * the events replies, forwarded or dropped as the policies say (plus a few surprises).
 */
function hubbleLines(overlay: Overlay, count: number): string[] {
  const r = rng(14);
  const workloads = overlay.clusters.flatMap(c => c.workloads);
  const conns: Array<{
    src?: Workload;
    dst: Workload;
    port: number;
    world?: string;
    forwarded: boolean;
  }> = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const dst = workloads[Math.floor(r() * workloads.length)];
    const port = dst.ports.length
      ? dst.ports[Math.floor(r() * dst.ports.length)].port
      : [80, 443, 5432, 8080][Math.floor(r() * 4)];
    const fromWorld = r() < 0.1;
    const src = fromWorld
      ? undefined
      : workloads[Math.floor(r() * workloads.length)];
    const verdict = explainFlow(overlay, {
      from: src
        ? { workload: src.ref }
        : { cidr: `203.0.${i % 256}.${(i >> 8) % 256}/32` },
      to: { workload: dst.ref },
      protocol: 'TCP',
      port,
    }).allowed;
    conns.push({
      src,
      dst,
      port,
      world: src ? undefined : `203.0.${i % 256}.${(i >> 8) % 256}`,
      // 1 % of connections disagree with the policies (audit, stale view, …).
      forwarded: r() < 0.01 ? !verdict : verdict,
    });
  }
  const t0 = Date.parse('2026-12-01T00:00:00Z');
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    // Zipf-like: a few connections carry most events.
    const c = conns[Math.floor(CONNECTIONS * r() ** 3)];
    const reply = c.forwarded && r() < 0.33;
    const time = new Date(t0 + i * 50).toISOString();
    const src = c.src
      ? endpoint(c.src, Math.floor(r() * 3))
      : { identity: 2, labels: ['reserved:world'] };
    const dst = endpoint(c.dst, Math.floor(r() * 3));
    const sport = 32768 + Math.floor(r() * 28000);
    const ip = {
      source: c.world ?? `10.${i % 200}.1.${i % 250}`,
      destination: `10.1.${i % 200}.${i % 250}`,
      ipVersion: 'IPv4',
    };
    lines.push(
      JSON.stringify({
        flow: {
          time,
          verdict: c.forwarded ? 'FORWARDED' : 'DROPPED',
          ...(c.forwarded
            ? {}
            : { drop_reason: 133, drop_reason_desc: 'POLICY_DENIED' }),
          IP: reply
            ? { ...ip, source: ip.destination, destination: ip.source }
            : ip,
          l4: {
            TCP: reply
              ? { source_port: c.port, destination_port: sport }
              : { source_port: sport, destination_port: c.port },
          },
          source: reply ? dst : src,
          destination: reply ? src : dst,
          Type: 'L3_L4',
          node_name: `${c.dst.cluster}/node-${i % 7}`,
          traffic_direction: 'INGRESS',
          is_reply: reply,
          Summary: reply ? 'TCP Flags: ACK' : 'TCP Flags: SYN',
        },
        node_name: `${c.dst.cluster}/node-${i % 7}`,
        time,
      }),
    );
  }
  return lines;
}

export async function runFlowsBench(): Promise<string> {
  const overlay = generateSyntheticOverlay({ seed: 42, ...SIZE });
  const t0 = nowMs();
  const lines = hubbleLines(overlay, FLOWS);
  const genMs = nowMs() - t0;
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += CHUNK)
    chunks.push(lines.slice(i, i + CHUNK).join('\n'));
  const decodeAll = () => chunks.map(c => decodeHubbleFlows(c));

  const decode = await measure(decodeAll, { runs: 3 });
  const flows: ObservedFlow[] = [];
  for (const d of decodeAll()) {
    if (d.errors.length)
      throw new Error(`generated lines do not decode: ${d.errors[0].message}`);
    flows.push(...d.flows.map(f => f.flow));
  }

  // A fresh aggregator per run: its caches start empty, so every distinct key is attributed.
  let keys = 0;
  let overflow = 0;
  const ingest = await measure(
    () => {
      const agg = new FlowAggregator(overlay).addAll(flows);
      const s = agg.snapshot();
      keys = s.aggregates.length;
      overflow = s.overflow.flows;
    },
    { runs: 5 },
  );

  // Baseline: attributeFlow per flow, on a sample of the same traffic.
  const sample = flows.slice(0, BASELINE_SAMPLE);
  const baseline = await measure(
    () => {
      for (const f of sample) attributeFlow(overlay, f);
    },
    { runs: 3 },
  );

  const perS = (n: number, ms: number) => (n / ms) * 1000;
  const ingestRate = perS(flows.length, ingest.medianMs);
  const baseRate = perS(sample.length, baseline.medianMs);
  const decodeRate = perS(flows.length, decode.medianMs);
  const fmtRate = (x: number) => `${Math.round(x).toLocaleString('en-US')}/s`;
  const rows = [
    [
      'aggregate (FlowAggregator, attribution included)',
      flows.length.toLocaleString('en-US'),
      fmtMs(ingest.medianMs),
      fmtRate(ingestRate),
      `${(ingestRate / baseRate).toFixed(1)}×`,
    ],
    [
      'baseline: attributeFlow per flow, no caching',
      sample.length.toLocaleString('en-US'),
      fmtMs(baseline.medianMs),
      fmtRate(baseRate),
      '1.0×',
    ],
    [
      'decode (hubble observe -o jsonpb lines)',
      flows.length.toLocaleString('en-US'),
      fmtMs(decode.medianMs),
      fmtRate(decodeRate),
      '',
    ],
  ];
  const replies = flows.filter(f => f.isReply).length;
  return [
    `[flows] Hubble flow ingestion on one core: ${SIZE.clusters} clusters, ${SIZE.workloads} workloads, ${SIZE.policies} policies; ${flows.length.toLocaleString('en-US')} flows over ${CONNECTIONS.toLocaleString('en-US')} connections (${replies.toLocaleString('en-US')} replies) → ${keys.toLocaleString('en-US')} aggregates${overflow ? `, ${overflow} overflow` : ''} (input generated in ${fmtMs(genMs)}; median of runs)`,
    table(['', 'flows', 'time', 'flows/s', 'vs baseline'], rows),
    `target ≥ ${FLOWS_TARGET_PER_S.toLocaleString('en-US')} flows/s: ${ingestRate >= FLOWS_TARGET_PER_S ? 'met' : 'NOT met'} (${fmtRate(ingestRate)})`,
  ].join('\n');
}
