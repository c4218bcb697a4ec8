import { Link, Table, type TableColumn } from '@backstage/core-components';
import type { PolicyFinding } from '../../api';
import {
  policyIdPath,
  ruleDocUrl,
  ruleTitle,
  useRulesBaseUrl,
} from '../FindingsTable/ruleLinks';

const severityOrder = { error: 0, warning: 1, info: 2 } as const;

/** Table rows carry the rule title and resource label so filtering and sorting see them. */
type Row = PolicyFinding & { ruleTitle: string; resource: string };

function resourceLabel(f: PolicyFinding): string {
  if (f.policyId) {
    const [cluster, ns, kind, name] = f.policyId.split('/');
    const where = ns && ns !== '_' && ns !== '-' ? `${ns}/` : '';
    return `${kind} ${where}${name} (${cluster})`;
  }
  return `${f.uri}:${f.range.start.line + 1}`;
}

/**
 * Lint findings, sortable and filterable. Rules link to their documentation (`ytk.rulesBaseUrl`);
 * findings with a `policyId` link to the policy view under `basePath` (the network page).
 */
export function FindingsTable(props: {
  findings: PolicyFinding[];
  title?: string;
  basePath?: string;
}) {
  const rulesBase = useRulesBaseUrl();
  const base = (props.basePath ?? '.').replace(/\/$/, '');
  const columns: TableColumn<Row>[] = [
    {
      title: 'Severity',
      field: 'severity',
      customSort: (a, b) =>
        severityOrder[a.severity] - severityOrder[b.severity],
      lookup: { error: 'error', warning: 'warning', info: 'info' },
    },
    {
      title: 'Rule',
      field: 'ruleTitle',
      render: f => (
        <Link to={ruleDocUrl(rulesBase, f.ruleId)} title={f.ruleId}>
          {f.ruleTitle}
        </Link>
      ),
    },
    {
      title: 'Resource',
      field: 'resource',
      render: f => {
        const path = f.policyId ? policyIdPath(f.policyId) : undefined;
        return path ? (
          <Link to={`${base}/${path}`}>{f.resource}</Link>
        ) : (
          f.resource
        );
      },
    },
    { title: 'Message', field: 'message' },
  ];
  const rows: Row[] = props.findings.map(f => {
    const title = ruleTitle(f.ruleId);
    return {
      ...f,
      ruleTitle: title ? `${title} (${f.ruleId})` : f.ruleId,
      resource: resourceLabel(f),
    };
  });
  return (
    <div data-testid="ytk-findings">
      <Table<Row>
        title={props.title ?? 'Findings'}
        options={{
          paging: rows.length > 20,
          pageSize: 20,
          filtering: true,
        }}
        columns={columns}
        data={rows}
        emptyContent={<div style={{ padding: 16 }}>No findings.</div>}
      />
    </div>
  );
}
