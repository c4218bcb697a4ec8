import { Typography } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntityNetwork } from './useEntityNetwork';

/** A small overview card: workload, peer and finding counts. */
export function EntityYtkNetworkCard() {
  const { value, loading, error } = useEntityNetwork();
  return (
    <InfoCard title="Network" variant="gridItem">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <div data-testid="ytk-entity-card">
          <Typography variant="body2">
            {value.workloads.length} workload(s)
          </Typography>
          <Typography variant="body2">
            {value.inbound.length} inbound, {value.outbound.length} outbound
            peer(s)
          </Typography>
          <Typography variant="body2">
            {
              [...value.inbound, ...value.outbound].filter(c => !c.effective)
                .length
            }{' '}
            dropped flow(s) allowed by policy
          </Typography>
          <Typography variant="body2">
            {value.findings.filter(f => f.severity === 'error').length}{' '}
            error(s),{' '}
            {value.findings.filter(f => f.severity === 'warning').length}{' '}
            warning(s)
          </Typography>
        </div>
      )}
    </InfoCard>
  );
}
