import {
  annotateIstio,
  computeConnectivity,
  type Connectivity,
  type Overlay,
  type WorkloadRef,
} from '@ytknetwork/common';
import {
  compactConnectivity,
  type CompactConnectivity,
} from './compactConnectivity';
import { indexConnections, type ConnectionIndex } from './connectionIndex';
import { policySubjects } from './policySubjects';

/**
 * What the routes derive from one overlay version before they can answer: its connectivity
 * (with Istio's posture per destination), its compact form and index by workload, and the
 * workloads each policy selects. Plain data, so a worker can compute it and send it back
 * (structured clone; the typed arrays are transferred, see `transferables`).
 */
export interface DerivedViews {
  version: number;
  connectivity: Connectivity;
  compact: CompactConnectivity;
  index: ConnectionIndex;
  subjects: Map<string, WorkloadRef[]>;
}

export function connectivityOf(overlay: Overlay): Connectivity {
  const c = computeConnectivity(overlay);
  return { ...c, connections: annotateIstio(overlay, c.connections) };
}

export function deriveViews(overlay: Overlay): DerivedViews {
  const connectivity = connectivityOf(overlay);
  const compact = compactConnectivity(connectivity.connections);
  return {
    version: overlay.version,
    connectivity,
    compact,
    index: indexConnections(compact),
    subjects: policySubjects(overlay.clusters),
  };
}

/** The buffers of a version's views that can move to another thread instead of being copied. */
export function transferables(views: DerivedViews): ArrayBuffer[] {
  const { compact, index } = views;
  return [
    compact.from,
    compact.to,
    compact.flags,
    index.offsets,
    index.positions,
  ].map(a => a.buffer as ArrayBuffer);
}
