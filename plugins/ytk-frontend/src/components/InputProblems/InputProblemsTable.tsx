import { Typography } from '@material-ui/core';
import { Table, type TableColumn } from '@backstage/core-components';
import { formatFieldPath } from '@ytknetwork/common';
import type { InputProblem, InputProblemsResponse } from '../../api';

const severityOrder = { error: 0, warning: 1, info: 2 } as const;

/** Rows carry the rendered location and field so filtering and sorting see them. */
type Row = InputProblem & { location: string; field: string };

/** `file:line:column` as an editor or compiler prints it; a live cluster's object otherwise. */
export function problemLocation(p: InputProblem): string {
  if (p.file) return `${p.file}:${p.line ?? 1}:${p.column ?? 1}`;
  if (p.object) {
    const ns = p.object.namespace ? `${p.object.namespace}/` : '';
    return `${p.object.kind} ${ns}${p.object.name}`;
  }
  return '';
}

/** One cluster's input problems: where, severity, code, message (the editor's diagnostics). */
export function InputProblemsTable({
  response,
}: {
  response: InputProblemsResponse;
}) {
  const columns: TableColumn<Row>[] = [
    { title: 'Location', field: 'location' },
    {
      title: 'Severity',
      field: 'severity',
      customSort: (a, b) =>
        severityOrder[a.severity] - severityOrder[b.severity],
    },
    { title: 'Code', field: 'code' },
    { title: 'Message', field: 'message' },
    { title: 'Field', field: 'field' },
  ];
  const rows: Row[] = response.problems.map(p => ({
    ...p,
    location: problemLocation(p),
    field: formatFieldPath(p.path),
  }));
  return (
    <div data-testid={`ytk-input-problems-${response.cluster}`}>
      {response.truncated && (
        <Typography variant="body2" data-testid="ytk-input-problems-truncated">
          truncated, showing {response.problems.length} of {response.total}
        </Typography>
      )}
      <Table<Row>
        options={{
          paging: rows.length > 20,
          pageSize: 20,
          search: rows.length > 0,
          toolbar: false,
        }}
        columns={columns}
        data={rows}
        emptyContent={<div style={{ padding: 16 }}>No input problems</div>}
      />
    </div>
  );
}
