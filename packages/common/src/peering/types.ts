import type { Protocol, PolicyObject } from '../model/kube';
import type { ConnectivityDiff } from '../model/flow';
import type { WorkloadRef } from '../model/overlay';

/** What a team asks for: one of its workloads may call a workload or service. */
export interface PeeringRequestInput {
  from: WorkloadRef;
  /** A workload ref, or a service as `cluster/namespace/name`. */
  to: { workload: WorkloadRef } | { service: string };
  ports: Array<{ protocol: Protocol; port: number; endPort?: number }>;
  reason: string;
  /** ISO 8601 date-time after which the access should be removed. */
  expiresAt?: string;
}

export interface PeeringValidationError {
  /** Field path in the request, e.g. `ports[0].port`. */
  field: string;
  message: string;
}

/** A validated request with its target resolved to workloads. */
export interface ResolvedPeeringRequest extends PeeringRequestInput {
  targets: WorkloadRef[];
}

export interface GeneratedPolicy {
  cluster: string;
  namespace: string;
  /** Which side of the flow the policy opens. */
  side: 'egress' | 'ingress';
  object: PolicyObject;
}

export interface GeneratedPeering {
  policies: GeneratedPolicy[];
  /** All policies as one multi-document YAML, cluster by cluster. */
  yaml: string;
  /** What applying them changes: exactly the requested flows, proven by verifyPeering. */
  diff: ConnectivityDiff;
}

export const PEERING_MANAGED_BY = 'ytk';
export const PEERING_REQUEST_LABEL = 'ytk.io/peering-request';
export const MAX_REASON_LENGTH = 2000;

/**
 * Where a peering request stands (the REST API's `state`): requested → approved | rejected |
 * cancelled; approved → applied | failed; requested | approved | applied → expired.
 */
export type PeeringState =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'applied'
  | 'failed'
  | 'expired';
