import type {
  Connection,
  Connectivity,
  DecidingRule,
  Endpoint,
  Overlay,
  PortRange,
  PortSpec,
} from '../model';
import { computeConnectivity } from '../connectivity';
import { endpointKey } from '../connectivity';
import {
  compileOverlay,
  namedPortResolver,
  peerMatches,
  subjectMatches,
  viewExternal,
  viewWorkload,
  type CompiledOverlay,
  type PeerView,
  type Rule,
} from '../policy';
import type { AttributeOptions } from './attribute';
import {
  aggregateFlows,
  aggregatesInWindow,
  ruleId,
  type FlowAggregate,
} from './aggregate';
import type { ObservedFlow } from './hubble';

export interface FlowWindow {
  /** ISO times, inclusive; absent = unbounded. Flows without a time are always in. */
  from?: string;
  to?: string;
}

/** One allowed path of a rule: a connection the rule takes part in, on the rule's ports. */
export interface RulePath {
  from: Endpoint;
  to: Endpoint;
  /** Ports of the connection this rule allows. */
  ports: PortSpec;
  /** Observed forwarded ports on this path (protocol/port), in the window. */
  observed: string[];
}

export interface RuleUsage {
  rule: DecidingRule;
  paths: RulePath[];
  /** Paths with no observed forwarded flow in the window: tightening candidates. */
  unused: RulePath[];
  /** No path of this rule carried traffic. */
  unusedRule: boolean;
}

const inWindow = (f: ObservedFlow, w: FlowWindow) => {
  if (!f.time) return true;
  const t = Date.parse(f.time);
  if (w.from && t < Date.parse(w.from)) return false;
  if (w.to && t > Date.parse(w.to)) return false;
  return true;
};

function view(co: CompiledOverlay, e: Endpoint, viewer: string): PeerView {
  const cc = co.clusters.get(viewer)!;
  if ('workload' in e)
    return viewWorkload(co.workloads.get(e.workload)!, cc.ctx);
  return viewExternal(e, cc.ctx);
}

/** The rule's ports within the connection's (named ports resolved against the destination). */
function rulePortsIn(
  co: CompiledOverlay,
  r: Rule,
  c: Connection,
): PortSpec | undefined {
  if (r.ports === 'all') return c.ports;
  const cc = co.clusters.get(r.cluster)!;
  const dst =
    'workload' in c.to ? co.workloads.get(c.to.workload)?.workload : undefined;
  const resolve = namedPortResolver(r.direction, cc, dst);
  const mine: PortRange[] = [];
  for (const e of r.ports) {
    for (const protocol of e.protocols) {
      if (e.name !== undefined) {
        for (const n of resolve(protocol, e.name))
          mine.push({ protocol, port: n });
      } else if (e.port === undefined) mine.push({ protocol });
      else mine.push({ protocol, port: e.port, endPort: e.endPort });
    }
  }
  const conn: PortRange[] =
    c.ports === 'all'
      ? (['TCP', 'UDP', 'SCTP'] as const).map(protocol => ({ protocol }))
      : c.ports;
  const out: PortRange[] = [];
  for (const a of mine) {
    for (const b of conn) {
      if (a.protocol !== b.protocol) continue;
      const lo = Math.max(a.port ?? 1, b.port ?? 1);
      const hi = Math.min(
        a.endPort ?? a.port ?? 65535,
        b.endPort ?? b.port ?? 65535,
      );
      if (lo > hi) continue;
      if (lo === 1 && hi === 65535) out.push({ protocol: a.protocol });
      else if (lo === hi) out.push({ protocol: a.protocol, port: lo });
      else out.push({ protocol: a.protocol, port: lo, endPort: hi });
    }
  }
  return out.length ? out : undefined;
}

/**
 * Per allow rule (policy + section + rule index), the allowed paths — the connections of the
 * engine's connectivity the rule takes part in, on its ports — and which of them carried no
 * observed forwarded flow in the window.
 */
export function unusedAllows(
  overlay: Overlay,
  flows: ObservedFlow[],
  window: FlowWindow = {},
  options: AttributeOptions = {},
): RuleUsage[] {
  const inside = flows.filter(
    f => f.verdict === 'FORWARDED' && inWindow(f, window),
  );
  const { aggregates } = aggregateFlows(overlay, inside, {
    ...options,
    maxKeys: Infinity,
  });
  return unusedAllowsFromAggregates(overlay, aggregates);
}

/**
 * `unusedAllows` over aggregates (the backend's stored rows, an aggregator's snapshot): an
 * aggregate uses the allow rules of its attribution when it is FORWARDED and meets the window.
 * Aggregates attributed against an older overlay should be attributed again first (`reattribute`).
 */
export function unusedAllowsFromAggregates(
  overlay: Overlay,
  aggregates: FlowAggregate[],
  window: FlowWindow = {},
  /** The overlay's connectivity when the caller already has it (the backend, per version). */
  connectivity?: Connectivity,
): RuleUsage[] {
  const co = compileOverlay(overlay);
  // Observed use: rule → path → ports.
  const used = new Map<string, Map<string, Set<string>>>();
  // An observed world address also uses the `world` path of connectivity.
  const ext = (e: Endpoint) =>
    'cidr' in e ? [endpointKey(e), 'entity:world'] : [endpointKey(e)];
  for (const a of aggregatesInWindow(aggregates, window)) {
    const { from, to, allowedBy } = a.attribution;
    if (a.verdict !== 'FORWARDED' || !from || !to || !allowedBy.length)
      continue;
    const paths = ext(from).flatMap(x => ext(to).map(y => `${x}>${y}`));
    for (const k of allowedBy) {
      let m = used.get(k);
      if (!m) used.set(k, (m = new Map()));
      for (const path of paths) {
        let s = m.get(path);
        if (!s) m.set(path, (s = new Set()));
        s.add(`${a.protocol}/${a.port}`);
      }
    }
  }
  const conns = (connectivity ?? computeConnectivity(overlay)).connections;
  const usage = new Map<string, RuleUsage>();
  for (const r of co.rules) {
    if (r.action !== 'allow' || r.layer) continue;
    usage.set(ruleId(r.meta), {
      rule: r.meta,
      paths: [],
      unused: [],
      unusedRule: true,
    });
  }
  for (const c of conns) {
    for (const dir of ['egress', 'ingress'] as const) {
      const subject = dir === 'egress' ? c.from : c.to;
      const peer = dir === 'egress' ? c.to : c.from;
      if (!('workload' in subject)) continue;
      const info = co.workloads.get(subject.workload);
      if (!info) continue;
      const cc = co.clusters.get(info.workload.cluster)!;
      const pv: PeerView = view(co, peer, cc.state.name);
      for (const r of cc.rules) {
        if (r.direction !== dir || r.action !== 'allow' || r.layer) continue;
        if (!subjectMatches(r.subject, info)) continue;
        if (!r.peers.some(p => peerMatches(p, pv, cc.ctx))) continue;
        const ports = rulePortsIn(co, r, c);
        if (!ports) continue;
        const u = usage.get(ruleId(r.meta))!;
        const key = `${endpointKey(c.from)}>${endpointKey(c.to)}`;
        const observed = [...(used.get(ruleId(r.meta))?.get(key) ?? [])];
        const path: RulePath = { from: c.from, to: c.to, ports, observed };
        u.paths.push(path);
        if (observed.length) u.unusedRule = false;
        else u.unused.push(path);
      }
    }
  }
  return [...usage.values()];
}
