import type { Workload } from '../model';

/*
 * Which workloads a Backstage catalog entity owns, from the Kubernetes plugin's standard
 * annotations. One implementation for the backend (catalog → teams) and the CLI
 * (`ytk posture --team-from-catalog`), so both draw a team's boundary the same way.
 */

/** The Kubernetes plugin's standard annotations. */
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';
export const KUBERNETES_CLUSTER = 'backstage.io/kubernetes-cluster';

/** One term of an equality-based label selector. */
export type SelectorRequirement =
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'exists' | '!exists' };

/** Parses the equality-based label selector syntax (`app=x,tier!=db,canary,!legacy`). */
export function parseEqualityLabelSelector(
  text: string,
): SelectorRequirement[] | undefined {
  const out: SelectorRequirement[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (m) {
      out.push({ key: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] });
    } else if (/^![^=!\s]+$/.test(part)) {
      out.push({ key: part.slice(1), op: '!exists' });
    } else if (/^[^=!\s]+$/.test(part)) {
      out.push({ key: part, op: 'exists' });
    } else {
      return undefined; // set-based syntax is not supported: match nothing
    }
  }
  return out;
}

function matchRequirements(
  reqs: SelectorRequirement[],
  labels: Record<string, string>,
): boolean {
  return reqs.every(r => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case '=':
        return has && labels[r.key] === r.value;
      case '!=':
        return !has || labels[r.key] !== r.value;
      case 'exists':
        return has;
      default:
        return !has;
    }
  });
}

/**
 * Does a catalog entity with these annotations own this workload? Needs an id or a
 * label selector; namespace and cluster annotations narrow the match.
 */
export function entityMatchesWorkload(
  annotations: Record<string, string>,
  workload: Workload,
): boolean {
  const id = annotations[KUBERNETES_ID];
  const selector = annotations[KUBERNETES_LABEL_SELECTOR];
  if (!id && !selector) return false;
  const ns = annotations[KUBERNETES_NAMESPACE];
  if (ns && ns !== workload.namespace) return false;
  const cluster = annotations[KUBERNETES_CLUSTER];
  if (cluster && cluster !== workload.cluster) return false;
  if (selector) {
    const reqs = parseEqualityLabelSelector(selector);
    if (!reqs || reqs.length === 0) return false;
    return matchRequirements(reqs, workload.labels);
  }
  return (
    workload.labels[KUBERNETES_ID] === id ||
    workload.annotations[KUBERNETES_ID] === id
  );
}
