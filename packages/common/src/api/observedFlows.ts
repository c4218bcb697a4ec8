/*
 * Response shapes of the backend's observed-flows routes (docs/backend.md, docs/observed-flows.md):
 * GET /teams/:team/flows, GET /entities/:kind/:namespace/:name/drops and the `flows` health of
 * GET /clusters. Shared here so the frontend's client and the backend agree.
 */
import type { DecidingRule, Endpoint, PortSpec, SideOutcome } from '../model';
import type {
  FlowClassification,
  UnexpectedCause,
} from '../observed/attribute';

/**
 * Where a cluster's observed flows stand: `connected` (streaming from Hubble Relay),
 * `connecting` (first attempt under way), `reconnecting` (the relay failed; `lastError` says why,
 * `nextRetryAt` when), `recorded` (replayed from a file), `disabled` (`enabled: false`), `none`
 * (no `hubble` configured).
 */
export type FlowSourceState =
  | 'connected'
  | 'connecting'
  | 'reconnecting'
  | 'recorded'
  | 'disabled'
  | 'none';

export interface FlowSourceHealth {
  state: FlowSourceState;
  source: 'relay' | 'recorded' | 'none';
  /** Flows received from the source since the backend started (replies included). */
  flowsSeen: number;
  /** Flows dropped because aggregation fell behind (the bounded queue was full). */
  droppedForBackpressure: number;
  /** Time (ISO) of the latest flow received. */
  lastFlowTime?: string;
  /** When the current stream was established (relay). */
  connectedSince?: string;
  lastError?: string;
  /** When the source last failed (ISO). */
  lastErrorAt?: string;
  /** Consecutive failed attempts since the last successful connection. */
  attempts: number;
  /** When the next reconnect is due (ISO), while reconnecting. */
  nextRetryAt?: string;
  /** Hubble's version from Observer.ServerStatus. */
  hubbleVersion?: string;
  /**
   * Another backend instance streams this cluster (one instance per cluster holds its relay
   * lease); the health is the one that instance last stored (at most a lease period old).
   */
  standby?: boolean;
  /** Recorded source: lines of the file that are not flows (see GET /clusters/:cluster/input-problems). */
  inputProblems?: number;
}

/** One side of an observed edge as the policies decide it. */
export interface ObservedEdgeSide {
  direction: 'egress' | 'ingress';
  outcome: SideOutcome;
  /** Deciding rules, each with its policy and source location (file, line); unreadable policies redacted. */
  rules: DecidingRule[];
}

/** An aggregate of observed flows between two ends, on one port, with one verdict. */
export interface ObservedEdge {
  /** The cluster whose Hubble reported it. */
  cluster: string;
  /** Endpoint keys: a workload ref, `entity:<name>`, `cidr:<ip>/32`, or `unknown:<cluster>/<namespace>/<name>`. */
  source: string;
  destination: string;
  protocol: string;
  port: number;
  /** Hubble verdict: FORWARDED, DROPPED, AUDIT. */
  verdict: string;
  dropReason?: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  classification: FlowClassification;
  cause?: UnexpectedCause;
  causes?: UnexpectedCause[];
  /** Forwarded in audit mode although the policies drop it. */
  audit?: boolean;
  reason: string;
  /** The sides that decided: the dropping side of a drop, the allowing sides of an allow. */
  decidedBy: ObservedEdgeSide[];
}

/** An allowed path of an allow rule that carried no forwarded flow in the window. */
export interface UnusedAllowedPath {
  rule: DecidingRule;
  from: Endpoint;
  to: Endpoint;
  ports: PortSpec;
}

export interface FlowWindowView {
  /** The query's window, e.g. `24h`. */
  window: string;
  from: string;
  to: string;
}

/** GET /teams/:team/flows: the team's observed traffic in the window (either end is the team's). */
export interface TeamFlowsResponse {
  team: string;
  window: FlowWindowView;
  overlayVersion: number;
  /** Forwarded (and audit) edges, most flows first. */
  observed: ObservedEdge[];
  /** Dropped attempts, most flows first. */
  dropped: ObservedEdge[];
  /** Allowed paths of the team's allow rules with no observed forwarded flow: tightening candidates. */
  unused: UnusedAllowedPath[];
  /** More edges matched than the route returns (the first `limit` of each list are returned). */
  truncated: boolean;
  /** Per cluster: where its flows come from, so an empty list can be told from no data. */
  sources: Array<{ cluster: string; state: FlowSourceState }>;
}

/** GET /entities/:kind/:namespace/:name/drops: dropped attempts to or from the entity's workloads. */
export interface EntityDropsResponse {
  entityRef: string;
  window: FlowWindowView;
  drops: ObservedEdge[];
  truncated: boolean;
}
