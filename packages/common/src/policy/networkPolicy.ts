/*
 * Kubernetes NetworkPolicy, normalized twice: under the Kubernetes reference
 * semantics (§1) and as Cilium translates it (§1.2 DIVERGENCE, §2.4, §2.7).
 */
import type {
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyPeer,
  Policy,
} from '../model';
import {
  NAMESPACE_LABELS_PREFIX,
  POD_NAMESPACE_LABEL,
  withClusterFilter,
  type CiliumRequirement,
  type EndpointSelector,
} from '../selectors';
import { parseCidr, type IpRange } from './cidr';
import type { EnforcerContext } from './context';
import { networkPolicyPorts } from './ports';
import { ruleMeta, type RuleSink } from './ruleMeta';
import type { PeerMatcher, Rule } from './types';

/** policyTypes as the API server defaults them (§1.2). */
export function defaultedPolicyTypes(
  np: NetworkPolicy,
): Array<'Ingress' | 'Egress'> {
  const t = np.spec?.policyTypes;
  if (t && t.length) return t;
  return (np.spec?.egress?.length ?? 0) !== 0
    ? ['Ingress', 'Egress']
    : ['Ingress'];
}

function ipBlockPeer(
  b: { cidr: string; except?: string[] },
  matchPods: boolean,
): PeerMatcher {
  const cidr = parseCidr(b.cidr);
  if (!cidr) return { kind: 'none', why: `invalid cidr ${b.cidr}` };
  const except = (b.except ?? [])
    .map(parseCidr)
    .filter((r): r is IpRange => !!r);
  return { kind: 'cidr', text: b.cidr, cidr, except, matchPods };
}

function referencePeer(
  p: NetworkPolicyPeer,
  cluster: string,
  namespace: string,
): PeerMatcher {
  if (p.ipBlock) return ipBlockPeer(p.ipBlock, true);
  if (!p.podSelector && !p.namespaceSelector)
    return { kind: 'none', why: 'empty peer (rejected by the API server)' };
  return {
    kind: 'k8s',
    cluster,
    namespace,
    podSelector: p.podSelector,
    namespaceSelector: p.namespaceSelector,
  };
}

/** NP under the Kubernetes reference semantics (§1.2–§1.6). */
/** A selected direction with no rules: isolated, nothing allowed (both enforcers). */
function isolationOnly(
  policy: Policy,
  ctx: EnforcerContext,
  direction: 'ingress' | 'egress',
  subject: Omit<Rule, 'index'>['subject'],
): Omit<Rule, 'index'> {
  return {
    cluster: ctx.cluster,
    direction,
    action: 'allow',
    subject,
    defaultDeny: true,
    peers: [],
    ports: 'all',
    auth: 'none',
    meta: ruleMeta(policy, direction, 0, -1, ['spec', direction]),
  };
}

export function networkPolicyReference(
  policy: Policy,
  ctx: EnforcerContext,
  sink: RuleSink,
): void {
  const np = policy.object as NetworkPolicy;
  const ns = policy.namespace ?? 'default';
  const subject = {
    kind: 'k8s' as const,
    namespace: ns,
    selector: np.spec?.podSelector ?? {},
  };
  for (const type of defaultedPolicyTypes(np)) {
    const direction = type === 'Ingress' ? 'ingress' : 'egress';
    const rules =
      (direction === 'ingress' ? np.spec?.ingress : np.spec?.egress) ?? [];
    if (rules.length === 0) {
      // Isolation without allows: a rule that selects but matches nothing.
      sink.add(isolationOnly(policy, ctx, direction, subject));
    }
    rules.forEach((r, i) => {
      const peerList =
        'from' in r ? r.from : (r as { to?: NetworkPolicyPeer[] }).to;
      const peers: PeerMatcher[] =
        !peerList || peerList.length === 0
          ? [{ kind: 'any' }]
          : peerList.map(p => referencePeer(p, ctx.cluster, ns));
      sink.add({
        cluster: ctx.cluster,
        direction,
        action: 'allow',
        subject,
        defaultDeny: true,
        peers,
        ports: networkPolicyPorts(r.ports),
        auth: 'none',
        meta: ruleMeta(policy, direction, 0, i, ['spec', direction, i]),
      });
    });
  }
}

const k8sReqs = (
  sel: LabelSelector | undefined,
  keyPrefix: string,
): CiliumRequirement[] => {
  const out: CiliumRequirement[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) {
    out.push({
      source: 'k8s',
      key: keyPrefix + k,
      operator: 'In',
      values: [v],
    });
  }
  for (const e of sel?.matchExpressions ?? []) {
    out.push({
      source: 'k8s',
      key: keyPrefix + e.key,
      operator: e.operator,
      values: e.values ?? [],
    });
  }
  return out;
};

/** parseNetworkPolicyPeer (§2.4): k8s: keys, namespace injection or re-prefixed namespace selector, cluster filter. */
function ciliumPeer(
  p: NetworkPolicyPeer,
  ns: string,
  ctx: EnforcerContext,
): PeerMatcher {
  if (p.ipBlock) return ipBlockPeer(p.ipBlock, false);
  if (!p.podSelector && !p.namespaceSelector)
    return { kind: 'none', why: 'empty peer (rejected by the API server)' };
  const reqs = k8sReqs(p.podSelector, '');
  if (!p.namespaceSelector) {
    reqs.push({
      source: 'k8s',
      key: POD_NAMESPACE_LABEL,
      operator: 'In',
      values: [ns],
    });
  } else {
    const nsReqs = k8sReqs(p.namespaceSelector, NAMESPACE_LABELS_PREFIX);
    if (nsReqs.length === 0)
      nsReqs.push({
        source: 'k8s',
        key: POD_NAMESPACE_LABEL,
        operator: 'Exists',
        values: [],
      });
    reqs.push(...nsReqs);
  }
  const selector: EndpointSelector = withClusterFilter(
    { requirements: reqs },
    ctx.defaultLocalCluster,
  );
  return { kind: 'identity', selector };
}

/**
 * NP as Cilium converts it (ParseNetworkPolicy): sections enforced whether or not
 * policyTypes lists them (#48703); ipBlock never matches pods; selectors on identity labels.
 */
export function networkPolicyCilium(
  policy: Policy,
  ctx: EnforcerContext,
  sink: RuleSink,
): void {
  const np = policy.object as NetworkPolicy;
  const ns = policy.namespace ?? 'default';
  const types = defaultedPolicyTypes(np);
  const subject = {
    kind: 'identity' as const,
    selector: {
      requirements: [
        ...k8sReqs(np.spec?.podSelector, ''),
        {
          source: 'k8s',
          key: POD_NAMESPACE_LABEL,
          operator: 'In' as const,
          values: [ns],
        },
      ],
    },
  };
  for (const direction of ['ingress', 'egress'] as const) {
    const rules =
      (direction === 'ingress' ? np.spec?.ingress : np.spec?.egress) ?? [];
    const isolates =
      direction === 'ingress'
        ? types.includes('Ingress')
        : types.includes('Egress');
    if (rules.length === 0 && isolates) {
      sink.add(isolationOnly(policy, ctx, direction, subject));
    }
    rules.forEach((r, i) => {
      const peerList =
        'from' in r ? r.from : (r as { to?: NetworkPolicyPeer[] }).to;
      const peers: PeerMatcher[] =
        !peerList || peerList.length === 0
          ? [{ kind: 'any' }]
          : peerList.map(p => ciliumPeer(p, ns, ctx));
      sink.add({
        cluster: ctx.cluster,
        direction,
        action: 'allow',
        subject,
        defaultDeny: true,
        peers,
        ports: networkPolicyPorts(r.ports),
        auth: 'none',
        meta: ruleMeta(policy, direction, 0, i, ['spec', direction, i]),
      });
    });
  }
}
