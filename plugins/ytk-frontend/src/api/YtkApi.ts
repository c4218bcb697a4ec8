import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ConnectivityGraph,
  EndpointView,
  EntityDropsResponse,
  EntityNetwork,
  EntityPosture,
  ExplainResponse,
  LintResponse,
  PolicyDetail,
  PolicySummary,
  PostureHistory,
  ProblemSeverity,
  TeamOverview,
  TeamFlowsResponse,
  TeamPosture,
  TeamView,
} from '@ytknetwork/common';
import type {
  PeeringAction,
  PeeringDetail,
  PeeringListView,
  PeeringPreview,
  PeeringRecord,
  PeeringRequestInput,
  PeeringSummary,
} from './peering';
import type { PolicyFinding } from './findings';
import type { InputProblemsResponse, YtkClusterView } from './inputProblems';

/** Scope of a connectivity or policy query; every field narrows it. */
export interface YtkScope {
  team?: string;
  cluster?: string;
  namespace?: string;
}

/** How `GET /connectivity` answers a large graph. */
export interface ConnectivityOptions {
  /** `auto` (default): namespaces collapse above 500 endpoints or 800 connections. */
  aggregate?: 'none' | 'auto' | 'namespace';
  /** Namespaces (`<cluster>/<namespace>`) drawn workload by workload. */
  expand?: string[];
}

export interface PolicyKey {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
}

export interface EntityKey {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * How far back the observed-flows routes look: `<n>m`, `<n>h` or `<n>d`, at most `90d`
 * (the backend's default is `24h`).
 */
export type FlowWindow = `${number}${'m' | 'h' | 'd'}`;

/** Query of the observed-flows routes. */
export interface FlowQuery {
  window?: FlowWindow;
  /** Most entries per list, 1–1000 (backend default 200). */
  limit?: number;
}

/** One side of an explain query: a workload ref, `entity:<name>` or `cidr:<cidr>`. */
export type ExplainEndpoint = string;

/** The ytk backend's REST API (`/api/ytk`), one method per endpoint. */
export interface YtkApi {
  getClusters(): Promise<YtkClusterView[]>;
  /** Located decode problems of a cluster's last read that the caller may see, most severe first. */
  getInputProblems(
    cluster: string,
    options?: { severity?: ProblemSeverity },
  ): Promise<InputProblemsResponse>;
  /** Teams of the signed-in user. */
  getTeams(): Promise<TeamView[]>;
  getTeamOverview(team: string): Promise<TeamOverview>;
  /** Large graphs come aggregated by namespace unless `options.aggregate` is `none`. */
  getConnectivity(
    scope?: YtkScope,
    options?: ConnectivityOptions,
  ): Promise<ConnectivityGraph>;
  getEntityNetwork(entity: EntityKey): Promise<EntityNetwork>;
  /** The security posture of a team's workloads (members only: 403 for another team). */
  getTeamPosture(team: string): Promise<TeamPosture>;
  /** The team's stored posture summaries, newest first. */
  getTeamPostureHistory(
    team: string,
    options?: { limit?: number },
  ): Promise<PostureHistory>;
  /** The posture of an entity's workloads (for their owners: 403 otherwise). */
  getEntityPosture(entity: EntityKey): Promise<EntityPosture>;
  /**
   * The team's observed edges, dropped attempts and allowed-but-unused paths in the window
   * (members only: 403 for another team).
   */
  getTeamFlows(team: string, options?: FlowQuery): Promise<TeamFlowsResponse>;
  /** Dropped flows to or from an entity's workloads in the window, newest first. */
  getEntityDrops(
    entity: EntityKey,
    options?: FlowQuery,
  ): Promise<EntityDropsResponse>;
  /** `port` is `443/TCP` (protocol defaults to TCP on the server). */
  explainFlow(query: {
    from: ExplainEndpoint;
    to: ExplainEndpoint;
    port: string;
  }): Promise<ExplainResponse>;
  getPolicies(scope?: YtkScope): Promise<{ policies: PolicySummary[] }>;
  getPolicy(key: PolicyKey): Promise<PolicyDetail>;
  lint(body: { text: string; uri?: string }): Promise<LintResponse>;
  /** Findings located in the policies the caller may read. */
  getFindings(scope?: YtkScope): Promise<{ findings: PolicyFinding[] }>;
  listPeering(view: PeeringListView): Promise<PeeringSummary[]>;
  getPeering(id: string): Promise<PeeringDetail>;
  /** The create checks, generated YAML and connectivity diff; nothing is stored. */
  previewPeering(body: PeeringRequestInput): Promise<PeeringPreview>;
  /** Stores the request; the answer carries the generated YAML and connectivity diff. */
  createPeering(body: PeeringRequestInput): Promise<PeeringRecord>;
  /** `version` is the one the user saw: if the request moved on meanwhile the server answers 409. */
  actOnPeering(
    id: string,
    action: PeeringAction,
    body?: { comment?: string; version?: number },
  ): Promise<PeeringRecord>;
}

export const ytkApiRef = createApiRef<YtkApi>({ id: 'plugin.ytk.api' });

/** How an endpoint is written in an explain query string. */
export function explainEndpoint(e: EndpointView): ExplainEndpoint {
  if ('workload' in e) return e.workload;
  if ('entity' in e) return `entity:${e.entity}`;
  return `cidr:${e.cidr}`;
}
