/**
 * What ytk reads from a live cluster, with the REST path of each list/watch.
 * Never Secrets; of ConfigMaps only kube-system/cilium-config (the RBAC in
 * deploy/rbac.yaml grants exactly these).
 */
export interface WatchedKind {
  kind: string;
  apiVersion: string;
  path: string;
  fieldSelector?: string;
  /** A CRD that may be absent: a 404 makes it unavailable, not the cluster failed. */
  optional?: boolean;
}

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
];
