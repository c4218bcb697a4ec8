import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  KINDS,
  type DecodeProblem,
  type DecodedResource,
  type FieldPath,
  type KubeObject,
  type ProblemSeverity,
  type Range,
  type UnknownObject,
} from '@ytknetwork/common';

/** The object a problem sits in. */
export interface InputProblemObject {
  kind: string;
  /** Absent for a cluster-scoped object (and an unmodelled kind without one). */
  namespace?: string;
  name: string;
}

/**
 * A decode problem as the API serves it: located relative to what the source reads, never by
 * the backend's own filesystem path (`file` is relative to the manifests directory).
 */
export interface InputProblem {
  code: string;
  severity: ProblemSeverity;
  message: string;
  /** Field path inside the document, as in DecodeProblem. */
  path: FieldPath;
  /** Manifests source: the file, relative to the cluster's directory, `/`-separated. */
  file?: string;
  /** 1-based; with `file`. */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** The object the problem is inside; absent for a file-level problem (syntax error, foreign document). */
  object?: InputProblemObject;
}

type Resource = DecodedResource<KubeObject | UnknownObject>;

/** The object's kind, name and namespace as the overlay places it (a namespaced kind defaults to `default`). */
function objectOf(r: Resource): InputProblemObject {
  const o = r.object as {
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const declared =
    typeof o.metadata?.namespace === 'string' && o.metadata.namespace
      ? o.metadata.namespace
      : undefined;
  const spec = Object.prototype.hasOwnProperty.call(KINDS, kind)
    ? KINDS[kind]
    : undefined;
  // An unmodelled kind (Kustomization, CRDs): its scope is unknown, so take what it declares.
  let namespace: string | undefined;
  if (spec) namespace = spec.namespaced ? (declared ?? 'default') : undefined;
  else namespace = declared;
  return {
    kind,
    ...(namespace ? { namespace } : {}),
    name: typeof o.metadata?.name === 'string' ? o.metadata.name : '',
  };
}

const before = (a: Range['start'], b: Range['start']) =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);

const contains = (outer: Range, inner: Range) =>
  before(outer.start, inner.start) && before(inner.end, outer.end);

/** `file` relative to `dir` with `/` separators; the base name if the URI is not under it. */
function relativeFile(uri: string, dir: string): string {
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    return path.posix.basename(uri);
  }
  const rel = path.relative(dir, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel))
    return path.basename(file);
  return rel.split(path.sep).join('/');
}

/**
 * The problems of a read of manifest files, each located by file (relative to `dir`) and
 * 1-based line/column, and placed in the decoded object whose source range contains it.
 */
export function locateFileProblems(
  problems: DecodeProblem[],
  resources: Resource[],
  dir: string,
): InputProblem[] {
  const byUri = new Map<string, Resource[]>();
  for (const r of resources) {
    if (!r.source) continue;
    const list = byUri.get(r.source.uri) ?? [];
    list.push(r);
    byUri.set(r.source.uri, list);
  }
  return problems.map(p => {
    const holder = byUri
      .get(p.uri)
      ?.find(r => r.source && contains(r.source.range, p.range));
    return {
      code: p.code,
      severity: p.severity,
      message: p.message,
      path: p.path,
      file: relativeFile(p.uri, dir),
      line: p.range.start.line + 1,
      column: p.range.start.character + 1,
      endLine: p.range.end.line + 1,
      endColumn: p.range.end.character + 1,
      ...(holder ? { object: objectOf(holder) } : {}),
    };
  });
}

/**
 * The problems of one object read from the Kubernetes API: they carry no range (there is no
 * file), so they are located by the object alone.
 */
export function locateObjectProblems(
  problems: DecodeProblem[],
  resource: Resource | undefined,
  fallback: InputProblemObject,
): InputProblem[] {
  const object = resource ? objectOf(resource) : fallback;
  return problems.map(p => ({
    code: p.code,
    severity: p.severity,
    message: p.message,
    path: p.path,
    object,
  }));
}
