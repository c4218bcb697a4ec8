import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { PostureHistory } from '@ytknetwork/common';

/** The stored summaries, newest first: a row each time the team's posture changed. */
export function PostureTrend(props: { history: PostureHistory }) {
  const { entries, retention } = props.history;
  if (entries.length === 0)
    return (
      <Typography data-testid="ytk-posture-trend-empty">
        No summary stored yet: the backend records one after each overlay
        change.
      </Typography>
    );
  const days = Math.round(retention.maxAgeSeconds / 86400);
  return (
    <>
      <Table size="small" data-testid="ytk-posture-trend">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Overlay version</TableCell>
            <TableCell>Met</TableCell>
            <TableCell>Partly</TableCell>
            <TableCell>Not met</TableCell>
            <TableCell>Unknown</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map(e => (
            <TableRow key={`${e.at} ${e.overlayVersion}`}>
              <TableCell>{new Date(e.at).toLocaleString()}</TableCell>
              <TableCell>{e.overlayVersion}</TableCell>
              <TableCell>{e.counts.met}</TableCell>
              <TableCell>{e.counts.partly}</TableCell>
              <TableCell>{e.counts.notMet}</TableCell>
              <TableCell>{e.counts.unknown}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" color="textSecondary">
        A row when the summary changed; the last {retention.maxEntries} rows of
        at most {days} days are kept.
      </Typography>
    </>
  );
}
