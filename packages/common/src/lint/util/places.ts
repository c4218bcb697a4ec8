/** Items grouped by the cluster and by the namespace of the workload each stands for, in order. */
export interface Places<T> {
  clusters: Map<string, T[]>;
  namespaces: Map<string, T[]>;
}

interface Place {
  cluster: string;
  namespace: string;
}

const namespaceKey = (cluster: string, namespace: string) =>
  `${cluster}\u0000${namespace}`;

/** `items` by place; an item `placeOf` has none for is in no group. */
export function groupByPlace<T>(
  items: Iterable<T>,
  placeOf: (item: T) => Place | undefined,
): Places<T> {
  const places: Places<T> = { clusters: new Map(), namespaces: new Map() };
  const add = (m: Map<string, T[]>, key: string, item: T) => {
    const list = m.get(key);
    if (list) list.push(item);
    else m.set(key, [item]);
  };
  for (const item of items) {
    const p = placeOf(item);
    if (!p) continue;
    add(places.clusters, p.cluster, item);
    add(places.namespaces, namespaceKey(p.cluster, p.namespace), item);
  }
  return places;
}

export function inCluster<T>(places: Places<T>, cluster: string): T[] {
  return places.clusters.get(cluster) ?? [];
}

export function inNamespace<T>(
  places: Places<T>,
  cluster: string,
  namespace: string,
): T[] {
  return places.namespaces.get(namespaceKey(cluster, namespace)) ?? [];
}
