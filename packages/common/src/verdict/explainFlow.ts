import { isNodeTraffic } from '../model/overlay';
import type {
  DecidingLayer,
  DecidingRule,
  Direction,
  EnforcerKind,
  Endpoint,
  Flow,
  Overlay,
  Protocol,
  SideVerdict,
  Verdict,
  Workload,
} from '../model';
import { ignoredPolicyMessage } from '../resources/ingestion';
import { istioPosture } from './istio';
import {
  calicoOrder,
  calicoTiers,
  compileOverlay,
  describeCalicoRule,
  describeLayeredRule,
  layerOrder,
  matchingPortEntries,
  namedPortResolver,
  peerMatches,
  portTier,
  subjectMatches,
  viewExternal,
  viewWorkload,
  type CompiledCluster,
  type CompiledOverlay,
  type PeerView,
  type Rule,
  type WorkloadInfo,
} from '../policy';

type SideAuth = SideVerdict['auth'];

/** Why host-network pods are what they are, per enforcer. */
const HOST_NETWORK_WHY: Record<EnforcerKind, string> = {
  cilium: 'what Cilium does',
  calico: 'what Calico does: host-network pods are not workload endpoints',
  kubernetes: 'kubernetes enforcer, --host-network / cluster setting',
};

interface Resolved {
  info?: WorkloadInfo;
  endpoint: Endpoint;
  cluster?: string;
}

function resolveEndpoint(co: CompiledOverlay, e: Endpoint): Resolved {
  if ('workload' in e) {
    const info = co.workloads.get(e.workload);
    if (!info) throw new Error(`unknown workload ${e.workload}`);
    return { info, endpoint: e, cluster: info.workload.cluster };
  }
  return { endpoint: e, cluster: 'entity' in e ? e.cluster : undefined };
}

const view = (peer: Resolved, enforcing: CompiledCluster): PeerView =>
  peer.info
    ? viewWorkload(peer.info, enforcing.ctx)
    : viewExternal(peer.endpoint, enforcing.ctx);

/** One side's auth from the matching allows (§2.14, simplified): a more specific explicit `disabled` opts out. */
export function resolveAuth(
  matches: Array<{ rule: Rule; tier: number }>,
): SideAuth {
  let req = Infinity;
  let dis = Infinity;
  let alwaysFail = false;
  for (const { rule, tier } of matches) {
    if (rule.auth === 'required' || rule.auth === 'always-fail')
      req = Math.min(req, tier);
    if (rule.auth === 'always-fail') alwaysFail = true;
    if (rule.auth === 'disabled') dis = Math.min(dis, tier);
  }
  if (req === Infinity || dis < req) return 'none';
  return alwaysFail ? 'always-fail' : 'required';
}

const policiesOf = (rules: Rule[]): DecidingRule[] => {
  const seen = new Set<string>();
  const out: DecidingRule[] = [];
  for (const r of rules) {
    if (seen.has(r.meta.policyId)) continue;
    seen.add(r.meta.policyId);
    out.push(r.meta);
  }
  return out;
};

/** A rule of the subject's own cluster that selects it. */
const subjectSubjectOk = (r: Rule, s: WorkloadInfo) =>
  r.cluster === s.workload.cluster && subjectMatches(r.subject, s);

/** What every side verdict of `cc` in `direction` starts from. */
function sideBase(cc: CompiledCluster, direction: Direction) {
  return {
    direction,
    cluster: cc.state.name,
    enforcer: cc.ctx.enforcer,
    auth: 'none' as SideAuth,
    l7: false,
  };
}

/** A side nothing isolates: allowed, with the reason and the rules worth naming. */
function openSide(
  base: ReturnType<typeof sideBase>,
  reason: string,
  rules: DecidingRule[],
): SideVerdict {
  return { ...base, outcome: 'not-isolated', allowed: true, rules, reason };
}

function decideSide(
  cc: CompiledCluster,
  subject: WorkloadInfo,
  direction: Direction,
  peer: PeerView,
  protocol: Protocol,
  port: number,
  destination: Resolved,
): SideVerdict {
  const base = sideBase(cc, direction);
  const open = (reason: string, rules: DecidingRule[] = []) =>
    openSide(base, reason, rules);
  const flags = cc.ctx.flags;
  if (isNodeTraffic(subject.workload))
    return open(
      `host-network pod: not selected by pod policies (host-network semantics "node", ${cc.ctx.enforcer === 'kubernetes' ? 'cluster setting' : HOST_NETWORK_WHY[cc.ctx.enforcer]})`,
    );
  if (flags?.enablePolicy === 'never')
    return open('enable-policy=never: Cilium enforces nothing');
  const selecting = cc.rules.filter(
    r => r.direction === direction && subjectSubjectOk(r, subject),
  );
  if (flags?.policyAuditMode) {
    return open(
      'policy-audit-mode: drops are only logged',
      policiesOf(selecting),
    );
  }
  const resolver = namedPortResolver(direction, cc, destination.info?.workload);
  const matchesFlow = (rule: Rule) =>
    rule.peers.some(p => peerMatches(p, peer, cc.ctx)) &&
    matchingPortEntries(rule.ports, protocol, port, resolver).length > 0;
  const np = (rules: Rule[]) =>
    decideNetworkPolicy(cc, rules, direction, peer, protocol, port, resolver);
  if (cc.ctx.enforcer === 'calico')
    return decideCalico(cc, selecting, direction, matchesFlow);
  if (!cc.layered) return np(selecting);
  return decideLayers(cc, selecting, direction, matchesFlow, np);
}

/**
 * The calico enforcer (SEMANTICS §3.4, docs/calico.md), per direction: the rules of the
 * policies that select the endpoint, in tier order, then policy order and name, then rule
 * order; the first that matches decides — Allow / Deny end evaluation, Pass skips the rest
 * of its tier, and a tier that applies but matches nothing ends with its defaultAction
 * (the `tierDefault` rules, Deny or Pass). Nothing decided → the endpoint's profile allows.
 */
function decideCalico(
  cc: CompiledCluster,
  selecting: Rule[],
  direction: Direction,
  matchesFlow: (r: Rule) => boolean,
): SideVerdict {
  const base = sideBase(cc, direction);
  const ordered = [...selecting].sort(calicoOrder);
  const passedBy: DecidingRule[] = [];
  const passed = () => (passedBy.length ? { passedBy: [...passedBy] } : {});
  const passNote = () =>
    passedBy.length
      ? ` (after ${passedBy.map(describeCalicoRule).join(', then ')} passed it on)`
      : '';
  let skip: string | undefined;
  for (const r of ordered) {
    const tier = r.calico!.tier;
    if (tier === skip || !matchesFlow(r)) continue;
    if (r.action === 'pass') {
      passedBy.push(r.meta);
      skip = tier;
      continue;
    }
    if (r.calico!.tierDefault) {
      const policies = policiesOf(
        ordered.filter(x => x.calico!.tier === tier && x.calico!.tierDefault),
      );
      return {
        ...base,
        outcome: 'default-deny',
        allowed: false,
        rules: policies,
        layer: 'CalicoTierDefault',
        tier,
        ...passed(),
        reason: `tier "${tier}" applies to the workload for ${direction} (${policies.length} polic${policies.length === 1 ? 'y selects' : 'ies select'} it) and no rule of it matches this flow: dropped by the tier's defaultAction Deny${passNote()}`,
      };
    }
    const allowed = r.action === 'allow';
    return {
      ...base,
      outcome: allowed ? 'allowed' : 'denied',
      allowed,
      rules: [r.meta],
      l7: allowed && r.meta.l7,
      layer: 'CalicoTier',
      tier,
      ...passed(),
      reason: `${allowed ? 'allowed' : 'denied'} by ${describeCalicoRule(r.meta)}${passNote()}${allowed && r.meta.l7 ? ' (its http match is not modelled: requests may still be refused)' : ''}`,
    };
  }
  return {
    ...base,
    outcome: selecting.length ? 'allowed' : 'not-isolated',
    allowed: true,
    rules: [],
    layer: 'CalicoProfile',
    ...passed(),
    reason: selecting.length
      ? `no tier decided${passNote()}: allowed by the endpoint's profile (Kubernetes namespace profile)`
      : `no Calico or Kubernetes policy selects the workload for ${direction}: allowed by the endpoint's profile`,
  };
}

/**
 * The kubernetes enforcer with AdminNetworkPolicy / BaselineAdminNetworkPolicy (SEMANTICS
 * §1.8), per direction: ANP rules by priority and rule order (first match: Allow / Deny
 * final, Pass skips the remaining ANP rules) → NetworkPolicy if it isolates the pod → BANP
 * rules in order → allowed by default.
 */
function decideLayers(
  cc: CompiledCluster,
  selecting: Rule[],
  direction: Direction,
  matchesFlow: (r: Rule) => boolean,
  np: (rules: Rule[]) => SideVerdict,
): SideVerdict {
  const base = sideBase(cc, direction);
  const admin = selecting.filter(r => r.layer === 'admin').sort(layerOrder);
  const baseline = selecting
    .filter(r => r.layer === 'baseline')
    .sort(layerOrder);
  const policies = selecting.filter(r => !r.layer);
  const decided = (
    r: Rule,
    layer: DecidingLayer,
    passedBy: DecidingRule[],
  ): SideVerdict => ({
    ...base,
    outcome: r.action === 'allow' ? 'allowed' : 'denied',
    allowed: r.action === 'allow',
    rules: [r.meta],
    layer,
    ...(passedBy.length ? { passedBy } : {}),
    reason: `${r.action === 'allow' ? 'allowed' : 'denied'} by ${describeLayeredRule(r.meta)}${passedBy.length ? ` (after ${describeLayeredRule(passedBy[0])} passed it on)` : ''}`,
  });
  let passedBy: DecidingRule[] = [];
  for (const r of admin) {
    if (!matchesFlow(r)) continue;
    if (r.action === 'pass') {
      passedBy = [r.meta];
      break;
    }
    return decided(r, 'AdminNetworkPolicy', []);
  }
  let passNote = '';
  if (passedBy.length)
    passNote = `${describeLayeredRule(passedBy[0])} passed it on; `;
  else if (admin.length) passNote = 'no AdminNetworkPolicy rule matches; ';
  if (policies.length) {
    const v = np(policies);
    return {
      ...v,
      layer: 'NetworkPolicy',
      ...(passedBy.length ? { passedBy } : {}),
      reason: `${passNote}${v.reason}`,
    };
  }
  for (const r of baseline) {
    if (matchesFlow(r)) {
      const v = decided(r, 'BaselineAdminNetworkPolicy', passedBy);
      return {
        ...v,
        reason: `${passNote}no NetworkPolicy selects the workload for ${direction}; ${v.reason}`,
      };
    }
  }
  return {
    ...base,
    outcome: 'not-isolated',
    allowed: true,
    rules: [],
    layer: 'default',
    ...(passedBy.length ? { passedBy } : {}),
    reason: `${passNote}no NetworkPolicy selects the workload for ${direction}${baseline.length ? ' and no BaselineAdminNetworkPolicy rule matches' : ''}: allowed by default`,
  };
}

/** NetworkPolicy and Cilium policy (§1.7, §2.16): the rules that select the subject. */
function decideNetworkPolicy(
  cc: CompiledCluster,
  selecting: Rule[],
  direction: Direction,
  peer: PeerView,
  protocol: Protocol,
  port: number,
  resolver: ReturnType<typeof namedPortResolver>,
): SideVerdict {
  const base = sideBase(cc, direction);
  const open = (reason: string, rules: DecidingRule[] = []) =>
    openSide(base, reason, rules);
  const flags = cc.ctx.flags;
  const always = flags?.enablePolicy === 'always';
  if (!always && selecting.length === 0)
    return open(`no policy selects the workload for ${direction}`);
  const matches: Array<{ rule: Rule; tier: number; l7: boolean }> = [];
  for (const rule of selecting) {
    if (!rule.peers.some(p => peerMatches(p, peer, cc.ctx))) continue;
    const entries = matchingPortEntries(rule.ports, protocol, port, resolver);
    if (!entries.length) continue;
    const tier = Math.min(...entries.map(portTier));
    const l7 = entries.every(e => e !== 'all' && e.l7);
    matches.push({ rule, tier, l7 });
  }
  const denies = matches.filter(m => m.rule.action === 'deny');
  if (denies.length) {
    return {
      ...base,
      outcome: 'denied',
      allowed: false,
      rules: denies.map(m => m.rule.meta),
      reason: 'a deny rule matches (deny wins over allows)',
    };
  }
  const allows = matches.filter(m => m.rule.action === 'allow');
  const defaultDeny = always || selecting.some(r => r.defaultDeny);
  const cilium = cc.ctx.enforcer === 'cilium';
  const fromHost = direction === 'ingress' && peer.entity === 'host';
  if (!allows.length) {
    if (!defaultDeny) {
      return open(
        'selected only by rules with enableDefaultDeny=false: allowed by the synthesized allow-all',
        policiesOf(selecting),
      );
    }
    if (fromHost && (!cilium || flags?.allowLocalhost !== 'policy')) {
      return open(
        cilium
          ? 'traffic from the local host is allowed (allow-localhost)'
          : "traffic from the pod's own node is always allowed",
        [],
      );
    }
    const reason =
      always && !selecting.length
        ? 'enable-policy=always: default deny with no rules'
        : `isolated for ${direction} and no rule allows ${protocol}/${port} from this peer`;
    return {
      ...base,
      outcome: 'default-deny',
      allowed: false,
      rules: policiesOf(selecting),
      reason,
    };
  }
  const auth = cilium ? resolveAuth(allows) : 'none';
  const l7 = cilium && allows.every(m => m.l7);
  return {
    ...base,
    outcome: 'allowed',
    allowed: true,
    rules: allows.map(m => m.rule.meta),
    auth,
    l7,
    reason: `allowed by ${allows.length} rule${allows.length > 1 ? 's' : ''}${l7 ? ' (L7: requests are filtered by the proxy)' : ''}${auth !== 'none' ? `; mutual authentication ${auth}` : ''}`,
  };
}

const notApplicable = (direction: Direction, what: string): SideVerdict => ({
  direction,
  outcome: 'not-applicable',
  allowed: true,
  rules: [],
  auth: 'none',
  l7: false,
  reason: `${what} is not a pod: nothing is enforced on this side`,
});

const describe = (e: Endpoint) => {
  if ('workload' in e) return e.workload;
  return 'entity' in e ? `entity ${e.entity}` : `CIDR ${e.cidr}`;
};

/** Decides a flow: egress in the source's cluster, ingress in the destination's (§0, §2.15, §2.16). */
export function explainFlow(overlay: Overlay, flow: Flow): Verdict {
  const co = compileOverlay(overlay);
  const src = resolveEndpoint(co, flow.from);
  const dst = resolveEndpoint(co, flow.to);
  const srcCc = src.info
    ? co.clusters.get(src.info.workload.cluster)!
    : undefined;
  const dstCc = dst.info
    ? co.clusters.get(dst.info.workload.cluster)!
    : undefined;
  const egress =
    src.info && srcCc
      ? decideSide(
          srcCc,
          src.info,
          'egress',
          view(dst, srcCc),
          flow.protocol,
          flow.port,
          dst,
        )
      : notApplicable('egress', describe(flow.from));
  const ingress =
    dst.info && dstCc
      ? decideSide(
          dstCc,
          dst.info,
          'ingress',
          view(src, dstCc),
          flow.protocol,
          flow.port,
          dst,
        )
      : notApplicable('ingress', describe(flow.to));
  const crossCluster =
    !!src.cluster && !!dst.cluster && src.cluster !== dst.cluster;
  const reasons: string[] = [];
  if (!egress.allowed)
    reasons.push(`egress at ${describe(flow.from)}: ${egress.reason}`);
  if (!ingress.allowed)
    reasons.push(`ingress at ${describe(flow.to)}: ${ingress.reason}`);
  const authRequired = egress.auth !== 'none' || ingress.auth !== 'none';
  let authDropped = false;
  const checkAuth = (side: SideVerdict, cc: CompiledCluster | undefined) => {
    if (side.auth === 'none') return;
    if (side.auth === 'always-fail') {
      authDropped = true;
      reasons.push(
        `${side.direction}: authentication mode test-always-fail drops the flow`,
      );
    } else if (crossCluster) {
      authDropped = true;
      reasons.push(
        `${side.direction}: mutual authentication is required but ClusterMesh cannot do mutual auth across clusters: dropped`,
      );
    } else if (!cc?.ctx.flags?.meshAuthEnabled) {
      authDropped = true;
      reasons.push(
        `${side.direction}: mutual authentication is required but mesh-auth is disabled in ${cc?.state.name}: dropped (fail closed)`,
      );
    }
  };
  if (egress.allowed && ingress.allowed) {
    checkAuth(egress, srcCc);
    checkAuth(ingress, dstCc);
  }
  const allowed = egress.allowed && ingress.allowed && !authDropped;
  if (allowed) {
    reasons.push(`egress: ${egress.reason}`, `ingress: ${ingress.reason}`);
    if (authRequired)
      reasons.push(
        'mutual authentication required (same cluster, mesh auth enabled)',
      );
  }
  const caveats = flowCaveats(overlay, [
    src.info?.workload,
    dst.info?.workload,
  ]);
  const istio = dst.info
    ? istioPosture(overlay, dst.info.workload, flow.port, src.info?.workload)
    : undefined;
  return {
    flow,
    crossCluster,
    egress,
    ingress,
    authRequired,
    allowed,
    reasons: [...reasons, ...caveats],
    ...(caveats.length ? { caveats } : {}),
    ...(istio ? { istio } : {}),
  };
}

/** Tiers that Calico policies of a calico cluster name and nothing defines (docs/calico.md). */
function undefinedTiers(state: Overlay['clusters'][number]): string[] {
  const tiers = calicoTiers(state);
  const out = new Set<string>();
  for (const p of state.policies) {
    if (p.kind !== 'CalicoNetworkPolicy' && p.kind !== 'GlobalNetworkPolicy')
      continue;
    const tier = (p.object as { spec?: { tier?: string } }).spec?.tier;
    if (tier !== undefined && !tiers.has(tier)) out.add(tier);
  }
  return [...out].sort();
}

/**
 * What the verdict depends on beyond the rules: which host-network semantics decided for a
 * host-network endpoint, and policies left out by ingestion that could select an endpoint
 * (same namespace, or cluster-wide) — so a verdict is never an unqualified "allowed".
 */
function flowCaveats(
  overlay: Overlay,
  endpoints: Array<Workload | undefined>,
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const w of endpoints) {
    if (!w) continue;
    const state = overlay.clusters.find(c => c.name === w.cluster);
    if (state?.enforcer === 'calico' && !seen.has(`tiers:${state.name}`)) {
      seen.add(`tiers:${state.name}`);
      for (const tier of undefinedTiers(state))
        out.push(
          `a Calico policy in ${state.name} names tier "${tier}", which no Tier object of the input defines: ytk evaluates it with no order (after every other tier) and defaultAction Deny; Calico would reject the policy`,
        );
    }
    if (w.hostNetwork) {
      const mode = w.hostNetworkAs ?? 'node';
      const why = HOST_NETWORK_WHY[state?.enforcer ?? 'kubernetes'];
      out.push(
        mode === 'pod'
          ? `${w.ref} is a host-network pod: host-network semantics "pod" (${why}): policies select and match it like any pod`
          : `${w.ref} is a host-network pod: host-network semantics "node" (${why}): its traffic is node traffic, pod policies do not apply`,
      );
    }
    for (const p of state?.ignoredPolicies ?? []) {
      if (p.namespace && p.namespace !== w.namespace) continue;
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      out.push(
        ignoredPolicyMessage(
          `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`,
          p.reason,
        ),
      );
    }
  }
  return out;
}
