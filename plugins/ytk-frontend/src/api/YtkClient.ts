import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ConnectivityGraph,
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
  ConnectivityOptions,
  EntityKey,
  ExplainEndpoint,
  FlowQuery,
  PolicyKey,
  YtkApi,
  YtkScope,
} from './YtkApi';
import type { PolicyFinding } from './findings';
import type { InputProblemsResponse, YtkClusterView } from './inputProblems';
import type {
  PeeringAction,
  PeeringDetail,
  PeeringListView,
  PeeringPreview,
  PeeringRecord,
  PeeringRequestInput,
  PeeringSummary,
} from './peering';

/** YtkApi over HTTP: discovery finds the backend, fetchApi adds the user's token. */
export class YtkClient implements YtkApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getClusters(): Promise<YtkClusterView[]> {
    return this.request('/clusters');
  }

  async getInputProblems(
    cluster: string,
    options: { severity?: ProblemSeverity } = {},
  ): Promise<InputProblemsResponse> {
    return this.request(
      `/clusters/${encodeURIComponent(cluster)}/input-problems${query({ severity: options.severity })}`,
    );
  }

  async getTeams(): Promise<TeamView[]> {
    return this.request('/teams');
  }

  async getTeamOverview(team: string): Promise<TeamOverview> {
    return this.request(`/teams/${encodeURIComponent(team)}/overview`);
  }

  async getConnectivity(
    scope: YtkScope = {},
    options: ConnectivityOptions = {},
  ): Promise<ConnectivityGraph> {
    const params = {
      ...scope,
      aggregate: options.aggregate ?? 'auto',
      expand: options.expand?.join(','),
    };
    return this.request(`/connectivity${query(params)}`);
  }

  async getEntityNetwork(entity: EntityKey): Promise<EntityNetwork> {
    return this.request(`/entities/${entityPath(entity)}/network`);
  }

  async getTeamPosture(team: string): Promise<TeamPosture> {
    return this.request(`/teams/${encodeURIComponent(team)}/posture`);
  }

  async getTeamPostureHistory(
    team: string,
    options: { limit?: number } = {},
  ): Promise<PostureHistory> {
    return this.request(
      `/teams/${encodeURIComponent(team)}/posture/history${query({ limit: options.limit?.toString() })}`,
    );
  }

  async getEntityPosture(entity: EntityKey): Promise<EntityPosture> {
    return this.request(`/entities/${entityPath(entity)}/posture`);
  }

  async getTeamFlows(
    team: string,
    options: FlowQuery = {},
  ): Promise<TeamFlowsResponse> {
    return this.request(
      `/teams/${encodeURIComponent(team)}/flows${flowQuery(options)}`,
    );
  }

  async getEntityDrops(
    entity: EntityKey,
    options: FlowQuery = {},
  ): Promise<EntityDropsResponse> {
    return this.request(
      `/entities/${entityPath(entity)}/drops${flowQuery(options)}`,
    );
  }

  async explainFlow(q: {
    from: ExplainEndpoint;
    to: ExplainEndpoint;
    port: string;
  }): Promise<ExplainResponse> {
    return this.request(`/flows/explain${query(q)}`);
  }

  async getPolicies(
    scope: YtkScope = {},
  ): Promise<{ policies: PolicySummary[] }> {
    // The backend answers a bare PolicySummary[] (openapi.yaml); the page expects it wrapped.
    const body = await this.request<
      PolicySummary[] | { policies: PolicySummary[] }
    >(`/policies${query({ ...scope })}`);
    return Array.isArray(body) ? { policies: body } : body;
  }

  async getPolicy(key: PolicyKey): Promise<PolicyDetail> {
    const path = [key.cluster, key.namespace, key.kind, key.name]
      .map(encodeURIComponent)
      .join('/');
    return this.request(`/policies/${path}`);
  }

  async lint(body: { text: string; uri?: string }): Promise<LintResponse> {
    return this.request('/lint', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async getFindings(
    scope: YtkScope = {},
  ): Promise<{ findings: PolicyFinding[] }> {
    return this.request(`/findings${query({ ...scope })}`);
  }

  async listPeering(view: PeeringListView): Promise<PeeringSummary[]> {
    return this.request(`/peering${query({ view })}`);
  }

  async getPeering(id: string): Promise<PeeringDetail> {
    return this.request(`/peering/${encodeURIComponent(id)}`);
  }

  async previewPeering(body: PeeringRequestInput): Promise<PeeringPreview> {
    return this.request('/peering/preview', jsonPost(body));
  }

  async createPeering(body: PeeringRequestInput): Promise<PeeringRecord> {
    return this.request('/peering', jsonPost(body));
  }

  async actOnPeering(
    id: string,
    action: PeeringAction,
    body: { comment?: string; version?: number } = {},
  ): Promise<PeeringRecord> {
    return this.request(
      `/peering/${encodeURIComponent(id)}/${action}`,
      jsonPost(body),
    );
  }

  /**
   * Identical GETs in flight share one response: the Network page's panels ask for the same
   * (possibly large) graph at the same moment. Callers treat the parsed body as read-only.
   */
  private readonly inflight = new Map<string, Promise<unknown>>();

  private request<T>(path: string, init?: RequestInit): Promise<T> {
    if (init) return this.fetchJson<T>(path, init);
    let pending = this.inflight.get(path);
    if (!pending) {
      pending = this.fetchJson<T>(path).finally(() =>
        this.inflight.delete(path),
      );
      this.inflight.set(path, pending);
    }
    return pending as Promise<T>;
  }

  private async fetchJson<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('ytk');
    const response = await this.fetchApi.fetch(`${base}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(e: EntityKey): string {
  return [e.kind, e.namespace, e.name].map(encodeURIComponent).join('/');
}

function jsonPost(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

function flowQuery(o: FlowQuery): string {
  return query({ window: o.window, limit: o.limit?.toString() });
}

/** `?a=1&b=2` from the defined, non-empty values; empty string when none. */
function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, value);
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
