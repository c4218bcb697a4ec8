import type { PortSpec } from '@ytknetwork/common';

/** `443/TCP, 8000-8080/TCP`, or `all ports`. */
export function formatPorts(ports: PortSpec): string {
  if (ports === 'all') return 'all ports';
  if (ports.length === 0) return 'no ports';
  return ports
    .map(p => {
      if (p.port === undefined) return `all ${p.protocol}`;
      const range = p.endPort ? `${p.port}-${p.endPort}` : `${p.port}`;
      return `${range}/${p.protocol}`;
    })
    .join(', ');
}

/** The port an explain query uses for a connection: its first concrete port (`443/TCP`), if any. */
export function firstPort(ports: PortSpec): string | undefined {
  if (ports === 'all') return undefined;
  const p = ports.find(r => r.port !== undefined);
  return p ? `${p.port}/${p.protocol}` : undefined;
}
