import { Typography } from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { FlowSourceHealth } from '@ytknetwork/common';

function Icon({ h }: { h: FlowSourceHealth }) {
  switch (h.state) {
    case 'connected':
      return <StatusOK>connected</StatusOK>;
    case 'recorded':
      return <StatusOK>recorded</StatusOK>;
    case 'reconnecting':
      return <StatusError>reconnecting</StatusError>;
    case 'connecting':
      return <StatusPending>connecting</StatusPending>;
    case 'disabled':
      return <StatusWarning>disabled</StatusWarning>;
    default:
      return <StatusPending>none</StatusPending>;
  }
}

/** What the state means, with the numbers that tell whether it works. */
function detail(h: FlowSourceHealth): string {
  const seen = `${h.flowsSeen} flows seen`;
  const lost =
    h.droppedForBackpressure > 0
      ? `, ${h.droppedForBackpressure} dropped to keep memory bounded`
      : '';
  const standby = h.standby ? ' (streamed by another backend instance)' : '';
  switch (h.state) {
    case 'connected':
      return `Hubble Relay${h.hubbleVersion ? ` ${h.hubbleVersion}` : ''}${
        h.connectedSince ? ` since ${h.connectedSince}` : ''
      }, ${seen}${lost}${standby}`;
    case 'reconnecting':
      return `${h.lastError ?? 'the relay failed'}; ${h.attempts} failed attempt(s)${
        h.nextRetryAt ? `, next at ${h.nextRetryAt}` : ''
      }${standby}`;
    case 'connecting':
      return `first connection to Hubble Relay under way${standby}`;
    case 'recorded':
      return `replayed from a file, ${seen}${
        h.inputProblems ? `, ${h.inputProblems} lines that are not flows` : ''
      }`;
    case 'disabled':
      return 'hubble.enabled is false';
    default:
      return 'no Hubble configured (ytk.clusters[].hubble)';
  }
}

/** The cluster's observed-flows source beside its Kubernetes health (GET /clusters `flows`). */
export function FlowSourceStatus(props: {
  cluster: string;
  health?: FlowSourceHealth;
}) {
  const h = props.health;
  if (!h) return null;
  return (
    <Typography
      variant="body2"
      component="div"
      data-testid={`ytk-cluster-flows-${props.cluster}`}
      data-state={h.state}
    >
      flows: <Icon h={h} /> {detail(h)}
    </Typography>
  );
}
