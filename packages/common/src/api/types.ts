/*
 * Response bodies of the ytk REST API (plugins/ytk-backend, described by its
 * src/schema/openapi.yaml). Shared so the backend and the frontend agree by type.
 */
import type { Finding, Severity } from '../model/finding';
import type {
  ConnectionIstio,
  Endpoint,
  PortSpec,
  Verdict,
} from '../model/flow';
import type { EnforcerKind, PolicyKind, WorkloadRef } from '../model/overlay';

export interface ClusterView {
  name: string;
  title?: string;
  id: number;
  enforcer: EnforcerKind;
  health: {
    state: 'connected' | 'stale' | 'failed' | 'unknown';
    lastSync?: string;
    lastError?: string;
    /** Seconds since the last successful sync. */
    stalenessSeconds?: number;
    unavailableKinds: string[];
  };
  cilium?: {
    version?: string;
    clusterId: number;
    policyDefaultLocalCluster: boolean;
    meshAuthEnabled: boolean;
    enablePolicy: string;
    routingMode?: string;
  };
  spiffe: {
    trustDomain?: string;
    federation: Array<{
      trustDomain: string;
      bundleEndpointURL: string;
      profile: string;
    }>;
  };
  counts: { namespaces: number; workloads: number; policies: number };
}

export interface TeamView {
  /** Catalog entity ref, e.g. `group:default/payments`. */
  ref: string;
  name: string;
  title?: string;
}

export interface WorkloadView {
  ref: WorkloadRef;
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  labels: Record<string, string>;
  serviceAccount: string;
  podCount: number;
  spiffeIds: string[];
  /** Owning team entity ref, when the catalog knows it. */
  team?: string;
  /** Catalog component ref, when known. */
  component?: string;
}

/** An endpoint with what the caller may know about it (other teams' workloads: name, team, cluster only). */
export type EndpointView = Endpoint & {
  cluster?: string;
  namespace?: string;
  kind?: string;
  name?: string;
  team?: string;
};

export interface ConnectionView {
  from: EndpointView;
  to: EndpointView;
  ports: PortSpec;
  crossCluster: boolean;
  authRequired: boolean;
  /** false when the flow is allowed by both sides but dropped anyway (auth across ClusterMesh). */
  effective: boolean;
  /** Ports both sides allow but the datapath drops (mutual auth that cannot happen). */
  droppedPorts?: PortSpec;
  /** Istio's posture at the destination, when its cluster has Istio objects (docs/istio.md). */
  istio?: ConnectionIstio;
}

export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
}

export interface TeamOverview {
  team: TeamView;
  workloads: WorkloadView[];
  inbound: ConnectionView[];
  outbound: ConnectionView[];
  findingCounts: FindingCounts;
  overlayVersion: number;
}

export interface PolicySummary {
  id: string;
  cluster: string;
  namespace?: string;
  kind: PolicyKind;
  name: string;
  team?: string;
  /** Workloads the policy selects as subjects. */
  selects: WorkloadRef[];
  findingCounts: FindingCounts;
}

export interface PolicyDetail {
  policy: PolicySummary;
  uri: string;
  yaml: string;
  /** 0-based line of `uri` where `yaml` starts (a document of a multi-document file); findings' ranges are in `uri` lines. */
  firstLine?: number;
  findings: Finding[];
}

export interface EntityNetwork {
  entityRef: string;
  workloads: WorkloadView[];
  inbound: ConnectionView[];
  outbound: ConnectionView[];
  policies: PolicySummary[];
  findings: Finding[];
}

export interface ConnectivityGraph {
  overlayVersion: number;
  /** Workloads in scope plus peers (peers of other teams carry name/team/cluster only). */
  nodes: WorkloadView[];
  /** Every connection touching the scope; empty when `aggregation` is present. */
  connections: ConnectionView[];
  /**
   * Present when the graph was asked with `aggregate` and is aggregated: namespaces not
   * `expanded` are single nodes, and every connection is counted in one bundle.
   */
  aggregation?: ConnectivityAggregation;
}

/**
 * A large graph drawn namespace by namespace (`GET /connectivity?aggregate=auto`).
 * Node ids: a workload ref, `ns:<cluster>/<namespace>` (a collapsed namespace),
 * `entity:[<cluster>/]<name>` or `cidr:<cidr>`.
 */
export interface ConnectivityAggregation {
  level: 'namespace';
  /** Namespaces drawn workload by workload, as `<cluster>/<namespace>` (the `expand` asked for). */
  expanded: string[];
  /** Collapsed namespaces, each one node standing for its workloads in the graph. */
  groups: NamespaceGroup[];
  /** One per ordered pair of drawn nodes with connections between them. */
  bundles: ConnectionBundle[];
  /** Connections in the graph, all bundled. */
  connections: number;
  /** The filters the graph answers, to ask for it again with other namespaces expanded. */
  scope: { team?: string; cluster?: string; namespace?: string };
}

export interface NamespaceGroup {
  /** `ns:<cluster>/<namespace>` */
  id: string;
  cluster: string;
  namespace: string;
  /** Workloads of the graph (in scope or peers) in this namespace. */
  members: number;
}

/** The connections between two drawn nodes, summarized. */
export interface ConnectionBundle {
  /** Node ids (see ConnectivityAggregation). */
  from: string;
  to: string;
  count: number;
  /** Connections allowed by both sides but dropped (`effective: false`). */
  dropped: number;
  crossCluster: number;
  authRequired: number;
  /** The first connection of the bundle: what the edge explains. */
  sample: ConnectionView;
}

export interface ExplainResponse {
  verdict: Verdict;
}

export interface LintResponse {
  findings: Finding[];
}

export type { Severity };
