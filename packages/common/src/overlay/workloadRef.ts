import type { Overlay, Workload, WorkloadRef } from '../model';

export function workloadRef(
  cluster: string,
  namespace: string,
  kind: string,
  name: string,
): WorkloadRef {
  return `${cluster}/${namespace}/${kind}/${name}`;
}

export function parseWorkloadRef(
  ref: string,
):
  | { cluster: string; namespace: string; kind: string; name: string }
  | undefined {
  const parts = ref.split('/');
  if (parts.length !== 4 || parts.some(p => p === '')) return undefined;
  const [cluster, namespace, kind, name] = parts;
  return { cluster, namespace, kind, name };
}

/** Accepts `cluster/ns/kind/name`, `ns/name` or `name`; an ambiguous short name finds nothing. */
export function findWorkload(
  overlay: Overlay,
  refOrShortName: string,
): Workload | undefined {
  const parts = refOrShortName.split('/');
  const all = overlay.clusters.flatMap(c => c.workloads);
  let found: Workload[];
  if (parts.length === 4) found = all.filter(w => w.ref === refOrShortName);
  else if (parts.length === 2)
    found = all.filter(w => w.namespace === parts[0] && w.name === parts[1]);
  else if (parts.length === 1) found = all.filter(w => w.name === parts[0]);
  else return undefined;
  return found.length === 1 ? found[0] : undefined;
}
