/**
 * What ytk reads from a live cluster, with the REST path of each list/watch.
 * Never Secrets; of ConfigMaps only kube-system/cilium-config and Istio's mesh
 * config istio-system/istio (the RBAC in deploy/rbac.yaml grants exactly these).
 */
export interface WatchedKind {
  kind: string;
  apiVersion: string;
  path: string;
  fieldSelector?: string;
  /** A CRD that may be absent: a 404 makes it unavailable, not the cluster failed. */
  optional?: boolean;
  /**
   * A 403 also makes it unavailable: its Role lives in a namespace that exists only where
   * the product runs (istio-system), so clusters without it cannot grant the read.
   */
  forbiddenMeansAbsent?: boolean;
  /** How health names it when two entries share a kind (`ConfigMap istio-system/istio`). */
  label?: string;
}

/** The name health reports for a watched kind. */
export const kindLabel = (k: WatchedKind) => k.label ?? k.kind;

export const WATCHED_KINDS: readonly WatchedKind[] = [
  { kind: 'Namespace', apiVersion: 'v1', path: '/api/v1/namespaces' },
  { kind: 'Pod', apiVersion: 'v1', path: '/api/v1/pods' },
  { kind: 'Service', apiVersion: 'v1', path: '/api/v1/services' },
  {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    path: '/api/v1/namespaces/kube-system/configmaps',
    fieldSelector: 'metadata.name=cilium-config',
  },
  {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    path: '/api/v1/namespaces/istio-system/configmaps',
    fieldSelector: 'metadata.name=istio',
    optional: true,
    forbiddenMeansAbsent: true,
    label: 'ConfigMap istio-system/istio',
  },
  {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    path: '/apis/apps/v1/deployments',
  },
  {
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    path: '/apis/apps/v1/replicasets',
  },
  {
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    path: '/apis/apps/v1/statefulsets',
  },
  {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    path: '/apis/apps/v1/daemonsets',
  },
  {
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
    path: '/apis/networking.k8s.io/v1/networkpolicies',
  },
  {
    kind: 'CiliumNetworkPolicy',
    apiVersion: 'cilium.io/v2',
    path: '/apis/cilium.io/v2/ciliumnetworkpolicies',
    optional: true,
  },
  {
    kind: 'CiliumClusterwideNetworkPolicy',
    apiVersion: 'cilium.io/v2',
    path: '/apis/cilium.io/v2/ciliumclusterwidenetworkpolicies',
    optional: true,
  },
  {
    kind: 'AdminNetworkPolicy',
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    path: '/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies',
    optional: true,
  },
  {
    kind: 'BaselineAdminNetworkPolicy',
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    path: '/apis/policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies',
    optional: true,
  },
  {
    kind: 'ClusterSPIFFEID',
    apiVersion: 'spire.spiffe.io/v1alpha1',
    path: '/apis/spire.spiffe.io/v1alpha1/clusterspiffeids',
    optional: true,
  },
  {
    kind: 'ClusterFederatedTrustDomain',
    apiVersion: 'spire.spiffe.io/v1alpha1',
    path: '/apis/spire.spiffe.io/v1alpha1/clusterfederatedtrustdomains',
    optional: true,
  },
  // Istio security (docs/istio.md): posture annotations only, never evaluated as policy.
  // security.istio.io/v1 is served since Istio 1.22.
  {
    kind: 'PeerAuthentication',
    apiVersion: 'security.istio.io/v1',
    path: '/apis/security.istio.io/v1/peerauthentications',
    optional: true,
  },
  {
    kind: 'AuthorizationPolicy',
    apiVersion: 'security.istio.io/v1',
    path: '/apis/security.istio.io/v1/authorizationpolicies',
    optional: true,
  },
  // Calico (docs/calico.md): its API server's projectcalico.org/v3 (crd.projectcalico.org/v1, the
  // datastore's own CRDs, is read from manifests only: watching both would read every policy twice).
  {
    kind: 'NetworkPolicy',
    apiVersion: 'projectcalico.org/v3',
    path: '/apis/projectcalico.org/v3/networkpolicies',
    optional: true,
    label: 'Calico NetworkPolicy',
  },
  {
    kind: 'GlobalNetworkPolicy',
    apiVersion: 'projectcalico.org/v3',
    path: '/apis/projectcalico.org/v3/globalnetworkpolicies',
    optional: true,
    label: 'Calico GlobalNetworkPolicy',
  },
  {
    kind: 'Tier',
    apiVersion: 'projectcalico.org/v3',
    path: '/apis/projectcalico.org/v3/tiers',
    optional: true,
    label: 'Calico Tier',
  },
];

/**
 * RBAC-only resources: Calico's API server authorizes reads of tiered policies on
 * `tier.networkpolicies` / `tier.globalnetworkpolicies` (and `get` on the tier) besides the
 * policy resources themselves, so deploy/rbac.yaml grants them although nothing watches them.
 */
export const RBAC_ONLY_RESOURCES: ReadonlyArray<{
  group: string;
  resource: string;
}> = [
  { group: 'projectcalico.org', resource: 'tier.networkpolicies' },
  { group: 'projectcalico.org', resource: 'tier.globalnetworkpolicies' },
];
