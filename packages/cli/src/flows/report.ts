import {
  parseWorkloadRef,
  type AggregateSide,
  type DecidingRule,
  type FlowAggregate,
  type FlowAggregation,
  type FlowClassification,
  type Finding,
  type FlowWindow,
} from '@ytknetwork/common';
import { toJsonEndpoint, type JsonEndpoint } from '../format/endpoint';

/** One `--flows` input as it was read. */
export interface FlowFileReport {
  file: string;
  /** Non-blank lines. */
  lines: number;
  flows: number;
  /** Other events (node_status, lost_events, …). */
  skipped: number;
  errors: number;
}

export interface FlowLineError {
  file: string;
  line: number;
  field: string;
  message: string;
}

export interface FlowsReport {
  window: FlowWindow;
  files: FlowFileReport[];
  errors: FlowLineError[];
  aggregation: FlowAggregation;
  /** Flows left out because they are outside the window. */
  outsideWindow: number;
  /** allow-rule-unused findings (with their suggestion). */
  unused: Finding[];
}

export const UNEXPECTED: ReadonlySet<FlowClassification> = new Set([
  'unexpected-allowed',
  'unexpected-dropped',
]);

/** Display order: what needs attention first. */
const ORDER: FlowClassification[] = [
  'unexpected-dropped',
  'unexpected-allowed',
  'dropped-as-expected',
  'allowed-as-expected',
  'unknown-endpoint',
  'not-policy',
  'reply',
];

export function sortAggregates(list: FlowAggregate[]): FlowAggregate[] {
  return [...list].sort(
    (a, b) =>
      ORDER.indexOf(a.attribution.classification) -
        ORDER.indexOf(b.attribution.classification) ||
      b.count - a.count ||
      (a.key < b.key ? -1 : 1),
  );
}

export type JsonFlowEndpoint = JsonEndpoint | { unknown: string };

/** The endpoint of an aggregate key (see FlowAggregate.source) in the JSON shape of `connectivity`. */
export function keyEndpoint(key: string): JsonFlowEndpoint {
  if (key.startsWith('unknown:')) return { unknown: key.slice(8) };
  if (key.startsWith('cidr:')) return { cidr: key.slice(5) };
  if (key.startsWith('entity:')) {
    const [entity, cluster] = key.slice(7).split('@');
    return toJsonEndpoint(cluster ? { entity, cluster } : { entity });
  }
  if (parseWorkloadRef(key)) return toJsonEndpoint({ workload: key });
  return { unknown: key };
}

export function keyLabel(key: string): string {
  if (key.startsWith('entity:')) {
    const [entity, cluster] = key.slice(7).split('@');
    return cluster ? `${cluster}:${entity}` : entity;
  }
  if (key.startsWith('cidr:')) return key.slice(5);
  if (key.startsWith('unknown:')) return `${key.slice(8)} (unknown)`;
  return key;
}

const ruleJson = (r: DecidingRule) => ({
  policy: r.policyId,
  kind: r.policyKind,
  name: r.policyName,
  cluster: r.cluster,
  ...(r.namespace ? { namespace: r.namespace } : {}),
  section: r.section,
  specIndex: r.specIndex,
  ruleIndex: r.ruleIndex,
  action: r.action,
  ...(r.location ? { location: r.location } : {}),
});

const sideJson = (s: AggregateSide) => ({
  direction: s.direction,
  outcome: s.outcome,
  rules: s.rules.map(ruleJson),
});

/** `file:line` of a rule (1-based line), or the policy id when it has no source. */
export function ruleWhere(r: DecidingRule): string {
  return r.location
    ? `${r.location.uri}:${r.location.range.start.line + 1}`
    : r.policyId;
}

/** `Kind ns/name section[i]`; a policy that only isolates (no rule matched) says so. */
export function ruleName(r: DecidingRule): string {
  const policy = `${r.policyKind} ${r.namespace ? `${r.namespace}/` : ''}${r.policyName}`;
  return r.ruleIndex < 0
    ? `${policy} (isolates ${r.section})`
    : `${policy} ${r.section}[${r.ruleIndex}]`;
}

/** The public JSON shape, documented in docs/cli.md ("ytk flows", JSON output). */
export function flowsToJson(report: FlowsReport) {
  const { aggregation } = report;
  const byClassification: Partial<Record<FlowClassification, number>> = {};
  for (const a of aggregation.aggregates)
    byClassification[a.attribution.classification] =
      (byClassification[a.attribution.classification] ?? 0) + a.count;
  for (const [c, n] of Object.entries(aggregation.overflow.byClassification))
    byClassification[c as FlowClassification] =
      (byClassification[c as FlowClassification] ?? 0) + n;
  return {
    window: report.window,
    input: {
      files: report.files,
      errors: report.errors,
    },
    summary: {
      flows: aggregation.flows,
      replies: aggregation.replies,
      outsideWindow: report.outsideWindow,
      aggregates: aggregation.aggregates.length,
      overflow: aggregation.overflow.flows,
      byClassification,
      unexpected:
        (byClassification['unexpected-allowed'] ?? 0) +
        (byClassification['unexpected-dropped'] ?? 0),
      unusedAllows: report.unused.length,
    },
    aggregates: sortAggregates(aggregation.aggregates).map(a => ({
      source: keyEndpoint(a.source),
      destination: keyEndpoint(a.destination),
      protocol: a.protocol,
      port: a.port,
      verdict: a.verdict,
      ...(a.dropReason ? { dropReason: a.dropReason } : {}),
      type: a.type,
      count: a.count,
      ...(a.firstSeen ? { firstSeen: a.firstSeen } : {}),
      ...(a.lastSeen ? { lastSeen: a.lastSeen } : {}),
      classification: a.attribution.classification,
      ...(a.attribution.cause ? { cause: a.attribution.cause } : {}),
      ...(a.attribution.causes ? { causes: a.attribution.causes } : {}),
      ...(a.attribution.audit ? { audit: true } : {}),
      reason: a.attribution.reason,
      decidedBy: a.attribution.decidedBy.map(sideJson),
    })),
    unusedAllows: report.unused.map(f => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      uri: f.uri,
      range: f.range,
      ...(f.suggestion ? { suggestion: f.suggestion } : {}),
    })),
  };
}
