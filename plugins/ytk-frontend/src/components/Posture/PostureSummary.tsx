import { Box, Chip, Typography } from '@material-ui/core';
import type { PostureCounts } from '@ytknetwork/common';

const ITEMS: Array<{ key: keyof PostureCounts; label: string; color: string }> =
  [
    { key: 'met', label: 'met', color: '#2e7d32' },
    { key: 'partly', label: 'partly', color: '#ed6c02' },
    { key: 'notMet', label: 'not met', color: '#c62828' },
    { key: 'unknown', label: 'unknown', color: '#616161' },
  ];

/** Requirements of the catalogue by their worst status over the boundaries in scope. */
export function PostureSummary(props: {
  counts: PostureCounts;
  catalogueVersion: string;
  overlayVersion: number;
}) {
  return (
    <Box data-testid="ytk-posture-summary">
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mb={1}>
        {ITEMS.map(i => (
          <Chip
            key={i.key}
            data-testid={`ytk-posture-count-${i.key}`}
            label={`${props.counts[i.key]} ${i.label}`}
            style={{ backgroundColor: i.color, color: 'white' }}
          />
        ))}
      </Box>
      <Typography variant="body2" color="textSecondary">
        Requirement catalogue {props.catalogueVersion}, overlay version{' '}
        {props.overlayVersion}. A requirement counts at its worst boundary.
      </Typography>
    </Box>
  );
}
