import { Box, Typography } from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import type { ObservedEdge } from '@ytknetwork/common';
import { ytkApiRef } from '../../api';
import { explainQueryOf, observedEndLabel } from '../../graph/observed';
import { ExplanationView } from '../ExplanationView';
import { ClassificationChip } from './ClassificationChip';
import { CAUSE_TEXT, formatSeen } from './format';
import { RuleList } from './RuleList';

/** Why an observed flow is unexpected, most likely cause first. */
export function UnexpectedCauses({ edge }: { edge: ObservedEdge }) {
  const causes = edge.causes ?? (edge.cause ? [edge.cause] : []);
  if (causes.length === 0) return null;
  return (
    <Box data-testid="ytk-flow-causes">
      <Typography variant="body2">
        <strong>Likely cause:</strong> {CAUSE_TEXT[causes[0]]}
      </Typography>
      {causes.length > 1 && (
        <Typography variant="caption" component="div">
          Also possible:{' '}
          {causes
            .slice(1)
            .map(c => CAUSE_TEXT[c])
            .join(' ')}
        </Typography>
      )}
    </Box>
  );
}

/**
 * One observed edge: what Hubble saw (verdict, drop reason, count, first/last seen), how ytk
 * classifies it and why, the rules that decided it with their policy lines, and the flow's
 * explanation by the current policies (GET /flows/explain).
 */
export function ObservedEdgeExplanation(props: {
  edge: ObservedEdge;
  basePath: string;
}) {
  const { edge, basePath } = props;
  const api = useApi(ytkApiRef);
  const q = explainQueryOf(edge);
  const explained = useAsync(
    async () => (q ? api.explainFlow(q) : undefined),
    [api, q?.from, q?.to, q?.port],
  );
  return (
    <Box data-testid="ytk-flow-explanation">
      <Typography variant="subtitle1">
        {observedEndLabel(edge.source)} → {observedEndLabel(edge.destination)}{' '}
        on {edge.port}/{edge.protocol}
      </Typography>
      <Box my={1}>
        <ClassificationChip classification={edge.classification} />
      </Box>
      <Typography variant="body2">
        Hubble in {edge.cluster}: {edge.verdict}
        {edge.dropReason ? ` (${edge.dropReason})` : ''}, {edge.count} flows,
        first {formatSeen(edge.firstSeen)}, last {formatSeen(edge.lastSeen)}
        {edge.audit ? '; audit mode let it through' : ''}
      </Typography>
      <Typography variant="body2">{edge.reason}</Typography>
      <UnexpectedCauses edge={edge} />
      {edge.decidedBy.map(side => (
        <Box key={side.direction} mt={1}>
          <Typography variant="body2">
            Decided at {side.direction}: {side.outcome}
          </Typography>
          <RuleList rules={side.rules} basePath={basePath} />
        </Box>
      ))}
      <Box mt={2}>
        {!q && (
          <Typography variant="body2" color="textSecondary">
            An end is not a workload or entity of the overlay: there is no
            policy decision to explain.
          </Typography>
        )}
        {explained.loading && <Progress />}
        {explained.error && <ResponseErrorPanel error={explained.error} />}
        {explained.value && (
          <ExplanationView verdict={explained.value.verdict} />
        )}
      </Box>
    </Box>
  );
}
