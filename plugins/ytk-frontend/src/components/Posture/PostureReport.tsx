import { Grid } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type { PostureView } from '@ytknetwork/common';
import { PostureSummary } from './PostureSummary';
import { ResidualRiskTable } from './ResidualRiskTable';

/** A posture report: the summary and the residual-risk table. */
export function PostureReport(props: {
  posture: PostureView;
  basePath: string;
}) {
  const { posture } = props;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <InfoCard title="Requirements">
          <PostureSummary
            counts={posture.counts}
            catalogueVersion={posture.catalogueVersion}
            overlayVersion={posture.overlayVersion}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Residual risk">
          <ResidualRiskTable posture={posture} basePath={props.basePath} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** A 403 from the API: the report is another team's. */
export function isForbidden(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 403;
}
