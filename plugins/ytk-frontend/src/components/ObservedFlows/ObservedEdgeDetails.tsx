import { Box, Typography } from '@material-ui/core';
import type { EdgeObservation } from '../../graph/observed';
import { useNetworkPagePath } from '../Entity/useEntityNetwork';
import { formatPorts } from '../../graph/ports';
import { ClassificationChip } from './ClassificationChip';
import { formatSeen } from './format';
import { ObservedEdgeExplanation } from './ObservedEdgeExplanation';
import { RuleList } from './RuleList';

const STATE_TEXT: Record<EdgeObservation['state'], string> = {
  observed: 'Traffic observed',
  attempted: 'Dropped attempts only',
  unused: 'Allowed but unused: a tightening candidate',
  'not-seen': 'Allowed, no traffic seen',
};

/**
 * What was seen on a graph edge in the window: its observed edges with classification, and the
 * allow rules whose path carried nothing. An edge the policies do not draw (no allowed
 * connection) is explained by its first observed edge.
 */
export function ObservedEdgeDetails(props: {
  observation: EdgeObservation;
  explainFirst?: boolean;
}) {
  const o = props.observation;
  const basePath = useNetworkPagePath();
  return (
    <Box mt={2} data-testid="ytk-graph-observation" data-state={o.state}>
      <Typography variant="subtitle2">
        {STATE_TEXT[o.state]}
        {o.flows > 0 ? ` · ${o.flows} flows` : ''}
        {o.drops > 0 ? ` · ${o.drops} drops` : ''}
        {o.lastSeen ? ` · last seen ${formatSeen(o.lastSeen)}` : ''}
      </Typography>
      {o.edges.length > 0 && (
        <ul style={{ paddingLeft: 16 }}>
          {o.edges.map(e => (
            <li
              key={`${e.cluster} ${e.port}/${e.protocol} ${e.verdict} ${e.dropReason ?? ''}`}
            >
              <Typography variant="body2" component="span">
                {e.port}/{e.protocol} {e.verdict}
                {e.dropReason ? ` (${e.dropReason})` : ''} × {e.count}{' '}
              </Typography>
              <ClassificationChip classification={e.classification} />
            </li>
          ))}
        </ul>
      )}
      {o.unused.map(u => (
        <Box key={`${u.rule.policyId}#${u.rule.section}#${u.rule.ruleIndex}`}>
          <Typography variant="body2">
            No traffic on {formatPorts(u.ports)} allowed by:
          </Typography>
          <RuleList rules={[u.rule]} basePath={basePath} />
        </Box>
      ))}
      {props.explainFirst && o.edges[0] && (
        <ObservedEdgeExplanation edge={o.edges[0]} basePath={basePath} />
      )}
    </Box>
  );
}
