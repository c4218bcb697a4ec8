import type { SourceLocation } from '../model';

/** Outcome of one requirement at one trust boundary. */
export type PostureStatus = 'met' | 'partly' | 'not met' | 'unknown';

/** STRIDE threat categories (residual risk is reported per category). */
export type Stride =
  | 'spoofing'
  | 'tampering'
  | 'repudiation'
  | 'information-disclosure'
  | 'denial-of-service'
  | 'elevation-of-privilege';

/** The kind of trust boundary a requirement is assessed at. */
export type BoundaryKind = 'cluster' | 'namespace' | 'workload' | 'mesh';

/** One requirement of the catalogue: a public contract like the lint rule catalogue. */
export interface PostureRequirement {
  /** Stable id, e.g. `PR01`; never reused. */
  id: string;
  /** Stable kebab-case slug. */
  slug: string;
  title: string;
  /** What must hold, in one sentence. */
  statement: string;
  /** Boundary kind the requirement is assessed at. */
  boundary: BoundaryKind;
  /** STRIDE categories left open when the requirement does not hold. */
  stride: Stride[];
  /** The design text it is traced to (document and section, quoted). */
  source: { document: string; section: string; quote: string };
  /** Lint rule ids whose findings are evidence for it. */
  lintRules: string[];
  /** What to do when it is not met. */
  remedy: string;
}

export type EvidenceKind =
  'policy' | 'finding' | 'cilium-config' | 'spire' | 'connection' | 'workload';

/** One fact behind a status. */
export interface PostureEvidence {
  kind: EvidenceKind;
  /** What the fact is, in words. */
  text: string;
  /** Policy id, rule id, config key, SPIFFE ID … */
  ref?: string;
  location?: SourceLocation;
}

/** One requirement at one boundary. */
export interface PostureResult {
  requirement: string;
  /** `cluster`, `cluster/namespace`, a WorkloadRef, or `mesh`. */
  boundary: string;
  boundaryKind: BoundaryKind;
  status: PostureStatus;
  summary: string;
  evidence: PostureEvidence[];
}

/** Residual risk of one STRIDE category: the requirements that leave it open. */
export interface ResidualRisk {
  stride: Stride;
  /** Worst status of the requirements mapped to this category (met when none is open). */
  status: PostureStatus;
  /** Requirement ids with a `not met` / `partly` / `unknown` result for this category. */
  open: string[];
  /** Boundaries where it is open. */
  boundaries: string[];
}

/** Which workloads an assessment covers (a team's, or everything). */
export interface PostureScope {
  /** Display name of the scope, e.g. a team. */
  name?: string;
  clusters?: string[];
  namespaces?: string[];
  workloads?: string[];
}

export interface PostureReport {
  /** Version of the requirement catalogue. */
  catalogueVersion: string;
  overlayVersion: number;
  scope: PostureScope;
  results: PostureResult[];
  /** Per requirement: the worst status over its boundaries. */
  summary: Array<{ requirement: string; status: PostureStatus }>;
  residualRisk: ResidualRisk[];
}
