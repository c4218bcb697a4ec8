import { Grid } from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { FindingsTable, PoliciesTable, WorkloadsTable } from '../tables';
import { EntityPostureSection } from '../Posture';
import { EntityRecentDrops } from './EntityRecentDrops';
import { PeersTable } from './PeersTable';
import { ReachForm } from './ReachForm';
import { useEntityNetwork, useNetworkPagePath } from './useEntityNetwork';

/**
 * The entity's Network tab: its workloads, peers both ways, recent drops, a reachability form,
 * policies, findings and posture.
 */
export function EntityYtkNetworkContent() {
  const { value, loading, error } = useEntityNetwork();
  const pagePath = useNetworkPagePath();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.workloads.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No workloads found for this entity"
        description="Annotate the entity with backstage.io/kubernetes-id (pods labelled backstage.io/kubernetes-id=<id>) or backstage.io/kubernetes-label-selector, and make sure its cluster is configured under ytk.clusters."
      />
    );
  }
  return (
    <Grid container spacing={2} data-testid="ytk-entity-network">
      <Grid item xs={12}>
        <WorkloadsTable workloads={value.workloads} />
      </Grid>
      <Grid item xs={12} md={6} data-testid="ytk-entity-inbound">
        <PeersTable
          title="Inbound (who can reach this)"
          connections={value.inbound}
          side="from"
        />
      </Grid>
      <Grid item xs={12} md={6} data-testid="ytk-entity-outbound">
        <PeersTable
          title="Outbound (what this can reach)"
          connections={value.outbound}
          side="to"
        />
      </Grid>
      <Grid item xs={12}>
        <EntityRecentDrops basePath={pagePath} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Can X reach this?">
          <ReachForm workloads={value.workloads} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <PoliciesTable policies={value.policies} basePath={pagePath} />
      </Grid>
      <Grid item xs={12}>
        <FindingsTable findings={value.findings} />
      </Grid>
      <Grid item xs={12}>
        <EntityPostureSection basePath={pagePath} />
      </Grid>
    </Grid>
  );
}
