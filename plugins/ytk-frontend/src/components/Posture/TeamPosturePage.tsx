import { Grid } from '@material-ui/core';
import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ytkApiRef } from '../../api';
import { useNetworkPagePath } from '../Entity/useEntityNetwork';
import { TeamPicker, useTeamRoute } from '../TeamPicker';
import { isForbidden, PostureReport } from './PostureReport';
import { PostureTrend } from './PostureTrend';

function TeamPosture(props: { team: string; basePath: string }) {
  const api = useApi(ytkApiRef);
  const { team, basePath } = props;
  // async: a synchronous throw (an older API object) becomes a shown error.
  const posture = useAsync(async () => api.getTeamPosture(team), [api, team]);
  const version = posture.value?.overlayVersion;
  const history = useAsync(
    async () => api.getTeamPostureHistory(team),
    [api, team, version],
  );
  if (posture.loading) return <Progress />;
  if (isForbidden(posture.error))
    return (
      <WarningPanel
        severity="info"
        title="Not your team"
        defaultExpanded
        message="A team's posture is shown to its members only."
      />
    );
  if (posture.error) return <ResponseErrorPanel error={posture.error} />;
  if (!posture.value) return null;
  // Nothing in scope: every requirement would read as met, which says nothing.
  if (posture.value.scope.workloads?.length === 0)
    return (
      <EmptyState
        missing="data"
        title="No workloads for this team"
        description="A team's workloads appear once its catalog components carry the backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotation."
      />
    );
  return (
    <Grid container spacing={2} data-testid="ytk-team-posture">
      <Grid item xs={12}>
        <PostureReport posture={posture.value} basePath={basePath} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Trend">
          {history.loading && <Progress />}
          {history.error && <ResponseErrorPanel error={history.error} />}
          {history.value && <PostureTrend history={history.value} />}
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/**
 * The Posture page of a team (`posture/:team`; `posture` is the user's first team): which
 * requirements of the threat model hold for its workloads, the residual risk with its evidence,
 * and the trend.
 */
export function TeamPosturePage() {
  const pagePath = useNetworkPagePath();
  const { teams, param, team, select } = useTeamRoute(`${pagePath}/posture`);
  return (
    <Page themeId="tool">
      <Header
        title="Security posture"
        subtitle="The threat model's requirements, answered from the live overlay"
        type="Network"
        typeLink={pagePath}
      />
      <Content>
        {teams.error && <ResponseErrorPanel error={teams.error} />}
        {teams.loading && <Progress />}
        {teams.value && (
          <TeamPicker
            teams={teams.value}
            param={param}
            value={team}
            onChange={select}
            testId="ytk-posture-team"
          />
        )}
        {team && <TeamPosture team={team} basePath={pagePath} />}
        {teams.value && !team && (
          <EmptyState
            missing="info"
            title="You are in no team"
            description="A team's posture is shown to its members: ask to be added to your team's Group in the catalog."
          />
        )}
      </Content>
    </Page>
  );
}
