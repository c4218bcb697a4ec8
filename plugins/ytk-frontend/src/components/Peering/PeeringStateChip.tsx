import { Chip } from '@material-ui/core';
import type { PeeringState } from '../../api';

const colors: Record<PeeringState, 'default' | 'primary' | 'secondary'> = {
  requested: 'default',
  approved: 'primary',
  applied: 'primary',
  rejected: 'secondary',
  cancelled: 'default',
  failed: 'secondary',
  expired: 'default',
};

export function PeeringStateChip(props: {
  state: PeeringState;
  testId?: string;
}) {
  return (
    <Chip
      size="small"
      label={props.state}
      color={colors[props.state]}
      data-testid={props.testId}
      data-state={props.state}
    />
  );
}
