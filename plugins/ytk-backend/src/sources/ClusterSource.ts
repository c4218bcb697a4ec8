import type { ClusterHealth, ClusterSnapshot } from '@ytknetwork/common';
import type { InputProblem } from './inputProblems';

/** Per-cluster health as the API reports it. */
export interface SourceHealth extends ClusterHealth {
  state: 'connected' | 'stale' | 'failed' | 'unknown';
  unavailableKinds: string[];
}

/**
 * Where one cluster's objects come from (the API server or a directory).
 * A source pushes a complete snapshot whenever its view changes; after a
 * failure it keeps quiet and reports it through health(), so the overlay
 * keeps the last good snapshot, marked stale.
 */
export interface ClusterSource {
  readonly name: string;
  start(onSnapshot: (snapshot: ClusterSnapshot) => void): Promise<void>;
  stop(): Promise<void>;
  health(): SourceHealth;
  /**
   * Located decode problems of the objects in the last snapshot (docs/ingestion.md).
   * Optional: a source that decodes nothing itself has none.
   */
  inputProblems?(): InputProblem[];
}
