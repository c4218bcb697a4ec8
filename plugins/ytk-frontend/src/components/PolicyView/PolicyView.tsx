import { useParams } from 'react-router-dom';
import { Grid } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ytkApiRef } from '../../api';
import { FindingsTable } from '../tables';
import { YamlWithFindings } from './YamlWithFindings';

/** One policy (route `policies/:cluster/:namespace/:kind/:name`): its YAML and findings. */
export function PolicyView() {
  const { cluster = '', namespace = '_', kind = '', name = '' } = useParams();
  const api = useApi(ytkApiRef);
  const { value, loading, error } = useAsync(
    () => api.getPolicy({ cluster, namespace, kind, name }),
    [api, cluster, namespace, kind, name],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const p = value.policy;
  return (
    <Grid container spacing={2} data-testid="ytk-policy-view">
      <Grid item xs={12}>
        <InfoCard
          title={`${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`}
          subheader={`cluster ${p.cluster}${p.team ? `, team ${p.team}` : ''} · ${value.uri}`}
        >
          <YamlWithFindings
            yaml={value.yaml}
            findings={value.findings}
            firstLine={value.firstLine}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <FindingsTable findings={value.findings} />
      </Grid>
    </Grid>
  );
}
