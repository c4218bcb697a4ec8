import type {
  Connection,
  Connectivity,
  ConnectivityDiff,
  Endpoint,
} from '../model';

/** Stable key of an endpoint: the workload ref, `entity:<name>[@cluster]` or `cidr:<cidr>`. */
export function endpointKey(e: Endpoint): string {
  if ('workload' in e) return e.workload;
  if ('entity' in e)
    return `entity:${e.entity}${e.cluster ? `@${e.cluster}` : ''}`;
  return `cidr:${e.cidr}`;
}

const pairKey = (c: Connection) =>
  `${endpointKey(c.from)}\u0000${endpointKey(c.to)}`;
const valueKey = (c: Connection) =>
  JSON.stringify([
    c.ports,
    !!c.authRequired,
    c.authDropped ?? null,
    c.crossCluster,
    // Present only where the destination's cluster has Istio objects (annotateIstio).
    c.istio ?? null,
  ]);

/** Added, removed and changed (same pair, different ports, auth or Istio posture) connections. */
export function diffConnectivity(
  before: Connectivity,
  after: Connectivity,
): ConnectivityDiff {
  const b = new Map(before.connections.map(c => [pairKey(c), c]));
  const a = new Map(after.connections.map(c => [pairKey(c), c]));
  const diff: ConnectivityDiff = { added: [], removed: [], changed: [] };
  for (const [k, c] of a) {
    const old = b.get(k);
    if (!old) diff.added.push(c);
    else if (valueKey(old) !== valueKey(c))
      diff.changed.push({ before: old, after: c });
  }
  for (const [k, c] of b) if (!a.has(k)) diff.removed.push(c);
  return diff;
}
