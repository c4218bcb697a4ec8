/*
 * A deliberately naive evaluator, written straight from the pseudo-code of
 * SEMANTICS §1.7, §1.8 and §2.16: one flow at a time, one port at a time, reading the
 * raw policy objects. It shares only types and the raw selector/IP primitives
 * with the indexed engine, so a differential test can catch either one's mistakes.
 */
import type {
  AdminNetworkPolicy,
  AdminNetworkPolicyPeer,
  AdminNetworkPolicyPort,
  AdminNetworkPolicySubject,
  BaselineAdminNetworkPolicy,
  CiliumEgressRule,
  CiliumIngressRule,
  CiliumNetworkPolicy,
  CiliumRule,
  ClusterState,
  Endpoint,
  LabelSelector,
  NetworkPolicy,
  Overlay,
  Protocol,
  Workload,
} from '../model';
import {
  compileEndpointSelector,
  identityValue,
  matchEndpointSelector,
  matchLabelSelector,
  podIdentityLabels,
  reservedIdentity,
  type EndpointSelector,
  type IdentityLabels,
} from '../selectors';
import { cidrMatches, parseCidr, type IpRange } from '../policy/cidr';

const WORLD: IpRange[] = [parseCidr('0.0.0.0/0')!, parseCidr('::/0')!];

interface Peer {
  pod?: Workload; // a pod the viewer can select by labels
  identity?: IdentityLabels; // what a Cilium viewer sees
  entity?: string;
  external: boolean;
  ranges: IpRange[];
}

interface Entry {
  action: 'allow' | 'deny';
  dd: boolean;
  l3: (p: Peer) => boolean;
  ports:
    | Array<{ protos: Protocol[]; port?: number; end?: number; name?: string }>
    | 'all';
  auth: string;
}

/** A NetworkPolicy port: a named port, a number (with `endPort`), or every port. */
function npPort(pp: { port?: number | string; endPort?: number }): {
  name?: string;
  port?: number;
  end?: number;
} {
  if (pp.port === undefined) return {};
  if (typeof pp.port === 'string' && !/^\d+$/.test(pp.port)) {
    return { name: pp.port.toLowerCase() };
  }
  return { port: Number(pp.port), end: pp.endPort };
}

const minor = (v?: string) => {
  const m = /^v?(\d+)\.(\d+)/.exec(v ?? '');
  return m ? Number(m[1]) * 100 + Number(m[2]) : 120;
};

export class NaiveEvaluator {
  constructor(private readonly overlay: Overlay) {}

  private cluster(name: string): ClusterState {
    return this.overlay.clusters.find(c => c.name === name)!;
  }

  private cname(c: ClusterState) {
    return c.cilium?.clusterName ?? c.name;
  }

  private identity(w: Workload): IdentityLabels | undefined {
    const c = this.cluster(w.cluster);
    if (c.enforcer !== 'cilium') return undefined;
    return podIdentityLabels({
      cluster: this.cname(c),
      namespace: w.namespace,
      podLabels: w.labels,
      namespaceLabels: w.namespaceLabels,
      serviceAccount: w.serviceAccount,
      filter: c.cilium?.identityLabelFilter,
    });
  }

  private ranges(w: Workload): IpRange[] {
    return w.ips.map(ip => parseCidr(ip)!).filter(Boolean);
  }

  /** How the enforcer of `viewer` sees an endpoint. */
  private peer(e: Endpoint, viewer: ClusterState): Peer {
    if ('workload' in e) {
      const w = this.overlay.clusters
        .flatMap(c => c.workloads)
        .find(x => x.ref === e.workload)!;
      const own = this.cluster(w.cluster);
      if (viewer.enforcer === 'cilium' && own.enforcer === 'cilium') {
        if (w.hostNetwork) {
          const ent = w.cluster === viewer.name ? 'host' : 'remote-node';
          return {
            entity: ent,
            identity: reservedIdentity(ent),
            external: false,
            ranges: this.ranges(w),
          };
        }
        return {
          pod: w,
          identity: this.identity(w),
          external: false,
          ranges: this.ranges(w),
        };
      }
      if (viewer.enforcer !== 'cilium' && w.cluster === viewer.name)
        return { pod: w, external: false, ranges: this.ranges(w) };
      return {
        external: true,
        entity: 'world',
        identity: reservedIdentity('world'),
        ranges: this.ranges(w),
      };
    }
    if ('cidr' in e)
      return {
        external: true,
        entity: 'world',
        identity: reservedIdentity('world'),
        ranges: [parseCidr(e.cidr)!],
      };
    if (e.entity === 'world')
      return {
        external: true,
        entity: 'world',
        identity: reservedIdentity('world'),
        ranges: WORLD,
      };
    const ent =
      e.entity === 'host' && e.cluster && e.cluster !== viewer.name
        ? 'remote-node'
        : e.entity;
    return {
      entity: ent,
      identity: reservedIdentity(ent),
      external: false,
      ranges: [],
    };
  }

  // ---------- Kubernetes reference (§1.7) ----------

  private k8sTypes(np: NetworkPolicy): string[] {
    if (np.spec.policyTypes?.length) return np.spec.policyTypes;
    return np.spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
  }

  // ---------- AdminNetworkPolicy / BaselineAdminNetworkPolicy (§1.8) ----------

  /** Does one ANP/BANP rule match (peer and port)? Fail closed on peers of a newer API. */
  private anpRuleMatches(
    c: ClusterState,
    rule: {
      action: string;
      from?: AdminNetworkPolicyPeer[];
      to?: AdminNetworkPolicyPeer[];
      ports?: AdminNetworkPolicyPort[];
    },
    peer: Peer,
    proto: Protocol,
    port: number,
    dst?: Workload,
  ): boolean {
    const known = ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
    const peers = rule.from ?? rule.to ?? [];
    const newer = peers.some(p => !Object.keys(p).some(k => known.includes(k)));
    if (newer && rule.action !== 'Allow') return true; // deny-all
    const peerOk = peers.some(pp => {
      const pod = peer.pod;
      const inCluster = !!pod && pod.cluster === c.name;
      if (pp.namespaces)
        return (
          inCluster &&
          !pod!.hostNetwork &&
          matchLabelSelector(pp.namespaces, pod!.namespaceLabels)
        );
      if (pp.pods)
        return (
          inCluster &&
          !pod!.hostNetwork &&
          matchLabelSelector(pp.pods.namespaceSelector, pod!.namespaceLabels) &&
          matchLabelSelector(pp.pods.podSelector, pod!.labels)
        );
      if (pp.networks)
        return pp.networks.some(n =>
          peer.ranges.some(r => cidrMatches(parseCidr(n)!, [], r)),
        );
      if (pp.nodes) {
        const empty =
          !Object.keys(pp.nodes.matchLabels ?? {}).length &&
          !(pp.nodes.matchExpressions ?? []).length;
        return (
          empty && (peer.entity === 'host' || (inCluster && pod!.hostNetwork))
        );
      }
      return false;
    });
    if (!peerOk) return false;
    if (!rule.ports) return true;
    return rule.ports.some(pp => {
      if (pp.portNumber)
        return (
          (pp.portNumber.protocol ?? 'TCP') === proto &&
          pp.portNumber.port === port
        );
      if (pp.portRange)
        return (
          (pp.portRange.protocol ?? 'TCP') === proto &&
          pp.portRange.start <= port &&
          port <= pp.portRange.end
        );
      if (pp.namedPort !== undefined)
        return !!dst?.ports.some(
          cp =>
            cp.name?.toLowerCase() === pp.namedPort!.toLowerCase() &&
            cp.protocol === proto &&
            cp.port === port,
        );
      return false;
    });
  }

  private anpSubject(s: AdminNetworkPolicySubject, pod: Workload): boolean {
    if (pod.hostNetwork) return false;
    if (s.namespaces)
      return matchLabelSelector(s.namespaces, pod.namespaceLabels);
    if (s.pods)
      return (
        matchLabelSelector(s.pods.namespaceSelector, pod.namespaceLabels) &&
        matchLabelSelector(s.pods.podSelector, pod.labels)
      );
    return false;
  }

  private k8sSide(
    c: ClusterState,
    pod: Workload,
    dir: 'ingress' | 'egress',
    peer: Peer,
    proto: Protocol,
    port: number,
    dst?: Workload,
  ): { ok: boolean; auth: string } {
    const anps = c.policies
      .filter(p => p.kind === 'AdminNetworkPolicy')
      .map(p => p.object as AdminNetworkPolicy)
      .filter(a => this.anpSubject(a.spec.subject, pod))
      .sort(
        (a, b) =>
          a.spec.priority - b.spec.priority ||
          (a.metadata.name < b.metadata.name ? -1 : 1),
      );
    for (const a of anps) {
      let passed = false;
      for (const r of a.spec[dir] ?? []) {
        if (!this.anpRuleMatches(c, r, peer, proto, port, dst)) continue;
        if (r.action === 'Pass') {
          passed = true;
          break;
        }
        return { ok: r.action === 'Allow', auth: 'none' };
      }
      if (passed) break;
    }
    const np = this.npSide(c, pod, dir, peer, proto, port, dst);
    if (np.isolated) return np;
    for (const b of c.policies.filter(
      p => p.kind === 'BaselineAdminNetworkPolicy',
    )) {
      const banp = b.object as BaselineAdminNetworkPolicy;
      if (!this.anpSubject(banp.spec.subject, pod)) continue;
      for (const r of banp.spec[dir] ?? [])
        if (this.anpRuleMatches(c, r, peer, proto, port, dst))
          return { ok: r.action === 'Allow', auth: 'none' };
    }
    return { ok: true, auth: 'none' };
  }

  private npSide(
    c: ClusterState,
    pod: Workload,
    dir: 'ingress' | 'egress',
    peer: Peer,
    proto: Protocol,
    port: number,
    dst?: Workload,
  ): { ok: boolean; auth: string; isolated: boolean } {
    // Host-network pods are node traffic only when the cluster says so (default: pods).
    const nodeMode = c.hostNetwork === 'node';
    if (pod.hostNetwork && nodeMode)
      return { ok: true, auth: 'none', isolated: false };
    const pols = c.policies
      .filter(p => p.kind === 'NetworkPolicy' && p.namespace === pod.namespace)
      .map(p => p.object as NetworkPolicy)
      .filter(np => matchLabelSelector(np.spec.podSelector ?? {}, pod.labels))
      .filter(np =>
        this.k8sTypes(np).includes(dir === 'ingress' ? 'Ingress' : 'Egress'),
      );
    if (!pols.length) return { ok: true, auth: 'none', isolated: false };
    if (dir === 'ingress' && peer.entity === 'host')
      return { ok: true, auth: 'none', isolated: true };
    for (const np of pols) {
      const rules =
        (dir === 'ingress' ? np.spec.ingress : np.spec.egress) ?? [];
      for (const r of rules) {
        const list =
          dir === 'ingress'
            ? (r as { from?: unknown[] }).from
            : (r as { to?: unknown[] }).to;
        const peers = (list ?? []) as Array<{
          podSelector?: LabelSelector;
          namespaceSelector?: LabelSelector;
          ipBlock?: { cidr: string; except?: string[] };
        }>;
        const peerOk =
          peers.length === 0 ||
          peers.some(pp => {
            if (pp.ipBlock) {
              const cidr = parseCidr(pp.ipBlock.cidr)!;
              const ex = (pp.ipBlock.except ?? []).map(x => parseCidr(x)!);
              return peer.ranges.some(rg => cidrMatches(cidr, ex, rg));
            }
            if (
              !peer.pod ||
              (peer.pod.hostNetwork && nodeMode) ||
              peer.pod.cluster !== c.name
            )
              return false;
            if (!pp.podSelector && !pp.namespaceSelector) return false;
            const nsOk = pp.namespaceSelector
              ? matchLabelSelector(
                  pp.namespaceSelector,
                  peer.pod.namespaceLabels,
                )
              : peer.pod.namespace === np.metadata.namespace;
            return (
              nsOk && matchLabelSelector(pp.podSelector ?? {}, peer.pod.labels)
            );
          });
        if (!peerOk) continue;
        const ports = r.ports ?? [];
        const portOk =
          ports.length === 0 ||
          ports.some(pp => {
            if ((pp.protocol ?? 'TCP') !== proto) return false;
            if (pp.port === undefined) return true;
            if (typeof pp.port === 'string' && !/^\d+$/.test(pp.port)) {
              return !!dst?.ports.some(
                cp =>
                  cp.name?.toLowerCase() ===
                    (pp.port as string).toLowerCase() &&
                  cp.protocol === proto &&
                  cp.port === port,
              );
            }
            const lo = Number(pp.port);
            return (
              lo === port ||
              (pp.endPort !== undefined && lo <= port && port <= pp.endPort)
            );
          });
        if (portOk) return { ok: true, auth: 'none', isolated: true };
      }
    }
    return { ok: false, auth: 'none', isolated: true };
  }

  // ---------- Cilium (§2.16) ----------

  private idLabels(p: Peer): IdentityLabels {
    return p.identity ?? new Map();
  }

  private entityOk(name: string, p: Peer, c: ClusterState): boolean {
    const v = minor(c.cilium?.version);
    if (name === 'all') return true;
    if (name.startsWith('world')) return p.external;
    const nodeish = [
      'host',
      'remote-node',
      'init',
      'ingress',
      'health',
      'unmanaged',
      'kube-apiserver',
    ];
    if (name === 'cluster' || (name === 'cluster-mesh' && v >= 120)) {
      if (p.entity && nodeish.includes(p.entity)) return true;
      if (!p.pod || !p.identity) return false;
      const cl = identityValue(
        p.identity,
        'k8s',
        'io.cilium.k8s.policy.cluster',
      );
      return name === 'cluster-mesh' ? cl !== undefined : cl === this.cname(c);
    }
    if (name === 'cluster-mesh' || name === 'none') return false;
    return p.entity === name;
  }

  private hasKey(sel: EndpointSelector, key: string) {
    return sel.requirements.some(
      r => r.key === key && (r.source === 'k8s' || r.source === 'any'),
    );
  }

  private localCluster(c: ClusterState): string | undefined {
    const f = c.cilium!;
    return f.policyDefaultLocalCluster ? f.clusterName : undefined;
  }

  private cnpPeerSel(
    s: LabelSelector,
    ns: string | undefined,
    c: ClusterState,
  ): EndpointSelector {
    const sel = compileEndpointSelector(s);
    if (sel.requirements.some(r => r.source === 'reserved')) return sel;
    if (!this.hasKey(sel, 'io.kubernetes.pod.namespace')) {
      if (ns === undefined)
        sel.requirements.push({
          source: 'k8s',
          key: 'io.kubernetes.pod.namespace',
          operator: 'Exists',
          values: [],
        });
      else if (
        !sel.requirements.some(r =>
          r.key.startsWith('io.cilium.k8s.namespace.labels.'),
        )
      ) {
        sel.requirements.push({
          source: 'k8s',
          key: 'io.kubernetes.pod.namespace',
          operator: 'In',
          values: [ns],
        });
      }
    }
    const lc = this.localCluster(c);
    if (lc && !this.hasKey(sel, 'io.cilium.k8s.policy.cluster')) {
      sel.requirements.push({
        source: 'k8s',
        key: 'io.cilium.k8s.policy.cluster',
        operator: 'In',
        values: [lc],
      });
    }
    return sel;
  }

  private cidrOk(text: string, except: string[] | undefined, p: Peer) {
    if (!p.external) return false;
    const cidr = parseCidr(text);
    if (!cidr) return false;
    const ex = (except ?? []).map(x => parseCidr(x)!);
    return p.ranges.some(r => cidrMatches(cidr, ex, r));
  }

  private ciliumPorts(
    rule: CiliumIngressRule & CiliumEgressRule,
  ): Entry['ports'] {
    if (!rule.toPorts?.length) return rule.icmps?.length ? [] : 'all';
    const out: Exclude<Entry['ports'], 'all'> = [];
    for (const pr of rule.toPorts) {
      for (const pp of pr.ports?.length ? pr.ports : [{}]) {
        const pu = (
          (pp as { protocol?: string }).protocol ?? 'ANY'
        ).toUpperCase();
        const known: Protocol[] = ['TCP', 'UDP', 'SCTP'];
        let protos: Protocol[] = [];
        if (pu === 'ANY') protos = known;
        else if (known.includes(pu as Protocol)) protos = [pu as Protocol];
        const t = ((pp as { port?: string }).port ?? '').trim();
        if (t === '' || t === '0') out.push({ protos });
        else if (/^\d+$/.test(t))
          out.push({
            protos,
            port: Number(t),
            end: (pp as { endPort?: number }).endPort,
          });
        else out.push({ protos, name: t.toLowerCase() });
      }
    }
    return out;
  }

  private ciliumEntries(
    c: ClusterState,
    pod: Workload,
    dir: 'ingress' | 'egress',
  ): Entry[] {
    const out: Entry[] = [];
    const id = this.identity(pod)!;
    const k8sOnly = new Map<string, string>();
    for (const [k, l] of id)
      for (const [s, v] of l) if (s === 'k8s') k8sOnly.set(k, v);
    const k8sLabels = Object.fromEntries(k8sOnly);
    for (const p of c.policies) {
      if (p.kind === 'NetworkPolicy') {
        if (p.namespace !== pod.namespace) continue;
        const np = p.object as NetworkPolicy;
        if (!matchLabelSelector(np.spec.podSelector ?? {}, k8sLabels)) continue;
        const rules =
          (dir === 'ingress' ? np.spec.ingress : np.spec.egress) ?? [];
        const typeListed = this.k8sTypes(np).includes(
          dir === 'ingress' ? 'Ingress' : 'Egress',
        );
        if (!rules.length && typeListed)
          out.push({
            action: 'allow',
            dd: true,
            l3: () => false,
            ports: 'all',
            auth: 'none',
          });
        for (const r of rules) {
          const list = ((dir === 'ingress'
            ? (r as { from?: unknown[] }).from
            : (r as { to?: unknown[] }).to) ?? []) as Array<{
            podSelector?: LabelSelector;
            namespaceSelector?: LabelSelector;
            ipBlock?: { cidr: string; except?: string[] };
          }>;
          const l3 = (peer: Peer) =>
            list.length === 0 ||
            list.some(pp => {
              if (pp.ipBlock)
                return this.cidrOk(pp.ipBlock.cidr, pp.ipBlock.except, peer);
              if (!pp.podSelector && !pp.namespaceSelector) return false;
              const pid = this.idLabels(peer);
              const k8s = (key: string) => identityValue(pid, 'k8s', key);
              const podLabels: Record<string, string> = {};
              const nsLabels: Record<string, string> = {};
              for (const [k, l] of pid) {
                for (const [s, v] of l) {
                  if (s !== 'k8s') continue;
                  podLabels[k] = v;
                  if (k.startsWith('io.cilium.k8s.namespace.labels.'))
                    nsLabels[
                      k.slice('io.cilium.k8s.namespace.labels.'.length)
                    ] = v;
                }
              }
              if (!matchLabelSelector(pp.podSelector ?? {}, podLabels))
                return false;
              if (!pp.namespaceSelector) {
                if (k8s('io.kubernetes.pod.namespace') !== p.namespace)
                  return false;
              } else {
                const empty =
                  !Object.keys(pp.namespaceSelector.matchLabels ?? {}).length &&
                  !(pp.namespaceSelector.matchExpressions ?? []).length;
                if (
                  empty
                    ? k8s('io.kubernetes.pod.namespace') === undefined
                    : !matchLabelSelector(pp.namespaceSelector, nsLabels)
                )
                  return false;
              }
              const lc = this.localCluster(c);
              const mentions = [
                ...Object.keys(pp.podSelector?.matchLabels ?? {}),
                ...(pp.podSelector?.matchExpressions ?? []).map(e => e.key),
              ].includes('io.cilium.k8s.policy.cluster');
              if (lc && !mentions && k8s('io.cilium.k8s.policy.cluster') !== lc)
                return false;
              return true;
            });
          const ports: Entry['ports'] = !r.ports?.length
            ? 'all'
            : r.ports.map(pp => ({
                protos: [pp.protocol ?? 'TCP'],
                ...npPort(pp),
              }));
          out.push({ action: 'allow', dd: true, l3, ports, auth: 'none' });
        }
        continue;
      }
      const ccnp = p.kind === 'CiliumClusterwideNetworkPolicy';
      if (!ccnp && p.namespace !== pod.namespace) continue;
      const obj = p.object as CiliumNetworkPolicy;
      const specs: CiliumRule[] = [
        ...(obj.spec ? [obj.spec] : []),
        ...(obj.specs ?? []),
      ];
      if (!this.ciliumValid(specs)) continue;
      for (const spec of specs) {
        if (!spec.endpointSelector) continue;
        const subj = compileEndpointSelector(spec.endpointSelector);
        if (!ccnp) {
          subj.requirements = subj.requirements.filter(
            r => r.key !== 'io.kubernetes.pod.namespace',
          );
          subj.requirements.push({
            source: 'k8s',
            key: 'io.kubernetes.pod.namespace',
            operator: 'In',
            values: [p.namespace!],
          });
        }
        if (!matchEndpointSelector(subj, id)) continue;
        const ddFlag = spec.enableDefaultDeny?.[dir];
        const dd =
          ddFlag === undefined || !c.cilium!.nonDefaultDenyPolicies
            ? true
            : ddFlag;
        const sections: Array<
          ['allow' | 'deny', Array<CiliumIngressRule & CiliumEgressRule>]
        > =
          dir === 'ingress'
            ? [
                ['allow', spec.ingress ?? []],
                ['deny', spec.ingressDeny ?? []],
              ]
            : [
                ['allow', spec.egress ?? []],
                ['deny', spec.egressDeny ?? []],
              ];
        for (const [action, rules] of sections) {
          for (const r of rules) {
            out.push({
              action,
              dd,
              l3: this.ciliumL3(r, dir, ccnp ? undefined : p.namespace, c),
              ports: this.ciliumPorts(r),
              auth:
                action === 'allow'
                  ? ((
                      {
                        required: 'required',
                        disabled: 'disabled',
                        'test-always-fail': 'always-fail',
                      } as Record<string, string>
                    )[r.authentication?.mode ?? ''] ?? 'none')
                  : 'none',
            });
          }
        }
      }
    }
    return out;
  }

  private ciliumValid(specs: CiliumRule[]): boolean {
    if (!specs.length) return false;
    for (const s of specs) {
      if (!s.ingress && !s.ingressDeny && !s.egress && !s.egressDeny)
        return false;
      if (!!s.endpointSelector === !!s.nodeSelector) return false;
      for (const r of [
        ...(s.ingress ?? []),
        ...(s.ingressDeny ?? []),
        ...(s.egress ?? []),
        ...(s.egressDeny ?? []),
      ] as Array<Record<string, unknown>>) {
        const l3 = [
          'fromEndpoints',
          'fromCIDR',
          'fromCIDRSet',
          'fromEntities',
          'fromNodes',
          'fromGroups',
          'toEndpoints',
          'toCIDR',
          'toCIDRSet',
          'toEntities',
          'toServices',
          'toFQDNs',
          'toNodes',
          'toGroups',
        ];
        if (l3.filter(k => r[k] !== undefined).length > 1) return false;
      }
    }
    return true;
  }

  private ciliumL3(
    r: CiliumIngressRule & CiliumEgressRule,
    dir: 'ingress' | 'egress',
    ns: string | undefined,
    c: ClusterState,
  ): (p: Peer) => boolean {
    const eps = dir === 'ingress' ? r.fromEndpoints : r.toEndpoints;
    if (eps) {
      const sels = eps.map(s => this.cnpPeerSel(s, ns, c));
      return p =>
        !!p.identity && sels.some(s => matchEndpointSelector(s, p.identity!));
    }
    const cidrs = dir === 'ingress' ? r.fromCIDR : r.toCIDR;
    if (cidrs) return p => cidrs.some(x => this.cidrOk(x, [], p));
    const sets = dir === 'ingress' ? r.fromCIDRSet : r.toCIDRSet;
    if (sets)
      return p => sets.some(x => !!x.cidr && this.cidrOk(x.cidr, x.except, p));
    const ents = dir === 'ingress' ? r.fromEntities : r.toEntities;
    if (ents) return p => ents.some(e => this.entityOk(e, p, c));
    if (
      r.fromNodes ||
      r.toNodes ||
      r.fromGroups ||
      r.toGroups ||
      r.toServices ||
      r.toFQDNs
    )
      return () => false;
    if (r.toPorts !== undefined || r.icmps !== undefined) return () => true;
    return () => false;
  }

  private portOk(
    ports: Entry['ports'],
    proto: Protocol,
    port: number,
    named: (n: string, p: Protocol) => number[],
  ): number {
    // returns the specificity tier of the best matching entry (0 best), or -1
    if (ports === 'all') return 2;
    let best = -1;
    for (const e of ports) {
      if (!e.protos.includes(proto)) continue;
      let tier = -1;
      if (e.name !== undefined)
        tier = named(e.name, proto).includes(port) ? 0 : -1;
      else if (e.port === undefined) tier = 2;
      else if (e.end !== undefined && e.end > e.port)
        tier = e.port <= port && port <= e.end ? 1 : -1;
      else tier = e.port === port ? 0 : -1;
      if (tier >= 0 && (best < 0 || tier < best)) best = tier;
    }
    return best;
  }

  private ciliumSide(
    c: ClusterState,
    pod: Workload,
    dir: 'ingress' | 'egress',
    peer: Peer,
    proto: Protocol,
    port: number,
    dst?: Workload,
  ) {
    const f = c.cilium!;
    if (f.enablePolicy === 'never' || f.policyAuditMode || pod.hostNetwork)
      return { ok: true, auth: 'none' };
    const entries = this.ciliumEntries(c, pod, dir);
    let dd: boolean;
    if (f.enablePolicy === 'always') dd = true;
    else if (!entries.length) return { ok: true, auth: 'none' };
    else dd = entries.some(e => e.dd);
    const named = (n: string, p: Protocol): number[] => {
      if (dir === 'egress' && minor(f.version) < 120) {
        const nums = new Set(
          c.workloads.flatMap(w =>
            w.ports
              .filter(x => x.protocol === p && x.name?.toLowerCase() === n)
              .map(x => x.port),
          ),
        );
        return nums.size === 1 ? [...nums] : [];
      }
      return (dst?.ports ?? [])
        .filter(x => x.protocol === p && x.name?.toLowerCase() === n)
        .map(x => x.port);
    };
    const matched: Array<{ e: Entry; tier: number }> = [];
    for (const e of entries) {
      if (!e.l3(peer)) continue;
      const tier = this.portOk(e.ports, proto, port, named);
      if (tier >= 0) matched.push({ e, tier });
    }
    if (matched.some(m => m.e.action === 'deny'))
      return { ok: false, auth: 'none' };
    const allows = matched.filter(m => m.e.action === 'allow');
    if (dd && !allows.length) {
      if (
        dir === 'ingress' &&
        peer.entity === 'host' &&
        f.allowLocalhost !== 'policy'
      )
        return { ok: true, auth: 'none' };
      return { ok: false, auth: 'none' };
    }
    let req = 9;
    let dis = 9;
    let fail = false;
    for (const m of allows) {
      if (m.e.auth === 'required' || m.e.auth === 'always-fail')
        req = Math.min(req, m.tier);
      if (m.e.auth === 'always-fail') fail = true;
      if (m.e.auth === 'disabled') dis = Math.min(dis, m.tier);
    }
    let auth: 'none' | 'always-fail' | 'required' = 'required';
    if (req === 9 || dis < req) auth = 'none';
    else if (fail) auth = 'always-fail';
    return { ok: true, auth };
  }

  /** Decides one flow: `{ allowed, authRequired }` exactly as SEMANTICS describes, nothing cached. */
  decide(
    from: Endpoint,
    to: Endpoint,
    proto: Protocol,
    port: number,
  ): { allowed: boolean; authRequired: boolean } {
    const wl = (e: Endpoint) =>
      'workload' in e
        ? this.overlay.clusters
            .flatMap(c => c.workloads)
            .find(w => w.ref === e.workload)
        : undefined;
    const src = wl(from);
    const dst = wl(to);
    const side = (w: Workload, dir: 'ingress' | 'egress', other: Endpoint) => {
      const c = this.cluster(w.cluster);
      const peer = this.peer(other, c);
      return c.enforcer === 'cilium'
        ? this.ciliumSide(c, w, dir, peer, proto, port, dst)
        : this.k8sSide(c, w, dir, peer, proto, port, dst);
    };
    const eg = src ? side(src, 'egress', to) : { ok: true, auth: 'none' };
    const ing = dst ? side(dst, 'ingress', from) : { ok: true, auth: 'none' };
    if (!eg.ok || !ing.ok) return { allowed: false, authRequired: false };
    const cross = !!src && !!dst && src.cluster !== dst.cluster;
    const dropped = (a: string, w?: Workload) =>
      a === 'always-fail' ||
      (a === 'required' &&
        (cross || !this.cluster(w!.cluster).cilium?.meshAuthEnabled));
    const authRequired = eg.auth !== 'none' || ing.auth !== 'none';
    return {
      allowed: !dropped(eg.auth, src) && !dropped(ing.auth, dst),
      authRequired,
    };
  }
}
