import {
  annotateIstio,
  computeConnectivity,
  type Connectivity,
  type Overlay,
  type WorkloadRef,
} from '@ytknetwork/common';
import { policySubjects } from './policySubjects';

/**
 * What the routes derive from one overlay version before they can answer: its connectivity
 * (with Istio's posture per destination) and the workloads each policy selects. Plain data, so
 * a worker can compute it and send it back (structured clone).
 */
export interface DerivedViews {
  version: number;
  connectivity: Connectivity;
  subjects: Map<string, WorkloadRef[]>;
}

export function connectivityOf(overlay: Overlay): Connectivity {
  const c = computeConnectivity(overlay);
  return { ...c, connections: annotateIstio(overlay, c.connections) };
}

export function deriveViews(overlay: Overlay): DerivedViews {
  return {
    version: overlay.version,
    connectivity: connectivityOf(overlay),
    subjects: policySubjects(overlay.clusters),
  };
}
