import { arr, isObj, Obj, str } from './access';

export const CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';
export const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

/** Splits a Cilium label key into source and key (`k8s:app` → k8s, app). K8s keys have no `:`. */
export function splitSource(key: string): { source?: string; key: string } {
  const i = key.indexOf(':');
  return i < 0 ? { key } : { source: key.slice(0, i), key: key.slice(i + 1) };
}

export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
  /** Path of this requirement inside the selector. */
  path: Array<string | number>;
}

/** matchLabels and matchExpressions as one list of requirements (keys keep their source prefix). */
export function requirements(sel: unknown): Requirement[] {
  if (!isObj(sel)) return [];
  const out: Requirement[] = [];
  const ml = sel.matchLabels;
  if (isObj(ml)) {
    for (const [key, v] of Object.entries(ml)) {
      out.push({
        key,
        operator: 'In',
        values: [String(v)],
        path: ['matchLabels', key],
      });
    }
  }
  arr(sel.matchExpressions)?.forEach((e, i) => {
    if (!isObj(e) || typeof e.key !== 'string') return;
    const op = str(e.operator);
    if (
      op !== 'In' &&
      op !== 'NotIn' &&
      op !== 'Exists' &&
      op !== 'DoesNotExist'
    )
      return;
    const values = (arr(e.values) ?? []).map(v => String(v));
    out.push({
      key: e.key,
      operator: op,
      values,
      path: ['matchExpressions', i],
    });
  });
  return out;
}

export function isEmptySelector(sel: unknown): boolean {
  return isObj(sel) && requirements(sel).length === 0;
}

/** Requirements on the cluster label (any source prefix). */
export function clusterRequirements(sel: unknown): Requirement[] {
  return requirements(sel).filter(
    r => splitSource(r.key).key === CLUSTER_LABEL,
  );
}

/**
 * Which clusters a peer selector reaches by its cluster label: a list of names, `any` (Exists,
 * NotIn, DoesNotExist-free wildcards), or undefined when it has no cluster requirement.
 */
export function clusterScope(sel: unknown): string[] | 'any' | undefined {
  const reqs = clusterRequirements(sel);
  if (reqs.length === 0) return undefined;
  let names: string[] | 'any' = 'any';
  for (const r of reqs) {
    if (r.operator === 'In') {
      names =
        names === 'any' ? r.values : names.filter(n => r.values.includes(n));
    }
  }
  return names;
}

/** Whether a selector uses reserved: keys (then Cilium injects no namespace or cluster). */
export function isReservedSelector(sel: unknown): boolean {
  return requirements(sel).some(r => splitSource(r.key).source === 'reserved');
}

/** Matches labels with Kubernetes semantics; keys may carry a Cilium source prefix. */
export function matchesLabels(
  sel: unknown,
  labels: Record<string, string>,
): boolean {
  if (!isObj(sel)) return false;
  for (const r of requirements(sel)) {
    const { key } = splitSource(r.key);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const v = labels[key];
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(v)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(v)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

const FILTERED_EXACT = [
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'batch.kubernetes.io/job-completion-index',
  'batch.kubernetes.io/controller-uid',
  'pod-template-generation',
  'pod-template-hash',
  'controller-revision-hash',
  'controller-uid',
  'etcd_node',
];
const FILTERED_PREFIX = [
  'io.kubernetes',
  'kubernetes.io',
  'k8s.io',
  'annotation',
  'topology.kubernetes.io',
];

/**
 * True when Cilium's default identity-label filter drops this pod label key (SEMANTICS §2.2),
 * so a selector on it never matches under Cilium.
 */
export function isFilteredLabel(rawKey: string): boolean {
  const { source, key } = splitSource(rawKey);
  if (source === 'reserved') return false;
  if (key === NAMESPACE_LABEL) return false;
  if (key.startsWith('io.cilium.')) return false;
  if (key.startsWith('app.kubernetes.io')) return false;
  if (FILTERED_EXACT.includes(key)) return true;
  if (key.includes('beta.kubernetes.io')) return true;
  return FILTERED_PREFIX.some(p => key.startsWith(p));
}

/** Identity labels of a workload as a Cilium peer selector sees them (SEMANTICS §2.2), unprefixed. */
export function identityLabels(w: {
  cluster: string;
  namespace: string;
  labels: Record<string, string>;
  namespaceLabels: Record<string, string>;
  serviceAccount: string;
}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(w.labels))
    if (!isFilteredLabel(k)) out[k] = v;
  out[NAMESPACE_LABEL] = w.namespace;
  for (const [k, v] of Object.entries(w.namespaceLabels))
    out[NAMESPACE_LABELS_PREFIX + k] = v;
  out['io.cilium.k8s.policy.serviceaccount'] = w.serviceAccount;
  out[CLUSTER_LABEL] = w.cluster;
  return out;
}

export type { Obj };
