import {
  parseWorkloadRef,
  type Endpoint,
  type PortSpec,
} from '@ytknetwork/common';

/** The public JSON shape of an endpoint (README: "JSON output"). */
export type JsonEndpoint =
  | { cluster: string; namespace: string; kind: string; name: string }
  | { entity: string; cluster?: string }
  | { cidr: string };

export function toJsonEndpoint(e: Endpoint): JsonEndpoint {
  if ('workload' in e) {
    const ref = parseWorkloadRef(e.workload);
    // The engine only builds well-formed refs; a malformed one is a bug, not user input.
    if (!ref) throw new Error(`malformed workload reference ${e.workload}`);
    const { cluster, namespace, kind, name } = ref;
    return { cluster, namespace, kind, name };
  }
  if ('entity' in e)
    return e.cluster
      ? { entity: e.entity, cluster: e.cluster }
      : { entity: e.entity };
  return { cidr: e.cidr };
}

export function endpointLabel(e: Endpoint): string {
  if ('workload' in e) return e.workload;
  if ('entity' in e) return e.cluster ? `${e.cluster}:${e.entity}` : e.entity;
  return e.cidr;
}

export function portsLabel(ports: PortSpec): string {
  if (ports === 'all') return 'all';
  if (ports.length === 0) return 'none';
  return ports
    .map(p => {
      if (p.port === undefined) return `${p.protocol}/*`;
      if (p.endPort !== undefined && p.endPort !== p.port)
        return `${p.protocol}/${p.port}-${p.endPort}`;
      return `${p.protocol}/${p.port}`;
    })
    .join(',');
}

/** The public JSON shape of a port list: `port` absent = every port of that protocol. */
export function toJsonPorts(ports: PortSpec) {
  if (ports === 'all') return 'all' as const;
  return ports.map(p => ({
    protocol: p.protocol,
    ...(p.port !== undefined ? { port: p.port } : {}),
    ...(p.endPort !== undefined && p.endPort !== p.port
      ? { endPort: p.endPort }
      : {}),
  }));
}
