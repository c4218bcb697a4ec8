import type { FieldPath, Range, SourceLocation } from './source';
import type { KubeObject, UnknownObject } from './kube';

/**
 * One YAML/JSON document (or one item of a `List`) with its source map.
 * `value` is plain data (no YAML nodes); `rangeOf` maps a field path to the
 * range of that node's value (or of the nearest existing ancestor).
 */
export interface SourceDocument {
  uri: string;
  /** Index of the document in the file (a List's items share their document's index). */
  index: number;
  /** For an item unwrapped from a `List`, its index in `items`. */
  listItem?: number;
  /** For a List item: the list's `kind` and `apiVersion` (items of API list responses omit their own). */
  listKind?: string;
  listApiVersion?: string;
  value: unknown;
  /** Range of the whole document (or list item). */
  range: Range;
  /** Full text of the file the document came from (for fixes and snippets). */
  text: string;
  rangeOf(path: FieldPath): Range;
  /** Range of the key of a mapping entry (for "unknown field" findings); falls back to rangeOf. */
  keyRangeOf(path: FieldPath): Range;
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** A parse or decode problem, always located. */
export interface DecodeProblem {
  /** e.g. 'yaml-syntax', 'yaml-limit', 'unknown-field', 'invalid-type', 'invalid-value', 'missing-field', 'unknown-kind', 'invalid-combination' */
  code: string;
  severity: ProblemSeverity;
  message: string;
  uri: string;
  range: Range;
  path: FieldPath;
}

/** A decoded object with where it came from. */
export interface DecodedResource<
  T extends KubeObject | UnknownObject = KubeObject,
> {
  object: T;
  /** True when the kind is not one ytk models (object is then UnknownObject). */
  unknownKind?: boolean;
  /**
   * Set on a policy whose meaning a decode error changes (the reason): the engine leaves it
   * out of evaluation and results say so. Lint and the editor still see it.
   */
  ignored?: string;
  source?: SourceLocation;
  document?: SourceDocument;
}

export interface DecodeResult {
  resources: DecodedResource<KubeObject | UnknownObject>[];
  problems: DecodeProblem[];
}
