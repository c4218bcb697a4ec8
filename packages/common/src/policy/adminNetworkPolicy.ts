/*
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1),
 * normalized for the kubernetes enforcer (SEMANTICS §1.8). Their rules are layered: within a
 * direction the first matching rule in `layerOrder` decides (Allow / Deny final, Pass defers
 * to NetworkPolicy), unlike NetworkPolicy's order-free union of allows.
 */
import type {
  AdminNetworkPolicy,
  AdminNetworkPolicyPeer,
  AdminNetworkPolicyPort,
  AdminNetworkPolicySubject,
  BaselineAdminNetworkPolicy,
  Policy,
  Protocol,
  Workload,
} from '../model';
import { matchLabelSelector } from '../selectors';
import { parseCidr } from './cidr';
import type { EnforcerContext } from './context';
import { ruleMeta, type RuleSink } from './ruleMeta';
import type {
  PeerMatcher,
  PortEntry,
  PortMatch,
  Rule,
  SubjectMatcher,
} from './types';

const ALL_PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];
const KNOWN_PEER_FIELDS = new Set([
  'namespaces',
  'pods',
  'nodes',
  'networks',
  'domainNames',
]);

/** The subject as a matcher (decoding guarantees exactly one field). */
export function adminSubject(s: AdminNetworkPolicySubject): SubjectMatcher {
  if (s.pods)
    return {
      kind: 'admin',
      namespaceSelector: s.pods.namespaceSelector ?? {},
      podSelector: s.pods.podSelector ?? {},
    };
  // No field at all cannot pass decoding; match nothing rather than everything.
  if (!s.namespaces)
    return {
      kind: 'admin',
      namespaceSelector: {
        matchExpressions: [{ key: 'ytk.invalid/subject', operator: 'Exists' }],
      },
    };
  return { kind: 'admin', namespaceSelector: s.namespaces };
}

/** Whether an ANP/BANP subject selects a workload (host-network pods never, §1.8). */
export function adminSubjectSelects(
  s: AdminNetworkPolicySubject,
  w: Pick<Workload, 'hostNetwork' | 'labels' | 'namespaceLabels'>,
): boolean {
  const m = adminSubject(s);
  return (
    m.kind === 'admin' &&
    !w.hostNetwork &&
    matchLabelSelector(m.namespaceSelector, w.namespaceLabels) &&
    (!m.podSelector || matchLabelSelector(m.podSelector, w.labels))
  );
}

/** One peer as matchers; `undefined` when it only has fields of a newer API (fail closed). */
function peerMatchers(
  p: AdminNetworkPolicyPeer,
  cluster: string,
): PeerMatcher[] | undefined {
  const base = { kind: 'k8s' as const, cluster, namespace: '', admin: true };
  if (p.namespaces) return [{ ...base, namespaceSelector: p.namespaces }];
  if (p.pods)
    return [
      {
        ...base,
        namespaceSelector: p.pods.namespaceSelector ?? {},
        podSelector: p.pods.podSelector ?? {},
      },
    ];
  if (p.networks) {
    return p.networks.map((text): PeerMatcher => {
      const cidr = parseCidr(text);
      if (!cidr) return { kind: 'none', why: `invalid CIDR ${text}` };
      // `networks` also matches in-cluster pod traffic (§1.8).
      return { kind: 'cidr', text, cidr, except: [], matchPods: true };
    });
  }
  if (p.nodes) {
    const empty =
      !Object.keys(p.nodes.matchLabels ?? {}).length &&
      !(p.nodes.matchExpressions ?? []).length;
    return [
      empty
        ? { kind: 'nodes', cluster }
        : {
            kind: 'none',
            why: 'a nodes peer with a label selector: ytk does not read Node labels',
          },
    ];
  }
  if (p.domainNames)
    return [
      {
        kind: 'none',
        why: 'a domainNames peer: ytk does not resolve DNS names',
      },
    ];
  if (Object.keys(p).some(k => !KNOWN_PEER_FIELDS.has(k))) return undefined;
  return [{ kind: 'none', why: 'an empty peer (rejected by the CRD)' }];
}

function adminPorts(ports: AdminNetworkPolicyPort[] | undefined): PortMatch {
  if (!ports || ports.length === 0) return 'all';
  return ports.flatMap((p): PortEntry[] => {
    const base = { l7: false, dns: false };
    if (p.portNumber)
      return [
        {
          ...base,
          protocols: [p.portNumber.protocol ?? 'TCP'],
          port: p.portNumber.port,
        },
      ];
    if (p.portRange)
      return [
        {
          ...base,
          protocols: [p.portRange.protocol ?? 'TCP'],
          port: p.portRange.start,
          endPort: p.portRange.end,
        },
      ];
    if (p.namedPort !== undefined)
      // The protocol is the named container port's own.
      return [
        { ...base, protocols: ALL_PROTOCOLS, name: p.namedPort.toLowerCase() },
      ];
    return [];
  });
}

/** ANP / BANP under the kubernetes enforcer: one layered rule per ingress / egress rule. */
export function adminNetworkPolicyRules(
  policy: Policy,
  ctx: EnforcerContext,
  sink: RuleSink,
): void {
  const obj = policy.object as AdminNetworkPolicy | BaselineAdminNetworkPolicy;
  const layer = obj.kind === 'AdminNetworkPolicy' ? 'admin' : 'baseline';
  const priority =
    obj.kind === 'AdminNetworkPolicy' ? obj.spec.priority : undefined;
  if (!obj.spec?.subject) return;
  const subject = adminSubject(obj.spec.subject);
  for (const direction of ['ingress', 'egress'] as const) {
    const list = obj.spec[direction] ?? [];
    list.forEach((r, i) => {
      const action = r.action.toLowerCase() as Rule['action'];
      const raw =
        'from' in r ? r.from : (r as { to?: AdminNetworkPolicyPeer[] }).to;
      let failClosed = false;
      let peers: PeerMatcher[] = [];
      for (const p of raw ?? []) {
        const m = peerMatchers(p, ctx.cluster);
        if (m) peers.push(...m);
        else failClosed = true;
      }
      let ports = adminPorts(r.ports);
      // A peer of a newer API version (§1.8): an Allow rule matches nothing through it, a
      // Deny or Pass rule becomes deny-all.
      if (failClosed && action !== 'allow') {
        peers = [{ kind: 'any' }];
        ports = 'all';
      }
      sink.add({
        cluster: ctx.cluster,
        direction,
        action,
        layer,
        subject,
        defaultDeny: false,
        peers,
        ports,
        auth: 'none',
        meta: ruleMeta(policy, direction, 0, i, ['spec', direction, i], {
          action,
          priority,
          ruleName: r.name,
        }),
      });
    });
  }
}

/**
 * Evaluation order of layered rules: ANP by priority (lower first), then — for equal
 * priorities, which the API leaves to the implementation (K12) — by policy name; inside a
 * policy, rule order. BANP rules (one policy) in rule order.
 */
export function layerOrder(a: Rule, b: Rule): number {
  const byName =
    a.meta.policyName === b.meta.policyName
      ? 0
      : Number(a.meta.policyName > b.meta.policyName) * 2 - 1;
  return (
    (a.meta.priority ?? 0) - (b.meta.priority ?? 0) ||
    byName ||
    a.meta.ruleIndex - b.meta.ruleIndex
  );
}

/**
 * `AdminNetworkPolicy (priority p) rule ingress[i]`, for reasons. Names stay in the deciding
 * rules, not in the text: a face that redacts policies the caller may not read (the backend)
 * redacts `rules` and `passedBy`, and the reason must not give them away.
 */
export function describeLayeredRule(r: Rule['meta']): string {
  const prio = r.priority !== undefined ? ` (priority ${r.priority})` : '';
  return `${r.policyKind}${prio} rule ${r.section}[${r.ruleIndex}]`;
}
