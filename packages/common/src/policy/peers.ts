import type { Endpoint, Workload } from '../model';
import { isNodeTraffic } from '../model/overlay';
import {
  CLUSTER_LABEL,
  identityValue,
  matchEndpointSelector,
  matchLabelSelector,
  podIdentityLabels,
  reservedIdentity,
} from '../selectors';
import { calicoEntityMatches, calicoSubjectMatches } from './calicoMatch';
import { WORLD_RANGES, cidrMatches, parseCidr, type IpRange } from './cidr';
import type { EnforcerContext } from './context';
import type {
  PeerMatcher,
  PeerView,
  SubjectMatcher,
  WorkloadInfo,
} from './types';

/** Precomputes what matching needs about a workload (identity in its own cluster). */
export function workloadInfo(w: Workload, own: EnforcerContext): WorkloadInfo {
  const ranges = w.ips
    .map(ip => parseCidr(ip))
    .filter((r): r is IpRange => !!r);
  if (own.enforcer !== 'cilium') return { workload: w, ranges };
  return {
    workload: w,
    ranges,
    identity: podIdentityLabels({
      cluster: own.ciliumClusterName,
      namespace: w.namespace,
      podLabels: w.labels,
      namespaceLabels: w.namespaceLabels,
      serviceAccount: w.serviceAccount,
      filter: own.flags?.identityLabelFilter,
    }),
  };
}

/** Entities that are node-like or reserved, and how `cluster` sees them (§2.6). */
const CLUSTER_ENTITIES = new Set([
  'host',
  'remote-node',
  'init',
  'ingress',
  'health',
  'unmanaged',
  'kube-apiserver',
]);

/**
 * A workload as seen by the enforcer of cluster `viewer`. Cilium sees pods of any
 * Cilium cluster (the mesh) by identity; everything else is addresses.
 */
export function viewWorkload(
  info: WorkloadInfo,
  viewer: EnforcerContext,
): PeerView {
  const w = info.workload;
  const sameCluster = w.cluster === viewer.cluster;
  if (viewer.enforcer === 'cilium') {
    if (info.identity) {
      if (isNodeTraffic(w)) {
        const entity = sameCluster ? 'host' : 'remote-node';
        return {
          kind: 'entity',
          entity,
          identity: reservedIdentity(entity),
          ranges: info.ranges,
        };
      }
      return {
        kind: 'workload',
        info,
        identity: info.identity,
        ranges: info.ranges,
      };
    }
    return {
      kind: 'external',
      info,
      entity: 'world',
      identity: reservedIdentity('world'),
      ranges: info.ranges,
    };
  }
  if (sameCluster) return { kind: 'workload', info, ranges: info.ranges };
  return { kind: 'external', info, entity: 'world', ranges: info.ranges };
}

/** A non-workload endpoint (entity or CIDR) as seen by cluster `viewer`. */
export function viewExternal(e: Endpoint, viewer: EnforcerContext): PeerView {
  if ('cidr' in e) {
    const r = parseCidr(e.cidr);
    return {
      kind: 'external',
      entity: 'world',
      identity: reservedIdentity('world'),
      ranges: r ? [r] : [],
    };
  }
  if ('entity' in e) {
    let entity = e.entity;
    if (
      entity === 'world' ||
      entity === 'world-ipv4' ||
      entity === 'world-ipv6'
    ) {
      return {
        kind: 'external',
        entity: 'world',
        identity: reservedIdentity('world'),
        ranges: WORLD_RANGES,
      };
    }
    // `host` of another cluster is a remote node from here (ytk has no node model).
    if (entity === 'host' && e.cluster && e.cluster !== viewer.cluster)
      entity = 'remote-node';
    return {
      kind: 'entity',
      entity,
      identity: reservedIdentity(entity),
      ranges: [],
    };
  }
  throw new Error('viewExternal: a workload endpoint');
}

/** Does `m` (a peer of a rule enforced in `ctx`) match `p`? */
export function peerMatches(
  m: PeerMatcher,
  p: PeerView,
  ctx: EnforcerContext,
): boolean {
  switch (m.kind) {
    case 'any':
      return true;
    case 'none':
      return false;
    case 'k8s': {
      if (p.kind !== 'workload' || !p.info) return false;
      const w = p.info.workload;
      if (isNodeTraffic(w) || w.cluster !== m.cluster) return false;
      if (m.admin && w.hostNetwork) return false;
      if (m.namespaceSelector) {
        if (!matchLabelSelector(m.namespaceSelector, w.namespaceLabels))
          return false;
      } else if (w.namespace !== m.namespace) return false;
      return !m.podSelector || matchLabelSelector(m.podSelector, w.labels);
    }
    case 'cidr': {
      // Under Cilium CIDRs never select identities (pods of the mesh, nodes, reserved) (§2.7).
      if (!m.matchPods && p.kind !== 'external') return false;
      return p.ranges.some(r => cidrMatches(m.cidr, m.except, r));
    }
    case 'identity':
      return !!p.identity && matchEndpointSelector(m.selector, p.identity);
    case 'nodes':
      // The enforcing cluster's own nodes: its host, its host-network pods.
      if (p.entity === 'host') return true;
      return (
        p.kind === 'workload' &&
        !!p.info &&
        p.info.workload.hostNetwork &&
        p.info.workload.cluster === m.cluster
      );
    case 'entity':
      return entityMatches(m.entity, p, ctx);
    case 'calico':
      return calicoEntityMatches(m.entity, p, m.cluster);
    default:
      return false;
  }
}

/** The entity table of §2.6, from the enforcing cluster's point of view. */
export function entityMatches(
  entity: string,
  p: PeerView,
  ctx: EnforcerContext,
): boolean {
  switch (entity) {
    case 'all':
      return true;
    case 'world':
    case 'world-ipv4':
    case 'world-ipv6':
      return p.kind === 'external' || p.entity === 'world';
    case 'cluster':
    case 'cluster-mesh': {
      if (entity === 'cluster-mesh' && !ctx.v120) return false;
      if (p.entity && CLUSTER_ENTITIES.has(p.entity)) return true;
      if (p.kind !== 'workload' || !p.identity) return false;
      if (entity === 'cluster-mesh')
        return identityValue(p.identity, 'k8s', CLUSTER_LABEL) !== undefined;
      return (
        identityValue(p.identity, 'k8s', CLUSTER_LABEL) ===
        ctx.ciliumClusterName
      );
    }
    case 'none':
      return false;
    default:
      return p.entity === entity;
  }
}

/** Does a rule subject select this local workload? Host-network pods are never subjects. */
export function subjectMatches(s: SubjectMatcher, info: WorkloadInfo): boolean {
  const w = info.workload;
  if (isNodeTraffic(w)) return false;
  if (s.kind === 'k8s')
    return (
      w.namespace === s.namespace && matchLabelSelector(s.selector, w.labels)
    );
  if (s.kind === 'calico') return calicoSubjectMatches(s, info);
  if (s.kind === 'admin')
    return (
      !w.hostNetwork &&
      matchLabelSelector(s.namespaceSelector, w.namespaceLabels) &&
      (!s.podSelector || matchLabelSelector(s.podSelector, w.labels))
    );
  return !!info.identity && matchEndpointSelector(s.selector, info.identity);
}
