import type { LabelSelector, LabelSelectorRequirement } from '../model';

/** One requirement of a Kubernetes label selector against a plain label map (§0). */
export function matchRequirement(
  req: LabelSelectorRequirement,
  labels: Record<string, string>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && (req.values ?? []).includes(labels[req.key]);
    case 'NotIn':
      return !has || !(req.values ?? []).includes(labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // Unknown operators are rejected by the API server; match nothing (fail closed).
      return false;
  }
}

/**
 * Kubernetes LabelSelector semantics (§0): matchLabels and matchExpressions ANDed;
 * `{}` matches everything. Callers decide what a missing (undefined) selector means.
 */
export function matchLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string>,
): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v || !Object.prototype.hasOwnProperty.call(labels, k)) {
      return false;
    }
  }
  for (const req of selector.matchExpressions ?? []) {
    if (!matchRequirement(req, labels)) return false;
  }
  return true;
}

/** A plain map selector (Service.spec.selector, RC selector): every entry must match; empty matches nothing useful to services. */
export function matchMapSelector(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  for (const [k, v] of Object.entries(selector)) {
    if (labels[k] !== v) return false;
  }
  return true;
}
