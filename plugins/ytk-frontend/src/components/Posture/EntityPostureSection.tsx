import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { ytkApiRef } from '../../api';
import { isForbidden, PostureReport } from './PostureReport';

/** The entity's posture on its Network tab (its owners see it; others are told whose it is). */
export function EntityPostureSection(props: { basePath: string }) {
  const { entity } = useEntity();
  const api = useApi(ytkApiRef);
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const namespace = entity.metadata.namespace ?? 'default';
  const name = entity.metadata.name;
  const { value, loading, error } = useAsync(
    async () => api.getEntityPosture({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
  return (
    <div data-testid="ytk-entity-posture">
      {loading && <Progress />}
      {isForbidden(error) && (
        <InfoCard title="Security posture">
          <Typography>
            The posture of this entity is shown to the teams owning its
            workloads.
          </Typography>
        </InfoCard>
      )}
      {error && !isForbidden(error) && <ResponseErrorPanel error={error} />}
      {value && <PostureReport posture={value} basePath={props.basePath} />}
    </div>
  );
}
