import type { Connection } from '@ytknetwork/common';
import {
  endpointLabel,
  portsLabel,
  toJsonEndpoint,
  toJsonPorts,
} from './endpoint';

export const CONNECTIVITY_FORMATS = [
  'text',
  'json',
  'csv',
  'md',
  'dot',
] as const;
export type ConnectivityFormat = (typeof CONNECTIVITY_FORMATS)[number];

/** A connection with at least one port that really passes. */
export function isEffective(c: Connection): boolean {
  return c.ports === 'all' || c.ports.length > 0;
}

/** One JSON entry per directed pair (the public contract documented in docs/cli.md). */
export function connectionToJson(c: Connection) {
  return {
    from: toJsonEndpoint(c.from),
    to: toJsonEndpoint(c.to),
    ports: toJsonPorts(c.ports),
    ...(c.crossCluster ? { crossCluster: true } : {}),
    ...(c.authRequired ? { authRequired: true } : {}),
    ...(c.authDropped ? { authDropped: toJsonPorts(c.authDropped) } : {}),
    ...(c.istio ? { istio: c.istio } : {}),
  };
}

/** The Istio posture of a connection in a few words (`mTLS strict`, `mTLS 8080 strict, 9090 permissive`). */
export function istioLabel(c: Connection): string | undefined {
  const i = c.istio;
  if (!i) return undefined;
  const mode =
    i.mtls === 'mixed'
      ? `mTLS ${i.ports.map(p => `${p.port} ${p.mtls}`).join(', ')}`
      : `mTLS ${i.mtls === 'none' ? 'none (no proxy)' : i.mtls}`;
  return i.authorization ? `${mode}; AuthorizationPolicy may deny` : mode;
}

/** Pairs that policy allows but the datapath drops (mutual auth that cannot happen). */
export function droppedToJson(c: Connection) {
  return {
    from: toJsonEndpoint(c.from),
    to: toJsonEndpoint(c.to),
    ports: toJsonPorts(c.authDropped ?? []),
    ...(c.crossCluster ? { crossCluster: true } : {}),
    reason: 'authentication-required' as const,
  };
}

export function connectivityToJson(connections: Connection[]) {
  return {
    connections: connections.filter(isEffective).map(connectionToJson),
    dropped: connections.filter(c => c.authDropped).map(droppedToJson),
  };
}

function authNote(c: Connection): string {
  if (c.authDropped) {
    const why = c.crossCluster
      ? 'mutual auth required across ClusterMesh'
      : 'mutual auth required but not available';
    return ` [DROPPED ${portsLabel(c.authDropped)}: ${why}]`;
  }
  if (c.authRequired) return ' [mutual auth required]';
  return c.crossCluster ? ' [cross-cluster]' : '';
}

function note(c: Connection): string {
  const istio = istioLabel(c);
  return `${authNote(c)}${istio ? ` [${istio}]` : ''}`;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function dotId(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function renderDot(connections: Connection[]): string {
  const clusters = new Map<string, Set<string>>();
  const others = new Set<string>();
  for (const c of connections) {
    for (const e of [c.from, c.to]) {
      if ('workload' in e) {
        const cluster = e.workload.split('/')[0];
        if (!clusters.has(cluster)) clusters.set(cluster, new Set());
        clusters.get(cluster)!.add(e.workload);
      } else others.add(endpointLabel(e));
    }
  }
  const lines = [
    'digraph connectivity {',
    '  rankdir=LR;',
    '  node [shape=box];',
  ];
  let i = 0;
  for (const [cluster, nodes] of [...clusters].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    lines.push(`  subgraph cluster_${i++} {`, `    label=${dotId(cluster)};`);
    for (const n of [...nodes].sort())
      lines.push(
        `    ${dotId(n)} [label=${dotId(n.split('/').slice(1).join('/'))}];`,
      );
    lines.push('  }');
  }
  for (const n of [...others].sort())
    lines.push(`  ${dotId(n)} [shape=ellipse];`);
  for (const c of connections) {
    const label = c.authDropped
      ? `${portsLabel(c.ports)} (dropped ${portsLabel(c.authDropped)})`
      : portsLabel(c.ports);
    const attrs = [`label=${dotId(label)}`];
    if (c.crossCluster) attrs.push('style=dashed');
    if (c.authDropped) attrs.push('color=red');
    lines.push(
      `  ${dotId(endpointLabel(c.from))} -> ${dotId(endpointLabel(c.to))} [${attrs.join(', ')}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function renderConnections(
  connections: Connection[],
  format: ConnectivityFormat,
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(connectivityToJson(connections), null, 2)}\n`;
    case 'csv':
      return `${[
        'from,to,ports,crossCluster,authRequired',
        ...connections.map(c =>
          [
            endpointLabel(c.from),
            endpointLabel(c.to),
            portsLabel(c.ports),
            String(c.crossCluster),
            String(!!c.authRequired),
          ]
            .map(csvCell)
            .join(','),
        ),
      ].join('\n')}\n`;
    case 'md':
      return `${[
        '| from | to | ports | note |',
        '|---|---|---|---|',
        ...connections.map(
          c =>
            `| ${endpointLabel(c.from)} | ${endpointLabel(c.to)} | ${portsLabel(c.ports)} | ${note(
              c,
            )
              .trim()
              .replace(/^\[|\]$/g, '')
              .replace(/\] \[/g, '; ')} |`,
        ),
      ].join('\n')}\n`;
    case 'dot':
      return renderDot(connections);
    default:
      if (connections.length === 0) return 'no allowed connections\n';
      return `${connections
        .map(
          c =>
            `${endpointLabel(c.from)} -> ${endpointLabel(c.to)}  ${portsLabel(c.ports)}${note(c)}`,
        )
        .join('\n')}\n`;
  }
}
