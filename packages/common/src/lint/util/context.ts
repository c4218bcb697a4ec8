import { isNodeTraffic } from '../../model/overlay';
import type {
  ClusterState,
  LabelSelector,
  Overlay,
  Policy,
  PolicyKind,
  Workload,
} from '../../model';
import {
  matchEndpointSelector,
  matchLabelSelector,
  podIdentityLabels,
  rewritePeerSelector,
  subjectSelector,
  type IdentityLabels,
} from '../../selectors';
import { IdentityIndex } from '../../selectors/identityIndex';
import { overlayWithPolicies } from '../../policy/compile';
import type { AnyResource, LintContext } from '../types';
import { isObj } from './access';
import { memo } from './memo';
import { groupByPlace, inCluster, inNamespace, type Places } from './places';
import { CILIUM_POLICY_KINDS, kindOf, nameOf, namespaceOf } from './policies';
import type { SelectorRef } from './selectors';

/** The clusters the input is linted against: the chosen one, or every cluster of the overlay. */
export function targetClusters(ctx: LintContext): ClusterState[] {
  if (!ctx.overlay) return [];
  return ctx.settings.cluster ? [ctx.settings.cluster] : ctx.overlay.clusters;
}

/**
 * A workload's identity labels under its cluster's filter. Every peer selector of every rule
 * matches against every workload, so the labels are derived once per (cluster, workload) and lint
 * run instead of once per comparison.
 */
function identity(w: Workload, c: ClusterState) {
  const cache = memo(c, 'identity', () => new Map<Workload, IdentityLabels>());
  let labels = cache.get(w);
  if (!labels) {
    labels = podIdentityLabels({
      cluster: w.cluster,
      namespace: w.namespace,
      podLabels: w.labels,
      namespaceLabels: w.namespaceLabels,
      serviceAccount: w.serviceAccount,
      filter: c.cilium?.identityLabelFilter,
    });
    cache.set(w, labels);
  }
  return labels;
}

const sel = (v: unknown): LabelSelector =>
  isObj(v) ? (v as LabelSelector) : {};

/** Workloads of `cluster` a policy's subject selector selects. */
export function subjectWorkloads(
  r: AnyResource,
  cluster: ClusterState,
  selector: unknown,
): Workload[] {
  const kind = kindOf(r);
  const ns = namespaceOf(r);
  if (kind === 'NetworkPolicy') {
    return cluster.workloads.filter(
      w => w.namespace === ns && matchLabelSelector(sel(selector), w.labels),
    );
  }
  const compiled = subjectSelector(
    sel(selector),
    kind === 'CiliumNetworkPolicy' ? ns : undefined,
  );
  return cluster.workloads.filter(
    w =>
      !isNodeTraffic(w) &&
      matchEndpointSelector(compiled, identity(w, cluster)),
  );
}

interface PeerEntry {
  w: Workload;
  c: ClusterState;
}

/**
 * Every workload of the overlay in cluster order, with indexes to narrow a peer selector's
 * candidates: by cluster and namespace (NetworkPolicy peers) and by identity labels (Cilium
 * peers). Built once per lint run; every peer selector of every rule used to scan all workloads.
 */
interface PeerIndex {
  all: PeerEntry[];
  places: Places<PeerEntry>;
  /** Identity labels by position in `all`; undefined for node traffic (never a Cilium peer). */
  identities: Array<IdentityLabels | undefined>;
  identityIndex: IdentityIndex;
}

function peerIndex(overlay: Overlay): PeerIndex {
  return memo(overlay, 'peerIndex', () => {
    const all = overlay.clusters.flatMap(c => c.workloads.map(w => ({ w, c })));
    const identities = all.map(({ w, c }) =>
      isNodeTraffic(w) ? undefined : identity(w, c),
    );
    return {
      all,
      places: groupByPlace(all, e => e.w),
      identities,
      identityIndex: new IdentityIndex(identities),
    };
  });
}

/**
 * Workloads in any overlay cluster a peer selector reaches from `local` (SEMANTICS §2.4: namespace
 * injection for namespaced policies, local-cluster injection when default-local is on), in
 * cluster order.
 */
export function peerWorkloads(
  ref: SelectorRef,
  local: ClusterState,
  overlay: Overlay,
): Workload[] {
  const ns = namespaceOf(ref.resource);
  const defaultLocal = local.cilium?.policyDefaultLocalCluster ?? true;
  const clusterName = defaultLocal ? local.name : undefined;
  const index = peerIndex(overlay);
  if (ref.policyKind === 'NetworkPolicy') {
    const peer = ref.path.slice(0, -1);
    const obj = ref.resource.object as unknown as Record<string, unknown>;
    let node: unknown = obj;
    for (const p of peer)
      node = isObj(node) || Array.isArray(node) ? (node as any)[p] : undefined;
    const pod = isObj(node) ? node.podSelector : undefined;
    const nsSel = isObj(node) ? node.namespaceSelector : undefined;
    // The one cluster it reaches, unless a Cilium cluster with default-local off.
    const scoped = local.enforcer === 'cilium' ? clusterName : local.name;
    let entries: PeerEntry[];
    if (scoped === undefined) entries = index.all;
    else if (nsSel === undefined)
      entries = ns === undefined ? [] : inNamespace(index.places, scoped, ns);
    else entries = inCluster(index.places, scoped);
    return entries
      .filter(({ w }) =>
        nsSel === undefined
          ? w.namespace === ns
          : matchLabelSelector(sel(nsSel), w.namespaceLabels),
      )
      .filter(
        ({ w }) => pod === undefined || matchLabelSelector(sel(pod), w.labels),
      )
      .map(({ w }) => w);
  }
  const compiled = rewritePeerSelector(
    sel(ref.selector),
    ref.policyKind === 'CiliumClusterwideNetworkPolicy' ? undefined : ns,
    clusterName,
  );
  const { all, identities } = index;
  const matches = (i: number) => {
    const labels = identities[i];
    return labels !== undefined && matchEndpointSelector(compiled, labels);
  };
  const candidates = index.identityIndex.candidates(compiled);
  if (candidates) return candidates.filter(matches).map(i => all[i].w);
  return all.flatMap(({ w }, i) => (matches(i) ? [w] : []));
}

/** Input policy documents as overlay Policies of `cluster` (cluster-wide ones under namespace `_`). */
export function inputPolicies(
  resources: AnyResource[],
  cluster: string,
): Policy[] {
  return resources
    .filter(r =>
      ['NetworkPolicy', ...CILIUM_POLICY_KINDS].includes(kindOf(r) ?? ''),
    )
    .map(r => {
      const kind = kindOf(r) as PolicyKind;
      const namespace =
        kind === 'CiliumClusterwideNetworkPolicy' ? undefined : namespaceOf(r);
      return {
        id: `${cluster}/${namespace ?? '_'}/${kind}/${nameOf(r)}`,
        cluster,
        namespace,
        kind,
        name: nameOf(r),
        object: r.object as Policy['object'],
        source: r.document
          ? { uri: r.document.uri, range: r.document.range }
          : r.source,
      };
    });
}

/**
 * The overlay with `policies` put into their cluster, replacing same-id ones. Compiled
 * incrementally from `overlay`'s compiled form: only these policies are normalized again.
 */
export function overlayWith(overlay: Overlay, policies: Policy[]): Overlay {
  return overlayWithPolicies(overlay, policies);
}
