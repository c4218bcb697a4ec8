/*
 * The ingestion policy shared by every face (CLI, backend sources, editor, lint --context).
 *
 * Real inputs — `kubectl get -o yaml` dumps, trimmed dumps, Helm output, repository folders —
 * are full of things the API server would reject or that are not Kubernetes objects at all.
 * Refusing the whole run over a container without a `name` helps nobody, so each decode
 * problem is judged by what it can change:
 *
 * - a field network semantics never read (container name and image, status, managedFields,
 *   annotations, ownerReference details, unknown fields of non-policy objects) → warning,
 *   the object is used;
 * - a problem inside a policy's rules (selector, port, CIDR, unknown rule field) → error,
 *   the policy is left out of evaluation and every result says so;
 * - anything else keeps its severity.
 *
 * Non-Kubernetes documents are skipped in decode.ts with an `info` note ('not-kubernetes').
 */
import type { DecodeProblem } from '../model/document';
import type { FieldPath } from '../model/source';

export const POLICY_KINDS: ReadonlySet<string> = new Set([
  'NetworkPolicy',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'CalicoNetworkPolicy',
  'GlobalNetworkPolicy',
  'PeerAuthentication',
  'AuthorizationPolicy',
]);

/** metadata fields nothing in the engine reads for network meaning. */
const INERT_METADATA = new Set([
  'managedFields',
  'annotations',
  'ownerReferences',
  'finalizers',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'resourceVersion',
  'selfLink',
  'uid',
  'generateName',
]);

/** Pod-spec containers: only `ports[].containerPort` and `protocol` (and the name) matter. */
function isInertContainerField(path: FieldPath, at: number): boolean {
  // path[at] is 'containers' | 'initContainers', path[at + 1] the index
  const field = path[at + 2];
  if (field === undefined) return false; // the container itself is malformed
  if (field !== 'ports') return true; // name, image, resources, env, probes, …
  const portField = path[at + 4];
  // A port without containerPort (or with an invalid one) cannot be matched: it is
  // dropped by the overlay, the pod is kept. hostPort never matters for policy.
  return (
    portField === undefined ||
    portField === 'containerPort' ||
    portField === 'hostPort' ||
    portField === 'name'
  );
}

/** True when a problem at `path` cannot change what a workload, service or namespace means. */
export function isInertPath(kind: string, path: FieldPath): boolean {
  if (path.length === 0) return false;
  if (path[0] === 'status') return true;
  if (path[0] === 'metadata')
    return typeof path[1] === 'string' && INERT_METADATA.has(path[1]);
  if (POLICY_KINDS.has(kind)) return false;
  const c = path.findIndex(p => p === 'containers' || p === 'initContainers');
  // A missing or malformed container list only means no declared ports.
  if (c >= 0 && path.length <= c + 1) return true;
  if (c >= 0) return path.length > c + 2 && isInertContainerField(path, c);
  return false;
}

/** Why a problem was downgraded (appended to its message, so every face shows it). */
const INERT_NOTE =
  'ytk does not read this field for network policy; object used';

export interface IngestionVerdict {
  problems: DecodeProblem[];
  /** Set when the object is a policy whose meaning an error changes: leave it out. */
  ignoredReason?: string;
}

/**
 * Applies the policy to the problems of one decoded object of a modelled kind.
 * Problems are copied, never mutated (callers may cache decode results).
 */
export function applyIngestionPolicy(
  kind: string,
  problems: DecodeProblem[],
): IngestionVerdict {
  const out: DecodeProblem[] = [];
  let ignoredReason: string | undefined;
  for (const p of problems) {
    if (p.severity !== 'error') {
      out.push(p);
      continue;
    }
    const inert =
      isInertPath(kind, p.path) ||
      // Unknown fields of workloads, services, namespaces: kubectl dumps carry many.
      (!POLICY_KINDS.has(kind) && p.code === 'unknown-field') ||
      // An older or newer apiVersion of a workload kind reads the same fields.
      (!POLICY_KINDS.has(kind) &&
        p.code === 'invalid-value' &&
        p.path.length === 1 &&
        p.path[0] === 'apiVersion');
    if (inert) {
      out.push({
        ...p,
        severity: 'warning',
        message: `${p.message} (${INERT_NOTE})`,
      });
      continue;
    }
    if (POLICY_KINDS.has(kind) && ignoredReason === undefined)
      ignoredReason = p.message;
    out.push(p);
  }
  return { problems: out, ignoredReason };
}

/** The sentence every face prints for a policy left out. */
export function ignoredPolicyMessage(name: string, reason: string): string {
  return `policy ${name} ignored (${reason}): connectivity for its subjects may differ in the cluster`;
}
