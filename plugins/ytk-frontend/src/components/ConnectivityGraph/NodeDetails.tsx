import { Typography } from '@material-ui/core';
import type { GraphNode } from '../../graph/model';

/** What we know about a clicked workload or external peer. */
export function NodeDetails({ node }: { node: GraphNode }) {
  if (node.kind !== 'workload' && node.kind !== 'external') return null;
  const w = node.kind === 'workload' ? node.workload : undefined;
  return (
    <div data-testid="ytk-node-details">
      <Typography variant="subtitle1">{node.id}</Typography>
      {w ? (
        <>
          <Typography variant="body2">
            {w.kind} in {w.cluster}/{w.namespace}, {w.podCount} pod(s)
          </Typography>
          <Typography variant="body2">
            service account: {w.serviceAccount}
          </Typography>
          {w.team && <Typography variant="body2">team: {w.team}</Typography>}
          <Typography variant="body2">
            labels:{' '}
            {Object.entries(w.labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ') || 'none'}
          </Typography>
          {w.spiffeIds.map(id => (
            <Typography key={id} variant="body2">
              SPIFFE ID: {id}
            </Typography>
          ))}
        </>
      ) : (
        <Typography variant="body2">
          {node.kind === 'external'
            ? 'Outside the mesh: nothing is enforced on this side.'
            : 'Another team’s workload: only its name, team and cluster are shown.'}
        </Typography>
      )}
    </div>
  );
}
