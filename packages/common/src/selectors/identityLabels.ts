/*
 * Cilium identity labels (§2.2): source-qualified labels ("k8s:app=web",
 * "reserved:world") and the identity-label filter that drops labels Cilium
 * does not consider identity-relevant.
 */

/** Cilium label sources ytk knows; a key prefix that is not one of these is part of the key. */
export const LABEL_SOURCES = [
  'k8s',
  'reserved',
  'any',
  'cidr',
  'fqdn',
  'cidrgroup',
  'node',
  'container',
  'unspec',
  'gen',
] as const;

export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
export const SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';
export const CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';

/** Identity labels: key (without source) → list of [source, value]. */
export type IdentityLabels = Map<string, Array<[string, string]>>;

/** Split `k8s:app` into source and key; a key without a known source gets `any`. */
export function splitLabelKey(raw: string): { source: string; key: string } {
  const i = raw.indexOf(':');
  if (i > 0) {
    const src = raw.slice(0, i);
    if ((LABEL_SOURCES as readonly string[]).includes(src)) {
      return { source: src, key: raw.slice(i + 1) };
    }
  }
  return { source: 'any', key: raw };
}

export function addIdentityLabel(
  labels: IdentityLabels,
  source: string,
  key: string,
  value: string,
): void {
  const list = labels.get(key);
  if (list) list.push([source, value]);
  else labels.set(key, [[source, value]]);
}

/** Look up a label value honouring the source (`any` matches every source). */
export function identityValue(
  labels: IdentityLabels,
  source: string,
  key: string,
): string | undefined {
  const list = labels.get(key);
  if (!list) return undefined;
  for (const [s, v] of list) {
    if (source === 'any' || s === source) return v;
  }
  return undefined;
}

/**
 * Default identity-label filter (cilium pkg/labelsfilter defaultLabelPrefixCfg).
 * Entries are regular expressions anchored at the key start; `!` marks exclusions.
 */
export const DEFAULT_IDENTITY_LABEL_FILTER: readonly string[] = [
  'reserved:.*',
  'io\\.kubernetes\\.pod\\.namespace',
  'io\\.cilium\\.k8s\\.namespace\\.labels',
  'app\\.kubernetes\\.io',
  '!io\\.kubernetes',
  '!kubernetes\\.io',
  '!statefulset\\.kubernetes\\.io/pod-name',
  '!apps\\.kubernetes\\.io/pod-index',
  '!batch\\.kubernetes\\.io/job-completion-index',
  '!batch\\.kubernetes\\.io/controller-uid',
  '!.*beta\\.kubernetes\\.io',
  '!k8s\\.io',
  '!pod-template-generation',
  '!pod-template-hash',
  '!controller-revision-hash',
  '!controller-uid',
  '!annotation',
  '!etcd_node',
  '!topology\\.kubernetes\\.io',
];

interface Prefix {
  ignore: boolean;
  re: RegExp;
  length: number;
}

/** A compiled identity-label filter: `keep(key)` tells whether a pod label is identity-relevant. */
export interface IdentityLabelFilter {
  keep(key: string): boolean;
}

const filterCache = new Map<string, IdentityLabelFilter>();

/**
 * Builds the filter. `override` (cilium `--labels`) entries are added to the defaults;
 * once the operator lists any include entry, only included labels are kept — which is
 * how cilium's filterLabels treats user prefixes.
 */
export function identityLabelFilter(override?: string[]): IdentityLabelFilter {
  const cacheKey = JSON.stringify(override ?? null);
  const cached = filterCache.get(cacheKey);
  if (cached) return cached;
  const toPrefix = (e: string): Prefix => {
    const ignore = e.startsWith('!');
    const body = ignore ? e.slice(1) : e;
    return { ignore, re: new RegExp(`^(?:${body})`), length: body.length };
  };
  const prefixes = [...DEFAULT_IDENTITY_LABEL_FILTER, ...(override ?? [])].map(
    toPrefix,
  );
  const userIncludes = (override ?? []).some(e => !e.startsWith('!'));
  const decide = (key: string): boolean => {
    let included = 0;
    let ignored = 0;
    for (const p of prefixes) {
      if (!p.re.test(key)) continue;
      if (p.ignore) ignored = Math.max(ignored, p.length);
      else included = Math.max(included, p.length);
    }
    return (!userIncludes && ignored === 0) || included > ignored;
  };
  // Label keys repeat across pods: remember answers instead of re-running every regex
  // (bounded, since the filter lives as long as the process).
  const memo = new Map<string, boolean>();
  const filter: IdentityLabelFilter = {
    keep(key: string) {
      let kept = memo.get(key);
      if (kept === undefined) {
        kept = decide(key);
        if (memo.size >= 10_000) memo.clear();
        memo.set(key, kept);
      }
      return kept;
    },
  };
  filterCache.set(cacheKey, filter);
  return filter;
}

/** Inputs of a pod's identity (§2.2). */
export interface IdentityInput {
  cluster: string;
  namespace: string;
  podLabels: Record<string, string>;
  namespaceLabels: Record<string, string>;
  serviceAccount: string;
  filter?: string[];
}

/** The identity label set Cilium derives for a pod (§2.2), after the identity-label filter. */
export function podIdentityLabels(input: IdentityInput): IdentityLabels {
  const f = identityLabelFilter(input.filter);
  const out: IdentityLabels = new Map();
  for (const [k, v] of Object.entries(input.podLabels)) {
    if (f.keep(k)) addIdentityLabel(out, 'k8s', k, v);
  }
  addIdentityLabel(out, 'k8s', POD_NAMESPACE_LABEL, input.namespace);
  for (const [k, v] of Object.entries(input.namespaceLabels)) {
    addIdentityLabel(out, 'k8s', NAMESPACE_LABELS_PREFIX + k, v);
  }
  addIdentityLabel(out, 'k8s', SERVICE_ACCOUNT_LABEL, input.serviceAccount);
  addIdentityLabel(out, 'k8s', CLUSTER_LABEL, input.cluster || 'default');
  return out;
}

/** Identity of a reserved entity (`reserved:world`, `reserved:host`, …). */
export function reservedIdentity(...names: string[]): IdentityLabels {
  const out: IdentityLabels = new Map();
  for (const n of names) addIdentityLabel(out, 'reserved', n, '');
  return out;
}

/** Stable string form, for grouping workloads into classes. */
export function identityKey(labels: IdentityLabels): string {
  const parts: string[] = [];
  for (const [k, list] of labels) {
    for (const [s, v] of list) parts.push(`${s}:${k}=${v}`);
  }
  return parts.sort().join('\u0000');
}
