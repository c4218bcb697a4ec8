/*
 * CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy → Rules (§2.3–§2.14):
 * Sanitize checks that make a policy invalid, subject and peer rewriting,
 * nil-vs-empty, entities, CIDRs, toServices, toFQDNs, deny, default deny, auth.
 */
import type {
  CiliumEgressRule,
  CiliumIngressRule,
  CiliumNetworkPolicy,
  CiliumRule,
  ClusterState,
  Policy,
} from '../model';
import {
  POD_NAMESPACE_LABEL,
  compileEndpointSelector,
  rewritePeerSelector,
  subjectSelector,
  type EndpointSelector,
} from '../selectors';
import { parseCidr, type IpRange } from './cidr';
import type { EnforcerContext } from './context';
import { ciliumPorts } from './ports';
import { ruleMeta, type RuleSink } from './ruleMeta';
import type { AuthMode, PeerMatcher, PortMatch, SubjectMatcher } from './types';

const INGRESS_L3 = [
  'fromEndpoints',
  'fromCIDR',
  'fromCIDRSet',
  'fromEntities',
  'fromNodes',
  'fromGroups',
] as const;
const EGRESS_L3 = [
  'toEndpoints',
  'toCIDR',
  'toCIDRSet',
  'toEntities',
  'toServices',
  'toFQDNs',
  'toNodes',
  'toGroups',
] as const;

type AnyRule = CiliumIngressRule & CiliumEgressRule;

const authOf = (r: AnyRule): AuthMode => {
  switch (r.authentication?.mode) {
    case 'required':
      return 'required';
    case 'disabled':
      return 'disabled';
    case 'test-always-fail':
      return 'always-fail';
    default:
      return 'none';
  }
};

/** Sanitize (§2.1): the reason a rule makes the whole policy invalid, if any. */
function sanitize(
  spec: CiliumRule,
  ctx: EnforcerContext,
  clusterwide: boolean,
): string | undefined {
  const sections = [
    spec.ingress,
    spec.ingressDeny,
    spec.egress,
    spec.egressDeny,
  ];
  if (sections.every(s => s === undefined))
    return 'rule has no ingress/ingressDeny/egress/egressDeny';
  if (!!spec.endpointSelector === !!spec.nodeSelector)
    return 'exactly one of endpointSelector and nodeSelector is required';
  if (spec.nodeSelector && !clusterwide)
    return 'nodeSelector is only allowed in a CiliumClusterwideNetworkPolicy';
  const all = [
    ...(spec.ingress ?? []).map(r => ({ r: r as AnyRule, l3: INGRESS_L3 })),
    ...(spec.ingressDeny ?? []).map(r => ({ r: r as AnyRule, l3: INGRESS_L3 })),
    ...(spec.egress ?? []).map(r => ({ r: r as AnyRule, l3: EGRESS_L3 })),
    ...(spec.egressDeny ?? []).map(r => ({ r: r as AnyRule, l3: EGRESS_L3 })),
  ];
  for (const { r, l3 } of all) {
    const kinds = l3.filter(
      k => (r as Record<string, unknown>)[k] !== undefined,
    );
    if (kinds.length > 1)
      return `combining ${kinds.join(' and ')} in one rule is not allowed`;
    if (ctx.v119 && (r.fromRequires?.length || r.toRequires?.length))
      return 'fromRequires/toRequires were removed in Cilium 1.19';
    if (r.icmps?.length && r.toPorts?.length)
      return 'icmps and toPorts cannot be combined in one rule';
    const l7 = (r.toPorts ?? []).some(
      p =>
        !!(
          p.rules?.http?.length ||
          p.rules?.dns?.length ||
          p.rules?.kafka?.length ||
          p.rules?.l7proto
        ),
    );
    if (l7 && ctx.flags && !ctx.flags.enableL7Proxy)
      return 'L7 rules need enable-l7-proxy';
  }
  for (const r of spec.ingress ?? []) {
    if ((r.toPorts ?? []).some(p => p.rules?.dns?.length))
      return 'DNS rules are not allowed on ingress';
  }
  return undefined;
}

function cidrPeer(text: string, except: string[] = []): PeerMatcher {
  const cidr = parseCidr(text);
  if (!cidr) return { kind: 'none', why: `invalid cidr ${text}` };
  return {
    kind: 'cidr',
    text,
    cidr,
    except: except.map(parseCidr).filter((r): r is IpRange => !!r),
    matchPods: false,
  };
}

/** toServices (§2.8): a service with a selector becomes an endpoint selector in its namespace. */
function servicePeers(
  r: CiliumEgressRule,
  ns: string | undefined,
  cluster: ClusterState,
): PeerMatcher[] {
  const out: PeerMatcher[] = [];
  for (const s of r.toServices ?? []) {
    if (s.k8sService) {
      const svcNs = s.k8sService.namespace ?? ns;
      const svc = cluster.services.filter(
        x =>
          x.name === s.k8sService!.serviceName &&
          (!svcNs || x.namespace === svcNs),
      );
      for (const x of svc) {
        if (x.selector && Object.keys(x.selector).length) {
          const sel = compileEndpointSelector({
            matchLabels: Object.fromEntries(
              Object.entries(x.selector).map(([k, v]) => [`k8s:${k}`, v]),
            ),
          });
          sel.requirements.push({
            source: 'k8s',
            key: POD_NAMESPACE_LABEL,
            operator: 'In',
            values: [x.namespace],
          });
          out.push({ kind: 'identity', selector: sel });
        } else {
          out.push({
            kind: 'none',
            why: `service ${x.namespace}/${x.name} has no selector (EndpointSlice IPs are not modelled)`,
          });
        }
      }
      if (!svc.length)
        out.push({
          kind: 'none',
          why: `service ${svcNs ?? '*'}/${s.k8sService.serviceName} not found`,
        });
    } else {
      out.push({ kind: 'none', why: 'k8sServiceSelector is not modelled' });
    }
  }
  return out;
}

function peersOf(
  r: AnyRule,
  direction: 'ingress' | 'egress',
  ns: string | undefined,
  ctx: EnforcerContext,
  cluster: ClusterState,
  subjectSelectsInit: boolean,
): PeerMatcher[] {
  const eps = direction === 'ingress' ? r.fromEndpoints : r.toEndpoints;
  const cidrs = direction === 'ingress' ? r.fromCIDR : r.toCIDR;
  const cidrSets = direction === 'ingress' ? r.fromCIDRSet : r.toCIDRSet;
  const entities = direction === 'ingress' ? r.fromEntities : r.toEntities;
  const nodes = direction === 'ingress' ? r.fromNodes : r.toNodes;
  const groups = direction === 'ingress' ? r.fromGroups : r.toGroups;
  // Present-but-empty L3 lists select nothing (§2.5).
  if (eps)
    return eps.map(s => ({
      kind: 'identity' as const,
      selector: rewritePeerSelector(s, ns, ctx.defaultLocalCluster, {
        subjectSelectsInit,
      }),
    }));
  if (cidrs) return cidrs.map(c => cidrPeer(c));
  if (cidrSets) {
    return cidrSets.map(c =>
      c.cidr
        ? cidrPeer(c.cidr, c.except)
        : {
            kind: 'none' as const,
            why: 'CiliumCIDRGroup references are not modelled',
          },
    );
  }
  if (entities)
    return entities.map(e =>
      e === 'all'
        ? { kind: 'any' as const }
        : { kind: 'entity' as const, entity: e },
    );
  if (nodes)
    return nodes.map(() => ({
      kind: 'none' as const,
      why: 'node selectors are not modelled (no node labels)',
    }));
  if (groups)
    return groups.map(() => ({
      kind: 'none' as const,
      why: 'cloud groups are not modelled',
    }));
  if (direction === 'egress' && r.toServices)
    return servicePeers(r, ns, cluster);
  if (direction === 'egress' && r.toFQDNs) {
    // Names are resolved only for IPs the DNS proxy saw; ytk has no DNS answers to match (§2.9).
    return r.toFQDNs.map(f => ({
      kind: 'none' as const,
      why: `toFQDNs ${f.matchName ?? f.matchPattern}: only IPs seen by the DNS proxy`,
    }));
  }
  // No L3 field: with L4 (ports or ICMP) every peer; without, nothing (a default-deny switch).
  if (r.toPorts !== undefined || r.icmps !== undefined)
    return [{ kind: 'any' }];
  return [];
}

/** CNP and CCNP under Cilium. */
export function ciliumPolicy(
  policy: Policy,
  ctx: EnforcerContext,
  cluster: ClusterState,
  sink: RuleSink,
): void {
  const obj = policy.object as CiliumNetworkPolicy;
  const clusterwide = policy.kind === 'CiliumClusterwideNetworkPolicy';
  const ns = clusterwide ? undefined : (policy.namespace ?? 'default');
  const specs: Array<{
    spec: CiliumRule;
    specIndex: number;
    base: Array<string | number>;
  }> = [];
  if (obj.spec) specs.push({ spec: obj.spec, specIndex: 0, base: ['spec'] });
  (obj.specs ?? []).forEach((spec, k) =>
    specs.push({ spec, specIndex: k, base: ['specs', k] }),
  );
  if (!specs.length) {
    sink.invalid(policy, 'neither spec nor specs is set');
    return;
  }
  for (const { spec } of specs) {
    const why = sanitize(spec, ctx, clusterwide);
    if (why) {
      sink.invalid(policy, why);
      return;
    }
  }
  for (const { spec, specIndex, base } of specs) {
    // Host policies (nodeSelector) apply to nodes, which ytk does not model as subjects.
    if (!spec.endpointSelector) continue;
    const subjectSel: EndpointSelector = clusterwide
      ? compileEndpointSelector(spec.endpointSelector)
      : subjectSelector(spec.endpointSelector, ns);
    const subject: SubjectMatcher = { kind: 'identity', selector: subjectSel };
    const selectsInit = subjectSel.requirements.some(
      q => q.source === 'reserved' && q.key === 'init',
    );
    const nonDefaultDeny = ctx.flags?.nonDefaultDenyPolicies ?? true;
    const dd = (dir: 'ingress' | 'egress') => {
      const explicit = spec.enableDefaultDeny?.[dir];
      // enable-non-default-deny-policies=false makes Cilium ignore the field (§2.13).
      if (explicit === undefined || !nonDefaultDeny) return true;
      return explicit;
    };
    const sections = [
      ['ingress', 'ingress', 'allow'],
      ['ingressDeny', 'ingress', 'deny'],
      ['egress', 'egress', 'allow'],
      ['egressDeny', 'egress', 'deny'],
    ] as const;
    for (const [section, direction, action] of sections) {
      const list = (spec[section] ?? []) as AnyRule[];
      list.forEach((r, i) => {
        const ports: PortMatch = ciliumPorts(r.toPorts, !!r.icmps?.length);
        const auth: AuthMode = action === 'allow' ? authOf(r) : 'none';
        const l7 = ports !== 'all' && ports.some(p => p.l7);
        sink.add({
          cluster: ctx.cluster,
          direction,
          action,
          subject,
          defaultDeny: dd(direction),
          peers: peersOf(r, direction, ns, ctx, cluster, selectsInit),
          ports,
          auth,
          meta: ruleMeta(policy, section, specIndex, i, [...base, section, i], {
            action,
            auth,
            l7,
          }),
        });
      });
    }
  }
}
