import type { DecidingRule, Endpoint, Overlay, SideOutcome } from '../model';
import { endpointKey } from '../connectivity';
import {
  attributeFlow,
  mapHubbleEndpoint,
  type AttributeOptions,
  type FlowAttribution,
  type FlowClassification,
  type UnexpectedCause,
} from './attribute';
import type { HubbleEndpoint, ObservedFlow } from './hubble';

/*
 * Observed flows folded into aggregates (docs/observed-flows.md): one row per source, destination,
 * protocol/port, verdict, drop reason and flow type, with a count, first and last seen and the
 * attribution (classification and deciding rules). Pure and browser-safe; memory is bounded by
 * `maxKeys` (flows of further keys are counted as overflow), and two aggregates of the same key
 * merge by adding up, so per-cluster streams and stored rows combine.
 */

/** How a side of an aggregate was decided (the SideVerdict without its prose). */
export interface AggregateSide {
  direction: 'egress' | 'ingress';
  outcome: SideOutcome;
  rules: DecidingRule[];
}

/** The attribution of an aggregate: the one of its latest flow. */
export interface AggregateAttribution {
  classification: FlowClassification;
  cause?: UnexpectedCause;
  causes?: UnexpectedCause[];
  audit?: boolean;
  reason: string;
  /** The flow's ends as the engine sees them (absent for unknown endpoints and non-L4 events). */
  from?: Endpoint;
  to?: Endpoint;
  egress?: AggregateSide;
  ingress?: AggregateSide;
  /**
   * The sides that decided: the dropping side for a drop (egress first), the sides whose rules
   * allowed it for an allow; empty when nothing isolates either end.
   */
  decidedBy: AggregateSide[];
  /** Rule ids (`ruleId`) of the allow rules on allowed sides: what this traffic uses. */
  allowedBy: string[];
}

export interface FlowAggregate {
  /** Identity of the aggregate: equal keys merge. */
  key: string;
  /** Endpoint keys: a workload ref, `entity:<name>[@cluster]`, `cidr:<ip>/32`, or `unknown:<cluster>/<namespace>/<name>`. */
  source: string;
  destination: string;
  /** TCP, UDP, SCTP, ICMPv4, ICMPv6, or '' (no layer 4). */
  protocol: string;
  /** Destination port (0 without one). */
  port: number;
  /** Hubble verdict: FORWARDED, DROPPED, AUDIT, … */
  verdict: string;
  /** Hubble drop reason (DropReason name), '' when not dropped. */
  dropReason: string;
  /** Hubble flow type: L3_L4, L7, SOCK, … */
  type: string;
  /** Start of the time bucket (ISO), when the aggregator buckets by time. */
  bucket?: string;
  /** Cluster names Hubble gave the ends, when it did. */
  sourceCluster?: string;
  destinationCluster?: string;
  count: number;
  /** ISO times of the earliest and latest flow (absent when no flow had a time). */
  firstSeen?: string;
  lastSeen?: string;
  attribution: AggregateAttribution;
  /** The Hubble ends and addresses of the latest flow, to attribute the aggregate again. */
  sample: Pick<ObservedFlow, 'source' | 'destination' | 'IP'>;
}

export interface AggregatorOptions extends AttributeOptions {
  /** Most aggregates kept; flows of further keys are counted in `overflow`. Default 10,000. */
  maxKeys?: number;
  /** Bucket aggregates by time (milliseconds, e.g. 3,600,000 for hourly rows). */
  bucketMs?: number;
}

export interface FlowAggregation {
  aggregates: FlowAggregate[];
  /** Flows folded in (replies included). */
  flows: number;
  /** Replies of connections: not decided by policy, counted only (their ports are ephemeral). */
  replies: number;
  /** Flows whose key did not fit under `maxKeys`, by classification. */
  overflow: {
    flows: number;
    byClassification: Partial<Record<FlowClassification, number>>;
  };
}

export const aggregatorDefaults = { maxKeys: 10_000 };
/** Endpoint and attribution caches are cleared when they hold this many entries. */
const CACHE_LIMIT = 50_000;

/** A rule's id across aggregates and usage: policy id, section, spec and rule index. */
export const ruleId = (
  r: Pick<DecidingRule, 'policyId' | 'section' | 'specIndex' | 'ruleIndex'>,
) => `${r.policyId}#${r.section}/${r.specIndex}/${r.ruleIndex}`;

const DECIDING: ReadonlySet<SideOutcome> = new Set([
  'allowed',
  'denied',
  'default-deny',
]);

/** The aggregate form of an attribution. */
export function aggregateAttribution(a: FlowAttribution): AggregateAttribution {
  const out: AggregateAttribution = {
    classification: a.classification,
    reason: a.reason,
    decidedBy: [],
    allowedBy: [],
  };
  if (a.cause) out.cause = a.cause;
  if (a.causes) out.causes = a.causes;
  if (a.audit) out.audit = true;
  if (a.flow) {
    out.from = a.flow.from;
    out.to = a.flow.to;
  }
  const v = a.verdict;
  if (!v) return out;
  const side = (s: typeof v.egress): AggregateSide => ({
    direction: s.direction,
    outcome: s.outcome,
    rules: s.rules,
  });
  out.egress = side(v.egress);
  out.ingress = side(v.ingress);
  const dropping = [v.egress, v.ingress].find(s => !s.allowed);
  if (dropping) out.decidedBy = [side(dropping)];
  else
    out.decidedBy = [v.egress, v.ingress]
      .filter(s => DECIDING.has(s.outcome))
      .map(side);
  out.allowedBy = [v.egress, v.ingress]
    .filter(s => s.outcome === 'allowed')
    .flatMap(s => s.rules.filter(r => r.action === 'allow').map(ruleId));
  return out;
}

function l4Of(f: ObservedFlow): { protocol: string; port: number } {
  const l4 = f.l4;
  if (!l4) return { protocol: '', port: 0 };
  if (l4.TCP) return { protocol: 'TCP', port: l4.TCP.destinationPort ?? 0 };
  if (l4.UDP) return { protocol: 'UDP', port: l4.UDP.destinationPort ?? 0 };
  if (l4.SCTP) return { protocol: 'SCTP', port: l4.SCTP.destinationPort ?? 0 };
  if (l4.ICMPv4) return { protocol: 'ICMPv4', port: 0 };
  if (l4.ICMPv6) return { protocol: 'ICMPv6', port: 0 };
  return { protocol: '', port: 0 };
}

const SEP = '\u0001';
const clusterLabel = 'k8s:io.cilium.k8s.policy.cluster=';

function clusterName(e: HubbleEndpoint | undefined): string | undefined {
  if (!e) return undefined;
  if (e.clusterName) return e.clusterName;
  const l = e.labels?.find(x => x.startsWith(clusterLabel));
  return l ? l.slice(clusterLabel.length) : undefined;
}

function endpointSignature(e: HubbleEndpoint | undefined, ip = ''): string {
  if (!e) return `ip${SEP}${ip}`;
  const labels = e.labels ?? [];
  const world = labels.some(l => l.startsWith('reserved:world'));
  return [
    e.clusterName ?? '',
    e.namespace ?? '',
    e.podName ?? '',
    (e.workloads ?? []).map(w => `${w.kind ?? ''}/${w.name ?? ''}`).join(','),
    labels.join(','),
    world ? ip : '',
  ].join(SEP);
}

const time = (iso: string | undefined) => {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
};
function earlier(a?: string, b?: string): string | undefined {
  if (!a || !b) return a ?? b;
  return (time(a) ?? 0) <= (time(b) ?? 0) ? a : b;
}
function later(a?: string, b?: string): string | undefined {
  if (!a || !b) return a ?? b;
  return (time(a) ?? 0) >= (time(b) ?? 0) ? a : b;
}

/** Two aggregates of the same key added up; the attribution and sample of the later one. */
export function mergeAggregate(
  a: FlowAggregate,
  b: FlowAggregate,
): FlowAggregate {
  if (a.key !== b.key)
    throw new Error(`cannot merge aggregates ${a.key} and ${b.key}`);
  const newer =
    later(a.lastSeen, b.lastSeen) === b.lastSeen && b.lastSeen ? b : a;
  const out: FlowAggregate = {
    ...newer,
    count: a.count + b.count,
  };
  const first = earlier(a.firstSeen, b.firstSeen);
  const last = later(a.lastSeen, b.lastSeen);
  if (first) out.firstSeen = first;
  if (last) out.lastSeen = last;
  return out;
}

/**
 * Folds observed flows into bounded, mergeable aggregates with their attribution. Attribution is
 * computed once per distinct endpoint pair, port, verdict and drop reason (cached), so ingestion
 * costs a map look-up per flow once the keys are known.
 */
export class FlowAggregator {
  private readonly maxKeys: number;
  private readonly bucketMs?: number;
  private readonly byKey = new Map<string, FlowAggregate>();
  /** First and last seen of each aggregate in milliseconds (NaN: no time yet). */
  private readonly seen = new Map<string, [number, number]>();
  private readonly endpoints = new Map<string, Endpoint | null>();
  private readonly attributions = new Map<string, AggregateAttribution>();
  private readonly overlayMs?: number;
  private flows = 0;
  private replies = 0;
  private overflow: FlowAggregation['overflow'] = {
    flows: 0,
    byClassification: {},
  };

  constructor(
    private readonly overlay: Overlay,
    private readonly options: AggregatorOptions = {},
  ) {
    this.maxKeys = Math.max(0, options.maxKeys ?? aggregatorDefaults.maxKeys);
    if (options.bucketMs !== undefined) {
      if (!(options.bucketMs > 0))
        throw new Error('bucketMs must be a positive number of milliseconds');
      this.bucketMs = options.bucketMs;
    }
    this.overlayMs = time(options.overlayTime);
  }

  private endpoint(e: HubbleEndpoint | undefined, ip: string | undefined) {
    const sig = endpointSignature(e, ip);
    let hit = this.endpoints.get(sig);
    if (hit === undefined) {
      if (this.endpoints.size >= CACHE_LIMIT) this.endpoints.clear();
      hit = mapHubbleEndpoint(this.overlay, e, ip, this.options) ?? null;
      this.endpoints.set(sig, hit);
    }
    if (hit) return endpointKey(hit);
    const name =
      e?.workloads?.find(w => w.name)?.name ?? e?.podName ?? ip ?? '?';
    return `unknown:${clusterName(e) ?? this.options.defaultCluster ?? ''}/${e?.namespace ?? ''}/${name}`;
  }

  /** Folds one decoded flow in. */
  add(f: ObservedFlow): void {
    this.flows++;
    if (f.isReply === true) {
      this.replies++;
      return;
    }
    const source = this.endpoint(f.source, f.IP?.source);
    const destination = this.endpoint(f.destination, f.IP?.destination);
    const { protocol, port } = l4Of(f);
    const verdict = f.verdict ?? 'VERDICT_UNKNOWN';
    const dropReason = f.dropReasonDesc ?? '';
    const type = f.Type ?? 'L3_L4';
    const t = time(f.time);
    const bucket =
      this.bucketMs && t !== undefined
        ? new Date(Math.floor(t / this.bucketMs) * this.bucketMs).toISOString()
        : undefined;
    const flowKey = [
      source,
      destination,
      protocol,
      port,
      verdict,
      dropReason,
      type,
    ].join(SEP);
    const key = `${flowKey}${SEP}${bucket ?? ''}`;
    const stale =
      this.overlayMs !== undefined && t !== undefined && t > this.overlayMs;
    // Attribution does not depend on the bucket: one per flow key (and staleness).
    const attrKey = `${flowKey}${SEP}${stale}`;
    let attribution = this.attributions.get(attrKey);
    if (!attribution) {
      if (this.attributions.size >= CACHE_LIMIT) this.attributions.clear();
      attribution = aggregateAttribution(
        attributeFlow(this.overlay, f, this.options),
      );
      this.attributions.set(attrKey, attribution);
    }
    const agg = this.byKey.get(key);
    if (agg) {
      agg.count++;
      if (t !== undefined) {
        const s = this.seen.get(key)!;
        if (!(s[0] <= t)) {
          s[0] = t;
          agg.firstSeen = f.time;
        }
        if (!(s[1] > t)) {
          s[1] = t;
          agg.lastSeen = f.time;
          agg.attribution = attribution;
          agg.sample = sampleOf(f);
        }
      }
      return;
    }
    if (this.byKey.size >= this.maxKeys) {
      this.overflow.flows++;
      const c = attribution.classification;
      this.overflow.byClassification[c] =
        (this.overflow.byClassification[c] ?? 0) + 1;
      return;
    }
    const created: FlowAggregate = {
      key,
      source,
      destination,
      protocol,
      port,
      verdict,
      dropReason,
      type,
      count: 1,
      attribution,
      sample: sampleOf(f),
    };
    if (bucket) created.bucket = bucket;
    const sc = clusterName(f.source);
    const dc = clusterName(f.destination);
    if (sc) created.sourceCluster = sc;
    if (dc) created.destinationCluster = dc;
    if (t !== undefined) {
      created.firstSeen = f.time;
      created.lastSeen = f.time;
    }
    this.byKey.set(key, created);
    this.seen.set(key, [t ?? NaN, t ?? NaN]);
  }

  addAll(flows: Iterable<ObservedFlow>): this {
    for (const f of flows) this.add(f);
    return this;
  }

  /**
   * Merges an aggregate in (another cluster's stream, a stored row): same key adds up; a new key
   * beyond `maxKeys` is counted as overflow. Its attribution is kept as it is (see `reattribute`).
   */
  merge(a: FlowAggregate): void {
    this.flows += a.count;
    const have = this.byKey.get(a.key);
    if (have) {
      const m = mergeAggregate(have, a);
      this.byKey.set(a.key, m);
      this.seen.set(a.key, [time(m.firstSeen) ?? NaN, time(m.lastSeen) ?? NaN]);
      return;
    }
    if (this.byKey.size >= this.maxKeys) {
      this.overflow.flows += a.count;
      const c = a.attribution.classification;
      this.overflow.byClassification[c] =
        (this.overflow.byClassification[c] ?? 0) + a.count;
      return;
    }
    this.byKey.set(a.key, { ...a });
    this.seen.set(a.key, [time(a.firstSeen) ?? NaN, time(a.lastSeen) ?? NaN]);
  }

  /** Merges another aggregation (its counters too). */
  mergeAggregation(other: FlowAggregation): void {
    for (const a of other.aggregates) this.merge(a);
    this.replies += other.replies;
    this.flows += other.replies + other.overflow.flows;
    this.overflow.flows += other.overflow.flows;
    for (const [c, n] of Object.entries(other.overflow.byClassification))
      this.overflow.byClassification[c as FlowClassification] =
        (this.overflow.byClassification[c as FlowClassification] ?? 0) + n;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The aggregates so far, most flows first (then by key), with the counters. */
  snapshot(): FlowAggregation {
    return {
      aggregates: [...this.byKey.values()]
        .map(a => ({ ...a }))
        .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)),
      flows: this.flows,
      replies: this.replies,
      overflow: {
        flows: this.overflow.flows,
        byClassification: { ...this.overflow.byClassification },
      },
    };
  }

  /** The snapshot, then starts over (caches are kept): for periodic flushes to storage. */
  drain(): FlowAggregation {
    const s = this.snapshot();
    this.byKey.clear();
    this.seen.clear();
    this.flows = 0;
    this.replies = 0;
    this.overflow = { flows: 0, byClassification: {} };
    return s;
  }
}

function sampleOf(f: ObservedFlow): FlowAggregate['sample'] {
  const s: FlowAggregate['sample'] = {};
  if (f.source) s.source = f.source;
  if (f.destination) s.destination = f.destination;
  if (f.IP) s.IP = f.IP;
  return s;
}

/** Folds flows into an aggregation in one call. */
export function aggregateFlows(
  overlay: Overlay,
  flows: Iterable<ObservedFlow>,
  options: AggregatorOptions = {},
): FlowAggregation {
  return new FlowAggregator(overlay, options).addAll(flows).snapshot();
}

/**
 * The aggregate attributed again against another overlay (stored rows after the policies
 * changed), from its sample; counts and times are kept.
 */
export function reattribute(
  overlay: Overlay,
  a: FlowAggregate,
  options: AttributeOptions = {},
): FlowAggregate {
  const flow: ObservedFlow = {
    ...a.sample,
    verdict: a.verdict,
    Type: a.type,
    isReply: false,
  };
  if (a.dropReason) flow.dropReasonDesc = a.dropReason;
  if (a.lastSeen) flow.time = a.lastSeen;
  if (a.protocol === 'TCP' || a.protocol === 'UDP' || a.protocol === 'SCTP')
    flow.l4 = { [a.protocol]: { destinationPort: a.port } };
  else if (a.protocol === 'ICMPv4' || a.protocol === 'ICMPv6')
    flow.l4 = { [a.protocol]: {} };
  return {
    ...a,
    attribution: aggregateAttribution(attributeFlow(overlay, flow, options)),
  };
}

/**
 * The aggregates with a flow in the window: their first/last seen range meets it (exact per
 * bucket when the aggregator buckets by time). Aggregates without times are always in.
 */
export function aggregatesInWindow(
  aggregates: FlowAggregate[],
  window: { from?: string; to?: string },
): FlowAggregate[] {
  const from = time(window.from);
  const to = time(window.to);
  return aggregates.filter(a => {
    const first = time(a.firstSeen);
    const last = time(a.lastSeen);
    if (from !== undefined && last !== undefined && last < from) return false;
    if (to !== undefined && first !== undefined && first > to) return false;
    return true;
  });
}
