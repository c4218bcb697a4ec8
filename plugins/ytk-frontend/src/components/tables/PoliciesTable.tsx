import { Link, Table, type TableColumn } from '@backstage/core-components';
import type { PolicySummary } from '@ytknetwork/common';
import { policyPath } from '../../routes';

/** Policies with their finding counts; names link to the policy view under `basePath`. */
export function PoliciesTable(props: {
  policies: PolicySummary[];
  basePath: string;
}) {
  const base = props.basePath.replace(/\/$/, '');
  const columns: TableColumn<PolicySummary>[] = [
    {
      title: 'Name',
      field: 'name',
      render: p => <Link to={`${base}/${policyPath(p)}`}>{p.name}</Link>,
    },
    { title: 'Kind', field: 'kind' },
    { title: 'Cluster', field: 'cluster' },
    { title: 'Namespace', field: 'namespace', emptyValue: '(cluster-wide)' },
    { title: 'Team', field: 'team' },
    {
      title: 'Selects',
      render: p => p.selects.length,
      customSort: (a, b) => a.selects.length - b.selects.length,
    },
    {
      title: 'Findings',
      render: p =>
        `${p.findingCounts.error} errors, ${p.findingCounts.warning} warnings`,
      customSort: (a, b) =>
        a.findingCounts.error - b.findingCounts.error ||
        a.findingCounts.warning - b.findingCounts.warning,
    },
  ];
  return (
    <div data-testid="ytk-policies">
      <Table<PolicySummary>
        title="Policies"
        options={{
          paging: props.policies.length > 20,
          pageSize: 20,
          filtering: true,
        }}
        columns={columns}
        data={props.policies.map(p => ({ ...p }))}
        emptyContent={<div style={{ padding: 16 }}>No policies in scope.</div>}
      />
    </div>
  );
}
