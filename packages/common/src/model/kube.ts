/*
 * Kubernetes, Cilium and SPIRE object shapes as the API server stores them.
 * Decoders (resources/) produce exactly these shapes; the engine reads them.
 * Only the fields ytk uses are typed; decoders keep the rest untouched.
 */

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  uid?: string;
  resourceVersion?: string;
}

export interface TypeMeta {
  apiVersion: string;
  kind: string;
}

// ---------- networking.k8s.io/v1 NetworkPolicy ----------

export interface IPBlock {
  cidr: string;
  except?: string[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export interface NetworkPolicyPort {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyIngressRule {
  from?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicySpec {
  podSelector?: LabelSelector;
  policyTypes?: Array<'Ingress' | 'Egress'>;
  ingress?: NetworkPolicyIngressRule[];
  egress?: NetworkPolicyEgressRule[];
}

export interface NetworkPolicy extends TypeMeta {
  kind: 'NetworkPolicy';
  metadata: ObjectMeta;
  spec: NetworkPolicySpec;
}

// ---------- policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy / BaselineAdminNetworkPolicy ----------

/** `namespaceSelector` AND `podSelector` (both required; `{}` selects all). */
export interface NamespacedPod {
  namespaceSelector: LabelSelector;
  podSelector: LabelSelector;
}

/** Exactly one of `namespaces` or `pods`; host-network pods are never subjects. */
export interface AdminNetworkPolicySubject {
  namespaces?: LabelSelector;
  pods?: NamespacedPod;
}

/** Exactly one of `portNumber`, `portRange`, `namedPort`. */
export interface AdminNetworkPolicyPort {
  portNumber?: { protocol?: Protocol; port: number };
  portRange?: { protocol?: Protocol; start: number; end: number };
  namedPort?: string;
}

/**
 * Exactly one field. Ingress peers have only `namespaces` and `pods`; egress peers also
 * `nodes`, `networks` and (Allow only) `domainNames`. Fields of a newer API version are kept
 * as they are (open object): such a peer fails closed (SEMANTICS §1.8).
 */
export interface AdminNetworkPolicyPeer {
  namespaces?: LabelSelector;
  pods?: NamespacedPod;
  nodes?: LabelSelector;
  networks?: string[];
  domainNames?: string[];
  [newerField: string]: unknown;
}

export type AdminNetworkPolicyAction = 'Allow' | 'Deny' | 'Pass';
export type BaselineAdminNetworkPolicyAction = 'Allow' | 'Deny';

export interface AdminNetworkPolicyIngressRule<A = AdminNetworkPolicyAction> {
  name?: string;
  action: A;
  from: AdminNetworkPolicyPeer[];
  /** Absent = every port and protocol. */
  ports?: AdminNetworkPolicyPort[];
}

export interface AdminNetworkPolicyEgressRule<A = AdminNetworkPolicyAction> {
  name?: string;
  action: A;
  to: AdminNetworkPolicyPeer[];
  ports?: AdminNetworkPolicyPort[];
}

export interface AdminNetworkPolicySpec {
  /** 0–1000; lower = evaluated first. */
  priority: number;
  subject: AdminNetworkPolicySubject;
  ingress?: AdminNetworkPolicyIngressRule[];
  egress?: AdminNetworkPolicyEgressRule[];
}

export interface AdminNetworkPolicy extends TypeMeta {
  kind: 'AdminNetworkPolicy';
  metadata: ObjectMeta;
  spec: AdminNetworkPolicySpec;
}

export interface BaselineAdminNetworkPolicySpec {
  subject: AdminNetworkPolicySubject;
  ingress?: AdminNetworkPolicyIngressRule<BaselineAdminNetworkPolicyAction>[];
  egress?: AdminNetworkPolicyEgressRule<BaselineAdminNetworkPolicyAction>[];
}

/** Singleton: must be named `default`. */
export interface BaselineAdminNetworkPolicy extends TypeMeta {
  kind: 'BaselineAdminNetworkPolicy';
  metadata: ObjectMeta;
  spec: BaselineAdminNetworkPolicySpec;
}

// ---------- cilium.io/v2 CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy ----------

export type CiliumProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ANY' | string;

export interface CiliumPortProtocol {
  port?: string;
  endPort?: number;
  protocol?: CiliumProtocol;
}

export interface CiliumHTTPRule {
  path?: string;
  method?: string;
  host?: string;
  headers?: string[];
  headerMatches?: unknown[];
}

export interface CiliumDNSRule {
  matchName?: string;
  matchPattern?: string;
}

export interface CiliumL7Rules {
  http?: CiliumHTTPRule[];
  dns?: CiliumDNSRule[];
  kafka?: unknown[];
  l7proto?: string;
  l7?: unknown[];
}

export interface CiliumPortRule {
  ports?: CiliumPortProtocol[];
  rules?: CiliumL7Rules;
  serverNames?: string[];
  terminatingTLS?: unknown;
  originatingTLS?: unknown;
  listener?: unknown;
}

export interface CiliumCIDRRule {
  cidr?: string;
  except?: string[];
  cidrGroupRef?: string;
  cidrGroupSelector?: LabelSelector;
}

export interface CiliumICMPRule {
  fields?: Array<{ type: number | string; family?: 'IPv4' | 'IPv6' }>;
}

export interface CiliumAuthentication {
  mode: 'disabled' | 'required' | 'test-always-fail' | string;
}

export interface CiliumService {
  k8sService?: { serviceName?: string; namespace?: string };
  k8sServiceSelector?: { selector: LabelSelector; namespace?: string };
}

export interface CiliumFQDNSelector {
  matchName?: string;
  matchPattern?: string;
}

/** One ingress / ingressDeny rule. Only one L3 kind may be set (Sanitize rejects more). */
export interface CiliumIngressRule {
  fromEndpoints?: LabelSelector[];
  fromRequires?: LabelSelector[];
  fromCIDR?: string[];
  fromCIDRSet?: CiliumCIDRRule[];
  fromEntities?: string[];
  fromNodes?: LabelSelector[];
  fromGroups?: unknown[];
  toPorts?: CiliumPortRule[];
  icmps?: CiliumICMPRule[];
  authentication?: CiliumAuthentication;
}

/** One egress / egressDeny rule. */
export interface CiliumEgressRule {
  toEndpoints?: LabelSelector[];
  toRequires?: LabelSelector[];
  toCIDR?: string[];
  toCIDRSet?: CiliumCIDRRule[];
  toEntities?: string[];
  toServices?: CiliumService[];
  toFQDNs?: CiliumFQDNSelector[];
  toNodes?: LabelSelector[];
  toGroups?: unknown[];
  toPorts?: CiliumPortRule[];
  icmps?: CiliumICMPRule[];
  authentication?: CiliumAuthentication;
}

export interface CiliumRule {
  endpointSelector?: LabelSelector;
  nodeSelector?: LabelSelector;
  ingress?: CiliumIngressRule[];
  ingressDeny?: CiliumIngressRule[];
  egress?: CiliumEgressRule[];
  egressDeny?: CiliumEgressRule[];
  enableDefaultDeny?: { ingress?: boolean; egress?: boolean };
  labels?: Array<{ key: string; value?: string; source?: string }>;
  description?: string;
  log?: { value?: string };
}

export interface CiliumNetworkPolicy extends TypeMeta {
  kind: 'CiliumNetworkPolicy';
  metadata: ObjectMeta;
  spec?: CiliumRule;
  specs?: CiliumRule[];
}

export interface CiliumClusterwideNetworkPolicy extends TypeMeta {
  kind: 'CiliumClusterwideNetworkPolicy';
  metadata: ObjectMeta;
  spec?: CiliumRule;
  specs?: CiliumRule[];
}

// ---------- projectcalico.org/v3 NetworkPolicy / GlobalNetworkPolicy / Tier (docs/calico.md) ----------

export type CalicoAction = 'Allow' | 'Deny' | 'Log' | 'Pass';

/** A port: a number, a range `"80:90"`, or a named port. */
export type CalicoPort = number | string;

export interface CalicoServiceAccountMatch {
  names?: string[];
  selector?: string;
}

/** `source` / `destination` of a rule; every field present must match (AND). */
export interface CalicoEntityRule {
  nets?: string[];
  notNets?: string[];
  selector?: string;
  notSelector?: string;
  namespaceSelector?: string;
  ports?: CalicoPort[];
  notPorts?: CalicoPort[];
  serviceAccounts?: CalicoServiceAccountMatch;
  services?: { name?: string; namespace?: string };
}

export interface CalicoRule {
  action: CalicoAction;
  /** TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or 1–255. */
  protocol?: string | number;
  notProtocol?: string | number;
  ipVersion?: number;
  icmp?: { type?: number; code?: number };
  notICMP?: { type?: number; code?: number };
  source?: CalicoEntityRule;
  destination?: CalicoEntityRule;
  http?: { methods?: string[]; paths?: unknown[] };
  metadata?: { annotations?: Record<string, string> };
}

export interface CalicoPolicySpec {
  /** Default `default`. */
  tier?: string;
  /** Absent = after every ordered policy of the tier. */
  order?: number;
  /** Default all(). */
  selector?: string;
  serviceAccountSelector?: string;
  /** GlobalNetworkPolicy only. */
  namespaceSelector?: string;
  /** Defaulted by the decoder's reader (calicoPolicyTypes), not here. */
  types?: Array<'Ingress' | 'Egress'>;
  ingress?: CalicoRule[];
  egress?: CalicoRule[];
  /** GlobalNetworkPolicy only; host endpoints (not modelled). */
  doNotTrack?: boolean;
  preDNAT?: boolean;
  applyOnForward?: boolean;
  performanceHints?: string[];
}

/**
 * projectcalico.org/v3 `NetworkPolicy`. The decoder names the kind `CalicoNetworkPolicy`
 * so that it is never mistaken for the Kubernetes kind of the same name.
 */
export interface CalicoNetworkPolicy extends TypeMeta {
  kind: 'CalicoNetworkPolicy';
  metadata: ObjectMeta;
  spec: CalicoPolicySpec;
}

export interface GlobalNetworkPolicy extends TypeMeta {
  kind: 'GlobalNetworkPolicy';
  metadata: ObjectMeta;
  spec: CalicoPolicySpec;
}

export interface CalicoTier extends TypeMeta {
  kind: 'Tier';
  metadata: ObjectMeta;
  spec?: { order?: number; defaultAction?: 'Deny' | 'Pass' };
}

// ---------- workloads ----------

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
}

export interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  serviceAccountName?: string;
  hostNetwork?: boolean;
  nodeName?: string;
}

export interface PodTemplateSpec {
  metadata?: Partial<ObjectMeta>;
  spec: PodSpec;
}

export interface Pod extends TypeMeta {
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: PodSpec;
  status?: { podIP?: string; podIPs?: Array<{ ip: string }>; phase?: string };
}

export type ControllerKind =
  | 'Deployment'
  | 'ReplicaSet'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'ReplicationController';

export interface Controller extends TypeMeta {
  kind: ControllerKind;
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    selector?: LabelSelector | Record<string, string>; // RC uses a plain map
    template: PodTemplateSpec;
  };
}

export interface CronJob extends TypeMeta {
  kind: 'CronJob';
  metadata: ObjectMeta;
  spec: {
    schedule?: string;
    jobTemplate: {
      metadata?: Partial<ObjectMeta>;
      spec: { template: PodTemplateSpec };
    };
  };
}

export interface ServicePort {
  name?: string;
  protocol?: Protocol;
  port: number;
  targetPort?: number | string;
}

export interface Service extends TypeMeta {
  kind: 'Service';
  metadata: ObjectMeta;
  spec: {
    selector?: Record<string, string>;
    ports?: ServicePort[];
    type?: string;
    clusterIP?: string;
  };
}

export interface Namespace extends TypeMeta {
  kind: 'Namespace';
  metadata: ObjectMeta;
}

export interface ConfigMap extends TypeMeta {
  kind: 'ConfigMap';
  metadata: ObjectMeta;
  data?: Record<string, string>;
}

// ---------- spire.spiffe.io/v1alpha1 ----------

export interface ClusterSPIFFEID extends TypeMeta {
  kind: 'ClusterSPIFFEID';
  metadata: ObjectMeta;
  spec: {
    spiffeIDTemplate: string;
    podSelector?: LabelSelector;
    namespaceSelector?: LabelSelector;
    federatesWith?: string[];
    dnsNameTemplates?: string[];
    workloadSelectorTemplates?: string[];
    ttl?: string;
    jwtTtl?: string;
    admin?: boolean;
    downstream?: boolean;
    autoPopulateDNSNames?: boolean;
    fallback?: boolean;
    hint?: string;
    className?: string;
  };
}

export interface ClusterFederatedTrustDomain extends TypeMeta {
  kind: 'ClusterFederatedTrustDomain';
  metadata: ObjectMeta;
  spec: {
    trustDomain: string;
    bundleEndpointURL: string;
    bundleEndpointProfile: {
      type: 'https_web' | 'https_spiffe' | string;
      endpointSPIFFEID?: string;
    };
    trustDomainBundle?: string;
    className?: string;
  };
}

// ---------- security.istio.io/v1, v1beta1 (posture only, docs/istio.md) ----------

export type IstioMtlsMode = 'UNSET' | 'DISABLE' | 'PERMISSIVE' | 'STRICT';

export interface PeerAuthenticationSpec {
  selector?: { matchLabels?: Record<string, string> };
  mtls?: { mode?: IstioMtlsMode };
  /** Container port (as a string key) → mode; only with a selector. */
  portLevelMtls?: Record<string, { mode?: IstioMtlsMode }>;
}

export interface PeerAuthentication extends TypeMeta {
  kind: 'PeerAuthentication';
  metadata: ObjectMeta & { creationTimestamp?: unknown };
  spec?: PeerAuthenticationSpec;
}

export interface AuthorizationPolicyRule {
  from?: Array<{ source?: Record<string, string[] | undefined> }>;
  to?: Array<{ operation?: Record<string, string[] | undefined> }>;
  when?: Array<{ key: string; values?: string[]; notValues?: string[] }>;
}

export interface IstioTargetRef {
  group?: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface AuthorizationPolicySpec {
  selector?: { matchLabels?: Record<string, string> };
  targetRef?: IstioTargetRef;
  targetRefs?: IstioTargetRef[];
  rules?: AuthorizationPolicyRule[];
  /** Default ALLOW. */
  action?: 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';
  provider?: { name?: string };
}

export interface AuthorizationPolicy extends TypeMeta {
  kind: 'AuthorizationPolicy';
  metadata: ObjectMeta & { creationTimestamp?: unknown };
  spec?: AuthorizationPolicySpec;
}

/** An object of a kind ytk does not model. Kept and reported, never silently dropped. */
export interface UnknownObject extends TypeMeta {
  metadata?: Partial<ObjectMeta>;
  [key: string]: unknown;
}

export type PolicyObject =
  | NetworkPolicy
  | CiliumNetworkPolicy
  | CiliumClusterwideNetworkPolicy
  | AdminNetworkPolicy
  | BaselineAdminNetworkPolicy
  | CalicoNetworkPolicy
  | GlobalNetworkPolicy;

export type KubeObject =
  | NetworkPolicy
  | CiliumNetworkPolicy
  | CiliumClusterwideNetworkPolicy
  | AdminNetworkPolicy
  | BaselineAdminNetworkPolicy
  | CalicoNetworkPolicy
  | GlobalNetworkPolicy
  | CalicoTier
  | Pod
  | Controller
  | CronJob
  | Service
  | Namespace
  | ConfigMap
  | ClusterSPIFFEID
  | ClusterFederatedTrustDomain
  | PeerAuthentication
  | AuthorizationPolicy;
