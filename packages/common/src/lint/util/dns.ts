import type { Obj } from './access';
import { arr, isObj, portText, str } from './access';
import { requirements } from './labels';
import { memo } from './memo';
import {
  ciliumRules,
  l3Present,
  npRules,
  type CiliumRuleRef,
  type CiliumSpec,
} from './policies';
import type { AnyResource } from '../types';

/** An L7 DNS rule on port 53 towards the resolver: what makes Cilium's DNS proxy intercept (§2.9). */
export function hasDnsProxyRule(r: CiliumRuleRef): boolean {
  return (arr(r.rule.toPorts) ?? []).some(
    pr => isObj(pr) && isObj(pr.rules) && (arr(pr.rules.dns)?.length ?? 0) > 0,
  );
}

const DNS_PORTS = ['53', 'dns', 'domain', 'dns-tcp'];

type Cover = 'explicit' | 'all' | 'none';

function portCover(port: string, endPort: unknown): Cover {
  const n = Number(port);
  const end = typeof endPort === 'number' ? endPort : undefined;
  if (
    DNS_PORTS.includes(port.toLowerCase()) ||
    n === 53 ||
    (end !== undefined && n <= 53 && end >= 53)
  ) {
    return 'explicit';
  }
  return n === 0 ? 'all' : 'none';
}

function best(list: Cover[]): Cover {
  if (list.includes('explicit')) return 'explicit';
  return list.includes('all') ? 'all' : 'none';
}

/** How a Cilium toPorts list covers port 53: named explicitly, via "all ports", or not. */
function ciliumPortsCover53(toPorts: unknown): Cover {
  const list = arr(toPorts);
  if (!list) return 'all';
  return best(
    list.map(pr => {
      if (!isObj(pr)) return 'none';
      const ps = arr(pr.ports);
      if (!ps || ps.length === 0) return 'all';
      return best(
        ps.map(p =>
          isObj(p) ? portCover(portText(p.port) ?? '0', p.endPort) : 'none',
        ),
      );
    }),
  );
}

/** A selector that plausibly reaches the cluster resolver (kube-dns in kube-system). */
function mayReachResolver(sel: unknown, clusterwide: boolean): boolean {
  const reqs = requirements(sel);
  if (reqs.length === 0) return clusterwide;
  return reqs.some(r =>
    r.values.some(v =>
      /^(kube-system|kube-dns|coredns|node-local-dns)$/.test(v),
    ),
  );
}

/** A Cilium egress allow that lets DNS through to a resolver. */
export function ciliumAllowsDns(r: CiliumRuleRef): boolean {
  if (r.deny || r.direction !== 'egress') return false;
  const cover = ciliumPortsCover53(r.rule.toPorts);
  if (cover === 'explicit') return true;
  if (cover === 'none') return false;
  const ents = (arr(r.rule.toEntities) ?? []).map(String);
  return (
    ents.some(e => ['all', 'cluster', 'cluster-mesh'].includes(e)) ||
    r.rule.toServices !== undefined ||
    (arr(r.rule.toEndpoints) ?? []).some(sel =>
      mayReachResolver(sel, r.owner.clusterwide),
    ) ||
    (l3Present(r).length === 0 && r.rule.toPorts !== undefined)
  );
}

export function npRuleAllowsDns(rule: Obj): boolean {
  const ports = arr(rule.ports);
  const cover: Cover =
    !ports || ports.length === 0
      ? 'all'
      : best(
          ports.map(p => {
            if (!isObj(p)) return 'none';
            const port = portText(p.port);
            if (port === undefined)
              return str(p.protocol) === 'SCTP' ? 'none' : 'all';
            return portCover(port, p.endPort);
          }),
        );
  if (cover === 'explicit') return true;
  if (cover === 'none') return false;
  const peers = arr(rule.to);
  if (!peers || peers.length === 0) return true;
  return peers.some(
    p =>
      isObj(p) &&
      p.namespaceSelector !== undefined &&
      mayReachResolver(p.namespaceSelector, true),
  );
}

/** Selector text for equality; `undefined` stays distinct from every JSON text. */
const selectorKey = (sel: unknown): string => String(JSON.stringify(sel));

const isEmptySelector = (sel: unknown) =>
  isObj(sel) && Object.keys(sel).length === 0;

/**
 * Subjects that some rule covers, by namespace: an empty selector covers every subject of the
 * namespace, otherwise only the identical selector. Clusterwide owners cover every namespace.
 */
class SubjectIndex {
  private readonly any = new Map<string | undefined, boolean>();
  private readonly exact = new Map<string | undefined, Set<string>>();
  private clusterwideAny = false;
  private readonly clusterwide = new Set<string>();

  add(namespace: string | undefined, clusterwide: boolean, sel: unknown) {
    if (clusterwide) {
      if (isEmptySelector(sel)) this.clusterwideAny = true;
      this.clusterwide.add(selectorKey(sel));
      return;
    }
    if (isEmptySelector(sel)) this.any.set(namespace, true);
    const set = this.exact.get(namespace) ?? new Set<string>();
    set.add(selectorKey(sel));
    this.exact.set(namespace, set);
  }

  covers(namespace: string | undefined, subject: unknown): boolean {
    const key = selectorKey(subject);
    return (
      this.clusterwideAny ||
      this.clusterwide.has(key) ||
      this.any.get(namespace) === true ||
      (this.exact.get(namespace)?.has(key) ?? false)
    );
  }
}

/** Per lint run: which (namespace, subject) pairs already get DNS from Cilium or NP rules. */
function dnsIndexes(resources: AnyResource[]) {
  return memo(resources, 'dnsIndexes', () => {
    const cilium = new SubjectIndex();
    for (const r of ciliumRules(resources)) {
      if (ciliumAllowsDns(r))
        cilium.add(
          r.owner.namespace,
          r.owner.clusterwide,
          r.owner.spec.endpointSelector,
        );
    }
    const np = new SubjectIndex();
    for (const r of npRules(resources)) {
      if (r.direction !== 'egress') continue;
      const o = r.resource.object as {
        metadata?: { namespace?: string };
        spec?: Obj;
      };
      if (npRuleAllowsDns(r.rule))
        np.add(o.metadata?.namespace, false, o.spec?.podSelector ?? {});
    }
    return { cilium, np };
  });
}

/**
 * Whether some other policy in scope gives the same endpoints DNS: same namespace (or a
 * clusterwide policy) and an empty or identical subject selector. Text-level approximation.
 */
export function dnsAllowedElsewhere(
  resources: AnyResource[],
  namespace: string | undefined,
  subject: unknown,
): boolean {
  const { cilium, np } = dnsIndexes(resources);
  return cilium.covers(namespace, subject) || np.covers(namespace, subject);
}

/** Per lint run: egress allows with an L7 DNS rule, by owner spec and by subject. */
function dnsProxyIndex(resources: AnyResource[]) {
  return memo(resources, 'dnsProxyIndex', () => {
    const specs = new Set<Obj>();
    const subjects = new SubjectIndex();
    for (const r of ciliumRules(resources)) {
      if (r.direction !== 'egress' || r.deny || !hasDnsProxyRule(r)) continue;
      specs.add(r.owner.spec);
      subjects.add(
        r.owner.namespace,
        r.owner.clusterwide,
        r.owner.spec.endpointSelector,
      );
    }
    return { specs, subjects };
  });
}

export function hasDnsProxyElsewhere(
  resources: AnyResource[],
  owner: CiliumSpec,
): boolean {
  const { specs, subjects } = dnsProxyIndex(resources);
  return (
    specs.has(owner.spec) ||
    subjects.covers(owner.namespace, owner.spec.endpointSelector)
  );
}

/** Cilium egress rule that allows DNS to kube-dns through the DNS proxy (fix text). */
export const CILIUM_DNS_RULE = `toEndpoints:
  - matchLabels:
      k8s:io.kubernetes.pod.namespace: kube-system
      k8s:k8s-app: kube-dns
toPorts:
  - ports:
      - port: "53"
        protocol: ANY
    rules:
      dns:
        - matchPattern: "*"`;

/** NetworkPolicy egress rule that allows DNS to kube-dns (fix text). */
export const NP_DNS_RULE = `to:
  - namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: kube-system
    podSelector:
      matchLabels:
        k8s-app: kube-dns
ports:
  - protocol: UDP
    port: 53
  - protocol: TCP
    port: 53`;
