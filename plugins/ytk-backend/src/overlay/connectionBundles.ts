import type { ConnectionBundle } from '@ytknetwork/common';
import {
  AUTH_REQUIRED,
  CROSS_CLUSTER,
  EFFECTIVE,
  type CompactConnectivity,
} from './compactConnectivity';

/** The API's ConnectionBundle before views: `sample` is the first connection's position. */
export type Bundle = Omit<ConnectionBundle, 'sample'> & { sample: number };

/**
 * Bundles connections by the nodes their ends are drawn as (`drawnAs`, asked once per
 * endpoint): e.g. every workload of a collapsed namespace as the namespace. Bundles come
 * in order of their first connection; `positions` must be ascending for a stable sample.
 */
export function bundleConnections(
  compact: CompactConnectivity,
  positions: readonly number[],
  drawnAs: (endpoint: number) => string,
): Bundle[] {
  const endpoints = compact.endpoints.length;
  // Endpoint → drawn node number, filled lazily (-1: not asked yet).
  const drawn = new Int32Array(endpoints).fill(-1);
  const names: string[] = [];
  const numberOf = new Map<string, number>();
  const node = (e: number) => {
    let d = drawn[e];
    if (d < 0) {
      const name = drawnAs(e);
      d = numberOf.get(name) ?? -1;
      if (d < 0) {
        d = names.length;
        numberOf.set(name, d);
        names.push(name);
      }
      drawn[e] = d;
    }
    return d;
  };
  // At most one drawn node per endpoint: `from * endpoints + to` is a unique number.
  const byPair = new Map<number, Bundle>();
  for (const i of positions) {
    const f = node(compact.from[i]);
    const t = node(compact.to[i]);
    const key = f * endpoints + t;
    let b = byPair.get(key);
    if (!b) {
      b = {
        from: names[f],
        to: names[t],
        count: 0,
        dropped: 0,
        crossCluster: 0,
        authRequired: 0,
        sample: i,
      };
      byPair.set(key, b);
    }
    const flags = compact.flags[i];
    b.count++;
    if (!(flags & EFFECTIVE)) b.dropped++;
    if (flags & CROSS_CLUSTER) b.crossCluster++;
    if (flags & AUTH_REQUIRED) b.authRequired++;
  }
  return [...byPair.values()];
}
