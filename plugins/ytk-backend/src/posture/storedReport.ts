import {
  assessPosture,
  type Finding,
  type Overlay,
  type WorkloadRef,
} from '@ytknetwork/common';
import { boundEvidence, type StoredPostureReport } from './postureView';

/**
 * Evidence kept per result of a stored report: a large team's mesh result rests on 100,000
 * connections (tens of MB per report); answers carry at most MAX_EVIDENCE of them anyway, this
 * leaves room for the ones a caller may not read.
 */
export const STORED_EVIDENCE = 500;

/** A posture scope: a team's or an entity's workloads. */
export interface PostureScope {
  name: string;
  workloads: WorkloadRef[];
}

/**
 * The posture report of a scope over `overlay` with `findings` as evidence, each result's
 * evidence bounded as the backend keeps it. Plain data: the lint worker computes it too.
 */
export function storedPostureReport(
  overlay: Overlay,
  scope: PostureScope,
  findings: Finding[],
): StoredPostureReport {
  const report = assessPosture(overlay, scope, { findings });
  return {
    ...report,
    results: report.results.map(r => {
      const { kept, left } = boundEvidence(r.evidence, STORED_EVIDENCE);
      return left ? { ...r, evidence: kept, moreEvidence: left } : r;
    }),
  };
}
