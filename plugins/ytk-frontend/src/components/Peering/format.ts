import type { PeeringRequestInput } from '../../api';

export function formatTarget(to: PeeringRequestInput['to']): string {
  return 'workload' in to ? to.workload : `service ${to.service}`;
}

export function formatPorts(ports: PeeringRequestInput['ports']): string {
  return ports
    .map(
      p =>
        `${p.port}${p.endPort && p.endPort !== p.port ? `-${p.endPort}` : ''}/${p.protocol ?? 'TCP'}`,
    )
    .join(', ');
}
