import type { SourceLocation } from './source';
import type {
  AuthorizationPolicy,
  CalicoTier,
  PeerAuthentication,
  ClusterFederatedTrustDomain,
  ClusterSPIFFEID,
  KubeObject,
  PolicyObject,
  Protocol,
  UnknownObject,
} from './kube';
import type { DecodedResource, SourceDocument } from './document';

/** How a cluster enforces policy (docs/calico.md for `calico`). */
export type EnforcerKind = 'kubernetes' | 'cilium' | 'calico';

/**
 * Why a cluster has its enforcer: `forced` (ClusterSnapshot.enforcer, e.g. `--enforcer`),
 * `cilium-config` (kube-system/cilium-config is in the input), `calico-objects` (Calico
 * NetworkPolicy, GlobalNetworkPolicy or Tier objects and no cilium-config), `default`
 * (none of these: the kubernetes reference semantics).
 */
export type EnforcerSource =
  'forced' | 'cilium-config' | 'calico-objects' | 'default';

/**
 * What `hostNetwork: true` pods are to policy (Kubernetes leaves it to the CNI):
 * `pod` — selected and matched like any pod (np-guard netpol-analyzer, the kubernetes
 * enforcer's default); `node` — never a subject nor a pod peer, their traffic is the node's
 * (Cilium: the `host` / `remote-node` identity). docs/host-network.md.
 */
export type HostNetworkMode = 'pod' | 'node';

/** Cilium agent settings that change policy meaning, read from kube-system/cilium-config (SEMANTICS §6, §8a). */
export interface CiliumFlags {
  /** e.g. "1.19.2"; unknown → treated as the newest supported behaviour. */
  version?: string;
  clusterName: string;
  clusterId: number;
  policyDefaultLocalCluster: boolean;
  enablePolicy: 'default' | 'always' | 'never';
  policyAuditMode: boolean;
  hostFirewall: boolean;
  policyCidrMatchNodes: boolean;
  enableL7Proxy: boolean;
  nonDefaultDenyPolicies: boolean;
  allowLocalhost: 'auto' | 'always' | 'policy';
  meshAuthEnabled: boolean;
  meshAuthMutualEnabled: boolean;
  spiffeTrustDomain: string;
  maxConnectedClusters: number;
  routingMode?: string;
  /** `--labels` override of the identity-label filter (§2.2), when set. */
  identityLabelFilter?: string[];
  /** The raw ConfigMap data, for linters that need more keys. */
  raw: Record<string, string>;
}

/** `cluster/namespace/kind/name`, the stable id used in URLs, the API and the UI. */
export type WorkloadRef = string;

export interface NamedPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'Job'
  | 'CronJob'
  | 'ReplicationController'
  | 'Pod';

/** Pods with the same labels in one namespace of one cluster: the unit of evaluation. */
export interface Workload {
  ref: WorkloadRef;
  cluster: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  /** Pod labels (from the pod template or the pods). */
  labels: Record<string, string>;
  namespaceLabels: Record<string, string>;
  serviceAccount: string;
  ports: NamedPort[];
  /** Pods seen; for a controller without pods, its desired replicas (or 1). */
  podCount: number;
  /** `spec.hostNetwork` of the pods. */
  hostNetwork: boolean;
  /** For host-network workloads: the semantics their cluster applies (see HostNetworkMode). */
  hostNetworkAs?: HostNetworkMode;
  ips: string[];
  /** SPIFFE IDs rendered for this workload by ClusterSPIFFEIDs (best effort). */
  spiffeIds: string[];
  /** Backstage-style annotations carried by the controller (for catalog matching). */
  annotations: Record<string, string>;
  source?: SourceLocation;
}

/** True when policy sees this workload as node traffic rather than as pods. */
export function isNodeTraffic(
  w: Pick<Workload, 'hostNetwork' | 'hostNetworkAs'>,
): boolean {
  return w.hostNetwork && w.hostNetworkAs !== 'pod';
}

export interface NamespaceInfo {
  cluster: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  source?: SourceLocation;
}

export interface ServiceInfo {
  cluster: string;
  namespace: string;
  name: string;
  selector?: Record<string, string>;
  ports: Array<{
    name?: string;
    port: number;
    targetPort?: number | string;
    protocol: Protocol;
  }>;
  global: boolean;
  shared: boolean;
  affinity?: string;
  /** Workloads the selector matches in this cluster. */
  workloads: WorkloadRef[];
  annotations: Record<string, string>;
  source?: SourceLocation;
}

export type PolicyKind = PolicyObject['kind'];

/** One source policy document. Rules are normalized by the engine per enforcer. */
export interface Policy {
  /** `cluster/namespace/kind/name` (namespace `_` for cluster-wide policies). */
  id: string;
  cluster: string;
  namespace?: string;
  kind: PolicyKind;
  name: string;
  object: PolicyObject;
  source?: SourceLocation;
  /** The decoded document, when known: rules use it to locate themselves (`rangeOf`). */
  document?: SourceDocument;
}

/**
 * A policy the engine left out: a decode error changes its meaning (ingestion policy), or the
 * cluster's enforcer does not enforce its kind (AdminNetworkPolicy under Cilium, SEMANTICS §1.8).
 */
export interface IgnoredPolicy {
  /** Same form as Policy.id. */
  id: string;
  cluster: string;
  namespace?: string;
  kind: PolicyKind;
  name: string;
  /** The first error that changes its meaning, or why the enforcer does not enforce it. */
  reason: string;
  /** Absent = a decode error; `not-enforced` = the enforcer does not implement the kind. */
  cause?: 'not-enforced';
  source?: SourceLocation;
}

export interface ClusterHealth {
  state: 'connected' | 'stale' | 'failed' | 'unknown';
  lastSync?: string;
  lastError?: string;
  /** Kinds that could not be read (e.g. a missing CRD). */
  unavailableKinds?: string[];
}

export interface SpiffeConfig {
  clusterSpiffeIds: DecodedResource<ClusterSPIFFEID>[];
  federatedTrustDomains: DecodedResource<ClusterFederatedTrustDomain>[];
  /** Trust domain used to render templates; from config or cilium's mesh-auth trust domain. */
  trustDomain?: string;
}

/** Istio security objects of a cluster, read for posture only (docs/istio.md). */
export interface IstioConfig {
  /** meshConfig.rootNamespace (ConfigMap istio-system/istio), default `istio-system`. */
  rootNamespace: string;
  /** meshConfig.trustDomain, default `cluster.local`. */
  trustDomain: string;
  /** Every PeerAuthentication, including ones ingestion left out (`ignored`). */
  peerAuthentications: DecodedResource<PeerAuthentication>[];
  authorizationPolicies: DecodedResource<AuthorizationPolicy>[];
}

/** Calico objects of a cluster that are not policies (docs/calico.md). */
export interface CalicoConfig {
  /** Tier objects of the input (the built-in tiers need none). */
  tiers: DecodedResource<CalicoTier>[];
}

export interface ClusterState {
  name: string;
  title?: string;
  /** Numeric cluster id from cilium-config (0 when not meshed or unknown). */
  id: number;
  enforcer: EnforcerKind;
  /** How the enforcer was chosen (absent in overlays built before it existed: unknown). */
  enforcerSource?: EnforcerSource;
  /** Host-network semantics in effect (cilium: always `node`). */
  hostNetwork?: HostNetworkMode;
  cilium?: CiliumFlags;
  health: ClusterHealth;
  namespaces: NamespaceInfo[];
  workloads: Workload[];
  services: ServiceInfo[];
  policies: Policy[];
  /**
   * Policies left out of evaluation (see IgnoredPolicy); results for their subjects may differ
   * from the cluster's. Absent means none.
   */
  ignoredPolicies?: IgnoredPolicy[];
  spiffe: SpiffeConfig;
  /** Present when the cluster has PeerAuthentication or AuthorizationPolicy objects. */
  istio?: IstioConfig;
  /** Present when the enforcer is calico. */
  calico?: CalicoConfig;
  /** Objects of kinds ytk does not model; kept so they can be reported. */
  unknown: DecodedResource<UnknownObject>[];
}

/** The whole multi-cluster state at one version. Treat as immutable. */
export interface Overlay {
  version: number;
  clusters: ClusterState[];
}

/** Input to buildOverlay: every decoded object of one cluster. */
export interface ClusterSnapshot {
  name: string;
  title?: string;
  resources: DecodedResource<KubeObject | UnknownObject>[];
  health?: ClusterHealth;
  /**
   * Force an enforcer; default: cilium when a cilium-config ConfigMap is present, else calico
   * when Calico policy or Tier objects are, else kubernetes.
   */
  enforcer?: EnforcerKind;
  /** Host-network semantics for the kubernetes enforcer (default `pod`); cilium and calico are always `node`. */
  hostNetwork?: HostNetworkMode;
}
