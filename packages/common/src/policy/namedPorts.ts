import type { Protocol, Workload } from '../model';
import type { CompiledCluster } from './compile';
import type { PortEntry, PortMatch } from './types';

/** Resolves a named port for one protocol to the numbers it stands for. */
export type NamedPortResolver = (protocol: Protocol, name: string) => number[];

const NONE: NamedPortResolver = () => [];

/**
 * Named ports resolve against the destination workload (§1.4), except Cilium <1.20
 * egress, which used the cluster-wide map and skipped names with duplicate numbers.
 */
export function namedPortResolver(
  direction: 'ingress' | 'egress',
  enforcing: CompiledCluster,
  destination: Workload | undefined,
): NamedPortResolver {
  if (
    direction === 'egress' &&
    enforcing.ctx.enforcer === 'cilium' &&
    !enforcing.ctx.v120
  ) {
    return (protocol, name) => {
      const n = enforcing.namedPorts.get(`${protocol}/${name}`);
      return typeof n === 'number' ? [n] : [];
    };
  }
  if (!destination) return NONE;
  return (protocol, name) =>
    destination.ports
      .filter(p => p.protocol === protocol && p.name?.toLowerCase() === name)
      .map(p => p.port);
}

/** Specificity of a port entry, for auth propagation: 0 one port, 1 a range, 2 every port. */
export function portTier(e: PortEntry | 'all'): number {
  if (e === 'all') return 2;
  if (e.name !== undefined) return 0;
  if (e.port === undefined) return 2;
  return e.endPort !== undefined && e.endPort > e.port ? 1 : 0;
}

/** The entries of `ports` that match (protocol, port) — 'all' when the rule has no L4. */
export function matchingPortEntries(
  ports: PortMatch,
  protocol: Protocol,
  port: number,
  resolve: NamedPortResolver,
): Array<PortEntry | 'all'> {
  if (ports === 'all') return ['all'];
  return ports.filter(e => {
    if (!e.protocols.includes(protocol)) return false;
    if (e.name !== undefined) return resolve(protocol, e.name).includes(port);
    if (e.port === undefined) return true;
    const end =
      e.endPort !== undefined && e.endPort > e.port ? e.endPort : e.port;
    return e.port <= port && port <= end;
  });
}
