import type {
  PostureEvidence,
  PostureReport,
  PostureRequirement,
  PostureResult,
  PostureStatus,
} from '../posture/types';
import type { TeamView } from './types';

/** How many requirements of a report end at each status (its summary: one per requirement). */
export interface PostureCounts {
  met: number;
  partly: number;
  notMet: number;
  unknown: number;
}

const COUNT_KEY: Record<PostureStatus, keyof PostureCounts> = {
  met: 'met',
  partly: 'partly',
  'not met': 'notMet',
  unknown: 'unknown',
};

/** Counts a report's summary (each requirement's worst status over its boundaries). */
export function postureCounts(
  summary: PostureReport['summary'],
): PostureCounts {
  const counts: PostureCounts = { met: 0, partly: 0, notMet: 0, unknown: 0 };
  for (const s of summary) counts[COUNT_KEY[s.status]]++;
  return counts;
}

/** An evidence item as the API serves it: with the policy it is or sits in, where there is one. */
export type PostureEvidenceView = PostureEvidence & {
  /** `cluster/namespace/kind/name`: the policy view to open (a policy, or the policy a finding sits in). */
  policyId?: string;
};

/** One requirement at one boundary, as the API serves it. */
export type PostureResultView = Omit<PostureResult, 'evidence'> & {
  evidence: PostureEvidenceView[];
  /** Evidence items left out: they name policies the caller may not read. */
  hiddenEvidence?: number;
  /**
   * Evidence items left out beyond the first 50 (policies and findings come first): a mesh
   * result of a large team can rest on 100,000 connections. `ytk posture --format json` lists all.
   */
  moreEvidence?: number;
};

/** A posture report as the API serves it: self-describing (its catalogue) and counted. */
export interface PostureView extends Omit<PostureReport, 'results'> {
  /** The requirement catalogue the report was assessed against. */
  requirements: PostureRequirement[];
  counts: PostureCounts;
  results: PostureResultView[];
}

/** GET /teams/:team/posture. */
export interface TeamPosture extends PostureView {
  team: TeamView;
}

/** GET /entities/:kind/:namespace/:name/posture. */
export interface EntityPosture extends PostureView {
  entityRef: string;
}

/** One stored summary: a team's posture at one overlay version. */
export interface PostureHistoryEntry {
  overlayVersion: number;
  catalogueVersion: string;
  /** When it was assessed (ISO 8601). */
  at: string;
  counts: PostureCounts;
}

/** GET /teams/:team/posture/history: newest first. */
export interface PostureHistory {
  team: TeamView;
  entries: PostureHistoryEntry[];
  /** What the backend keeps (`ytk.posture.history`). */
  retention: { maxEntries: number; maxAgeSeconds: number };
}
