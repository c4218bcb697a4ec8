import type { Protocol } from './kube';
import type { EnforcerKind, WorkloadRef } from './overlay';
import type { SourceLocation } from './source';

/** One end of a flow or a connection. */
export type Endpoint =
  | { workload: WorkloadRef }
  /** A Cilium entity (`world`, `host`, `remote-node`, `kube-apiserver`, …), optionally in a cluster. */
  | { entity: string; cluster?: string }
  /** An address outside the overlay. */
  | { cidr: string };

export interface Flow {
  from: Endpoint;
  to: Endpoint;
  protocol: Protocol;
  /** Destination port; absent = "some port" is not allowed: explain needs a port. */
  port: number;
}

export type Direction = 'ingress' | 'egress';

/** A rule that took part in a decision. */
export interface DecidingRule {
  policyId: string;
  policyKind: string;
  policyName: string;
  cluster: string;
  namespace?: string;
  /** Which section: ingress, egress, ingressDeny, egressDeny. */
  section: string;
  /** Index in `specs` (0 for `spec` or a NetworkPolicy). */
  specIndex: number;
  ruleIndex: number;
  /**
   * `pass`: AdminNetworkPolicy (skip the remaining ANP rules, defer to NetworkPolicy) or a
   * Calico rule / tier default (go on to the next tier).
   */
  action: 'allow' | 'deny' | 'pass';
  auth: 'none' | 'required' | 'disabled' | 'always-fail';
  l7: boolean;
  location?: SourceLocation;
  /** AdminNetworkPolicy priority (0–1000, lower first). */
  priority?: number;
  /** The rule's own `name`, when it has one (AdminNetworkPolicy / BaselineAdminNetworkPolicy). */
  ruleName?: string;
  /** calico enforcer: the tier of the rule's policy. */
  tier?: string;
  /** calico enforcer: the policy's `order` (absent: unordered, after every ordered one). */
  order?: number;
  /** calico enforcer: the name Calico gives a Kubernetes policy (`knp.default.<name>`, `kanp.adminnetworkpolicy.<name>`). */
  calicoName?: string;
  /**
   * calico enforcer: not a rule but the end of the policy's tier — the tier applied and no
   * rule decided, so its defaultAction did (`ruleIndex` is then -1).
   */
  tierDefault?: boolean;
}

/**
 * Which policy layer decided a side: kubernetes enforcer with AdminNetworkPolicy or
 * BaselineAdminNetworkPolicy in the cluster (SEMANTICS §1.8), or the calico enforcer
 * (SEMANTICS §3.4, docs/calico.md): `CalicoTier` a rule of a policy in tier `tier`,
 * `CalicoTierDefault` the tier applied and no rule decided (its defaultAction Deny),
 * `CalicoProfile` no tier decided (none applies, or the last one passed): the endpoint's
 * profile allows.
 */
export type DecidingLayer =
  | 'AdminNetworkPolicy'
  | 'NetworkPolicy'
  | 'BaselineAdminNetworkPolicy'
  | 'default'
  | 'CalicoTier'
  | 'CalicoTierDefault'
  | 'CalicoProfile';

export type SideOutcome =
  /** a rule allows it */
  | 'allowed'
  /** a deny rule matched */
  | 'denied'
  /** the endpoint is isolated in this direction and no rule allows it */
  | 'default-deny'
  /** no policy selects the endpoint in this direction */
  | 'not-isolated'
  /** the side is not a pod (world, CIDR, entity): nothing is enforced there */
  | 'not-applicable';

export interface SideVerdict {
  direction: Direction;
  cluster?: string;
  enforcer?: EnforcerKind;
  outcome: SideOutcome;
  /** Allowed on this side (allowed, not-isolated, not-applicable). */
  allowed: boolean;
  /** The deciding rules: the matching allows, the matching denies, or the policies that isolate. */
  rules: DecidingRule[];
  /** Mutual authentication this side requires (Cilium `authentication.mode`). */
  auth: 'none' | 'required' | 'always-fail';
  /** L7 rules apply (traffic is proxied; a request may still get 403/REFUSED). */
  l7: boolean;
  /**
   * The layer that decided, when the cluster has AdminNetworkPolicy or
   * BaselineAdminNetworkPolicy objects, and always under the calico enforcer (absent
   * otherwise: NetworkPolicy / Cilium alone).
   */
  layer?: DecidingLayer;
  /**
   * Pass rules that sent the flow on: AdminNetworkPolicy Pass to NetworkPolicy /
   * BaselineAdminNetworkPolicy, or (calico) Pass rules and tier defaults to the next tier, in order.
   */
  passedBy?: DecidingRule[];
  /** calico enforcer: the tier that decided (`CalicoTier`, `CalicoTierDefault`). */
  tier?: string;
  reason: string;
}

/** An Istio object named by a posture annotation. */
export interface IstioPolicyRef {
  /** `cluster/namespace/kind/name`. */
  id: string;
  kind: 'PeerAuthentication' | 'AuthorizationPolicy';
  cluster: string;
  namespace: string;
  name: string;
  location?: SourceLocation;
}

/**
 * Istio posture of a flow's destination (docs/istio.md): what PeerAuthentication and
 * AuthorizationPolicy say, never evaluated against requests and never changing `allowed`.
 */
export interface IstioPosture {
  /**
   * Effective mTLS mode at the destination workload and port after inheritance (port level >
   * workload > namespace > mesh root namespace > PERMISSIVE); `none` when the destination has
   * no Istio proxy ytk can see.
   */
  mtls: 'strict' | 'permissive' | 'disabled' | 'none';
  /** How ytk sees the destination in the mesh (labels of the pods and the namespace). */
  mesh: 'sidecar' | 'ambient' | 'none' | 'unknown';
  /** The PeerAuthentication that set `mtls` (absent: Istio's default PERMISSIVE, or `none`). */
  peerAuthentication?: IstioPolicyRef & {
    scope: 'workload' | 'namespace' | 'mesh';
    /** Set by `portLevelMtls` for this port. */
    portLevel?: boolean;
  };
  /** An ALLOW, DENY or CUSTOM AuthorizationPolicy selects the destination: it may still deny. */
  authorization?: 'may-deny';
  /** Every AuthorizationPolicy that selects the destination, with its action. */
  authorizationPolicies?: Array<
    IstioPolicyRef & {
      action: 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';
      /** `istio.io/dry-run: "true"`: logged, not enforced. */
      dryRun?: boolean;
    }
  >;
  /** What the posture depends on (inheritance, ignored objects, plaintext sources). */
  notes: string[];
}

export interface Verdict {
  flow: Flow;
  crossCluster: boolean;
  egress: SideVerdict;
  ingress: SideVerdict;
  /** Mutual authentication is required by either side. */
  authRequired: boolean;
  /**
   * The final answer: both sides allow and nothing drops it afterwards. An auth-required
   * flow across ClusterMesh, or with mesh auth disabled, is dropped (SEMANTICS §2.14).
   */
  allowed: boolean;
  /** Human-readable reasons, most important first. */
  reasons: string[];
  /**
   * What the answer depends on beyond the rules (also appended to `reasons`): host-network
   * semantics of an endpoint, policies left out by ingestion that may select an endpoint.
   */
  caveats?: string[];
  /** Istio posture of the destination, when its cluster has Istio security objects. */
  istio?: IstioPosture;
}

/** Ports allowed between two endpoints: every port, or a list of protocol/port ranges. */
export type PortSpec = 'all' | PortRange[];

export interface PortRange {
  protocol: Protocol;
  /** Absent = every port of that protocol. */
  port?: number;
  /** Inclusive end of a range. */
  endPort?: number;
}

export interface Connection {
  from: Endpoint;
  to: Endpoint;
  ports: PortSpec;
  crossCluster: boolean;
  /** Some allowed port requires mutual auth; if crossCluster it will be dropped. */
  authRequired?: boolean;
  /**
   * Ports both sides allow but that require mutual auth which cannot happen (across
   * ClusterMesh, mesh auth disabled, test-always-fail): dropped, so never part of `ports`.
   */
  authDropped?: PortSpec;
  /** Istio posture at the destination (`annotateIstio`), when its cluster has Istio objects. */
  istio?: ConnectionIstio;
}

/** The Istio posture of a connection's destination over the ports it allows (docs/istio.md). */
export interface ConnectionIstio {
  /** The effective mode on every port below, or `mixed` when they differ. */
  mtls: IstioPosture['mtls'] | 'mixed';
  /** Per declared TCP container port of the destination that the connection allows. */
  ports: Array<{ port: number; mtls: IstioPosture['mtls'] }>;
  /** An AuthorizationPolicy selects the destination: a request may still be refused. */
  authorization?: 'may-deny';
}

export interface ConnectivityScope {
  clusters?: string[];
  namespaces?: string[];
  /** Only connections with one end in this set. */
  workloads?: WorkloadRef[];
  /** Include world / CIDR / entity endpoints. Default true. */
  includeExternal?: boolean;
}

export interface Connectivity {
  overlayVersion: number;
  connections: Connection[];
}

export interface ConnectivityDiff {
  added: Connection[];
  removed: Connection[];
  changed: Array<{ before: Connection; after: Connection }>;
}
