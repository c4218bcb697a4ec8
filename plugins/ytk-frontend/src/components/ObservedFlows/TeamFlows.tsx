import { useState } from 'react';
import {
  FormControlLabel,
  Grid,
  Paper,
  Switch,
  Typography,
} from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import type { ObservedEdge, TeamFlowsResponse } from '@ytknetwork/common';
import { ytkApiRef } from '../../api';
import { isUnexpected } from '../../graph/observed';
import { ConnectivityGraph } from '../ConnectivityGraph';
import { isForbidden } from '../Posture/PostureReport';
import {
  ObservedEdgesTable,
  observedEdgeKey,
  UnusedPathsTable,
} from './FlowTables';
import { ObservedEdgeExplanation } from './ObservedEdgeExplanation';
import { formatSeen, type FlowWindowChoice } from './format';

const sum = (edges: ObservedEdge[]) => edges.reduce((n, e) => n + e.count, 0);

/** Where each cluster's flows come from; a warning when no cluster has a source. */
function Sources({ flows }: { flows: TeamFlowsResponse }) {
  const active = flows.sources.filter(
    s => s.state !== 'none' && s.state !== 'disabled',
  );
  if (active.length === 0)
    return (
      <WarningPanel
        severity="info"
        title="No flow source"
        defaultExpanded
        message="No cluster has a Hubble flow source, so nothing can be observed: configure ytk.clusters[].hubble (docs/observed-flows.md, Hubble configuration)."
      />
    );
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="ytk-flows-sources"
    >
      Flow sources:{' '}
      {flows.sources.map(s => `${s.cluster} ${s.state}`).join(', ')}. Window{' '}
      {flows.window.window}: {formatSeen(flows.window.from)} to{' '}
      {formatSeen(flows.window.to)}, overlay version {flows.overlayVersion}.
    </Typography>
  );
}

/** The connectivity graph of the team, with its observed flows when the toggle is on. */
function FlowGraph(props: { flows: TeamFlowsResponse }) {
  const api = useApi(ytkApiRef);
  const [on, setOn] = useState(false);
  const team = props.flows.team;
  const graph = useAsync(
    async () => api.getConnectivity({ team }),
    [api, team],
  );
  return (
    <InfoCard title="Connectivity graph">
      <FormControlLabel
        control={
          <Switch
            checked={on}
            onChange={e => setOn(e.target.checked)}
            color="primary"
            inputProps={{ 'aria-label': 'observed flows' }}
            data-testid="ytk-flows-graph-toggle"
          />
        }
        label={`Observed flows (${props.flows.window.window}): thick = traffic seen, dotted red = dropped attempts, faint dotted = allowed but unused`}
      />
      {graph.loading && <Progress />}
      {graph.error && <ResponseErrorPanel error={graph.error} />}
      {graph.value && (
        <ConnectivityGraph
          graph={graph.value}
          observed={on ? props.flows : undefined}
        />
      )}
    </InfoCard>
  );
}

/**
 * A team's observed flows in a window: observed edges, allowed-but-unused paths (tightening
 * candidates) and dropped attempts, each with counts; a click on an edge explains it.
 */
export function TeamFlows(props: {
  team: string;
  window: FlowWindowChoice;
  basePath: string;
}) {
  const { team, window, basePath } = props;
  const api = useApi(ytkApiRef);
  // async: a synchronous throw (an older API object) becomes a shown error.
  const flows = useAsync(
    async () => api.getTeamFlows(team, { window }),
    [api, team, window],
  );
  const [selected, setSelected] = useState<ObservedEdge>();
  if (flows.loading) return <Progress />;
  if (isForbidden(flows.error))
    return (
      <WarningPanel
        severity="info"
        title="Not your team"
        defaultExpanded
        message="A team's observed flows are shown to its members only."
      />
    );
  if (flows.error) return <ResponseErrorPanel error={flows.error} />;
  const f = flows.value;
  if (!f) return null;
  const unexpected = [...f.observed, ...f.dropped].filter(isUnexpected);
  const selectedKey = selected ? observedEdgeKey(selected) : undefined;
  const select = (e: ObservedEdge) => setSelected(e);
  return (
    <Grid container spacing={2} data-testid="ytk-team-flows">
      <Grid item xs={12}>
        <Sources flows={f} />
        <Typography variant="body1" data-testid="ytk-flows-summary">
          {f.observed.length} observed edges ({sum(f.observed)} flows),{' '}
          {f.unused.length} allowed but unused, {f.dropped.length} dropped
          attempts ({sum(f.dropped)} flows)
          {unexpected.length > 0 && (
            <strong style={{ color: '#e65100' }}>
              {' '}
              · ⚠ {unexpected.length} unexpected
            </strong>
          )}
        </Typography>
        {f.truncated && (
          <Typography variant="caption" data-testid="ytk-flows-truncated">
            Only the first entries of each list are shown: more edges matched.
          </Typography>
        )}
      </Grid>
      <Grid item xs={12} md={selected ? 7 : 12}>
        <InfoCard title={`Observed edges (${f.observed.length})`}>
          <ObservedEdgesTable
            edges={f.observed}
            testId="ytk-flows-observed"
            empty="No forwarded flow of the team's workloads in this window."
            selected={selectedKey}
            onSelect={select}
          />
        </InfoCard>
        <div style={{ height: 16 }} />
        <InfoCard
          title={`Allowed but unused (${f.unused.length})`}
          subheader="Paths of the team's allow rules that carried no traffic: candidates for tightening"
        >
          <UnusedPathsTable paths={f.unused} basePath={basePath} />
        </InfoCard>
        <div style={{ height: 16 }} />
        <InfoCard title={`Dropped attempts (${f.dropped.length})`}>
          <ObservedEdgesTable
            edges={f.dropped}
            testId="ytk-flows-dropped"
            empty="No dropped flow of the team's workloads in this window."
            selected={selectedKey}
            onSelect={select}
          />
        </InfoCard>
      </Grid>
      {selected && (
        <Grid item xs={12} md={5}>
          <Paper
            style={{ padding: 16, position: 'sticky', top: 16 }}
            data-testid="ytk-flows-selection"
          >
            <ObservedEdgeExplanation edge={selected} basePath={basePath} />
          </Paper>
        </Grid>
      )}
      <Grid item xs={12}>
        <FlowGraph flows={f} />
      </Grid>
    </Grid>
  );
}
