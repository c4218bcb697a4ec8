import { Table, type TableColumn } from '@backstage/core-components';
import type { WorkloadView } from '@ytknetwork/common';

const columns: TableColumn<WorkloadView>[] = [
  { title: 'Name', field: 'name' },
  { title: 'Kind', field: 'kind' },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Namespace', field: 'namespace' },
  { title: 'Team', field: 'team' },
  { title: 'Pods', field: 'podCount', type: 'numeric' },
  { title: 'Service account', field: 'serviceAccount' },
];

/** Workloads in scope. */
export function WorkloadsTable(props: { workloads: WorkloadView[] }) {
  return (
    <div data-testid="ytk-workloads">
      <Table<WorkloadView>
        title="Workloads"
        options={{
          paging: props.workloads.length > 20,
          pageSize: 20,
          filtering: true,
        }}
        columns={columns}
        data={props.workloads.map(w => ({ ...w }))}
        emptyContent={<div style={{ padding: 16 }}>No workloads in scope.</div>}
      />
    </div>
  );
}
