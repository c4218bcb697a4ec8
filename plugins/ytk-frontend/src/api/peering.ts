/*
 * Response shapes of the backend's /peering API (docs/peering.md; PeeringRecord and AuditEntry in
 * plugins/ytk-backend/src/peering/store.ts). Mirrored here because the backend keeps them in its own
 * package; the request body is the engine's PeeringRequestInput.
 */
import type {
  ConnectivityDiff,
  PeeringState,
  PeeringRequestInput,
  WorkloadRef,
} from '@ytknetwork/common';

export type { PeeringState };

export type PeeringAction = 'approve' | 'reject' | 'cancel' | 'apply';

/** mine: made by me or my teams; incoming: targets my teams own; all: admins. */
export type PeeringListView = 'mine' | 'incoming' | 'all';

/** A list row (GET /peering): the record without its generated YAML, policies and diff. */
export interface PeeringSummary extends PeeringRequestInput {
  id: string;
  targets: WorkloadRef[];
  requester: string;
  requesterTeam?: string;
  targetTeam?: string;
  state: PeeringState;
  /** Compare-and-set version: sent back with an action so a stale view is a 409. */
  version: number;
  applyResult?: {
    mode: string;
    ok: boolean;
    at: string;
    yaml?: string;
    error?: string;
  };
  verifiedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** A stored request (POST /peering and the actions answer with it). */
export interface PeeringRecord extends PeeringSummary {
  generatedYaml: string;
  diff: ConnectivityDiff;
}

export interface PeeringAuditEntry {
  id: number;
  actor: string;
  action: PeeringAction | 'create' | 'expire';
  at: string;
  beforeState?: PeeringState;
  afterState: PeeringState;
  comment?: string;
}

/** POST /peering/preview: what create would store (policies named "preview"), nothing stored. */
export interface PeeringPreview extends PeeringRequestInput {
  targets: WorkloadRef[];
  requesterTeam?: string;
  targetTeam?: string;
  generatedYaml: string;
  diff: ConnectivityDiff;
  verification: { ok: true; overlayVersion: number };
}

/** GET /peering/:id: the record, its audit trail and what the caller may do now. */
export interface PeeringDetail extends PeeringRecord {
  audit: PeeringAuditEntry[];
  allowedActions: PeeringAction[];
}

export type { PeeringRequestInput };
