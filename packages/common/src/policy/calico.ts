/*
 * The calico enforcer (SEMANTICS §3, docs/calico.md): projectcalico.org/v3 NetworkPolicy and
 * GlobalNetworkPolicy, Kubernetes NetworkPolicy (in the default tier, order 1000, as
 * `knp.default.<name>`), AdminNetworkPolicy (tier `adminnetworkpolicy`, order 1000) and
 * BaselineAdminNetworkPolicy (tier `baselineadminnetworkpolicy`, order 10 000 000), all
 * normalized into first-match rules ordered by Rule.calico. Each policy that applies to an
 * endpoint in a direction also yields a `tierDefault` rule at the end of its tier that
 * matches every flow with the tier's defaultAction (Deny unless the Tier says Pass): the
 * implicit end-of-tier drop. Nothing decided after the last tier → the profile allows.
 */
import type {
  AdminNetworkPolicy,
  CalicoEntityRule,
  CalicoNetworkPolicy,
  CalicoPolicySpec,
  CalicoRule,
  ClusterState,
  GlobalNetworkPolicy,
  NetworkPolicy,
  Policy,
  Protocol,
  Workload,
} from '../model';
import { isNodeTraffic } from '../model/overlay';
import {
  matchCalicoSelector,
  parseCalicoSelector,
  type CalicoSelector,
} from '../selectors/calicoSelector';
import { adminNetworkPolicyRules } from './adminNetworkPolicy';
import { contains, overlaps, parseCidr, type IpRange } from './cidr';
import type { EnforcerContext } from './context';
import { defaultedPolicyTypes, networkPolicyReference } from './networkPolicy';
import { ruleMeta, type RuleSink } from './ruleMeta';
import type {
  CalicoEntityMatch,
  CalicoOrder,
  PeerView,
  PortEntry,
  PortMatch,
  Rule,
  SubjectMatcher,
  WorkloadInfo,
} from './types';

export const DEFAULT_TIER = 'default';
export const DEFAULT_TIER_ORDER = 1_000_000;
export const ANP_TIER = 'adminnetworkpolicy';
export const BANP_TIER = 'baselineadminnetworkpolicy';
/** Calico's order for Kubernetes NetworkPolicies in the default tier. */
export const KNP_ORDER = 1000;

export const CALICO_NAMESPACE_LABEL = 'projectcalico.org/namespace';
export const CALICO_SA_LABEL = 'projectcalico.org/serviceaccount';
const NS_PREFIX = 'pcns.';
const SA_PREFIX = 'pcsa.';

export interface CalicoTierInfo {
  name: string;
  /** Infinity when the Tier has no order. */
  order: number;
  defaultAction: 'deny' | 'pass';
  /** True when a Tier object of the input defines it (else built in or assumed). */
  declared: boolean;
}

const BUILT_IN_TIERS: CalicoTierInfo[] = [
  { name: ANP_TIER, order: 1000, defaultAction: 'pass', declared: false },
  {
    name: DEFAULT_TIER,
    order: DEFAULT_TIER_ORDER,
    defaultAction: 'deny',
    declared: false,
  },
  {
    name: BANP_TIER,
    order: 10_000_000,
    defaultAction: 'pass',
    declared: false,
  },
];

/** Every tier of a cluster: the built-in ones, then its Tier objects. */
export function calicoTiers(state: ClusterState): Map<string, CalicoTierInfo> {
  const out = new Map(BUILT_IN_TIERS.map(t => [t.name, { ...t }]));
  for (const r of state.calico?.tiers ?? []) {
    const t = r.object;
    const name = t.metadata.name;
    // The default tier's order is fixed (docs: "cannot be changed").
    const order =
      name === DEFAULT_TIER ? DEFAULT_TIER_ORDER : (t.spec?.order ?? Infinity);
    out.set(name, {
      name,
      order,
      defaultAction: t.spec?.defaultAction === 'Pass' ? 'pass' : 'deny',
      declared: true,
    });
  }
  return out;
}

/** A tier a policy names that no Tier object defines: Calico would reject the policy. */
export function unknownTier(name: string): CalicoTierInfo {
  return { name, order: Infinity, defaultAction: 'deny', declared: false };
}

/** `types` as Calico defaults them (P06): egress rules only ⇒ Egress; none ⇒ Ingress. */
export function calicoPolicyTypes(
  spec: CalicoPolicySpec,
): Array<'Ingress' | 'Egress'> {
  if (spec.types && spec.types.length) return spec.types;
  const ing = (spec.ingress?.length ?? 0) > 0;
  const eg = (spec.egress?.length ?? 0) > 0;
  if (eg && ing) return ['Ingress', 'Egress'];
  return eg ? ['Egress'] : ['Ingress'];
}

const labelCache = new WeakMap<Workload, Record<string, string>>();

/**
 * A pod's labels as Calico's selectors see its workload endpoint: the pod labels, the
 * `projectcalico.org/*` ones, and those inherited from its namespace profile (`pcns.`) and
 * service-account profile (`pcsa.`).
 */
export function calicoEndpointLabels(w: Workload): Record<string, string> {
  const hit = labelCache.get(w);
  if (hit) return hit;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(w.namespaceLabels))
    out[NS_PREFIX + k] = v;
  out[`${NS_PREFIX}projectcalico.org/name`] = w.namespace;
  out[`${SA_PREFIX}projectcalico.org/name`] = w.serviceAccount;
  Object.assign(out, w.labels);
  out[CALICO_NAMESPACE_LABEL] = w.namespace;
  out['projectcalico.org/orchestrator'] = 'k8s';
  out[CALICO_SA_LABEL] = w.serviceAccount;
  labelCache.set(w, out);
  return out;
}

const nsOpts = { prefix: NS_PREFIX, namespaceKey: CALICO_NAMESPACE_LABEL };

/** The Calico labels of a peer, when it is a Calico workload endpoint of `cluster`. */
function endpointLabels(
  p: PeerView,
  cluster: string,
): Record<string, string> | undefined {
  if (p.kind !== 'workload' || !p.info) return undefined;
  const w = p.info.workload;
  if (w.cluster !== cluster || isNodeTraffic(w)) return undefined;
  return calicoEndpointLabels(w);
}

/** Does a compiled EntityRule match a peer (or the local endpoint) of `cluster`? */
export function calicoEntityMatches(
  e: CalicoEntityMatch,
  p: PeerView,
  cluster: string,
): boolean {
  const labels =
    e.endpoint || e.notSelector ? endpointLabels(p, cluster) : undefined;
  if (e.endpoint) {
    const ep = e.endpoint;
    if (!labels) return false;
    if (
      ep.namespace !== undefined &&
      labels[CALICO_NAMESPACE_LABEL] !== ep.namespace
    )
      return false;
    if (
      ep.namespaceSelector &&
      !matchCalicoSelector(ep.namespaceSelector, labels, nsOpts)
    )
      return false;
    if (
      ep.serviceAccountNames &&
      !ep.serviceAccountNames.includes(labels[CALICO_SA_LABEL])
    )
      return false;
    if (
      ep.serviceAccountSelector &&
      !matchCalicoSelector(ep.serviceAccountSelector, labels, {
        prefix: SA_PREFIX,
      })
    )
      return false;
    if (ep.selector && !matchCalicoSelector(ep.selector, labels)) return false;
  }
  if (e.notSelector && labels && matchCalicoSelector(e.notSelector, labels))
    return false;
  if (e.nets && !p.ranges.some(r => e.nets!.some(n => contains(n.range, r))))
    return false;
  if (e.notNets && p.ranges.some(r => e.notNets!.some(n => overlaps(n, r))))
    return false;
  return true;
}

/** Does a calico subject select a local workload? */
export function calicoSubjectMatches(
  s: Extract<SubjectMatcher, { kind: 'calico' }>,
  info: WorkloadInfo,
): boolean {
  const w = info.workload;
  if (isNodeTraffic(w)) return false;
  if (s.namespace !== undefined && w.namespace !== s.namespace) return false;
  const labels = calicoEndpointLabels(w);
  if (!matchCalicoSelector(s.selector, labels)) return false;
  if (
    s.serviceAccountSelector &&
    !matchCalicoSelector(s.serviceAccountSelector, labels, {
      prefix: SA_PREFIX,
    })
  )
    return false;
  if (
    s.namespaceSelector &&
    !matchCalicoSelector(s.namespaceSelector, labels, nsOpts)
  )
    return false;
  return (
    !s.local ||
    calicoEntityMatches(
      s.local,
      { kind: 'workload', info, ranges: info.ranges },
      w.cluster,
    )
  );
}

/** Whether a Calico NetworkPolicy / GlobalNetworkPolicy selects a workload (any direction). */
export function calicoPolicySelects(policy: Policy, w: Workload): boolean {
  const obj = policy.object as CalicoNetworkPolicy | GlobalNetworkPolicy;
  const subject = calicoSubject(obj, policy.namespace);
  return (
    !!subject &&
    w.cluster === policy.cluster &&
    calicoSubjectMatches(subject, { workload: w, ranges: [] })
  );
}

const parse = (s: string | undefined): CalicoSelector | undefined => {
  if (s === undefined) return undefined;
  try {
    return parseCalicoSelector(s);
  } catch {
    return undefined;
  }
};

/** Selects nothing: a selector that failed to parse (the decoder reported it). */
const NOTHING: CalicoSelector = { op: 'not', operand: { op: 'all' } };

function calicoSubject(
  obj: CalicoNetworkPolicy | GlobalNetworkPolicy,
  namespace: string | undefined,
): Extract<SubjectMatcher, { kind: 'calico' }> | undefined {
  const spec = obj.spec;
  if (!spec) return undefined;
  const global = obj.kind === 'GlobalNetworkPolicy';
  return {
    kind: 'calico',
    ...(global ? {} : { namespace: namespace ?? 'default' }),
    selector: parse(spec.selector ?? '') ?? NOTHING,
    ...(spec.serviceAccountSelector !== undefined
      ? {
          serviceAccountSelector: parse(spec.serviceAccountSelector) ?? NOTHING,
        }
      : {}),
    ...(global && spec.namespaceSelector !== undefined
      ? { namespaceSelector: parse(spec.namespaceSelector) ?? NOTHING }
      : {}),
  };
}

/** libcalico-go GetEntityRuleSelector + nets, compiled. Undefined when it constrains nothing. */
export function calicoEntity(
  e: CalicoEntityRule | undefined,
  namespace: string | undefined,
): CalicoEntityMatch | undefined {
  if (!e) return undefined;
  const nsSel =
    e.namespaceSelector !== undefined && e.namespaceSelector.trim() !== ''
      ? (parse(e.namespaceSelector) ?? NOTHING)
      : undefined;
  const selector =
    e.selector !== undefined && e.selector.trim() !== ''
      ? (parse(e.selector) ?? NOTHING)
      : undefined;
  const notSelector =
    e.notSelector !== undefined && e.notSelector.trim() !== ''
      ? (parse(e.notSelector) ?? NOTHING)
      : undefined;
  const sa = e.serviceAccounts;
  const saSelector =
    sa?.selector !== undefined && sa.selector.trim() !== ''
      ? (parse(sa.selector) ?? NOTHING)
      : undefined;
  const saNames = sa?.names && sa.names.length ? sa.names : undefined;
  const nsPart = nsSel !== undefined || namespace !== undefined;
  const need =
    !!selector ||
    !!saSelector ||
    !!saNames ||
    (nsPart && (!!notSelector || nsSel !== undefined));
  const out: CalicoEntityMatch = { key: '' };
  if (need)
    out.endpoint = {
      ...(nsSel ? { namespaceSelector: nsSel } : { namespace }),
      ...(selector ? { selector } : {}),
      ...(saNames ? { serviceAccountNames: saNames } : {}),
      ...(saSelector ? { serviceAccountSelector: saSelector } : {}),
    };
  if (notSelector) out.notSelector = notSelector;
  if (e.nets?.length)
    out.nets = e.nets.flatMap(text => {
      const range = parseCidr(text);
      return range ? [{ text, range }] : [];
    });
  if (e.notNets?.length)
    out.notNets = e.notNets.map(parseCidr).filter((r): r is IpRange => !!r);
  if (!out.endpoint && !out.notSelector && !out.nets && !out.notNets)
    return undefined;
  out.key = JSON.stringify({
    ns: out.endpoint?.namespace,
    n: e.namespaceSelector,
    s: e.selector,
    sa,
    not: e.notSelector,
    nets: e.nets,
    notNets: e.notNets,
  });
  return out;
}

const ALL: Protocol[] = ['TCP', 'UDP', 'SCTP'];

function protocolOf(p: string | number): Protocol | undefined {
  if (p === 'TCP' || p === 6) return 'TCP';
  if (p === 'UDP' || p === 17) return 'UDP';
  if (p === 'SCTP' || p === 132) return 'SCTP';
  // ICMP, ICMPv6, UDPLite and other IP protocols: never a ytk flow.
  return undefined;
}

type Interval = [number, number];

function intervalsOf(ports: Array<number | string>): {
  nums: Interval[];
  names: string[];
} {
  const nums: Interval[] = [];
  const names: string[] = [];
  for (const p of ports) {
    if (typeof p === 'number') nums.push([p, p]);
    else {
      const m = /^(\d+):(\d+)$/.exec(p);
      if (m) nums.push([Number(m[1]), Number(m[2])]);
      else if (/^\d+$/.test(p)) nums.push([Number(p), Number(p)]);
      else names.push(p.toLowerCase());
    }
  }
  return { nums, names };
}

/** [1, 65535] minus the intervals. */
function complement(out: Interval[]): Interval[] {
  const sorted = [...out].sort((a, b) => a[0] - b[0]);
  const res: Interval[] = [];
  let next = 1;
  for (const [lo, hi] of sorted) {
    if (lo > next) res.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 65535) res.push([next, 65535]);
  return res;
}

function intersectIntervals(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [alo, ahi] of a)
    for (const [blo, bhi] of b) {
      const lo = Math.max(alo, blo);
      const hi = Math.min(ahi, bhi);
      if (lo <= hi) out.push([lo, hi]);
    }
  return out;
}

/** protocol / notProtocol / destination ports / notPorts as a PortMatch. */
export function calicoPorts(r: CalicoRule, l7: boolean): PortMatch {
  let protocols: Protocol[] = ALL;
  if (r.protocol !== undefined) {
    const p = protocolOf(r.protocol);
    protocols = p ? [p] : [];
  }
  if (r.notProtocol !== undefined) {
    const np = protocolOf(r.notProtocol);
    protocols = protocols.filter(p => p !== np);
  }
  const ports = r.destination?.ports;
  const notPorts = r.destination?.notPorts;
  const base = { protocols, l7, dns: false };
  const constrained = r.protocol !== undefined || r.notProtocol !== undefined;
  if (!ports?.length && !notPorts?.length)
    return constrained || l7 ? [base] : 'all';
  const pos = ports?.length ? intervalsOf(ports) : undefined;
  let nums: Interval[] = pos ? pos.nums : [[1, 65535]];
  const names = pos ? pos.names : [];
  if (notPorts?.length)
    nums = intersectIntervals(nums, complement(intervalsOf(notPorts).nums));
  const out: PortEntry[] = nums.map(([lo, hi]) => ({
    ...base,
    port: lo,
    ...(hi > lo ? { endPort: hi } : {}),
  }));
  for (const name of names) out.push({ ...base, name });
  return out;
}

interface TierPlacement {
  tier: CalicoTierInfo;
  policyOrder: number;
  policyKey: string;
}

/** Wraps a sink so that every rule is layered `calico` at `place`; returns what it added. */
function placedSink(
  sink: RuleSink,
  place: TierPlacement,
  calicoName: string | undefined,
): RuleSink & { added: Array<Omit<Rule, 'index'>> } {
  const added: Array<Omit<Rule, 'index'>> = [];
  return {
    added,
    invalid: (p, why) => sink.invalid(p, why),
    add(r) {
      const calico: CalicoOrder = {
        tier: place.tier.name,
        tierOrder: place.tier.order,
        policyOrder: place.policyOrder,
        policyKey: place.policyKey,
        ruleIndex: r.meta.ruleIndex,
      };
      const rule = {
        ...r,
        layer: 'calico' as const,
        calico,
        meta: {
          ...r.meta,
          tier: place.tier.name,
          ...(Number.isFinite(place.policyOrder)
            ? { order: place.policyOrder }
            : {}),
          ...(calicoName ? { calicoName } : {}),
        },
      };
      added.push(rule);
      sink.add(rule);
    },
  };
}

/** The end-of-tier rule of a policy that applies in `direction`. */
function tierDefaultRule(
  policy: Policy,
  ctx: EnforcerContext,
  place: TierPlacement,
  direction: 'ingress' | 'egress',
  subject: SubjectMatcher,
  calicoName: string | undefined,
): Omit<Rule, 'index'> {
  const action = place.tier.defaultAction;
  return {
    cluster: ctx.cluster,
    direction,
    action,
    layer: 'calico',
    calico: {
      tier: place.tier.name,
      tierOrder: place.tier.order,
      policyOrder: Infinity,
      policyKey: '\uffff',
      ruleIndex: 0,
      tierDefault: true,
    },
    subject,
    defaultDeny: false,
    peers: [{ kind: 'any' }],
    ports: 'all',
    auth: 'none',
    meta: {
      ...ruleMeta(policy, direction, 0, -1, ['spec'], { action }),
      tier: place.tier.name,
      tierDefault: true,
      ...(Number.isFinite(place.policyOrder)
        ? { order: place.policyOrder }
        : {}),
      ...(calicoName ? { calicoName } : {}),
    },
  };
}

const keyOf = (policy: Policy, name = policy.name) =>
  policy.namespace ? `${policy.namespace}/${name}` : name;

/** Normalizes one policy of a calico-enforced cluster. */
export function calicoPolicyRules(
  policy: Policy,
  ctx: EnforcerContext,
  tiers: Map<string, CalicoTierInfo>,
  sink: RuleSink,
): void {
  const tierOf = (name: string) => tiers.get(name) ?? unknownTier(name);
  switch (policy.kind) {
    case 'NetworkPolicy': {
      const calicoName = `knp.default.${policy.name}`;
      const place = {
        tier: tierOf(DEFAULT_TIER),
        policyOrder: KNP_ORDER,
        policyKey: keyOf(policy, calicoName),
      };
      const np = policy.object as NetworkPolicy;
      networkPolicyReference(policy, ctx, placedSink(sink, place, calicoName));
      const subject: SubjectMatcher = {
        kind: 'k8s',
        namespace: policy.namespace ?? 'default',
        selector: np.spec?.podSelector ?? {},
      };
      for (const t of defaultedPolicyTypes(np))
        sink.add(
          tierDefaultRule(
            policy,
            ctx,
            place,
            t === 'Ingress' ? 'ingress' : 'egress',
            subject,
            calicoName,
          ),
        );
      return;
    }
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy': {
      const anp = policy.kind === 'AdminNetworkPolicy';
      const calicoName = `${anp ? 'kanp' : 'kbanp'}.${anp ? ANP_TIER : BANP_TIER}.${policy.name}`;
      const place = {
        tier: tierOf(anp ? ANP_TIER : BANP_TIER),
        policyOrder: anp
          ? (policy.object as AdminNetworkPolicy).spec.priority
          : 0,
        policyKey: calicoName,
      };
      adminNetworkPolicyRules(policy, ctx, placedSink(sink, place, calicoName));
      return;
    }
    case 'CalicoNetworkPolicy':
    case 'GlobalNetworkPolicy': {
      const obj = policy.object as CalicoNetworkPolicy | GlobalNetworkPolicy;
      const subject = calicoSubject(obj, policy.namespace);
      if (!subject) return;
      const spec = obj.spec;
      const place = {
        tier: tierOf(spec.tier ?? DEFAULT_TIER),
        policyOrder: spec.order ?? Infinity,
        policyKey: keyOf(policy),
      };
      const placed = placedSink(sink, place, undefined);
      const ns =
        obj.kind === 'CalicoNetworkPolicy'
          ? (policy.namespace ?? 'default')
          : undefined;
      for (const t of calicoPolicyTypes(spec)) {
        const direction = t === 'Ingress' ? 'ingress' : 'egress';
        (spec[direction] ?? []).forEach((r, i) => {
          if (r.action === 'Log') return; // logs and goes on: no effect on the verdict
          const [peerSide, localSide] =
            direction === 'ingress'
              ? [r.source, r.destination]
              : [r.destination, r.source];
          const peer = calicoEntity(peerSide, ns);
          const local = calicoEntity(localSide, ns);
          const l7 = r.http !== undefined;
          const action = r.action.toLowerCase() as Rule['action'];
          placed.add({
            cluster: ctx.cluster,
            direction,
            action,
            subject: local ? { ...subject, local } : subject,
            defaultDeny: false,
            peers: peer
              ? [{ kind: 'calico', cluster: ctx.cluster, entity: peer }]
              : [{ kind: 'any' }],
            ports: calicoPorts(r, l7),
            auth: 'none',
            meta: ruleMeta(policy, direction, 0, i, ['spec', direction, i], {
              action,
              l7,
            }),
          });
        });
        sink.add(
          tierDefaultRule(policy, ctx, place, direction, subject, undefined),
        );
      }
      return;
    }
    default:
      sink.invalid(
        policy,
        `${policy.kind} is not enforced by the calico enforcer`,
      );
  }
}

/** Calico's evaluation order: tier (order, name), policy (order, name), rule; tier defaults last in their tier. */
export function calicoOrder(a: Rule, b: Rule): number {
  const x = a.calico!;
  const y = b.calico!;
  return (
    cmpNum(x.tierOrder, y.tierOrder) ||
    cmp(x.tier, y.tier) ||
    Number(!!x.tierDefault) - Number(!!y.tierDefault) ||
    cmpNum(x.policyOrder, y.policyOrder) ||
    cmp(x.policyKey, y.policyKey) ||
    x.ruleIndex - y.ruleIndex
  );
}

function cmp(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function cmpNum(a: number, b: number): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * `CalicoNetworkPolicy (tier security, order 100) rule ingress[0]` for reasons — kind, tier
 * and position, never the policy's name (faces redact `rules`; see describeLayeredRule).
 */
export function describeCalicoRule(m: Rule['meta']): string {
  const order = m.order !== undefined ? `, order ${m.order}` : '';
  if (m.tierDefault)
    return `the end of tier "${m.tier}" (its defaultAction ${m.action === 'pass' ? 'Pass' : 'Deny'})`;
  return `${m.policyKind} (tier ${m.tier}${order}) rule ${m.section}[${m.ruleIndex}]`;
}
