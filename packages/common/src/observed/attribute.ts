import type {
  DecidingRule,
  Endpoint,
  Flow,
  Overlay,
  Protocol,
  Verdict,
  Workload,
} from '../model';
import { explainFlow } from '../verdict';
import type { HubbleEndpoint, ObservedFlow } from './hubble';

export type FlowClassification =
  | 'allowed-as-expected'
  | 'dropped-as-expected'
  | 'unexpected-allowed'
  | 'unexpected-dropped'
  /** A reply of a connection: not decided by policy (stateful enforcers, SEMANTICS §0). */
  | 'reply'
  /** Not an L3/L4 policy event: L7, SOCK, TRACED/TRANSLATED, ICMP, a non-policy drop, an ERROR. */
  | 'not-policy'
  /** An endpoint ytk cannot map to a workload or entity of the overlay. */
  | 'unknown-endpoint';

export type UnexpectedCause =
  | 'policy-audit-mode'
  | 'overlay-older-than-flow'
  | 'l7-or-fqdn-proxy'
  | 'mutual-auth'
  | 'unsupported-feature';

export interface FlowAttribution {
  classification: FlowClassification;
  /** The flow as the engine sees it (absent when an endpoint is unknown or the event is skipped). */
  flow?: Flow;
  verdict?: Verdict;
  /** Deciding rules per side (the matching allows, the matching denies, or the isolating policies). */
  egressRules: DecidingRule[];
  ingressRules: DecidingRule[];
  /** For unexpected-*: the most likely cause, and every cause that applies, most likely first. */
  cause?: UnexpectedCause;
  causes?: UnexpectedCause[];
  /** Hubble said AUDIT: policy would have dropped it, audit mode let it through. */
  audit?: boolean;
  reason: string;
}

export interface AttributeOptions {
  /** Cluster of endpoints without `clusterName` (single-cluster Hubble). */
  defaultCluster?: string;
  /** When the overlay was read (ISO time); a flow newer than it may see policies ytk does not. */
  overlayTime?: string;
}

const POLICY_DROPS = new Set(['POLICY_DENIED', 'POLICY_DENY', 'AUTH_REQUIRED']);
const RESERVED = [
  'host',
  'remote-node',
  'kube-apiserver',
  'health',
  'ingress',
  'init',
  'unmanaged',
];
const CLUSTER_LABEL = 'k8s:io.cilium.k8s.policy.cluster=';

function podLabels(e: HubbleEndpoint): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of e.labels ?? []) {
    if (!l.startsWith('k8s:')) continue;
    const eq = l.indexOf('=');
    if (eq < 0) out[l.slice(4)] = '';
    else out[l.slice(4, eq)] = l.slice(eq + 1);
  }
  return out;
}

function clusterOf(e: HubbleEndpoint, o: AttributeOptions): string | undefined {
  if (e.clusterName) return e.clusterName;
  const l = (e.labels ?? []).find(x => x.startsWith(CLUSTER_LABEL));
  return l ? l.slice(CLUSTER_LABEL.length) : o.defaultCluster;
}

/** The overlay workload of a Hubble pod endpoint: by workload name/kind, pod name, then labels. */
function findWorkload(
  overlay: Overlay,
  cluster: string | undefined,
  e: HubbleEndpoint,
): Workload | undefined {
  const cs = overlay.clusters.filter(c => !cluster || c.name === cluster);
  const cands = cs
    .flatMap(c => c.workloads)
    .filter(w => w.namespace === e.namespace);
  if (!cands.length) return undefined;
  for (const hw of e.workloads ?? []) {
    const hit = cands.filter(
      w => w.name === hw.name && (!hw.kind || w.kind === hw.kind),
    );
    if (hit.length === 1) return hit[0];
  }
  if (e.podName) {
    const hit = cands.filter(
      w => e.podName === w.name || e.podName!.startsWith(`${w.name}-`),
    );
    if (hit.length === 1) return hit[0];
  }
  const labels = podLabels(e);
  const hit = cands.filter(
    w =>
      Object.keys(w.labels).length > 0 &&
      Object.entries(w.labels).every(([k, v]) => labels[k] === v),
  );
  return hit.length === 1 ? hit[0] : undefined;
}

/** Maps a Hubble endpoint to an engine endpoint; undefined when unknown. */
export function mapHubbleEndpoint(
  overlay: Overlay,
  e: HubbleEndpoint | undefined,
  ip: string | undefined,
  options: AttributeOptions = {},
): Endpoint | undefined {
  const labels = e?.labels ?? [];
  const cluster = e ? clusterOf(e, options) : options.defaultCluster;
  // A reserved identity first: an external kube-apiserver carries reserved:world too.
  for (const r of RESERVED) {
    if (labels.includes(`reserved:${r}`))
      return cluster ? { entity: r, cluster } : { entity: r };
  }
  if (labels.some(l => l.startsWith('reserved:world')) || (!e && ip)) {
    if (ip) return { cidr: ip.includes(':') ? `${ip}/128` : `${ip}/32` };
    return { entity: 'world' };
  }
  if (!e || !e.namespace) return undefined;
  const w = findWorkload(overlay, cluster, e);
  return w ? { workload: w.ref } : undefined;
}

function portOf(
  f: ObservedFlow,
): { protocol: Protocol; port: number } | undefined {
  const l4 = f.l4;
  if (!l4) return undefined;
  if (l4.TCP) return { protocol: 'TCP', port: l4.TCP.destinationPort ?? 0 };
  if (l4.UDP) return { protocol: 'UDP', port: l4.UDP.destinationPort ?? 0 };
  if (l4.SCTP) return { protocol: 'SCTP', port: l4.SCTP.destinationPort ?? 0 };
  return undefined;
}

const auditCache = new WeakMap<Overlay, Overlay>();
/** The overlay with policy-audit-mode off everywhere: what policy would decide if enforced. */
function enforcing(overlay: Overlay): Overlay {
  let o = auditCache.get(overlay);
  if (!o) {
    o = overlay.clusters.some(c => c.cilium?.policyAuditMode)
      ? {
          ...overlay,
          clusters: overlay.clusters.map(c =>
            c.cilium?.policyAuditMode
              ? { ...c, cilium: { ...c.cilium, policyAuditMode: false } }
              : c,
          ),
        }
      : overlay;
    auditCache.set(overlay, o);
  }
  return o;
}

const skipped = (
  classification: FlowClassification,
  reason: string,
): FlowAttribution => ({
  classification,
  egressRules: [],
  ingressRules: [],
  reason,
});

/**
 * Attributes one observed flow to the policy rules that decided it (egress at the source,
 * ingress at the destination, SEMANTICS §0/§2.16) and says whether Hubble's verdict is what the
 * overlay's policies predict — and when not, the most likely cause.
 */
export function attributeFlow(
  overlay: Overlay,
  observed: ObservedFlow,
  options: AttributeOptions = {},
): FlowAttribution {
  const type = observed.Type ?? 'L3_L4';
  if (type !== 'L3_L4')
    return skipped('not-policy', `${type} event: not an L3/L4 policy decision`);
  const v = observed.verdict ?? 'VERDICT_UNKNOWN';
  if (v !== 'FORWARDED' && v !== 'DROPPED' && v !== 'AUDIT')
    return skipped('not-policy', `verdict ${v}: not a policy decision`);
  if (observed.isReply === true)
    return skipped(
      'reply',
      'reply of a connection: allowed by connection tracking, not decided by policy',
    );
  const drop = observed.dropReasonDesc;
  if (v === 'DROPPED' && drop && !POLICY_DROPS.has(drop))
    return skipped('not-policy', `dropped for ${drop}, not by policy`);
  const pp = portOf(observed);
  if (!pp)
    return skipped(
      'not-policy',
      'no TCP/UDP/SCTP header (ICMP or unknown): ytk decides port-based flows only',
    );
  const from = mapHubbleEndpoint(
    overlay,
    observed.source,
    observed.IP?.source,
    options,
  );
  const to = mapHubbleEndpoint(
    overlay,
    observed.destination,
    observed.IP?.destination,
    options,
  );
  if (!from || !to) {
    const which = !from ? observed.source : observed.destination;
    return skipped(
      'unknown-endpoint',
      `${!from ? 'source' : 'destination'} ${which?.namespace ?? ''}/${which?.podName ?? observed.IP?.[!from ? 'source' : 'destination'] ?? '?'} is not a workload or entity of the overlay`,
    );
  }
  const flow: Flow = { from, to, protocol: pp.protocol, port: pp.port };
  const auditClusters = overlay.clusters.filter(c => c.cilium?.policyAuditMode);
  const verdict = explainFlow(enforcing(overlay), flow);
  const base = {
    flow,
    verdict,
    egressRules: verdict.egress.rules,
    ingressRules: verdict.ingress.rules,
  };
  const observedAllowed = v === 'FORWARDED' || v === 'AUDIT';
  if (v === 'AUDIT' && !verdict.allowed)
    return {
      ...base,
      classification: 'dropped-as-expected',
      audit: true,
      reason: `audit mode forwarded it; policy would drop it: ${verdict.reasons[0]}`,
    };
  if (observedAllowed === verdict.allowed)
    return {
      ...base,
      classification: verdict.allowed
        ? 'allowed-as-expected'
        : 'dropped-as-expected',
      reason: verdict.reasons[0] ?? '',
    };
  const causes: UnexpectedCause[] = [];
  const stale =
    !!options.overlayTime &&
    !!observed.time &&
    Date.parse(observed.time) > Date.parse(options.overlayTime);
  const sides = [verdict.egress, verdict.ingress];
  if (observedAllowed) {
    if (v === 'AUDIT' || auditClusters.length) causes.push('policy-audit-mode');
    if (stale) causes.push('overlay-older-than-flow');
    // toFQDNs allows IPs learned by the DNS proxy, which ytk cannot know (§2.9).
    const src = overlay.clusters.find(c => c.name === verdict.egress.cluster);
    if (
      !('workload' in to) &&
      src?.policies.some(p => JSON.stringify(p.object).includes('"toFQDNs"'))
    )
      causes.push('l7-or-fqdn-proxy');
    causes.push('unsupported-feature');
  } else {
    if (drop === 'AUTH_REQUIRED' || verdict.authRequired)
      causes.push('mutual-auth');
    if (sides.some(s => s.l7)) causes.push('l7-or-fqdn-proxy');
    if (stale) causes.push('overlay-older-than-flow');
    causes.push('unsupported-feature');
  }
  return {
    ...base,
    classification: observedAllowed
      ? 'unexpected-allowed'
      : 'unexpected-dropped',
    cause: causes[0],
    causes,
    reason: `Hubble says ${v}${drop ? ` (${drop})` : ''}, the policies say ${verdict.allowed ? 'allowed' : 'dropped'}: most likely ${causes[0]}`,
  };
}
