import { Table, type TableColumn } from '@backstage/core-components';
import type { ConnectionView, EndpointView } from '@ytknetwork/common';
import { formatPorts } from '../../graph/ports';

function describe(e: EndpointView): string {
  if ('workload' in e)
    return e.name ? `${e.namespace ?? ''}/${e.name}` : e.workload;
  if ('entity' in e) return `entity ${e.entity}`;
  return e.cidr;
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
          : `${c.crossCluster ? 'cross-cluster' : 'local'}${c.authRequired ? ', mutual auth 🔒' : ''}`,
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
