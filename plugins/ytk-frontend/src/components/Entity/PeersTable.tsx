import { Table, type TableColumn } from '@backstage/core-components';
import type { ConnectionView, EndpointView } from '@ytknetwork/common';
import { formatPorts } from '../../graph/ports';

function describe(e: EndpointView): string {
  if ('workload' in e)
    return e.name ? `${e.namespace ?? ''}/${e.name}` : e.workload;
  if ('entity' in e) return `entity ${e.entity}`;
  return e.cidr;
}

/** Istio's mode at the destination (per port when they differ), and whether it may still deny. */
export function istioText(c: ConnectionView): string {
  const i = c.istio;
  if (!i) return '';
  const mode =
    i.mtls === 'mixed'
      ? i.ports.map(p => `${p.port} ${p.mtls}`).join(', ')
      : i.mtls;
  const deny = i.authorization ? ', an AuthorizationPolicy may deny' : '';
  return i.mtls === 'none' ? '' : `, Istio mTLS ${mode}${deny}`;
}

type Row = ConnectionView & { id: string };

/** Peers on one side of the entity's workloads, with cluster, ports and status. */
export function PeersTable(props: {
  title: string;
  connections: ConnectionView[];
  side: 'from' | 'to';
}) {
  const columns: TableColumn<Row>[] = [
    { title: 'Peer', render: c => describe(c[props.side]) },
    {
      title: 'Cluster',
      render: c => {
        const e = c[props.side];
        return (
          ('cluster' in e && e.cluster) ||
          ('workload' in e ? e.workload.split('/')[0] : '')
        );
      },
    },
    {
      title: 'Team',
      render: c =>
        'team' in c[props.side]
          ? (c[props.side] as { team?: string }).team
          : '',
    },
    { title: 'Ports', render: c => formatPorts(c.ports) },
    {
      title: 'Status',
      render: c =>
        !c.effective
          ? 'dropped (mutual auth across ClusterMesh)'
          : `${c.crossCluster ? 'cross-cluster' : 'local'}${c.authRequired ? ', mutual auth 🔒' : ''}${istioText(c)}`,
    },
  ];
  return (
    <Table<Row>
      title={props.title}
      options={{ paging: false, search: false }}
      columns={columns}
      data={props.connections.map((c, i) => ({ ...c, id: String(i) }))}
      emptyContent={<div style={{ padding: 16 }}>None allowed by policy.</div>}
    />
  );
}
