import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { PostureStatus, PostureView } from '@ytknetwork/common';
import { EvidenceList } from './EvidenceList';

const ORDER: Record<PostureStatus, number> = {
  'not met': 0,
  partly: 1,
  unknown: 2,
  met: 3,
};

/**
 * The residual risk: every requirement at every boundary where it does not hold (not met, partly,
 * unknown), worst first, with the STRIDE threats it leaves open, its evidence and the remedy.
 */
export function ResidualRiskTable(props: {
  posture: PostureView;
  basePath: string;
}) {
  const { posture } = props;
  const requirement = new Map(posture.requirements.map(r => [r.id, r]));
  const rows = posture.results
    .filter(r => r.status !== 'met')
    .sort(
      (a, b) =>
        ORDER[a.status] - ORDER[b.status] ||
        a.requirement.localeCompare(b.requirement) ||
        a.boundary.localeCompare(b.boundary),
    );
  if (rows.length === 0)
    return (
      <Typography data-testid="ytk-posture-risks-empty">
        Every requirement holds at every boundary: no residual risk.
      </Typography>
    );
  return (
    <Table size="small" data-testid="ytk-posture-risks">
      <TableHead>
        <TableRow>
          <TableCell>Threat</TableCell>
          <TableCell>Boundary</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Evidence</TableCell>
          <TableCell>What to do</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(r => {
          const req = requirement.get(r.requirement);
          return (
            <TableRow
              key={`${r.requirement} ${r.boundary}`}
              data-testid="ytk-posture-risk-row"
              data-requirement={r.requirement}
              data-status={r.status}
            >
              <TableCell>
                <strong>{req?.stride.join(', ')}</strong>
                <br />
                {r.requirement} {req?.title}
              </TableCell>
              <TableCell>
                {r.boundary}
                <br />
                <Typography variant="caption">{r.boundaryKind}</Typography>
              </TableCell>
              <TableCell>
                {r.status}
                <br />
                <Typography variant="caption">{r.summary}</Typography>
              </TableCell>
              <TableCell>
                <EvidenceList
                  evidence={r.evidence}
                  hidden={r.hiddenEvidence}
                  more={r.moreEvidence}
                  basePath={props.basePath}
                />
              </TableCell>
              <TableCell>{req?.remedy}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
