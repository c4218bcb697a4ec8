import type {
  ClusterView,
  FieldPath,
  FlowSourceHealth,
  ProblemSeverity,
} from '@ytknetwork/common';

/**
 * A located decode problem from GET /clusters/:cluster/input-problems: what the editor shows as a
 * diagnostic for the same file. `file` (manifests source) is relative to the cluster's directory,
 * with 1-based `line`/`column`; a live cluster's problem has no file, only the `object`.
 */
export interface InputProblem {
  code: string;
  severity: ProblemSeverity;
  message: string;
  path: FieldPath;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  object?: { kind: string; namespace?: string; name: string };
}

export interface InputProblemsResponse {
  cluster: string;
  /** Problems the caller may see, before the cap. */
  total: number;
  truncated: boolean;
  problems: InputProblem[];
}

/** Counts of the input problems the caller may see (the same scoping as the list). */
export interface InputProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * GET /clusters: a ClusterView with its input problem counts and the health of its observed-flows
 * source (both absent from older backends).
 */
export type YtkClusterView = ClusterView & {
  inputProblems?: InputProblemCounts;
  flows?: FlowSourceHealth;
};
